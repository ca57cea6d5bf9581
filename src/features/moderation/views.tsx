// Pages of moderation: the queue, one item with its context and the decision form, the report form,
// a member's notices from the moderators (with the answer form) and their kept drafts.
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, ChoiceGroup, ErrorSummary, NotificationBanner, PostForm, Select, SummaryList, Table, Tag, TextArea, TextInput } from '../../platform/ui/components.tsx';
import { UNMASK_VISIBLE_HOURS } from './unmask.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/time.ts';
import { PersonName } from '../../platform/ui/person.tsx';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { Action, ReportReason, ReportTarget } from './service.ts';
import { REPORT_REASONS } from './service.ts';

export interface QueueRow {
  id: string;
  kind: string;
  urgent: boolean;
  createdAt: string;
  reports: number;
  where: string;
  hidden: boolean;
}

export interface UnmaskRequestRow {
  id: string;
  itemId: string | null;
  reason: string;
  createdAt: string;
  by: string;
  own: boolean;
}

export function QueueScreen({ ctx, rows, total, newAlerts, mailOptIn, requests, boardsOnly, blockedByMany }: { ctx: PageContext; rows: QueueRow[]; total: number; newAlerts: number; mailOptIn: boolean; requests: UnmaskRequestRow[]; boardsOnly: boolean; blockedByMany?: number | undefined }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('moderation.title')}>
      <h1 class="heading-xl" safe>{t('moderation.title')}</h1>
      <p class="lead" safe>{t(boardsOnly ? 'moderation.leadBoard' : 'moderation.lead')}</p>
      {newAlerts > 0 ? <NotificationBanner kind="warning" title={t('moderation.urgent')}><p safe>{newAlerts === 1 ? t('moderation.newAlertsOne') : t('moderation.newAlerts', { count: newAlerts })}</p></NotificationBanner> : ''}
      {rows.length === 0 ? <p safe>{t('moderation.empty')}</p> : (
        <Table
          caption={`${t('moderation.title')} (${total})`}
          columns={[t('moderation.col.what'), t('moderation.col.when'), t('moderation.col.where'), t('moderation.col.reports')]}
          rows={rows.map((r) => [
            <>
              {r.urgent ? <><Tag text={t('moderation.urgent')} tone="red" />{' '}</> : ''}
              <a href={`/moderation/items/${r.id}`} safe>{t(`moderation.kind.${r.kind}` as MessageKey)}</a>
              {r.hidden ? <div class="hint" safe>{t('moderation.item.hiddenByReports')}</div> : ''}
            </>,
            <span safe>{formatDateTime(r.createdAt, locale)}</span>,
            <span safe>{r.where}</span>,
            <span safe>{String(r.reports)}</span>,
          ])}
        />
      )}
      {requests.length > 0 ? (
        <section aria-labelledby="unmask-pending">
          <h2 class="heading-m" id="unmask-pending" safe>{t('unmask.pending')}</h2>
          {requests.map((r) => (
            <div class="card">
              <p class="hint"><span safe>{`${t('unmask.requestedAt', { date: formatDateTime(r.createdAt, locale) })} – ${r.by}`}</span>{r.itemId ? <> – <a href={`/moderation/items/${r.itemId}`} safe>{t('moderation.item.goTo')}</a></> : ''}</p>
              <p class="pre-line quote" safe>{r.reason}</p>
              {r.own ? <p class="hint" safe>{t('unmask.pendingOwn')}</p> : (
                <div class="button-group">
                  <PostForm action={`/moderation/unmask/${r.id}`} csrf={ctx.csrf} class="inline-form">
                    <input type="hidden" name="decision" value="confirm" />
                    <Button variant="warning"><span safe>{t('unmask.confirm')}</span></Button>
                  </PostForm>
                  <PostForm action={`/moderation/unmask/${r.id}`} csrf={ctx.csrf} class="inline-form">
                    <input type="hidden" name="decision" value="refuse" />
                    <Button variant="secondary"><span safe>{t('unmask.refuse')}</span></Button>
                  </PostForm>
                </div>
              )}
            </div>
          ))}
        </section>
      ) : ''}
      <PostForm action="/moderation/mail" csrf={ctx.csrf} class="inline-form">
        <input type="hidden" name="on" value={mailOptIn ? '0' : '1'} />
        <Button variant="secondary"><span safe>{t(mailOptIn ? 'moderation.mail.off' : 'moderation.mail.on')}</span></Button>
      </PostForm>
      {blockedByMany !== undefined ? <p><a href="/moderation/blocks" safe>{t('block.staffLink', { n: blockedByMany })}</a></p> : ''}
    </Layout>
  );
}

