// Pages of "My support network". Views get plain data and a translator; they never query.
import type { Children } from '@kitajs/html';
import { escapeHtml } from '@kitajs/html';
import type { NetworkCircle, NetworkSector } from '../../db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import {
  Button, ButtonLink, ChoiceGroup, ErrorSummary, NotificationBanner, PostForm, Select, SummaryList, Table, Tag, Text, TextArea, TextInput,
  Pagination,
} from '../../platform/ui/components.tsx';
import { paginationLabels } from '../../platform/pagination.ts';
import { formatDate } from '../../platform/time.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import type { Locale } from '../../db/types.ts';
import type { Balance, BalanceTone, Checkin, ContactLog, Entry, EntrySummary, Finding, GratitudeNote, LedgerItem, TouchLists } from './service.ts';
import type { MapPage } from './map-cache.ts';
import { balanceTone } from './service.ts';
import { CIRCLES, CONTACT_KINDS, DIRECTIONS, KINDS, LEVELS, RHYTHM_UNITS, SECTORS, SNOOZE_DAYS, SUPPORTS } from './schema.ts';
import { NetworkMap } from './map.tsx';
import type { MapTexts } from './map.tsx';
import { CheckinChart } from './chart.tsx';
import type { VcardProblem } from './vcard.ts';

type Values = Record<string, string | boolean | string[] | undefined>;
const str = (v: Values[string]): string => (typeof v === 'string' ? v : '');
// Pages list many dates; formatting each distinct day once per language saves most of the cost.
const dayCache = new Map<string, string>();
function day(iso: string, ctx: { locale: Locale }): string {
  const key = `${ctx.locale}:${iso.slice(0, 10)}`;
  let text = dayCache.get(key);
  if (text === undefined) {
    if (dayCache.size > 20_000) dayCache.clear();
    text = formatDate(`${iso.slice(0, 10)}T12:00:00Z`, ctx.locale);
    dayCache.set(key, text);
  }
  return text;
}

export type Section = 'map' | 'touch' | 'giveTake' | 'gratitude' | 'checkins' | 'check' | 'importExport' | 'entry';

const SECTIONS: Array<{ id: Exclude<Section, 'entry'>; href: string }> = [
  { id: 'map', href: '/network' },
  { id: 'touch', href: '/network/stay-in-touch' },
  { id: 'giveTake', href: '/network/give-and-take' },
  { id: 'gratitude', href: '/network/gratitude' },
  { id: 'checkins', href: '/network/check-ins' },
  { id: 'check', href: '/network/check' },
  { id: 'importExport', href: '/network/import-export' },
];

