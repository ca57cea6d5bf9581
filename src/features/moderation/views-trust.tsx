// Pages of trust levels and blocking: a member's level and what it allows, the administrators'
// settings form, the block confirmation, a member's block list, and staff's "blocked by many".
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, ErrorSummary, PostForm, Table, TextInput } from '../../platform/ui/components.tsx';
import { errorsByField } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { formatDate, formatDateTime } from '../../platform/time.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { LIMIT_KEYS, THRESHOLD_KEYS, TRUST_LEVELS, type TrustLevel, type TrustRecord, type TrustSettings } from './trust.ts';

const levelName = (ctx: PageContext, level: number) => ctx.t(`trust.level.${level}` as MessageKey);

export interface TrustPageData {
  record: TrustRecord;
  settings: TrustSettings;
  exempt: boolean;
  reportPercent: number;
}

export function TrustScreen({ ctx, data }: { ctx: PageContext; data: TrustPageData }) {
  const { t, locale } = ctx;
  const { record, settings } = data;
  const level = record.level;
  const limit = (n: number) => (n > 0 ? String(n) : t('trust.unlimited'));
  const next = level < 3 ? ((level + 1) as 1 | 2 | 3) : null;
  return (
    <Layout ctx={ctx} title={t('trust.title')}>
      <h1 class="heading-xl" safe>{t('trust.title')}</h1>
      <p class="lead" safe>{t('trust.lead')}</p>
      <p class="heading-m" safe>{t('trust.yourLevel', { name: levelName(ctx, level), level })}</p>
      {data.exempt ? <p safe>{t('trust.staff')}</p> : ''}
      <h2 class="heading-m" safe>{t('trust.allows')}</h2>
      <ul class="list list--bullet">
        <li safe>{t('trust.postsPerDay', { n: limit(settings.limits.posts_per_day[level]) })}</li>
        <li safe>{t('trust.linksPerPost', { n: limit(settings.limits.links_per_post[level]) })}</li>
        <li safe>{t('trust.mentionsPerPost', { n: limit(settings.limits.mentions_per_post[level]) })}</li>
        <li safe>{t('trust.contactsPerDay', { n: limit(settings.limits.contacts_per_day[level]) })}</li>
        <li safe>{t('trust.reportsPerDay', { n: limit(settings.limits.reports_per_day[level]) })}</li>
        <li safe>{t('trust.reportWeight', { percent: data.reportPercent })}</li>
      </ul>
      {record.upheld === 1 ? <p safe>{t('trust.upheld')}</p> : record.upheld > 1 ? <p safe>{t('trust.upheldMany', { n: record.upheld })}</p> : ''}
      {next ? (
        <>
          <h2 class="heading-m" safe>{t('trust.next', { name: levelName(ctx, next) })}</h2>
          <ul class="list list--bullet">
            {/* A requirement of zero is no requirement: only what is asked for is listed, in the singular where it is one. */}
            {(['days', 'read', 'written'] as const).filter((need) => settings.thresholds[next][need] > 0).map((need) => {
              const n = settings.thresholds[next][need];
              return <li safe>{t(n === 1 ? `trust.need.${need}One` : `trust.need.${need}`, { n, have: record[need] })}</li>;
            })}
          </ul>
        </>
      ) : <p safe>{t('trust.top')}</p>}
      <p class="hint" safe>{t('trust.computed', { when: formatDateTime(record.computedAt, locale) })}</p>
      <p><a href="/account" safe>{t('account.back')}</a></p>
    </Layout>
  );
}