export interface ItemView {
  id: string;
  kind: string;
  urgent: boolean;
  createdAt: string;
  status: string;
  resolution: string | null;
  target: { type: string; url: string; text: string; author: string | null; authorBadge?: StaffBadge | undefined; anonymous: boolean } | null;
  privateText: string;
  crisisClasses: string[];
  crisisChoice: string | null;
  hiddenByReports: boolean;
  reports: Array<{ reason: string; note: string; weight: number; createdAt: string }>;
  history: Array<{ id: string; kind: string; status: string; resolution: string | null; createdAt: string }>;
  actions: Action[];
  /** The text to start an edit from (when editing is possible). */
  editText: string;
  /** Where a thread may be moved. */
  categories: Array<{ value: string; label: string }>;
  /** Whether slow mode may cover the whole category (moderators) or only the thread (facilitators). */
  slowCategory: boolean;
  /** Anonymous targets a moderator may ask to unmask: the requests so far, and the writer while a confirmed one lasts. */
  unmask: { requests: Array<{ status: string; createdAt: string; own: boolean }>; writer: { pseudonym: string; until: string } | undefined } | null;
}

export function ItemScreen({ ctx, item, errors, values }: { ctx: PageContext; item: ItemView; errors: FieldProblem[]; values: Record<string, string> }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  const kind = t(`moderation.kind.${item.kind}` as MessageKey);
  const title = t('moderation.item.title', { kind, date: formatDateTime(item.createdAt, locale) });
  const rows = [];
  if (item.target) {
    rows.push({ key: t('moderation.item.target'), value: item.target.url ? <a href={item.target.url} safe>{t('moderation.item.goTo')}</a> : <span safe>{item.target.type}</span> });
    rows.push({ key: t('moderation.item.author'), value: item.target.anonymous || !item.target.author ? <span safe>{t(item.target.anonymous ? 'moderation.item.anonymous' : 'moderation.item.unknown')}</span> : <PersonName name={item.target.author} badge={item.target.authorBadge} t={t} /> });
  }
  if (item.crisisClasses.length) rows.push({ key: t('moderation.item.crisisClasses'), value: <span safe>{item.crisisClasses.map((c) => t(`moderation.class.${c}` as MessageKey)).join(', ')}</span> });
  if (item.crisisChoice) rows.push({ key: t('moderation.item.choice'), value: <span safe>{t(`crisis.choice.${item.crisisChoice}` as MessageKey)}</span> });
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href="/moderation" safe>{t('moderation.title')}</a></p>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-l">{item.urgent ? <><Tag text={t('moderation.urgent')} tone="red" />{' '}</> : ''}<span safe>{title}</span></h1>
      {item.hiddenByReports ? <p class="hint" safe>{t('moderation.item.hiddenByReports')}</p> : ''}
      <SummaryList rows={rows} />
      {item.target?.text ? <><h2 class="heading-m" safe>{t('moderation.item.text')}</h2><p class="pre-line quote" safe>{item.target.text}</p></> : ''}
      {item.privateText ? <><h2 class="heading-m" safe>{t('moderation.item.text')}</h2><p class="pre-line quote" safe>{item.privateText}</p></> : ''}
      <h2 class="heading-m" safe>{t('moderation.item.reports')}</h2>
      {item.reports.length === 0 ? <p safe>{t('moderation.item.noReports')}</p> : (
        <ul class="list">
          {item.reports.map((r) => (
            <li>
              <span safe>{t('moderation.item.reportedFor', { reason: t(`report.reason.${r.reason}` as MessageKey), weight: (r.weight / 100).toFixed(1) })}</span>
              {r.note ? <p class="pre-line" safe>{r.note}</p> : ''}
            </li>
          ))}
        </ul>
      )}
      {item.history.length ? (
        <>
          <h2 class="heading-m" safe>{t('moderation.item.history')}</h2>
          <ul class="list">
            {item.history.map((h) => (
              <li><a href={`/moderation/items/${h.id}`} safe>{`${t(`moderation.kind.${h.kind}` as MessageKey)}, ${formatDateTime(h.createdAt, locale)}${h.resolution ? ` – ${t(`moderation.resolution.${h.resolution}` as MessageKey)}` : ''}`}</a></li>
            ))}
          </ul>
        </>
      ) : ''}
      {item.status !== 'open' ? <p safe>{t('moderation.item.resolved', { resolution: t(`moderation.resolution.${item.resolution ?? 'approved'}` as MessageKey) })}</p> : (
        <PostForm action={`/moderation/items/${item.id}`} csrf={ctx.csrf} class="narrow">
          <ChoiceGroup type="radio" name="action" legend={t('moderation.action.legend')} legendClass="heading-m" value={values.action} error={e.action}
            options={item.actions.map((a) => ({ value: a, label: t(`moderation.action.${a}` as MessageKey) }))} />
          <p class="hint" safe>{t('moderation.action.furtherHint')}</p>
          <TextArea name="message" label={t('moderation.action.reason')} hint={t('moderation.action.reasonHint')} value={values.message ?? ''} error={e.message} rows={5} />
          {item.actions.includes('edit') ? <TextArea name="text" label={t('moderation.field.text')} hint={t('moderation.field.textHint')} value={values.text ?? item.editText} error={e.text} rows={6} /> : ''}
          {item.actions.includes('move') && item.categories.length > 0 ? (
            <Select name="category" label={t('moderation.field.category')} hint={t('moderation.field.categoryHint')} value={values.category} error={e.category}
              options={[{ value: '', label: '–' }, ...item.categories]} />
          ) : ''}
          {item.actions.includes('slow') ? (
            <>
              <TextInput name="minutes" label={t('moderation.field.minutes')} hint={t('moderation.field.minutesHint')} value={values.minutes ?? ''} error={e.minutes} inputmode="numeric" width="short" />
              {item.slowCategory ? (
                <ChoiceGroup type="radio" name="slowScope" legend={t('moderation.field.slowScope')} value={values.slowScope ?? 'thread'}
                  options={[{ value: 'thread', label: t('moderation.field.slowThread') }, { value: 'category', label: t('moderation.field.slowCategory') }]} />
              ) : ''}
            </>
          ) : ''}
          {item.actions.includes('silence') ? <TextInput name="days" label={t('moderation.field.days')} hint={t('moderation.field.daysHint')} value={values.days ?? ''} error={e.days} inputmode="numeric" width="short" /> : ''}
          <Button><span safe>{t('moderation.action.submit')}</span></Button>
        </PostForm>
      )}
      {item.unmask ? (
        <section aria-labelledby="unmask-title">
          <h2 class="heading-m" id="unmask-title" safe>{t('unmask.title')}</h2>
          {item.unmask.writer ? (
            <SummaryList rows={[{ key: t('unmask.writer'), value: <strong safe>{t('unmask.writerUntil', { name: item.unmask.writer.pseudonym, until: formatDateTime(item.unmask.writer.until, locale) })}</strong> }]} />
          ) : ''}
          {item.unmask.requests.length > 0 ? (
            <ul class="list">
              {item.unmask.requests.map((r) => <li safe>{`${t('unmask.requestedAt', { date: formatDateTime(r.createdAt, locale) })}: ${t(`unmask.status.${r.status}` as MessageKey)}${r.own ? ` – ${t('unmask.pendingOwn')}` : ''}`}</li>)}
            </ul>
          ) : ''}
          <p safe>{t('unmask.lead', { hours: UNMASK_VISIBLE_HOURS })}</p>
          <PostForm action={`/moderation/items/${item.id}/unmask`} csrf={ctx.csrf} class="narrow">
            <TextArea name="reason" id="unmask-reason" label={t('unmask.reason')} hint={t('unmask.reasonHint')} value={values.reason ?? ''} error={e['unmask-reason']} rows={3} />
            <Button variant="warning"><span safe>{t('unmask.ask')}</span></Button>
          </PostForm>
        </section>
      ) : ''}
    </Layout>
  );
}

