// Pages of events and meetings: the list and month view, an event, its form, registration,
// participants, "my registrations", and a group's meetings. Views get plain data, never power.
import { ShareBlock } from '../../platform/ui/share.tsx';
import type { ShareTarget } from '../../platform/ui/share.tsx';
import { paginationLabels } from '../../platform/pagination.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import type { Locale } from '../../db/types.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import {
  Button, ButtonLink, Checkbox, ChoiceGroup, ErrorSummary, NotificationBanner, Pagination, PostForm, Select, SummaryList, Table, Tag, Text, TextArea, TextInput,
} from '../../platform/ui/components.tsx';
import { renderMarkdown } from '../../platform/markdown.ts';
import { ACCESSIBILITY, EVENT_AUDIENCES, EVENT_FORMATS, REGISTRATION_MODES } from './model.ts';
import { NTHS, PATTERNS, WEEKDAYS, type Meeting } from '../../platform/recurrence.ts';
import { formatDay, formatEventTime, formatLongDay, formatMonth, formatTime } from './format.ts';
import { listQuery, shiftMonth, type ListForm } from './filters.ts';
import type { EventInput, Organiser, Participant, RegistrationState } from './service.ts';

const ACCESS_LABEL: Record<string, MessageKey> = {
  step_free: 'directory.access.stepFree',
  hearing_loop: 'directory.access.hearingLoop',
  sign_language: 'directory.access.signLanguage',
  easy_language: 'directory.access.easyLanguage',
};
const fmtLabel = (f: string) => `events.format.${f}` as MessageKey;
const audienceLabel = (a: string) => `events.audience.${a}` as MessageKey;
const statusLabel = (s: string) => `events.status.${s}` as MessageKey;
const accessNames = (t: Translator, list: string[]) => list.map((a) => t(ACCESS_LABEL[a] ?? 'directory.unknownValue')).join(', ');

export interface EventCard {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  area: string;
  format: string;
  cancelled: boolean;
  organiser: { name: string; url: string } | null;
  state: RegistrationState;
  placesLeft: number | null;
  topics: string[];
}

function Tags({ t, e }: { t: Translator; e: EventCard }) {
  return (
    <p class="tags">
      {e.cancelled ? <Tag text={t('events.cancelledTag')} tone="red" /> : ''}
      <Tag text={t(fmtLabel(e.format))} tone="blue" />
      {!e.cancelled && e.state === 'full' ? <Tag text={t('events.fullTag')} tone="yellow" /> : ''}
      {!e.cancelled && e.state === 'open' && e.placesLeft !== null && e.placesLeft <= 10 ? (
        <Tag text={e.placesLeft === 1 ? t('events.placesLeftOne') : t('events.placesLeft', { count: e.placesLeft })} tone="green" />
      ) : ''}
    </p>
  );
}

function EventListItem({ ctx, e }: { ctx: PageContext; e: EventCard }) {
  const { t, locale } = ctx;
  return (
    <li class="result">
      <h2 class="result__title"><a href={`/events/${e.id}`} safe>{e.title}</a></h2>
      <p class="result__meta"><strong safe>{formatEventTime(e.startsAt, e.endsAt, locale)}</strong>{e.area ? <span safe>{` · ${e.area}`}</span> : ''}</p>
      {e.organiser ? <p class="hint" safe>{t('events.by', { organiser: e.organiser.name })}</p> : ''}
      <Tags t={t} e={e} />
    </li>
  );
}

export interface ListView {
  form: ListForm;
  errors: FieldProblem[];
  items: EventCard[];
  total: number;
  perPage: number;
  topics: Array<{ slug: string; name: string }>;
  organisers: Array<{ slug: string; name: string }>;
  groupName: string | null;
  /** Month view: every day of the month with the events it shows (at most four) and how many more it has. */
  days: Array<{ day: string; iso: string; events: EventCard[]; more: number }>;
  canCreate: boolean;
  signedIn: boolean;
  calendarUrl: string;
}

function FilterForm({ ctx, view }: { ctx: PageContext; view: ListView }) {
  const { t } = ctx;
  const e = errorsByField(view.errors);
  const f = view.form;
  return (
    <form method="get" action="/events" class="filters" novalidate>
      <h2 class="heading-m" safe>{t('events.filters')}</h2>
      {f.view === 'month' ? <input type="hidden" name="view" value="month" /> : ''}
      {f.view === 'month' ? <input type="hidden" name="month" value={f.month} /> : ''}
      {f.group ? <input type="hidden" name="group" value={f.group} /> : ''}
      <Select name="topic" label={t('events.filter.topic')} value={f.topic} error={e.topic}
        options={[{ value: '', label: t('events.filter.anyTopic') }, ...view.topics.map((x) => ({ value: x.slug, label: x.name }))]} />
      <TextInput name="near" label={t('events.filter.near')} hint={t('events.filter.nearHint')} value={f.near} error={e.near} autocomplete="postal-code" />
      <Select name="radius" label={t('events.filter.radius')} value={f.radius || '25'} error={e.radius}
        options={[5, 10, 25, 50, 100].map((km) => ({ value: String(km), label: t('events.filter.radiusKm', { km }) }))} />
      <Select name="format" label={t('events.filter.format')} value={f.format} error={e.format}
        options={[{ value: '', label: t('events.filter.anyFormat') }, ...EVENT_FORMATS.map((x) => ({ value: x, label: t(fmtLabel(x)) }))]} />
      <Select name="organiser" label={t('events.filter.organiser')} value={f.organiser} error={e.organiser}
        options={[{ value: '', label: t('events.filter.anyOrganiser') }, ...view.organisers.map((o) => ({ value: o.slug, label: o.name }))]} />
      {f.view === 'list' ? (
        <>
          <TextInput name="from" type="date" label={t('events.filter.from')} value={f.from} error={e.from} width="short" />
          <TextInput name="to" type="date" label={t('events.filter.to')} value={f.to} error={e.to} width="short" />
        </>
      ) : ''}
      <Button><span safe>{t('events.filter.submit')}</span></Button>
      <p><a href={f.view === 'month' ? `/events?view=month&month=${f.month}` : '/events'} safe>{t('events.filter.reset')}</a></p>
    </form>
  );
}