export function TrustSettingsScreen({ ctx, values, errors }: { ctx: PageContext; values: Record<string, string>; errors: FieldProblem[] }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const field = (name: string, what: string, level: TrustLevel) => (
    <TextInput name={name} label={t('trust.settings.fieldLabel', { what, level, name: levelName(ctx, level) })} value={values[name] ?? ''} error={e[name]} inputmode="numeric" width="short" />
  );
  return (
    <Layout ctx={ctx} title={t('trust.settings.title')} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-xl" safe>{t('trust.settings.title')}</h1>
      <p class="lead" safe>{t('trust.settings.lead')}</p>
      <PostForm action="/admin/trust" csrf={ctx.csrf} class="narrow">
        <fieldset class="fieldset">
          <legend class="heading-m" safe>{t('trust.settings.thresholds')}</legend>
          {([1, 2, 3] as const).map((level) => THRESHOLD_KEYS.map((key) => field(`trust.threshold.${level}.${key}`, t(`trust.settings.${key}` as MessageKey), level)))}
        </fieldset>
        <fieldset class="fieldset">
          <legend class="heading-m" safe>{t('trust.settings.limits')}</legend>
          {LIMIT_KEYS.map((key) => TRUST_LEVELS.map((level) => field(`trust.limit.${key}.${level}`, t(`trust.settings.${key}` as MessageKey), level)))}
        </fieldset>
        <TextInput name="block_alert_threshold" label={t('trust.settings.blockAlert')} value={values.block_alert_threshold ?? ''} error={e.block_alert_threshold} inputmode="numeric" width="short" />
        <Button><span safe>{t('form.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function BlockScreen({ ctx, name, next }: { ctx: PageContext; name: string; next: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('block.title', { name })}>
      <h1 class="heading-xl" safe>{t('block.title', { name })}</h1>
      <p class="lead" safe>{t('block.lead', { name })}</p>
      <ul class="list list--bullet">
        <li safe>{t('block.effect.fold', { name })}</li>
        <li safe>{t('block.effect.mention', { name })}</li>
        <li safe>{t('block.effect.secret', { name })}</li>
        <li safe>{t('block.effect.report', { name })}</li>
      </ul>
      <PostForm action="/blocks" csrf={ctx.csrf}>
        <input type="hidden" name="name" value={name} />
        <input type="hidden" name="next" value={next} />
        <Button><span safe>{t('block.confirm')}</span></Button>
      </PostForm>
      <p><a href={next} safe>{t('block.cancel')}</a></p>
    </Layout>
  );
}

export function BlockListScreen({ ctx, rows }: { ctx: PageContext; rows: Array<{ pseudonym: string; since: string }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('block.listTitle')}>
      <h1 class="heading-xl" safe>{t('block.listTitle')}</h1>
      <p class="lead" safe>{t('block.listLead')}</p>
      {rows.length === 0 ? <p safe>{t('block.listEmpty')}</p> : (
        <ul class="list">
          {rows.map((r) => (
            <li>
              <span safe>{r.pseudonym}</span> <span class="hint" safe>{t('block.since', { date: formatDate(r.since, locale) })}</span>
              <PostForm action="/blocks/remove" csrf={ctx.csrf} class="inline-form">
                <input type="hidden" name="name" value={r.pseudonym} />
                <input type="hidden" name="next" value="/account/blocked" />
                <button class="link-button" type="submit" aria-label={t('block.unblockLabel', { name: r.pseudonym })} safe>{t('block.unblock')}</button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <p><a href="/account" safe>{t('account.back')}</a></p>
    </Layout>
  );
}

export function BlockedByManyScreen({ ctx, threshold, rows }: { ctx: PageContext; threshold: number; rows: Array<{ pseudonym: string; blockers: number; latest: string }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('block.staffTitle')}>
      <h1 class="heading-xl" safe>{t('block.staffTitle')}</h1>
      <p class="lead" safe>{t('block.staffLead', { n: threshold })}</p>
      {rows.length === 0 ? <p safe>{t('block.staffEmpty')}</p> : (
        <Table
          columns={[t('block.staffName'), t('block.staffCount'), t('block.staffLatest')]}
          rows={rows.map((r) => [<span safe>{r.pseudonym}</span>, <span safe>{String(r.blockers)}</span>, <span safe>{formatDateTime(r.latest, locale)}</span>])}
        />
      )}
      <p><a href="/moderation" safe>{t('moderation.nav')}</a></p>
    </Layout>
  );
}