export function ReportScreen({ ctx, type, id, errors, values }: { ctx: PageContext; type: ReportTarget; id: string; errors: FieldProblem[]; values: Record<string, string> }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const title = `${t('report.title')}: ${t(`report.target.${type}` as MessageKey)}`;
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-xl" safe>{title}</h1>
      <p class="lead" safe>{t('report.lead')}</p>
      <PostForm action="/report" csrf={ctx.csrf} class="narrow">
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="id" value={id} />
        <ChoiceGroup type="radio" name="reason" legend={t('report.reason')} legendClass="heading-m" value={values.reason} error={e.reason}
          options={REPORT_REASONS.map((r: ReportReason) => ({ value: r, label: t(`report.reason.${r}` as MessageKey), hint: r === 'danger' ? t('report.reason.dangerHint') : undefined }))} />
        <TextArea name="note" label={t('report.note')} value={values.note ?? ''} error={e.note} rows={4} />
        <Button><span safe>{t('report.send')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export interface NoticeView {
  id: string;
  kind: string;
  reason: string;
  body: string;
  createdAt: string;
  answered: boolean;
  intro: string;
}

export function NoticesScreen({ ctx, notices, errors, values }: { ctx: PageContext; notices: NoticeView[]; errors: FieldProblem[]; values: Record<string, string> }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('notices.title')} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-xl" safe>{t('notices.title')}</h1>
      <p class="lead" safe>{t('notices.lead')}</p>
      {notices.length === 0 ? <p safe>{t('notices.empty')}</p> : ''}
      {notices.map((n) => (
        <section class="card" aria-labelledby={`notice-${n.id}`}>
          <h2 class="card__title" id={`notice-${n.id}`} safe>{t(`notices.kind.${n.kind}` as MessageKey)}</h2>
          <p class="hint" safe>{formatDateTime(n.createdAt, locale)}</p>
          <p safe>{n.intro}</p>
          {n.reason ? <p class="pre-line"><strong safe>{t('notices.reason')}:</strong> <span safe>{n.reason}</span></p> : ''}
          {n.body ? <p class="pre-line quote" safe>{n.body}</p> : ''}
          <p><a href="/help" safe>{t('notices.help')}</a></p>
          {n.answered ? <p class="hint" safe>{t('notices.answered')}</p> : (
            <PostForm action={`/notices/${n.id}/answer`} csrf={ctx.csrf}>
              <TextArea name="answer" id={`answer-${n.id}`} label={t('notices.answer')} hint={t('notices.answerHint')} value={values[n.id] ?? ''} error={e[`answer-${n.id}`]} rows={4} />
              <Button variant="secondary"><span safe>{t('notices.send')}</span></Button>
            </PostForm>
          )}
        </section>
      ))}
    </Layout>
  );
}