function MonthGrid({ ctx, view }: { ctx: PageContext; view: ListView }) {
  const { t, locale } = ctx;
  const first = view.days[0];
  if (!first) return '';
  const monthName = formatMonth(first.iso, locale);
  // Monday first; blank cells before the first day.
  const lead = (new Date(`${first.day}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cells: Array<(typeof view.days)[number] | null> = [...Array.from({ length: lead }, () => null), ...view.days];
  while (cells.length % 7) cells.push(null);
  const weeks: Array<typeof cells> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const prev = shiftMonth(view.form.month, -1);
  const next = shiftMonth(view.form.month, 1);
  return (
    <div class="month">
      <nav class="month__nav" aria-label={monthName}>
        <a href={`/events${listQuery(view.form, { month: prev, page: 1 })}`} safe>{`← ${t('events.previousMonth')}`}</a>
        <h2 class="heading-m month__title" safe>{monthName}</h2>
        <a href={`/events${listQuery(view.form, { month: next, page: 1 })}`} safe>{`${t('events.nextMonth')} →`}</a>
      </nav>
      <div class="table-wrap">
        <table class="month__grid">
          <caption class="visually-hidden" safe>{t('events.monthCaption', { month: monthName })}</caption>
          <thead>
            <tr>{[1, 2, 3, 4, 5, 6, 7].map((d) => <th scope="col"><span aria-hidden="true" safe>{t(`events.weekday.${d}` as MessageKey).slice(0, 2)}</span><span class="visually-hidden" safe>{t(`events.weekday.${d}` as MessageKey)}</span></th>)}</tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((cell) => cell === null ? <td class="month__blank"></td> : (
                  <td class={cell.events.length ? 'month__day month__day--busy' : 'month__day'}>
                    <span class="month__number"><span aria-hidden="true" safe>{String(Number(cell.day.slice(8)))}</span><span class="visually-hidden" safe>{formatLongDay(cell.iso, locale)}</span></span>
                    {cell.events.length ? (
                      <ul class="month__events">
                        {cell.events.slice(0, 4).map((e) => (
                          <li class={e.cancelled ? 'month__event month__event--cancelled' : 'month__event'}>
                            <a href={`/events/${e.id}`}><span safe>{formatTime(e.startsAt, locale)}</span> <span safe>{e.title}</span>{e.cancelled ? <span safe>{` (${t('events.cancelledTag')})`}</span> : ''}</a>
                          </li>
                        ))}
                        {cell.more > 0 ? <li><a href={`/events${listQuery({ ...view.form, view: 'list' }, { from: cell.day, to: cell.day, page: 1 })}`} safe>{`+${cell.more} ${t('events.more')}`}</a></li> : ''}
                      </ul>
                    ) : <span class="visually-hidden" safe>{t('events.noneThisDay')}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ListScreen({ ctx, view }: { ctx: PageContext; view: ListView }) {
  const { t } = ctx;
  const f = view.form;
  const pages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={view.groupName ? `${t('events.title')} – ${view.groupName}` : t('events.title')} hasErrors={view.errors.length > 0} description={t('events.lead')}>
      <h1 class="heading-xl" safe>{t('events.title')}</h1>
      <p class="lead" safe>{t('events.lead')}</p>
      <ErrorSummary title={t('form.errorSummary')} errors={view.errors} />
      <ul class="list list--inline">
        {view.signedIn ? <li><a href="/events/mine" safe>{t('events.mineLink')}</a></li> : ''}
        {view.canCreate ? <li><a href="/events/new" safe>{t('events.new')}</a></li> : ''}
      </ul>
      {view.groupName ? <p><Tag text={t('events.filter.group', { group: view.groupName })} tone="blue" /></p> : ''}
      <nav aria-label={t('events.views')} class="tabs">
        <ul class="tabs__list">
          <li><a class="tabs__link" href={`/events${listQuery({ ...f, view: 'list' }, { page: 1 })}`} aria-current={f.view === 'list' ? 'page' : undefined} safe>{t('events.viewList')}</a></li>
          <li><a class="tabs__link" href={`/events${listQuery({ ...f, view: 'month' }, { page: 1 })}`} aria-current={f.view === 'month' ? 'page' : undefined} safe>{t('events.viewMonth')}</a></li>
        </ul>
      </nav>
      {f.view === 'month' ? (
        <>
          <MonthGrid ctx={ctx} view={view} />
          <p><a href={view.calendarUrl} safe>{t('events.subscribe')}</a></p>
          <p class="hint" safe>{t('events.subscribeHint')}</p>
          <div class="narrow"><FilterForm ctx={ctx} view={view} /></div>
        </>
      ) : (
        <div class="two-columns">
          <div class="two-columns__main">
            <p class="result-count" role="status" safe>{view.total === 1 ? t('events.countOne') : t('events.count', { count: view.total })}</p>
            {view.items.length ? <ul class="result-list">{view.items.map((e) => <EventListItem ctx={ctx} e={e} />)}</ul> : <p safe>{t('events.none')}</p>}
            <Pagination page={f.page} pages={pages} href={(n) => `/events${listQuery(f, { page: n })}`}
              labels={paginationLabels(t)} />
            <p><a href={view.calendarUrl} safe>{t('events.subscribe')}</a></p>
            <p class="hint" safe>{t('events.subscribeHint')}</p>
          </div>
          <div class="two-columns__side">
            <FilterForm ctx={ctx} view={view} />
          </div>
        </div>
      )}
    </Layout>
  );
}

// --- One event ---------------------------------------------------------------------------------------

/** The event page: what was written (EventInput's words), with the place and link only where allowed. */
export type EventView = Pick<EventInput, 'title' | 'description' | 'startsAt' | 'endsAt' | 'format' | 'area' | 'accessibility' | 'audience' | 'topics'> & {
  id: string;
  address: string | null;
  onlineUrl: string | null;
  organiser: Organiser | null;
  contact: { name: string; role: string; phone: string; email: string };
  cancelled: boolean;
  cancelReason: string;
  registration: { mode: string; capacity: number | null; placesLeft: number | null; deadline: string | null; state: RegistrationState };
  myStatus: string | null;
  myRegistrationPath: string | null;
  participantCount: number;
  can: { manage: boolean; registerAsMember: boolean; registerAsVisitor: boolean };
};

function RegistrationBox({ ctx, e, errors, values, offerWaitlist }: { ctx: PageContext; e: EventView; errors: FieldProblem[]; values: Record<string, string | boolean>; offerWaitlist: boolean }) {
  const { t } = ctx;
  const r = e.registration;
  const err = errorsByField(errors);
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const full = r.state === 'full' || offerWaitlist;
  const active = e.myStatus && ['confirmed', 'waiting', 'pending', 'unconfirmed'].includes(e.myStatus);
  let body: JSX.Element | string;
  if (r.mode === 'none') body = <p safe>{t('events.page.noRegistration')}</p>;
  else if (active) {
    body = (
      <>
        <p><strong safe>{t(`events.page.status.${e.myStatus}` as MessageKey)}</strong></p>
        {e.myRegistrationPath ? <p><a href={e.myRegistrationPath} safe>{t('events.mail.open')}</a></p> : ''}
      </>
    );
  } else if (r.state === 'cancelled') body = '';
  else if (r.state === 'past') body = <p safe>{t('events.page.past')}</p>;
  else if (r.state === 'closed') body = <p safe>{t('events.page.closed')}</p>;
  else if (e.can.registerAsMember) {
    body = (
      <>
        {e.myStatus === 'declined' ? <p safe>{t('events.page.status.declined')}</p> : ''}
        {full ? <p safe>{t('events.page.full')}</p> : ''}
        <PostForm action={`/events/${e.id}/register`} csrf={ctx.csrf}>
          {full ? <input type="hidden" name="waitlist" value="yes" /> : ''}
          <Button><span safe>{t(full ? 'events.register.waitlistButton' : r.mode === 'approval' ? 'events.register.askButton' : 'events.register.button')}</span></Button>
        </PostForm>
      </>
    );
  } else if (e.can.registerAsVisitor) {
    body = (
      <>
        {full ? <p safe>{t('events.page.full')}</p> : ''}
        <p><a href={`/login?next=${encodeURIComponent(`/events/${e.id}`)}`} safe>{t('events.register.loginInstead')}</a></p>
        <p safe>{t('events.register.visitorLead')}</p>
        <PostForm action={`/events/${e.id}/register`} csrf={ctx.csrf}>
          {full ? <input type="hidden" name="waitlist" value="yes" /> : ''}
          <TextInput name="name" label={t('events.register.name')} hint={t('events.register.nameHint')} value={v('name')} error={err.name} autocomplete="given-name" />
          <TextInput name="email" type="email" label={t('events.register.email')} hint={t('events.register.emailHint')} value={v('email')} error={err.email} autocomplete="email" />
          <div class="honeypot" aria-hidden="true">
            <label for="website" safe>{t('events.register.honeypot')}</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
          </div>
          <Checkbox name="consent" checked={values.consent === true} error={err.consent} label={<span safe>{t('events.register.consent')}</span>} />
          <Button><span safe>{t(full ? 'events.register.waitlistButton' : r.mode === 'approval' ? 'events.register.askButton' : 'events.register.button')}</span></Button>
        </PostForm>
      </>
    );
  } else body = '';
  return (
    <section class="card" aria-labelledby="registration">
      <h2 class="card__title" id="registration" safe>{t('events.page.registration')}</h2>
      <p safe>{t(`events.registration.${r.mode}` as MessageKey)}</p>
      {r.capacity !== null ? <p safe>{`${t('events.page.capacity', { count: r.capacity })}${r.placesLeft !== null && r.state === 'open' ? ` · ${r.placesLeft === 1 ? t('events.placesLeftOne') : t('events.placesLeft', { count: r.placesLeft })}` : ''}`}</p> : ''}
      {r.deadline ? <p safe>{t('events.page.deadline', { date: `${formatDay(r.deadline, ctx.locale)}, ${formatTime(r.deadline, ctx.locale)}` })}</p> : ''}
      {body}
      {r.mode !== 'none' ? <p class="hint" safe>{t('events.register.privacy')}</p> : ''}
    </section>
  );
}

export function EventScreen(p: { ctx: PageContext; e: EventView; jsonLd: string; errors?: FieldProblem[]; values?: Record<string, string | boolean>; offerWaitlist?: boolean; share?: ShareTarget }) {
  const { ctx, e } = p;
  const { t, locale } = ctx;
  const errors = p.errors ?? [];
  const place = (
    <div>
      {e.area ? <p safe>{e.area}</p> : ''}
      {e.address ? <p class="exact-place"><strong safe>{`${t('events.page.exactPlace')}: `}</strong><span safe>{e.address}</span></p>
        : (e.format === 'in_person' || e.format === 'hybrid') && e.registration.mode !== 'none' ? <p class="hint" safe>{t('events.page.placeHidden')}</p> : ''}
      {e.onlineUrl ? <p class="exact-place"><strong safe>{`${t('events.page.onlineUrl')}: `}</strong>{e.onlineUrl.startsWith('https://') ? <a href={e.onlineUrl} rel="noopener noreferrer" safe>{e.onlineUrl}</a> : <span safe>{e.onlineUrl}</span>}</p>
        : e.format !== 'in_person' && e.registration.mode !== 'none' ? <p class="hint" safe>{t('events.page.linkHidden')}</p> : ''}
    </div>
  );
  const contact = [e.contact.name, e.contact.role].filter(Boolean).join(', ');
  const rows = [
    { key: t('events.page.when'), value: <span safe>{formatEventTime(e.startsAt, e.endsAt, locale)}</span> },
    { key: t('events.page.format'), value: <span safe>{t(fmtLabel(e.format))}</span> },
    { key: t('events.page.where'), value: place },
    { key: t('events.page.audience'), value: <span safe>{t(audienceLabel(e.audience))}</span> },
    { key: t('events.page.topics'), value: <span safe>{e.topics.join(', ') || '—'}</span> },
    { key: t('events.page.accessibility'), value: <span safe>{e.accessibility.length ? accessNames(t, e.accessibility) : t('events.page.accessibilityAsk')}</span> },
  ];
  if (e.organiser) rows.push({ key: t('events.page.organiser'), value: <a href={e.organiser.url} safe>{e.organiser.name}</a> });
  if (contact || e.contact.phone || e.contact.email) {
    rows.push({
      key: t('events.page.contact'),
      value: (
        <div>
          {contact ? <p safe>{contact}</p> : ''}
          {e.contact.phone ? <p><a href={`tel:${e.contact.phone.replace(/[^0-9+]/g, '')}`} safe>{e.contact.phone}</a></p> : ''}
          {e.contact.email ? <p><a href={`mailto:${e.contact.email}`} safe>{e.contact.email}</a></p> : ''}
        </div>
      ),
    });
  }
  return (
    <Layout ctx={ctx} title={e.title} hasErrors={errors.length > 0} description={e.description.slice(0, 160)} head={<script type="application/ld+json">{p.jsonLd as 'safe'}</script>}>
      <p class="breadcrumb"><a href="/events" safe>{t('events.page.back')}</a></p>
      <h1 class="heading-xl" safe>{e.title}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      {e.cancelled ? (
        <NotificationBanner kind="warning" title={t('events.page.cancelled')}>
          {e.cancelReason ? <p safe>{t('events.page.cancelledReason', { reason: e.cancelReason })}</p> : ''}
        </NotificationBanner>
      ) : ''}
      <div class="two-columns">
        <div class="two-columns__main">
          <SummaryList rows={rows} />
          <div class="prose">{renderMarkdown(e.description) as 'safe'}</div>
          <p><a href={`/events/${e.id}.ics`} safe>{t('events.page.calendar')}</a></p>
        </div>
        <div class="two-columns__side">
          <RegistrationBox ctx={ctx} e={e} errors={errors} values={p.values ?? {}} offerWaitlist={p.offerWaitlist ?? false} />
          {e.can.manage ? (
            <section class="card" aria-labelledby="manage">
              <h2 class="card__title" id="manage" safe>{t('events.page.manage')}</h2>
              <ul class="list">
                <li><a href={`/events/${e.id}/edit`} safe>{t('events.page.edit')}</a></li>
                {e.registration.mode !== 'none' ? <li><a href={`/events/${e.id}/participants`} safe>{t('events.page.participants', { count: e.participantCount })}</a></li> : ''}
                {!e.cancelled ? <li><a href={`/events/${e.id}/cancel`} safe>{t('events.page.cancel')}</a></li> : ''}
              </ul>
            </section>
          ) : ''}
        </div>
      </div>
      {p.share && !e.cancelled ? <ShareBlock ctx={ctx} target={p.share} path={`/events/${e.id}`} /> : ''}
    </Layout>
  );
}

// --- The event form ------------------------------------------------------------------------------------

export interface EventFormValues {
  title: string; description: string; date: string; startTime: string; endDate: string; endTime: string; format: string; place: string; area: string;
  address: string; onlineUrl: string; accessibility: string[]; audience: string; topics: string[]; contactName: string; contactRole: string;
  contactPhone: string; contactEmail: string; registration: string; capacity: string; deadlineDate: string; deadlineTime: string;
}

export function EventFormScreen(p: {
  ctx: PageContext; organiser: Organiser; values: EventFormValues; errors: FieldProblem[]; topics: Array<{ slug: string; name: string }>; eventId: string | null;
}) {
  const { ctx, values: v } = p;
  const { t } = ctx;
  const e = errorsByField(p.errors);
  const title = t(p.eventId ? 'events.form.editTitle' : 'events.form.newTitle');
  const action = p.eventId ? `/events/${p.eventId}/edit` : '/events/new';
  return (
    <Layout ctx={ctx} title={title} hasErrors={p.errors.length > 0}>
      <p class="breadcrumb"><a href={p.eventId ? `/events/${p.eventId}` : '/events'} safe>{p.eventId ? v.title : t('events.title')}</a></p>
      <h1 class="heading-xl" safe>{title}</h1>
      <p class="lead" safe>{t('events.form.for', { organiser: p.organiser.name })}</p>
      <ErrorSummary title={t('form.errorSummary')} errors={p.errors} />
      <PostForm action={action} csrf={ctx.csrf} class="narrow">
        <input type="hidden" name="organiser" value={`${p.organiser.kind}:${p.organiser.slug}`} />
        <TextInput name="title" label={t('events.form.title')} value={v.title} error={e.title} width="full" />
        <TextArea name="description" label={t('events.form.description')} hint={t('events.form.descriptionHint')} value={v.description} error={e.description} rows={8} />
        <h2 class="heading-m" safe>{t('events.form.when')}</h2>
        <TextInput name="date" type="date" label={t('events.form.date')} hint={t('events.form.dateHint')} value={v.date} error={e.date} width="short" />
        <TextInput name="startTime" label={t('events.form.startTime')} hint={t('events.form.timeHint')} value={v.startTime} error={e.startTime} width="short" inputmode="numeric" />
        <TextInput name="endTime" label={t('events.form.endTime')} hint={t('events.form.timeHint')} value={v.endTime} error={e.endTime} width="short" inputmode="numeric" />
        <TextInput name="endDate" type="date" label={t('events.form.endDate')} value={v.endDate} error={e.endDate} width="short" />
        <h2 class="heading-m" safe>{t('events.form.where')}</h2>
        <ChoiceGroup type="radio" name="format" legend={t('events.form.format')} value={v.format} error={e.format} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(fmtLabel(f)) }))} />
        <TextInput name="place" label={t('events.form.place')} hint={t('events.form.placeHint')} value={v.place} error={e.place} />
        <TextInput name="area" label={t('events.form.area')} hint={t('events.form.areaHint')} value={v.area} error={e.area} />
        <TextInput name="address" label={t('events.form.address')} hint={t('events.form.addressHint')} value={v.address} error={e.address} width="full" />
        <TextInput name="onlineUrl" label={t('events.form.onlineUrl')} hint={t('events.form.onlineUrlHint')} value={v.onlineUrl} error={e.onlineUrl} width="full" />
        <ChoiceGroup type="checkbox" name="accessibility" legend={t('events.form.accessibility')} value={v.accessibility} error={e.accessibility}
          options={ACCESSIBILITY.map((a) => ({ value: a, label: t(ACCESS_LABEL[a] ?? 'directory.unknownValue') }))} />
        <ChoiceGroup type="radio" name="audience" legend={t('events.form.audience')} value={v.audience} error={e.audience} options={EVENT_AUDIENCES.map((a) => ({ value: a, label: t(audienceLabel(a)) }))} />
        <div class={e.topics ? 'field field--error' : 'field'}>
          <label class="label" for="topics" safe>{t('events.form.topics')}</label>
          <div id="topics-hint" class="hint" safe>{t('events.form.topicsHint')}</div>
          {e.topics ? <p id="topics-error" class="field-error" safe>{e.topics}</p> : ''}
          <select class="select select--multiple" id="topics" name="topics" multiple="multiple" size="8" aria-describedby={e.topics ? 'topics-hint topics-error' : 'topics-hint'}>
            {p.topics.map((x) => <option value={x.slug} selected={v.topics.includes(x.slug)} safe>{x.name}</option>)}
          </select>
        </div>
        <h2 class="heading-m" safe>{t('events.form.contact')}</h2>
        <p class="hint" safe>{t('events.form.contactHint')}</p>
        <TextInput name="contactName" label={t('events.form.contactName')} value={v.contactName} error={e.contactName} autocomplete="off" />
        <TextInput name="contactRole" label={t('events.form.contactRole')} value={v.contactRole} error={e.contactRole} />
        <TextInput name="contactPhone" type="tel" label={t('events.form.contactPhone')} value={v.contactPhone} error={e.contactPhone} autocomplete="off" />
        <TextInput name="contactEmail" type="email" label={t('events.form.contactEmail')} value={v.contactEmail} error={e.contactEmail} autocomplete="off" />
        <h2 class="heading-m" safe>{t('events.form.registration')}</h2>
        <ChoiceGroup type="radio" name="registration" legend={t('events.form.registration')} value={v.registration} error={e.registration}
          options={REGISTRATION_MODES.map((m) => ({ value: m, label: t(`events.registration.${m}` as MessageKey) }))} />
        <TextInput name="capacity" label={t('events.form.capacity')} hint={t('events.form.capacityHint')} value={v.capacity} error={e.capacity} width="short" inputmode="numeric" />
        <TextInput name="deadlineDate" type="date" label={t('events.form.deadlineDate')} hint={t('events.form.deadlineHint')} value={v.deadlineDate} error={e.deadlineDate} width="short" />
        <TextInput name="deadlineTime" label={t('events.form.deadlineTime')} hint={t('events.form.timeHint')} value={v.deadlineTime} error={e.deadlineTime} width="short" inputmode="numeric" />
        <Button><span safe>{t(p.eventId ? 'events.form.save' : 'events.form.create')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function ChooseOrganiserScreen({ ctx, choices }: { ctx: PageContext; choices: Organiser[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('events.form.chooseTitle')}>
      <h1 class="heading-xl" safe>{t('events.form.chooseTitle')}</h1>
      {choices.length ? (
        <ul class="list">
          {choices.map((c) => <li><a href={`/events/new?${c.kind}=${encodeURIComponent(c.slug)}`} safe>{c.name}</a></li>)}
        </ul>
      ) : <p safe>{t('events.form.chooseNone')}</p>}
    </Layout>
  );
}

export function CancelEventScreen({ ctx, event, errors, reason }: { ctx: PageContext; event: { id: string; title: string }; errors: FieldProblem[]; reason: string }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('events.cancel.title', { event: event.title })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={`/events/${event.id}`} safe>{event.title}</a></p>
      <h1 class="heading-xl" safe>{t('events.cancel.title', { event: event.title })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p safe>{t('events.cancel.lead')}</p>
      <PostForm action={`/events/${event.id}/cancel`} csrf={ctx.csrf} class="narrow">
        <TextArea name="reason" label={t('events.cancel.reason')} value={reason} error={e.reason} rows={4} />
        <Button variant="warning"><span safe>{t('events.cancel.confirm')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function ParticipantsScreen({ ctx, event, people, approval }: { ctx: PageContext; event: { id: string; title: string }; people: Participant[]; approval: boolean }) {
  const { t, locale } = ctx;
  const count = (s: string) => people.filter((p) => p.status === s).length;
  return (
    <Layout ctx={ctx} title={t('events.participants.title', { event: event.title })}>
      <p class="breadcrumb"><a href={`/events/${event.id}`} safe>{event.title}</a></p>
      <h1 class="heading-xl" safe>{t('events.participants.title', { event: event.title })}</h1>
      <NotificationBanner kind="info" title={t('events.participants.private')} />
      <p safe>{t('events.participants.summary', { confirmed: count('confirmed'), waiting: count('waiting'), pending: count('pending') })}</p>
      {people.length === 0 ? <p safe>{t('events.participants.none')}</p> : (
        <Table
          columns={[t('events.participants.name'), t('events.participants.email'), t('events.participants.status'), t('events.participants.registeredAt'), ...(approval ? [{ label: t('events.participants.actions'), hidden: true }] : [])]}
          rows={people.map((p) => [
            <Text value={p.member ? `${p.name} (${t('events.participants.member')})` : p.name} />,
            <Text value={p.email || '—'} />,
            <Text value={t(statusLabel(p.status))} />,
            <Text value={`${formatDay(p.registeredAt, locale)}, ${formatTime(p.registeredAt, locale)}`} />,
            ...(approval ? [p.status === 'pending' ? (
              <PostForm action={`/events/${event.id}/participants/${p.id}`} csrf={ctx.csrf} class="inline-form">
                <button class="button button--secondary" type="submit" name="decision" value="admit" aria-label={t('events.participants.admitLabel', { name: p.name })} safe>{t('events.participants.admit')}</button>
                <button class="button button--warning" type="submit" name="decision" value="decline" aria-label={t('events.participants.declineLabel', { name: p.name })} safe>{t('events.participants.decline')}</button>
              </PostForm>
            ) : <Text value="" />] : []),
          ])}
        />
      )}
      <p><a href={`/events/${event.id}/participants.csv`} download="anmeldungen.csv" safe>{t('events.participants.csv')}</a></p>
    </Layout>
  );
}

export function RegistrationScreen(p: {
  ctx: PageContext; event: { id: string; title: string; startsAt: string; endsAt: string; address: string | null; onlineUrl: string | null };
  status: string; registrationId: string; keyValue: string;
}) {
  const { ctx, event } = p;
  const { t, locale } = ctx;
  const active = ['confirmed', 'waiting', 'pending', 'unconfirmed'].includes(p.status);
  return (
    <Layout ctx={ctx} title={t('events.registrationPage.title', { event: event.title })}>
      <h1 class="heading-xl" safe>{t('events.registrationPage.title', { event: event.title })}</h1>
      <p class="lead" safe>{formatEventTime(event.startsAt, event.endsAt, locale)}</p>
      <p><strong safe>{t(`events.page.status.${p.status}` as MessageKey)}</strong></p>
      {event.address ? <p class="exact-place"><strong safe>{`${t('events.page.exactPlace')}: `}</strong><span safe>{event.address}</span></p> : ''}
      {event.onlineUrl ? <p class="exact-place"><strong safe>{`${t('events.page.onlineUrl')}: `}</strong><span safe>{event.onlineUrl}</span></p> : ''}
      {p.status === 'unconfirmed' ? (
        <PostForm action={`/events/registrations/${p.registrationId}/confirm`} csrf={ctx.csrf}>
          <input type="hidden" name="key" value={p.keyValue} />
          <Button><span safe>{t('events.registrationPage.confirm')}</span></Button>
        </PostForm>
      ) : ''}
      {active ? (
        <>
          <p safe>{t('events.registrationPage.cancelLead')}</p>
          <PostForm action={`/events/registrations/${p.registrationId}/cancel`} csrf={ctx.csrf}>
            <input type="hidden" name="key" value={p.keyValue} />
            <Button variant="warning"><span safe>{t('events.register.cancelButton')}</span></Button>
          </PostForm>
        </>
      ) : ''}
      <p><a href={`/events/${event.id}`} safe>{t('events.registrationPage.toEvent')}</a></p>
    </Layout>
  );
}

export function MyEventsScreen(p: {
  ctx: PageContext; items: Array<{ id: string; title: string; startsAt: string; endsAt: string; status: string; cancelled: boolean; registrationPath: string }>;
  reminders: boolean; hasFeed: boolean; newFeedUrl: string | null;
}) {
  const { ctx } = p;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('events.mine.title')}>
      <h1 class="heading-xl" safe>{t('events.mine.title')}</h1>
      <p class="lead" safe>{t('events.mine.lead')}</p>
      {p.items.length === 0 ? <p><span safe>{t('events.mine.none')}</span> <a href="/events" safe>{t('events.mine.find')}</a></p> : (
        <Table
          columns={[t('events.form.title'), t('events.page.when'), t('events.participants.status'), { label: t('events.participants.actions'), hidden: true }]}
          rows={p.items.map((i) => [
            <a href={`/events/${i.id}`} safe>{i.title}</a>,
            <Text value={formatEventTime(i.startsAt, i.endsAt, locale)} />,
            <Text value={i.cancelled ? t('events.cancelledTag') : t(statusLabel(i.status))} />,
            <PostForm action={`${i.registrationPath.split('?')[0]}/cancel`} csrf={ctx.csrf} class="inline-form">
              <button class="button button--secondary" type="submit" aria-label={`${t('events.register.cancelButton')}: ${i.title}`} safe>{t('events.register.cancelButton')}</button>
            </PostForm>,
          ])}
        />
      )}
      <h2 class="heading-m" safe>{t('events.mine.settings')}</h2>
      <PostForm action="/events/mine/settings" csrf={ctx.csrf}>
        <Checkbox name="reminders" checked={p.reminders} hint={t('events.mine.remindersHint')} label={<span safe>{t('events.mine.reminders')}</span>} />
        <Button variant="secondary"><span safe>{t('events.mine.saveSettings')}</span></Button>
      </PostForm>
      <h2 class="heading-m" safe>{t('events.mine.feed')}</h2>
      <p safe>{t('events.mine.feedLead')}</p>
      {p.newFeedUrl ? (
        <NotificationBanner kind="success" title={t('events.mine.feedNew')}>
          <p><code class="feed-url" safe>{p.newFeedUrl}</code></p>
          <p safe>{t('events.mine.feedNewHint')}</p>
        </NotificationBanner>
      ) : p.hasFeed ? <p safe>{t('events.mine.feedActive')}</p> : ''}
      <PostForm action="/events/mine/feed" csrf={ctx.csrf}>
        <Button variant="secondary"><span safe>{t(p.hasFeed ? 'events.mine.feedRenew' : 'events.mine.feedCreate')}</span></Button>
      </PostForm>
      {p.hasFeed ? (
        <PostForm action="/events/mine/feed/revoke" csrf={ctx.csrf}>
          <Button variant="warning"><span safe>{t('events.mine.feedRevoke')}</span></Button>
        </PostForm>
      ) : ''}
    </Layout>
  );
}

// --- Group meetings -----------------------------------------------------------------------------

export interface MeetingItem {
  start: string;
  end: string;
  original: string;
  status: Meeting['status'];
  reason: string;
  /** Shown only to those who may see the exact place. */
  place: string;
}

function MeetingLine({ m, t, locale }: { m: MeetingItem; t: Translator; locale: Locale }) {
  return (
    <li class={m.status === 'cancelled' ? 'meeting meeting--cancelled' : 'meeting'}>
      <span class="meeting__when" safe>{formatEventTime(m.start, m.end, locale)}</span>
      {m.status === 'cancelled' ? <> <Tag text={t('events.meetings.cancelled')} tone="red" /></> : ''}
      {m.status === 'moved' ? <> <Tag text={t('events.meetings.moved')} tone="yellow" /> <span class="hint" safe>{t('events.meetings.movedFrom', { when: `${formatDay(m.original, locale)}, ${formatTime(m.original, locale)}` })}</span></> : ''}
      {m.reason ? <span class="meeting__reason" safe>{` ${t('events.meetings.reasonShown', { reason: m.reason })}`}</span> : ''}
      {m.place ? <span class="meeting__place exact-place" safe>{` ${t('events.meetings.placeShown', { place: m.place })}`}</span> : ''}
    </li>
  );
}

export interface GroupMeetingsView {
  slug: string;
  meetings: MeetingItem[];
  events: Array<{ id: string; title: string; startsAt: string; endsAt: string; cancelled: boolean }>;
  canManage: boolean;
  canCreateEvent: boolean;
}

/** The section the directory's group page shows: next meetings, the group's events, the calendar link. */
export function GroupMeetingsSection({ ctx, view }: { ctx: PageContext; view: GroupMeetingsView }) {
  const { t, locale } = ctx;
  return (
    <section class="meetings" aria-labelledby="meetings-title">
      <h2 class="heading-m" id="meetings-title" safe>{t('events.meetings.title')}</h2>
      {view.meetings.length ? <ul class="list meetings__list">{view.meetings.map((m) => <MeetingLine m={m} t={t} locale={locale} />)}</ul> : <p safe>{t('events.meetings.none')}</p>}
      {view.events.length ? (
        <>
          <h3 class="heading-s" safe>{t('events.meetings.groupEvents')}</h3>
          <ul class="list">
            {view.events.map((e) => <li><a href={`/events/${e.id}`} safe>{e.title}</a> <span safe>{`– ${formatEventTime(e.startsAt, e.endsAt, locale)}`}</span>{e.cancelled ? <> <Tag text={t('events.cancelledTag')} tone="red" /></> : ''}</li>)}
          </ul>
        </>
      ) : ''}
      <ul class="list list--inline">
        <li><a href={`/groups/${view.slug}/calendar.ics`} safe>{t('events.meetings.calendar')}</a></li>
        {view.canManage ? <li><a href={`/groups/${view.slug}/meetings`} safe>{t('events.meetings.manage')}</a></li> : ''}
        {view.canCreateEvent ? <li><a href={`/events/new?group=${view.slug}`} safe>{t('events.meetings.newEvent')}</a></li> : ''}
      </ul>
    </section>
  );
}

export interface ScheduleValues {
  pattern: string; weekday: string; nth: string; startTime: string; duration: string; rule: string;
}

export function MeetingsScreen(p: {
  ctx: PageContext; group: { slug: string; name: string; rhythm: string }; schedule: ScheduleValues; meetings: MeetingItem[];
  scheduleErrors: FieldProblem[]; exceptionErrors: FieldProblem[]; exceptionFor: string; exceptionValues: Record<string, string>;
}) {
  const { ctx, group } = p;
  const { t, locale } = ctx;
  const se = errorsByField(p.scheduleErrors);
  const allErrors = [...p.scheduleErrors, ...p.exceptionErrors];
  const ee = errorsByField(p.exceptionErrors);
  return (
    <Layout ctx={ctx} title={t('events.meetings.manageTitle', { group: group.name })} hasErrors={allErrors.length > 0}>
      <p class="breadcrumb"><a href={`/groups/${group.slug}`} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('events.meetings.manageTitle', { group: group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={allErrors} />
      <h2 class="heading-m" safe>{t('events.meetings.schedule')}</h2>
      <p safe>{t('events.meetings.scheduleLead')}</p>
      {group.rhythm ? <p><strong safe>{group.rhythm}</strong></p> : ''}
      <PostForm action={`/groups/${group.slug}/meetings/schedule`} csrf={ctx.csrf} class="narrow">
        <ChoiceGroup type="radio" name="pattern" legend={t('events.meetings.pattern')} value={p.schedule.pattern} error={se.pattern}
          options={PATTERNS.map((x) => ({ value: x, label: t(`events.meetings.pattern.${x}` as MessageKey) }))} />
        <Select name="weekday" label={t('events.meetings.weekday')} value={p.schedule.weekday} error={se.weekday}
          options={WEEKDAYS.map((d, i) => ({ value: d, label: t(`events.weekday.${i + 1}` as MessageKey) }))} />
        <Select name="nth" label={t('events.meetings.nth')} value={p.schedule.nth} error={se.nth}
          options={NTHS.map((n) => ({ value: n, label: t(`events.meetings.nth.${n}` as MessageKey) }))} />
        <TextInput name="startTime" label={t('events.meetings.startTime')} hint={t('events.form.timeHint')} value={p.schedule.startTime} error={se.startTime} width="short" inputmode="numeric" />
        <TextInput name="duration" label={t('events.meetings.duration')} value={p.schedule.duration} error={se.duration} width="short" inputmode="numeric" />
        <TextInput name="rule" label={t('events.meetings.rule')} hint={t('events.meetings.ruleHint')} value={p.schedule.rule} error={se.rule} width="full" spellcheck={false} />
        <Button><span safe>{t('events.meetings.saveSchedule')}</span></Button>
      </PostForm>
      <h2 class="heading-m" safe>{t('events.meetings.upcoming')}</h2>
      {p.meetings.length === 0 ? <p safe>{t('events.meetings.none')}</p> : ''}
      {p.meetings.map((m, i) => {
        const mine = p.exceptionFor === m.original;
        const v = (k: string) => (mine ? (p.exceptionValues[k] ?? '') : '');
        const id = (name: string) => `m${i}-${name}`;
        return (
          <div class="card meeting-card">
            <ul class="list"><MeetingLine m={m} t={t} locale={locale} /></ul>
            {m.status !== 'scheduled' ? (
              <PostForm action={`/groups/${group.slug}/meetings/exceptions/undo`} csrf={ctx.csrf}>
                <input type="hidden" name="original" value={m.original} />
                <Button variant="secondary"><span safe>{t('events.meetings.undo')}</span></Button>
              </PostForm>
            ) : (
              <details open={mine}>
                <summary safe>{`${t('events.meetings.exception')}: ${formatDay(m.start, locale)}`}</summary>
                <PostForm action={`/groups/${group.slug}/meetings/exceptions`} csrf={ctx.csrf}>
                  <input type="hidden" name="original" value={m.original} />
                  <Select id={id('kind')} name="kind" label={t('events.meetings.kind')} value={v('kind') || 'cancelled'} error={mine ? ee[id('kind')] : undefined}
                    options={[{ value: 'cancelled', label: t('events.meetings.kind.cancelled') }, { value: 'moved', label: t('events.meetings.kind.moved') }]} />
                  <FieldPair id={id('date')} name="date" type="date" label={t('events.meetings.newDate')} value={v('date')} error={mine ? ee[id('date')] : undefined} />
                  <FieldPair id={id('startTime')} name="startTime" label={t('events.meetings.newStart')} value={v('startTime')} error={mine ? ee[id('startTime')] : undefined} />
                  <FieldPair id={id('endTime')} name="endTime" label={t('events.meetings.newEnd')} value={v('endTime')} error={mine ? ee[id('endTime')] : undefined} />
                  <FieldPair id={id('place')} name="place" label={t('events.meetings.newPlace')} value={v('place')} error={mine ? ee[id('place')] : undefined} />
                  <FieldPair id={id('reason')} name="reason" label={t('events.meetings.reason')} value={v('reason')} error={mine ? ee[id('reason')] : undefined} />
                  <Button><span safe>{t('events.meetings.saveException')}</span></Button>
                </PostForm>
              </details>
            )}
          </div>
        );
      })}
    </Layout>
  );
}

/** A text field whose id differs from its name, for forms repeated on one page. */
function FieldPair(p: { id: string; name: string; label: string; value: string; error: string | undefined; type?: 'text' | 'date' }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class="label" for={p.id} safe>{p.label}</label>
      {p.error ? <p id={`${p.id}-error`} class="field-error" safe>{p.error}</p> : ''}
      <input class="input input--medium" id={p.id} name={p.name} type={p.type ?? 'text'} value={p.value} aria-describedby={p.error ? `${p.id}-error` : undefined} aria-invalid={p.error ? 'true' : undefined} />
    </div>
  );
}

export { ButtonLink };
