// HTTP of moderation: the queue page and API, one item and its decision, reports (page and API),
// a member's notices with answers (appeals), kept drafts, the alert-mail setting.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { defineForm, formString } from '../../platform/forms.ts';
import { badRequest, forbidden, notFound, AppError } from '../../platform/errors.ts';
import { pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import * as policy from './policy.ts';
import * as svc from './service.ts';
import * as trust from './trust.ts';
import * as blocking from './blocking.ts';
import * as unmask from './unmask.ts';
import { DraftsScreen, ItemScreen, NoticesScreen, QueueScreen, ReportScreen, type ItemView } from './views.tsx';
import { pseudonymsOf } from '../accounts/index.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const QueueQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })) });

const decisionForm = defineForm({
  action: { kind: 'choice', label: 'moderation.action.legend', required: true, values: svc.ACTIONS },
  message: { kind: 'longtext', label: 'moderation.action.reason', max: 4000 },
  text: { kind: 'longtext', label: 'moderation.field.text', max: 20_000 },
  category: { kind: 'text', label: 'moderation.field.category', max: 100 },
  minutes: { kind: 'text', label: 'moderation.field.minutes', max: 10 },
  slowScope: { kind: 'text', label: 'moderation.field.slowScope', max: 10 },
  days: { kind: 'text', label: 'moderation.field.days', max: 10 },
});
const unmaskForm = defineForm({ reason: { kind: 'longtext', label: 'unmask.reason', required: true, max: 2000, messages: { required: 'unmask.reasonRequired' } } });

/** Whole numbers within bounds, or undefined. */
function wholeNumber(value: string, min: number, max: number): number | undefined {
  if (!/^\d{1,5}$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n >= min && n <= max ? n : undefined;
}
const reportForm = defineForm({
  type: { kind: 'choice', label: 'report.title', required: true, values: svc.REPORT_TARGETS },
  id: { kind: 'text', label: 'report.title', required: true, max: 100 },
  reason: { kind: 'choice', label: 'report.reason', required: true, values: svc.REPORT_REASONS },
  note: { kind: 'longtext', label: 'report.note', max: 2000 },
});
const answerForm = defineForm({ answer: { kind: 'longtext', label: 'notices.answer', required: true, max: 4000, messages: { required: 'notices.answerRequired' } } });

const ReportBody = Type.Object({
  target: Type.Object({ type: Type.Union(svc.REPORT_TARGETS.map((t) => Type.Literal(t))), id: Type.String({ minLength: 1, maxLength: 100 }) }),
  reason: Type.Union(svc.REPORT_REASONS.map((r) => Type.Literal(r))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

const DRAFT_CONTEXTS: Record<string, MessageKey> = { contact: 'drafts.context.contact', reply: 'drafts.context.reply', forum: 'drafts.context.forum' };

function noticeIntro(kind: string, name: string, t: Translator): string {
  if (kind === 'reply') return t('notices.replyIntro', { name });
  if (kind === 'edited') return t('notices.editedText', { name });
  if (kind === 'silenced' || kind === 'suspended') return t('notices.sanctionText', { name });
  if (kind === 'unmasked') return t('notices.unmaskedText', { name });
  return t('notices.removedText', { name, action: t(kind === 'hidden' ? 'moderation.resolution.hidden' : 'moderation.resolution.deleted') });
}

export const moderationRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const scopeFor = async (req: FastifyRequest) => {
    policy.ensureSignedIn(req.actor);
    const scope = await svc.scopeOf(deps.db, req.actor.id, { admin: policy.isAdministrator(req.actor), moderator: policy.canModerate(req.actor) });
    policy.ensureCanOpenQueue(req.actor, scope);
    return scope;
  };

  // --- The queue ----------------------------------------------------------------------------------
  app.get('/moderation', async (req, reply) => {
    const scope = await scopeFor(req);
    policy.ensureSignedIn(req.actor);
    const { items, total } = await svc.openQueue(deps.db, scope, { limit: 200, offset: 0 });
    const newAlerts = await svc.unseenAlerts(deps.db, req.actor.id);
    await svc.markAlertsSeen(deps.db, req.actor.id);
    const rows = items.map((i) => ({ id: i.id, kind: i.kind, urgent: i.urgent === 1, createdAt: i.created_at, reports: i.report_count, where: i.context_url, hidden: i.hidden_by_reports === 1 }));
    // Unmasking requests wait for a second person: moderators and administrators see them here.
    const pending = policy.canModerate(req.actor) ? await unmask.pendingRequests(deps.db) : [];
    const names = await pseudonymsOf(deps.db, pending.flatMap((r) => (r.requested_by ? [r.requested_by] : [])));
    const requests = pending.map((r) => ({ id: r.id, itemId: r.item_id, reason: r.reason, createdAt: r.created_at, by: (r.requested_by && names.get(r.requested_by)) || '', own: r.requested_by === req.actor.id }));
    // Members blocked by many people: a hint for moderators and administrators (not board facilitators).
    const blockedByMany = policy.canModerate(req.actor) ? (await blocking.blockedByMany(deps.db, await blocking.blockAlertThreshold(deps.db))).length : undefined;
    return sendHtml(reply, <QueueScreen ctx={page(req, reply)} rows={rows} total={total} newAlerts={newAlerts} mailOptIn={await svc.mailOptIn(deps.db, req.actor.id)} requests={requests} boardsOnly={!scope.all && scope.groups.length > 0} blockedByMany={blockedByMany} />);
  });

  app.post('/moderation/mail', async (req, reply) => {
    await scopeFor(req);
    policy.ensureSignedIn(req.actor);
    await svc.setMailOptIn(deps.db, req.actor.id, formString((req.body as Record<string, unknown> | undefined)?.on) === '1');
    setFlash(reply, 'moderation.mail.saved');
    return seeOther(reply, '/moderation');
  });

  app.get('/api/v1/moderation/queue', {
    schema: {
      summary: 'The open review queue, urgent items first',
      description: 'Moderators and administrators (visitors 401, others 403), and facilitators for their groups\' boards only. A moderator limited to categories sees those categories and items outside any category.',
      tags: ['moderation'],
      querystring: QueueQuery,
    },
  }, async (req) => {
    const scope = await scopeFor(req);
    const { items, total } = await svc.openQueue(deps.db, scope, { limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
    return {
      items: items.map((i) => ({
        id: i.id, kind: i.kind, urgent: i.urgent === 1, createdAt: i.created_at, target: { type: i.target_type, id: i.target_id },
        categoryId: i.category_id, reports: i.report_count, hiddenByReports: i.hidden_by_reports === 1, crisisClasses: i.crisis_classes ? i.crisis_classes.split(',') : [],
        crisisChoice: i.crisis_choice, url: `/moderation/items/${i.id}`,
      })),
      total,
    };
  });

  // --- One item -----------------------------------------------------------------------------------
  async function loadItem(req: FastifyRequest, id: string) {
    const scope = await scopeFor(req);
    const item = await svc.getItem(deps.db, id);
    if (!item) throw notFound('item_not_found');
    policy.ensureCanActOnItem(req.actor, item, scope);
    return { item, scope };
  }

  async function itemView(req: FastifyRequest, item: svc.Item, scope: svc.Scope): Promise<ItemView> {
    const handler = svc.targetHandler(item.target_type);
    const info = item.target_type !== 'text' && handler ? await handler.load(deps, item.target_id) : undefined;
    const authorRole = info?.authorId && !info.anonymous ? (await deps.accounts.roles([info.authorId])).get(info.authorId) : undefined;
    const thread = handler?.thread ? await handler.thread(deps, item.target_id) : undefined;
    const actions = policy.allowedActions(req.actor, svc.actionsFor(item, handler, thread));
    const categories = actions.includes('move') && handler?.categories ? (await handler.categories(deps)).filter((c) => c.id !== thread?.categoryId) : [];
    const askable = !!info?.anonymous && !!handler?.writer && policy.canAskToUnmask(req.actor, item, scope);
    const requests = askable ? await unmask.requestsForItem(deps.db, item) : [];
    const unmasked = askable ? await unmask.unmaskedFor(deps, { actorId: req.actor.id as string, item }) : undefined;
    return {
      editText: actions.includes('edit') ? info?.text ?? '' : '',
      categories: categories.map((c) => ({ value: c.id, label: req.locale === 'en' ? c.nameEn : c.nameDe })),
      slowCategory: policy.canSlowCategory(req.actor),
      unmask: askable ? { requests: requests.map((r) => ({ status: r.status, createdAt: r.created_at, own: r.requested_by === req.actor.id })), writer: unmasked } : null,
      id: item.id, kind: item.kind, urgent: item.urgent === 1, createdAt: item.created_at, status: item.status, resolution: item.resolution,
      target: info ? { type: item.target_type, url: info.url, text: info.text, author: info.anonymous ? null : info.authorName, authorBadge: policy.authorBadge(authorRole, info.anonymous), anonymous: info.anonymous } : null,
      privateText: svc.privateText(deps, item),
      crisisClasses: item.crisis_classes ? item.crisis_classes.split(',') : [],
      crisisChoice: item.crisis_choice,
      hiddenByReports: item.hidden_by_reports === 1,
      reports: (await svc.reportsOf(deps.db, item.id)).map((r) => ({ reason: r.reason, note: r.note, weight: r.weight, createdAt: r.created_at })),
      // Anonymous writers' history would unmask them: only shown when the target is not anonymous.
      history: info?.anonymous ? [] : (await svc.historyOf(deps.db, item.author_id, item.id)).map((h) => ({ id: h.id, kind: h.kind, status: h.status, resolution: h.resolution, createdAt: h.created_at })),
      actions,
    };
  }

  app.get('/moderation/items/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const { item, scope } = await loadItem(req, req.params.id);
    return sendHtml(reply, <ItemScreen ctx={page(req, reply)} item={await itemView(req, item, scope)} errors={[]} values={{}} />);
  });

  app.post('/moderation/items/:id', { schema: { params: IdParams, body: decisionForm.schema }, attachValidation: true }, async (req, reply) => {
    const { item, scope } = await loadItem(req, req.params.id);
    const { values, errors } = decisionForm.parse(req.body, req.t);
    const action = values.action as svc.Action;
    const view = await itemView(req, item, scope);
    const decision: svc.Decision = { action, message: values.message };
    if (errors.length === 0 && !view.actions.includes(action)) errors.push({ field: 'action', message: req.t('moderation.action.notPossible') });
    if (errors.length === 0) {
      // Every removal, hide, edit, sanction or private answer carries words for the writer (when there is one to reach).
      const needsWords = ['hide', 'delete', 'reply', 'edit', 'silence', 'suspend'].includes(action);
      if (needsWords && !values.message && (item.author_id || (await svc.writerOf(deps, item)))) errors.push({ field: 'message', message: req.t('moderation.action.reasonRequired') });
      if (action === 'edit') {
        if (!values.text.trim()) errors.push({ field: 'text', message: req.t('moderation.field.textRequired') });
        decision.text = values.text;
      }
      if (action === 'move') {
        if (!view.categories.some((c) => c.value === values.category)) errors.push({ field: 'category', message: req.t('moderation.field.categoryRequired') });
        decision.categoryId = values.category;
      }
      if (action === 'slow') {
        decision.minutes = wholeNumber(values.minutes, 0, 1440);
        if (decision.minutes === undefined) errors.push({ field: 'minutes', message: req.t('moderation.field.minutesInvalid') });
        decision.slowScope = values.slowScope === 'category' && view.slowCategory ? 'category' : 'thread';
      }
      if (action === 'silence' || action === 'suspend') {
        decision.days = wholeNumber(values.days, 1, 365);
        if (decision.days === undefined) errors.push({ field: 'days', message: req.t('moderation.field.daysInvalid') });
      }
    }
    if (errors.length > 0) {
      const kept = { action: values.action, message: values.message, text: values.text, category: values.category, minutes: values.minutes, slowScope: values.slowScope, days: values.days };
      return sendHtml(reply, <ItemScreen ctx={page(req, reply)} item={view} errors={errors} values={kept} />, 400);
    }
    await svc.decide(deps, { actorId: req.actor.id as string, item, decision });
    if (svc.RESOLVING.includes(action)) {
      setFlash(reply, 'moderation.action.done');
      return seeOther(reply, '/moderation');
    }
    setFlash(reply, 'moderation.action.stepDone');
    return seeOther(reply, `/moderation/items/${item.id}`);
  });

  // --- Unmasking (two people) ---------------------------------------------------------------------
  app.post('/moderation/items/:id/unmask', { schema: { params: IdParams, body: unmaskForm.schema }, attachValidation: true }, async (req, reply) => {
    const { item, scope } = await loadItem(req, req.params.id);
    policy.ensureCanAskToUnmask(req.actor, item, scope);
    const { values, errors } = unmaskForm.parse(req.body, req.t);
    if (errors.length > 0) {
      return sendHtml(reply, <ItemScreen ctx={page(req, reply)} item={await itemView(req, item, scope)} errors={errors.map((e) => ({ ...e, field: 'unmask-reason' }))} values={{ reason: values.reason }} />, 400);
    }
    const outcome = await unmask.askToUnmask(deps, { actorId: req.actor.id, item, reason: values.reason });
    if (outcome.kind === 'not_anonymous') throw notFound('not_anonymous');
    setFlash(reply, outcome.kind === 'asked' ? 'unmask.asked' : 'unmask.pendingAlready', {}, outcome.kind === 'asked' ? 'success' : 'info');
    return seeOther(reply, `/moderation/items/${item.id}`);
  });

  const UnmaskDecision = Type.Object({ decision: Type.Optional(Type.String({ maxLength: 10 })) });
  app.post('/moderation/unmask/:id', { schema: { params: IdParams, body: UnmaskDecision }, attachValidation: true }, async (req, reply) => {
    const scope = await scopeFor(req);
    const request = await unmask.getRequest(deps.db, req.params.id);
    if (!request) throw notFound();
    const item = request.item_id ? await svc.getItem(deps.db, request.item_id) : undefined;
    // Only a moderator whose scope holds the post, and never the one who asked.
    policy.ensureCanAskToUnmask(req.actor, item ?? { category_id: null, group_id: null }, scope);
    if (!policy.canDecideUnmask(req.actor, request)) throw forbidden('own_unmask_request');
    const confirm = formString((req.body as Record<string, unknown> | undefined)?.decision) === 'confirm';
    const outcome = await unmask.decideUnmask(deps, { actorId: req.actor.id, requestId: request.id, confirm });
    setFlash(reply, outcome === 'confirmed' ? 'unmask.confirmed' : outcome === 'refused' ? 'unmask.refused' : outcome === 'own_request' ? 'unmask.ownRequest' : 'unmask.gone', {}, outcome === 'confirmed' || outcome === 'refused' ? 'success' : 'info');
    return seeOther(reply, '/moderation');
  });

  // --- Reports ------------------------------------------------------------------------------------
  const ReportQuery = Type.Object({ type: Type.Optional(Type.String({ maxLength: 20 })), id: Type.Optional(Type.String({ maxLength: 100 })) });
  app.get('/report', { schema: { querystring: ReportQuery } }, async (req, reply) => {
    policy.ensureCanReport(req.actor);
    const type = req.query.type as svc.ReportTarget;
    if (!(svc.REPORT_TARGETS as readonly string[]).includes(type) || !req.query.id) throw notFound();
    return sendHtml(reply, <ReportScreen ctx={page(req, reply)} type={type} id={req.query.id} errors={[]} values={{}} />);
  });

  app.post('/report', { schema: { body: reportForm.schema }, attachValidation: true }, async (req, reply) => {
    policy.ensureCanReport(req.actor);
    const { values, errors } = reportForm.parse(req.body, req.t);
    const type = values.type as svc.ReportTarget;
    if (!(svc.REPORT_TARGETS as readonly string[]).includes(type) || !values.id) throw notFound();
    if (errors.length > 0) return sendHtml(reply, <ReportScreen ctx={page(req, reply)} type={type} id={values.id} errors={errors} values={{ reason: values.reason, note: values.note }} />, 400);
    const limited = await trust.checkWriteLimit(deps, { userId: req.actor.id, exempt: policy.isExemptFromTrustLimits(req.actor), kind: 'report', field: 'reason' });
    if (limited) return sendHtml(reply, <ReportScreen ctx={page(req, reply)} type={type} id={values.id} errors={[{ field: limited.field, message: req.t(limited.messageKey, limited.params) }]} values={{ reason: values.reason, note: values.note }} />, limited.status);
    const outcome = await svc.fileReport(deps, { reporterId: req.actor.id, reporterIsStaff: policy.reportsCountFully(req.actor), targetType: type, targetId: values.id, reason: values.reason as svc.ReportReason, note: values.note });
    if (outcome.kind === 'unknown_target') throw notFound('report_target_not_found');
    if (outcome.kind === 'reported') await trust.countWrite(deps, { userId: req.actor.id, exempt: policy.isExemptFromTrustLimits(req.actor), kind: 'report' });
    setFlash(reply, outcome.kind === 'already' ? 'report.already' : 'report.sent');
    const handler = svc.targetHandler(type);
    const info = handler ? await handler.load(deps, values.id) : undefined;
    return seeOther(reply, info?.url || '/');
  });

  app.post('/api/v1/reports', {
    schema: {
      summary: 'Report a post, thread, profile or message',
      description: 'Members (session with CSRF token, or a bearer token). Reports are confidential. Several reports hide a post until a moderator reviews it. 201 when filed, 200 when this member had reported it already.',
      tags: ['moderation'],
      body: ReportBody,
    },
  }, async (req, reply) => {
    policy.ensureCanReport(req.actor);
    const body = req.body;
    const exempt = policy.isExemptFromTrustLimits(req.actor);
    const limited = await trust.checkWriteLimit(deps, { userId: req.actor.id, exempt, kind: 'report', field: 'reason' });
    if (limited) throw trust.limitError(limited, req.t);
    const outcome = await svc.fileReport(deps, { reporterId: req.actor.id, reporterIsStaff: policy.reportsCountFully(req.actor), targetType: body.target.type, targetId: body.target.id, reason: body.reason, note: (body.note ?? '').trim() });
    if (outcome.kind === 'unknown_target') throw new AppError(404, 'report_target_not_found', 'report.unknownTarget');
    if (outcome.kind === 'already') return reply.status(200).send({ status: 'already_reported' });
    await trust.countWrite(deps, { userId: req.actor.id, exempt, kind: 'report' });
    return reply.status(201).send({ status: 'reported', id: outcome.itemId });
  });

  // --- A member's notices and answers -----------------------------------------------------------------
  const noticeViews = async (userId: string, pseudonym: string, t: Translator) =>
    (await svc.noticesOf(deps.db, userId)).map((n) => ({
      id: n.id, kind: n.kind, reason: n.reason, body: n.body, createdAt: n.created_at, answered: n.answered_at !== null,
      intro: noticeIntro(n.kind, pseudonym, t),
    }));

  app.get('/notices', async (req, reply) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    const notices = await noticeViews(req.actor.id, req.actor.pseudonym, req.t);
    await svc.markNoticesRead(deps.db, req.actor.id);
    return sendHtml(reply, <NoticesScreen ctx={page(req, reply)} notices={notices} errors={[]} values={{}} />);
  });

  app.post('/notices/:id/answer', { schema: { params: IdParams, body: answerForm.schema }, attachValidation: true }, async (req, reply) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    const { values, errors } = answerForm.parse(req.body, req.t);
    if (errors.length > 0) {
      const notices = await noticeViews(req.actor.id, req.actor.pseudonym, req.t);
      if (!notices.some((n) => n.id === req.params.id)) throw notFound();
      return sendHtml(reply, <NoticesScreen ctx={page(req, reply)} notices={notices} errors={[{ field: `answer-${req.params.id}`, message: errors[0]?.message ?? '' }]} values={{ [req.params.id]: values.answer }} />, 400);
    }
    if (!(await svc.answerNotice(deps, { userId: req.actor.id, noticeId: req.params.id, text: values.answer }))) throw notFound();
    setFlash(reply, 'notices.answered');
    return seeOther(reply, '/notices');
  });

  // --- Kept drafts ---------------------------------------------------------------------------------
  app.get('/drafts', async (req, reply) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    const drafts = (await svc.draftsOf(deps, req.actor.id)).map((d) => {
      const [kind = '', ...rest] = d.context.split(':');
      const url = rest.join(':');
      return { id: d.id, where: req.t(DRAFT_CONTEXTS[kind] ?? 'drafts.context.forum'), url: url.startsWith('/') ? url : '', text: d.text, createdAt: d.createdAt };
    });
    return sendHtml(reply, <DraftsScreen ctx={page(req, reply)} drafts={drafts} />);
  });

  app.post('/drafts/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    if (!(await svc.deleteDraft(deps.db, req.actor.id, req.params.id))) throw notFound();
    setFlash(reply, 'drafts.deleted');
    return seeOther(reply, '/drafts');
  });

  void badRequest;
};