export function DraftsScreen({ ctx, drafts }: { ctx: PageContext; drafts: Array<{ id: string; where: string; url: string; text: string; createdAt: string }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('drafts.title')}>
      <h1 class="heading-xl" safe>{t('drafts.title')}</h1>
      <p class="lead" safe>{t('drafts.lead')}</p>
      {drafts.length === 0 ? <p safe>{t('drafts.empty')}</p> : ''}
      {drafts.map((d) => (
        <section class="card" aria-label={formatDateTime(d.createdAt, locale)}>
          <p class="hint"><span safe>{`${t('drafts.where')}: ${d.where}, ${formatDateTime(d.createdAt, locale)}`}</span>{d.url ? <> – <a href={d.url} safe>{t('drafts.openTarget')}</a></> : ''}</p>
          <p class="pre-line quote" safe>{d.text}</p>
          <PostForm action={`/drafts/${d.id}/delete`} csrf={ctx.csrf} class="inline-form">
            <Button variant="warning"><span safe>{t('drafts.delete')}</span></Button>
          </PostForm>
        </section>
      ))}
    </Layout>
  );
}

/** What a suspended person sees instead of any page: until when, why, and where help and the moderators' message are. */
export function SuspendedScreen({ ctx, until, reason }: { ctx: PageContext; until: string; reason: string }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('moderation.suspended.title')}>
      <h1 class="heading-xl" safe>{t('moderation.suspended.title')}</h1>
      <p class="lead" safe>{t('moderation.suspended.lead', { until: formatDateTime(until, locale) })}</p>
      {reason ? <p class="pre-line"><strong safe>{t('moderation.suspended.reason')}:</strong> <span safe>{reason}</span></p> : ''}
      <ul class="list">
        <li><a href="/notices" safe>{t('moderation.suspended.notices')}</a></li>
        <li><a href="/help" safe>{t('moderation.suspended.help')}</a></li>
      </ul>
    </Layout>
  );
}