function SectionNav({ ctx, current }: { ctx: PageContext; current: Section }) {
  return (
    <nav class="subnav" aria-label={ctx.t('network.sections')}>
      <ul class="subnav__list">
        {SECTIONS.map((s) => (
          <li>
            <a class="subnav__link" href={s.href} aria-current={s.id === current ? 'page' : undefined} safe>{ctx.t(`network.nav.${s.id}`)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every network page: title, the private note, the section navigation. */
function NetworkPage(p: { ctx: PageContext; title: string; section: Section; errors?: FieldProblem[]; lead?: string; children: Children }) {
  const errors = p.errors ?? [];
  return (
    <Layout ctx={p.ctx} title={p.title} hasErrors={errors.length > 0}>
      <ErrorSummary title={p.ctx.t('form.errorSummary')} errors={errors} />
      <h1 class="heading-l" safe>{p.title}</h1>
      {p.lead ? <p class="lead" safe>{p.lead}</p> : ''}
      <p class="hint network-private" safe>{p.ctx.t('network.private')}</p>
      <SectionNav ctx={p.ctx} current={p.section} />
      {p.children}
    </Layout>
  );
}

export const sectorName = (t: Translator, s: NetworkSector) => t(`network.sector.${s}`);
export const circleName = (t: Translator, c: NetworkCircle) => t(`network.circleShort.${c}`);

export function rhythmText(t: Translator, days: number | null): string {
  if (!days) return t('network.rhythmNone');
  if (days % 30 === 0) return days === 30 ? t('network.rhythmMonth') : t('network.rhythmMonths', { n: days / 30 });
  if (days % 7 === 0) return days === 7 ? t('network.rhythmWeek') : t('network.rhythmWeeks', { n: days / 7 });
  return days === 1 ? t('network.rhythmDay') : t('network.rhythmDays', { n: days });
}

export function mapTexts(t: Translator): MapTexts {
  return {
    title: t('network.mapTitle'),
    desc: t('network.mapDesc'),
    empty: t('network.mapEmpty'),
    sector: (s) => sectorName(t, s),
    circle: (c) => circleName(t, c),
    point: (p) => t('network.mapPoint', p),
  };
}

const entryLink = (e: { id: string; name: string }) => <a href={`/network/entries/${e.id}`} safe>{e.name}</a>;

// --- The map page -----------------------------------------------------------------------------

/** The map page: the frame of this request around the body (`MapBody`, kept per network version). */
export function MapScreen({ ctx, body }: { ctx: PageContext; body: string }) {
  const { t } = ctx;
  return (
    <NetworkPage ctx={ctx} title={t('network.title')} lead={t('network.lead')} section="map">
      {body as 'safe'}
    </NetworkPage>
  );
}

/** The map of the page's points (`NetworkMap`), kept apart: it changes less often than the table. */
export function InlineMap({ t, entries }: { t: Translator; entries: MapPage['mapEntries'] }) {
  return <NetworkMap entries={entries} texts={mapTexts(t)} />;
}

/**
 * What the map page shows of the network: due note, map (`InlineMap`, rendered), table page. Depends on nothing but the
 * network and the language (no form token, no flash), so it can be kept and sent to its owner again.
 */
export function MapBody({ t, locale, shown, map, mapLimit }: { t: Translator; locale: Locale; shown: MapPage; map: string; mapLimit: number }) {
  const ctx = { locale };
  const first = (shown.page - 1) * shown.pageSize;
  const { rows, dueCount, total } = shown;
  return (
    <>
      {total > 0 && dueCount > 0 ? (
        <NotificationBanner kind="info" title={t('network.check.dueNow', { count: dueCount })} id="due-title">
          <p><a href="/network/stay-in-touch" safe>{t('network.check.dueNowStep')}</a></p>
        </NotificationBanner>
      ) : ''}
      <div class="button-group">
        <ButtonLink href="/network/entries/new"><span safe>{t('network.add')}</span></ButtonLink>
      </div>
      {total === 0 ? <p safe>{t('network.empty')}</p> : ''}
      <figure class="netmap-figure">
        {map as 'safe'}
        <figcaption class="hint">
          <span safe>{t('network.mapDesc')}</span>
          {total > mapLimit ? <>{' '}<strong safe>{t('network.mapShowsFirst', { shown: mapLimit, count: total })}</strong></> : ''}
        </figcaption>
      </figure>
      <ul class="list network-downloads">
        <li><a href="/network/map.svg" download="mein-netz.svg" safe>{t('network.downloadSvg')}</a></li>
        <li><a href="/network/map.png" download="mein-netz.png" safe>{t('network.downloadPng')}</a> <span class="hint" safe>{t('network.pngHint')}</span></li>
      </ul>
      <p class="hint no-print" safe>{t('network.print')}</p>
      {total > 0 ? (
        <>
          <h2 class="heading-m" id="table" safe>{t('network.tableTitle')}</h2>
          <Table
            caption={t('network.count', { count: total })}
            columns={[t('network.col.number'), t('network.col.name'), t('network.sector'), t('network.circle'), t('network.col.rhythm'), t('network.col.last'), t('network.col.next')]}
            // Plain escaped text in the cells (no `<span>` each): up to 200 rows × 6 cells, a tenth of the page's bytes.
            rows={rows.map((e, i) => [
              String(first + i + 1),
              entryLink(e),
              escapeHtml(sectorName(t, e.sector)),
              escapeHtml(circleName(t, e.circle)),
              escapeHtml(rhythmText(t, e.rhythmDays)),
              escapeHtml(e.lastContactOn ? day(e.lastContactOn, ctx) : t('network.never')),
              e.nextOn ? (e.due ? <Tag tone="yellow" text={t('network.touch.dueSince', { date: day(e.nextOn, ctx) })} /> : escapeHtml(day(e.nextOn, ctx))) : '–',
            ])}
          />
          <Pagination page={shown.page} pages={shown.pages} href={(n) => `/network${n > 1 ? `?page=${n}` : ''}#table`} labels={paginationLabels(t)} />
        </>
      ) : ''}
    </>
  );
}

// --- Adding and editing entries ------------------------------------------------------------------

export function EntryFormScreen({ ctx, errors, values, entry }: { ctx: PageContext; errors: FieldProblem[]; values: Values; entry?: { id: string; name: string } }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const title = entry ? t('network.editTitle', { name: entry.name }) : t('network.addTitle');
  const support = Array.isArray(values.support) ? values.support : [];
  return (
    <NetworkPage ctx={ctx} title={title} section="entry" errors={errors}>
      <PostForm action={entry ? `/network/entries/${entry.id}/edit` : '/network/entries'} csrf={ctx.csrf}>
        {!entry && str(values.back) ? <input type="hidden" name="back" value={str(values.back)} /> : ''}
        <TextInput name="name" label={t('network.name')} hint={t('network.nameHint')} error={e.name} value={str(values.name)} autocomplete="off" />
        <ChoiceGroup type="radio" name="kind" legend={t('network.kind')} error={e.kind} value={str(values.kind) || 'person'} options={KINDS.map((k) => ({ value: k, label: t(`network.kind.${k}`) }))} />
        <ChoiceGroup type="radio" name="sector" legend={t('network.sector')} hint={t('network.sectorHint')} error={e.sector} value={str(values.sector)} options={SECTORS.map((s) => ({ value: s, label: sectorName(t, s) }))} />
        <ChoiceGroup type="radio" name="circle" legend={t('network.circle')} error={e.circle} value={str(values.circle)} options={CIRCLES.map((c) => ({ value: c, label: t(`network.circle.${c}`) }))} />
        <ChoiceGroup type="checkbox" name="support" legend={t('network.support')} hint={t('network.supportHint')} value={support} options={SUPPORTS.map((s) => ({ value: s, label: t(`network.support.${s}`) }))} />
        <div class={e.rhythmEvery || e.rhythmUnit ? 'field field--error' : 'field'}>
          <fieldset class="fieldset" aria-describedby={e.rhythmEvery ? 'rhythm-hint rhythmEvery-error' : 'rhythm-hint'}>
            <legend class="legend" safe>{t('network.rhythm')}</legend>
            <div id="rhythm-hint" class="hint" safe>{t('network.rhythmHint')}</div>
            {e.rhythmEvery ? <p id="rhythmEvery-error" class="field-error" safe>{e.rhythmEvery}</p> : ''}
            <div class="inline-fields">
              <div class="field">
                <label class="label" for="rhythmEvery" safe>{t('network.rhythmEvery')}</label>
                <input class="input input--short" id="rhythmEvery" name="rhythmEvery" type="text" inputmode="numeric" value={str(values.rhythmEvery)} aria-invalid={e.rhythmEvery ? 'true' : undefined} aria-describedby={e.rhythmEvery ? 'rhythmEvery-error' : undefined} />
              </div>
              <Select name="rhythmUnit" label={t('network.rhythmUnit')} value={str(values.rhythmUnit) || 'weeks'} error={e.rhythmUnit} options={RHYTHM_UNITS.map((u) => ({ value: u, label: t(`network.rhythmUnit.${u}`) }))} />
            </div>
          </fieldset>
        </div>
        <TextInput name="phone" type="tel" label={t('network.phone')} error={e.phone} value={str(values.phone)} autocomplete="off" />
        <TextInput name="email" type="email" label={t('network.email')} error={e.email} value={str(values.email)} autocomplete="off" spellcheck={false} />
        <TextArea name="notes" label={t('network.notes')} hint={t('network.notesHint')} error={e.notes} value={str(values.notes)} rows={4} />
        <Button><span safe>{t('network.save')}</span></Button>
      </PostForm>
      <p><a href={entry ? `/network/entries/${entry.id}` : '/network'} safe>{t('form.cancel')}</a></p>
    </NetworkPage>
  );
}

export function DeleteEntryScreen({ ctx, entry }: { ctx: PageContext; entry: { id: string; name: string } }) {
  const { t } = ctx;
  return (
    <NetworkPage ctx={ctx} title={t('network.deleteTitle', { name: entry.name })} section="entry">
      <p safe>{t('network.deleteLead')}</p>
      <PostForm action={`/network/entries/${entry.id}/delete`} csrf={ctx.csrf}>
        <Button variant="warning"><span safe>{t('network.delete')}</span></Button>
      </PostForm>
      <p><a href={`/network/entries/${entry.id}`} safe>{t('form.cancel')}</a></p>
    </NetworkPage>
  );
}

// --- One entry: details, contacts, give and take, gratitude ------------------------------------------

export interface EntryPageData {
  entry: Entry;
  contacts: ContactLog[];
  ledger: LedgerItem[];
  balance: Balance;
  gratitude: GratitudeNote[];
}

function balanceText(t: Translator, name: string, tone: BalanceTone): string {
  return t(`network.give.${tone}`, { name });
}

function shareLinks(ctx: PageContext, entry: { name: string; email: string; phone: string }, text: string) {
  const { t } = ctx;
  const body = encodeURIComponent(text);
  const subject = encodeURIComponent(t('network.thanks.subject'));
  return (
    <ul class="inline-list">
      <li>
        <a href={`mailto:${encodeURIComponent(entry.email)}?subject=${subject}&body=${body}`}>
          <span safe>{t('network.thanks.mail')}</span>
          <span class="visually-hidden" safe>{` (${t('network.thanks.forName', { name: entry.name })})`}</span>
        </a>
      </li>
      <li>
        <a href={`sms:${entry.phone.replace(/[^0-9+]/g, '')}?body=${body}`}>
          <span safe>{t('network.thanks.sms')}</span>
          <span class="visually-hidden" safe>{` (${t('network.thanks.forName', { name: entry.name })})`}</span>
        </a>
      </li>
    </ul>
  );
}

export function EntryScreen({ ctx, data, errors, values }: { ctx: PageContext; data: EntryPageData; errors: FieldProblem[]; values: Values }) {
  const { t } = ctx;
  const { entry } = data;
  const e = errorsByField(errors);
  const none = <span class="hint" safe>{t('network.entry.none')}</span>;
  const status = entry.snoozed
    ? t('network.entry.snoozedUntil', { date: day(entry.snoozedUntil ?? '', ctx) })
    : entry.nextOn ? (entry.due ? t('network.entry.due', { date: day(entry.nextOn, ctx) }) : t('network.entry.dueOn', { date: day(entry.nextOn, ctx) })) : '';
  return (
    <NetworkPage ctx={ctx} title={entry.name} section="entry" errors={errors}>
      <p><a href="/network" safe>{t('network.back')}</a></p>
      {status ? <p class="lead"><Tag tone={entry.due ? 'yellow' : 'blue'} text={status} /></p> : ''}
      <h2 class="heading-m" safe>{t('network.entry.details')}</h2>
      <SummaryList
        rows={[
          { key: t('network.kind'), value: <Text value={t(`network.kind.${entry.kind}`)} /> },
          { key: t('network.sector'), value: <Text value={sectorName(t, entry.sector)} /> },
          { key: t('network.circle'), value: <Text value={t(`network.circle.${entry.circle}`)} /> },
          { key: t('network.supportShort'), value: entry.support.length ? <Text value={entry.support.map((s) => t(`network.support.${s}`)).join(', ')} /> : none },
          { key: t('network.col.rhythm'), value: <Text value={rhythmText(t, entry.rhythmDays)} /> },
          { key: t('network.col.last'), value: <Text value={entry.lastContactOn ? day(entry.lastContactOn, ctx) : t('network.never')} /> },
          { key: t('network.phone'), value: entry.phone ? <a href={`tel:${entry.phone.replace(/[^0-9+]/g, '')}`} safe>{entry.phone}</a> : none },
          { key: t('network.email'), value: entry.email ? <a href={`mailto:${encodeURIComponent(entry.email)}`} safe>{entry.email}</a> : none },
          { key: t('network.notes'), value: entry.notes ? <p class="pre-line" safe>{entry.notes}</p> : none },
          ...(entry.link ? [{ key: t('network.entry.fromDirectory'), value: <a href={entry.link.url} safe>{entry.link.url}</a> }] : []),
        ]}
      />
      <div class="button-group">
        <ButtonLink href={`/network/entries/${entry.id}/edit`} variant="secondary"><span safe>{t('network.edit')}</span></ButtonLink>
        <a href={`/network/entries/${entry.id}/delete`} safe>{t('network.delete')}</a>
      </div>

      <h2 class="heading-m" id="contact" safe>{t('network.contact.title')}</h2>
      <p safe>{t('network.contact.lead')}</p>
      <PostForm action={`/network/entries/${entry.id}/contacts`} csrf={ctx.csrf}>
        <ChoiceGroup type="radio" name="contactKind" legend={t('network.contact.kind')} error={e.contactKind} value={str(values.contactKind) || 'call'} options={CONTACT_KINDS.map((k) => ({ value: k, label: t(`network.contact.kind.${k}`) }))} />
        <TextInput name="contactDate" type="date" width="short" label={t('network.contact.date')} hint={t('network.contact.dateHint')} error={e.contactDate} value={str(values.contactDate)} />
        <TextArea name="contactNote" label={t('network.contact.note')} error={e.contactNote} value={str(values.contactNote)} rows={3} />
        <Button><span safe>{t('network.contact.submit')}</span></Button>
      </PostForm>

      {entry.rhythmDays ? (
        <>
          <h2 class="heading-m" id="snooze" safe>{t('network.snooze.title')}</h2>
          <PostForm action={`/network/entries/${entry.id}/snooze`} csrf={ctx.csrf}>
            <Select name="snoozeDays" label={t('network.snooze.days')} error={e.snoozeDays} value={str(values.snoozeDays) || '14'} options={SNOOZE_DAYS.map((d) => ({ value: d, label: t(`network.snooze.d${d}`) }))} />
            <Button variant="secondary"><span safe>{t('network.snooze.submit')}</span></Button>
          </PostForm>
        </>
      ) : ''}

      <h2 class="heading-m" safe>{t('network.contact.history')}</h2>
      {data.contacts.length === 0 ? <p safe>{t('network.contact.none')}</p> : (
        <ul class="list">
          {data.contacts.map((c) => (
            <li>
              <strong safe>{`${day(c.on, ctx)}: ${t(`network.contact.kind.${c.kind}`)}`}</strong>
              {c.note ? <> – <span class="pre-line" safe>{c.note}</span></> : ''}
            </li>
          ))}
        </ul>
      )}

      <h2 class="heading-m" id="give-and-take" safe>{t('network.give.history', { name: entry.name })}</h2>
      <p safe>{balanceText(t, entry.name, balanceTone(data.balance))}</p>
      <PostForm action={`/network/entries/${entry.id}/give-and-take`} csrf={ctx.csrf}>
        <ChoiceGroup type="radio" name="ledgerDirection" legend={t('network.give.direction')} error={e.ledgerDirection} value={str(values.ledgerDirection)} options={DIRECTIONS.map((d) => ({ value: d, label: t(`network.give.direction.${d}`, { name: entry.name }) }))} />
        <ChoiceGroup type="radio" name="ledgerType" legend={t('network.give.type')} error={e.ledgerType} value={str(values.ledgerType)} options={SUPPORTS.map((s) => ({ value: s, label: t(`network.support.${s}`) }))} />
        <TextInput name="ledgerDate" type="date" width="short" label={t('network.give.date')} hint={t('network.contact.dateHint')} error={e.ledgerDate} value={str(values.ledgerDate)} />
        <TextArea name="ledgerNote" label={t('network.give.note')} error={e.ledgerNote} value={str(values.ledgerNote)} rows={2} />
        <Button variant="secondary"><span safe>{t('network.give.submit')}</span></Button>
      </PostForm>
      {data.ledger.length === 0 ? <p safe>{t('network.give.none')}</p> : (
        <ul class="list">
          {data.ledger.map((l) => (
            <li>
              <span safe>{`${day(l.on, ctx)}: ${t(`network.give.directionPlain.${l.direction}`)} – ${t(`network.support.${l.support}`)}`}</span>
              {l.note ? <> – <span class="pre-line" safe>{l.note}</span></> : ''}
            </li>
          ))}
        </ul>
      )}

      <h2 class="heading-m" id="gratitude" safe>{t('network.thanks.add')}</h2>
      <PostForm action={`/network/entries/${entry.id}/gratitude`} csrf={ctx.csrf}>
        <TextArea name="thanksText" label={t('network.thanks.text', { name: entry.name })} error={e.thanksText} value={str(values.thanksText)} rows={3} />
        <Button variant="secondary"><span safe>{t('network.thanks.submit')}</span></Button>
      </PostForm>
      {data.gratitude.length > 0 ? (
        <ul class="journal">
          {data.gratitude.map((g) => (
            <li class="journal__item">
              <p class="hint" safe>{day(g.on, ctx)}</p>
              <p class="pre-line" safe>{g.text}</p>
              {shareLinks(ctx, entry, g.text)}
            </li>
          ))}
        </ul>
      ) : ''}
    </NetworkPage>
  );
}

// --- Stay in touch ---------------------------------------------------------------------------------

function TouchList({ ctx, items, kind }: { ctx: PageContext; items: EntrySummary[]; kind: 'due' | 'quiet' | 'upcoming' }) {
  const { t } = ctx;
  return (
    <ul class="touch-list">
      {items.map((e) => (
        <li class="touch-list__item">
          <span class="touch-list__name">{entryLink(e)}</span>
          <span class="hint" safe>
            {kind === 'upcoming' && e.nextOn ? day(e.nextOn, ctx) : kind === 'due' && e.nextOn ? t('network.touch.dueSince', { date: day(e.nextOn, ctx) }) : t('network.touch.lastContact', { date: e.lastContactOn ? day(e.lastContactOn, ctx) : t('network.never') })}
          </span>
          {kind !== 'upcoming' ? (
            <a href={`/network/entries/${e.id}#contact`}>
              <span safe>{t('network.contact.submit')}</span>
              <span class="visually-hidden" safe>{`: ${e.name}`}</span>
            </a>
          ) : ''}
        </li>
      ))}
    </ul>
  );
}

export function TouchScreen({ ctx, touch, digest }: { ctx: PageContext; touch: TouchLists; digest: { on: boolean; canMail: boolean } }) {
  const { t } = ctx;
  return (
    <NetworkPage ctx={ctx} title={t('network.touch.title')} lead={t('network.touch.lead')} section="touch">
      <h2 class="heading-m" id="due" safe>{t('network.touch.due')}</h2>
      {touch.due.length === 0 ? <p safe>{t('network.touch.dueNone')}</p> : <TouchList ctx={ctx} items={touch.due} kind="due" />}
      <h2 class="heading-m" id="quiet" safe>{t('network.touch.losing')}</h2>
      {touch.quiet.length === 0 ? <p safe>{t('network.touch.losingNone')}</p> : (
        <>
          <p safe>{t('network.touch.losingLead')}</p>
          <TouchList ctx={ctx} items={touch.quiet} kind="quiet" />
        </>
      )}
      {touch.upcoming.length > 0 ? (
        <>
          <h2 class="heading-m" safe>{t('network.touch.upcoming')}</h2>
          <TouchList ctx={ctx} items={touch.upcoming} kind="upcoming" />
        </>
      ) : ''}
      <h2 class="heading-m" id="digest" safe>{t('network.touch.digest')}</h2>
      <p safe>{t('network.touch.digestHint')}</p>
      {digest.canMail || digest.on ? (
        <PostForm action="/network/digest" csrf={ctx.csrf}>
          <div class="field">
            <div class="choice">
              <input class="choice__input" type="checkbox" id="weeklyDigest" name="weeklyDigest" value="yes" checked={digest.on} />
              <label class="choice__label" for="weeklyDigest" safe>{t('network.touch.digestLabel')}</label>
            </div>
          </div>
          <Button variant="secondary"><span safe>{t('network.save')}</span></Button>
        </PostForm>
      ) : <p><a href="/account/email" safe>{t('network.touch.digestNoEmail')}</a></p>}
    </NetworkPage>
  );
}

// --- Give and take ------------------------------------------------------------------------------------

export function GiveTakeScreen({ ctx, rows }: { ctx: PageContext; rows: Array<{ entry: EntrySummary; balance: Balance }> }) {
  const { t } = ctx;
  const noted = rows.filter((r) => r.balance.received + r.balance.given > 0);
  return (
    <NetworkPage ctx={ctx} title={t('network.give.title')} lead={t('network.give.lead')} section="giveTake">
      {rows.length === 0 ? <p safe>{t('network.give.noEntries')}</p> : (
        <>
          <h2 class="heading-m" safe>{t('network.give.overview')}</h2>
          {noted.length === 0 ? <p safe>{t('network.give.none')}</p> : (
            <ul class="balance-list">
              {noted.map((r) => (
                <li class="balance-list__item">
                  <strong>{entryLink(r.entry)}</strong> <span class="hint" safe>{t('network.give.counts', { received: r.balance.received, given: r.balance.given })}</span>
                  <p safe>{balanceText(t, r.entry.name, balanceTone(r.balance))}</p>
                </li>
              ))}
            </ul>
          )}
          <h2 class="heading-m" safe>{t('network.give.add')}</h2>
          <ul class="list">
            {rows.filter((r) => r.balance.received + r.balance.given === 0).slice(0, 50).map((r) => (
              <li><a href={`/network/entries/${r.entry.id}#give-and-take`} safe>{r.entry.name}</a></li>
            ))}
          </ul>
        </>
      )}
    </NetworkPage>
  );
}

// --- Gratitude journal ---------------------------------------------------------------------------------

export function GratitudeScreen({ ctx, entries, notes, errors, values }: { ctx: PageContext; entries: Array<Pick<Entry, 'id' | 'name' | 'email' | 'phone'>>; notes: GratitudeNote[]; errors: FieldProblem[]; values: Values }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const byId = new Map(entries.map((x) => [x.id, x]));
  return (
    <NetworkPage ctx={ctx} title={t('network.thanks.title')} lead={t('network.thanks.lead')} section="gratitude" errors={errors}>
      {entries.length === 0 ? <p safe>{t('network.give.noEntries')}</p> : (
        <>
          <h2 class="heading-m" safe>{t('network.thanks.add')}</h2>
          <PostForm action="/network/gratitude" csrf={ctx.csrf}>
            <Select name="thanksEntry" label={t('network.thanks.entry')} error={e.thanksEntry} value={str(values.thanksEntry)} options={entries.map((x) => ({ value: x.id, label: x.name }))} />
            <TextArea name="thanksText" label={t('network.thanks.textPlain')} error={e.thanksText} value={str(values.thanksText)} rows={4} />
            <Button><span safe>{t('network.thanks.submit')}</span></Button>
          </PostForm>
        </>
      )}
      <h2 class="heading-m" safe>{t('network.thanks.journal')}</h2>
      {notes.length === 0 ? <p safe>{t('network.thanks.none')}</p> : (
        <ul class="journal">
          {notes.map((g) => {
            const entry = byId.get(g.entryId);
            return (
              <li class="journal__item">
                <p class="hint" safe>{t('network.thanks.to', { name: entry?.name ?? '', date: day(g.on, ctx) })}</p>
                <p class="pre-line" safe>{g.text}</p>
                {entry ? shareLinks(ctx, entry, g.text) : ''}
              </li>
            );
          })}
        </ul>
      )}
    </NetworkPage>
  );
}

// --- Self-care check-ins ---------------------------------------------------------------------------------

export function CheckinsScreen({ ctx, checkins, errors, values }: { ctx: PageContext; checkins: Checkin[]; errors: FieldProblem[]; values: Values }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const latest = checkins[checkins.length - 1];
  const recent = [...checkins].reverse().slice(0, 30);
  return (
    <NetworkPage ctx={ctx} title={t('network.checkin.title')} lead={t('network.checkin.lead')} section="checkins" errors={errors}>
      {latest && latest.mood === 1 ? (
        <NotificationBanner kind="warning" title={t('network.checkin.low')} id="low-title">
          <p><a href="/help" safe>{t('network.checkin.lowAction')}</a></p>
        </NotificationBanner>
      ) : ''}
      <PostForm action="/network/check-ins" csrf={ctx.csrf}>
        <ChoiceGroup type="radio" name="mood" legend={t('network.checkin.mood')} error={e.mood} value={str(values.mood)} options={LEVELS.map((l) => ({ value: l, label: t(`network.checkin.level.${l}`) }))} />
        <ChoiceGroup type="radio" name="energy" legend={t('network.checkin.energy')} error={e.energy} value={str(values.energy)} options={LEVELS.map((l) => ({ value: l, label: t(`network.checkin.energy.${l}`) }))} />
        <TextArea name="checkinNote" label={t('network.checkin.note')} error={e.checkinNote} value={str(values.checkinNote)} rows={3} />
        <TextInput name="checkinDate" type="date" width="short" label={t('network.checkin.date')} hint={t('network.contact.dateHint')} error={e.checkinDate} value={str(values.checkinDate)} />
        <Button><span safe>{t('network.checkin.submit')}</span></Button>
      </PostForm>
      <h2 class="heading-m" safe>{t('network.checkin.chart')}</h2>
      {checkins.length === 0 ? <p safe>{t('network.checkin.chartEmpty')}</p> : (
        <>
          <figure class="chart-figure">
            <CheckinChart checkins={checkins} from={day(checkins[0]!.on, ctx)} to={day(checkins[checkins.length - 1]!.on, ctx)} title={t('network.checkin.chart')} desc={t('network.checkin.chartDesc', { count: checkins.length })} moodLabel={t('network.checkin.col.mood')} energyLabel={t('network.checkin.col.energy')} />
          </figure>
          <Table
            caption={t('network.checkin.history')}
            columns={[t('network.checkin.col.date'), t('network.checkin.col.mood'), t('network.checkin.col.energy'), t('network.checkin.col.note')]}
            rows={recent.map((c) => [
              <Text value={day(c.on, ctx)} />,
              <Text value={`${c.mood} – ${t(`network.checkin.level.${String(c.mood) as '1'}`)}`} />,
              <Text value={`${c.energy} – ${t(`network.checkin.energy.${String(c.energy) as '1'}`)}`} />,
              <span class="pre-line" safe>{c.note}</span>,
            ])}
          />
        </>
      )}
    </NetworkPage>
  );
}

// --- Network check -----------------------------------------------------------------------------------------

export function CheckScreen({ ctx, findings }: { ctx: PageContext; findings: Finding[] }) {
  const { t } = ctx;
  return (
    <NetworkPage ctx={ctx} title={t('network.check.title')} lead={t('network.check.lead')} section="check">
      {findings.length === 0 ? <p class="lead" safe>{t('network.check.good')}</p> : (
        <>
          <p safe>{t('network.check.findings', { count: findings.length })}</p>
          <ul class="findings">
            {findings.map((f) => (
              <li class="findings__item" data-finding={f.id}>
                <p safe>{t(`network.check.${f.id}`, { count: f.count ?? 0, sector: f.sector ? sectorName(t, f.sector) : '' })}</p>
                <p><a href={f.href} safe>{t(`network.check.${f.id}Step`)}</a></p>
              </li>
            ))}
          </ul>
        </>
      )}
    </NetworkPage>
  );
}

// --- Import and export -----------------------------------------------------------------------------------------

export interface ImportReport {
  imported: number;
  problems: VcardProblem[];
  /** Cards that did not fit under the entry limit, from this position on. */
  limitFrom?: number;
}

const PROBLEMS_SHOWN = 50;

export function ImportExportScreen({ ctx, errors, report }: { ctx: PageContext; errors: FieldProblem[]; report?: ImportReport }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const problems = report ? report.problems.map((p) => t(`network.io.problem.${p.key}`, { n: p.n })) : [];
  if (report?.limitFrom) problems.push(t('network.io.problem.limit', { n: report.limitFrom }));
  return (
    <NetworkPage ctx={ctx} title={t('network.io.title')} section="importExport" errors={errors}>
      {report ? (
        <NotificationBanner kind={problems.length ? 'warning' : 'success'} title={t('network.io.result', { imported: report.imported })} id="import-title">
          {problems.length ? (
            <>
              <p safe>{t('network.io.resultProblems', { count: problems.length })}</p>
              <ul class="list">
                {problems.slice(0, PROBLEMS_SHOWN).map((p) => <li safe>{p}</li>)}
              </ul>
              {problems.length > PROBLEMS_SHOWN ? <p safe>{t('network.io.problemMore', { count: problems.length - PROBLEMS_SHOWN })}</p> : ''}
            </>
          ) : ''}
          <p><a href="/network" safe>{t('network.back')}</a></p>
        </NotificationBanner>
      ) : ''}
      <h2 class="heading-m" safe>{t('network.io.importTitle')}</h2>
      <p safe>{t('network.io.importLead')}</p>
      {/* The token rides in the address too: uploads are checked before their body is read. */}
      <form method="post" action={`/network/import?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <div class={e.file ? 'field field--error' : 'field'}>
          <label class="label" for="file" safe>{t('network.io.file')}</label>
          {e.file ? <p id="file-error" class="field-error" safe>{e.file}</p> : ''}
          <input class="file-input" type="file" id="file" name="file" accept=".vcf,.vcard,text/vcard,text/x-vcard" aria-describedby={e.file ? 'file-error' : undefined} aria-invalid={e.file ? 'true' : undefined} />
        </div>
        <Button variant="secondary"><span safe>{t('network.io.submit')}</span></Button>
      </form>
      <h2 class="heading-m" safe>{t('network.io.exportTitle')}</h2>
      <p safe>{t('network.io.exportLead')}</p>
      <ul class="list">
        <li><a href="/network/export.json" download="mein-netz.json" safe>{t('network.io.json')}</a></li>
        <li><a href="/network/export.csv" download="mein-netz.csv" safe>{t('network.io.csv')}</a></li>
        <li><a href="/network/map.svg" download="mein-netz.svg" safe>{t('network.downloadSvg')}</a></li>
        <li><a href="/network/map.png" download="mein-netz.png" safe>{t('network.downloadPng')}</a></li>
      </ul>
    </NetworkPage>
  );
}

// --- For other features ------------------------------------------------------------------------------

/**
 * One click from a directory page (group or contact point) into the signed-in person's network.
 * `directoryRef` is "group:<slug>" or "organisation:<slug>" (see directory-link.ts).
 */
export function AddToNetworkButton({ ctx, directoryRef }: { ctx: PageContext; directoryRef: string }) {
  return (
    <PostForm action="/network/entries/from-directory" csrf={ctx.csrf} class="inline-form">
      <input type="hidden" name="ref" value={directoryRef} />
      <Button variant="secondary"><span safe>{ctx.t('network.directory.add')}</span></Button>
    </PostForm>
  );
}
