// HTTP of moderation: the queue page and API, one item and its decision, reports (page and API),
// a member's notices with answers (appeals), kept drafts, the alert-mail setting.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { defineForm, formString } from '../../platform/forms.ts';
import { badRequest, notFound, AppError } from '../../platform/errors.ts';
import { pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import * as policy from './policy.ts';
import * as svc from './service.ts';
import { DraftsScreen, ItemScreen, NoticesScreen, QueueScreen, ReportScreen, type ItemView } from './views.tsx';

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const QueueQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })) });

const decisionForm = defineForm({
  action: { kind: 'choice', label: 'moderation.action.legend', required: true, values: svc.ACTIONS },
  message: { kind: 'longtext', label: 'moderation.action.reason', max: 4000 },
});
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

export const moderationRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const scopeFor = (req: FastifyRequest) => svc.scopeOf(deps.db, req.actor.id as string, policy.isAdministrator(req.actor));

  // --- The queue ----------------------------------------------------------------------------------
  app.get('/moderation', async (req, reply) => {
    policy.ensureCanModerate(req.actor);
    const scope = await scopeFor(req);
    const { items, total } = await svc.openQueue(deps.db, scope, { limit: 200, offset: 0 });
    const newAlerts = await svc.unseenAlerts(deps.db, req.actor.id);
    await svc.markAlertsSeen(deps.db, req.actor.id);
    const rows = items.map((i) => ({ id: i.id, kind: i.kind, urgent: i.urgent === 1, createdAt: i.created_at, reports: i.report_count, where: i.context_url, hidden: i.hidden_by_reports === 1 }));
    return sendHtml(reply, <QueueScreen ctx={page(req, reply)} rows={rows} total={total} newAlerts={newAlerts} mailOptIn={await svc.mailOptIn(deps.db, req.actor.id)} />);
  });

  app.post('/moderation/mail', async (req, reply) => {
    policy.ensureCanModerate(req.actor);
    await svc.setMailOptIn(deps.db, req.actor.id, formString((req.body as Record<string, unknown> | undefined)?.on) === '1');
    setFlash(reply, 'moderation.mail.saved');
    return seeOther(reply, '/moderation');
  });

  app.get('/api/v1/moderation/queue', {
    schema: {
      summary: 'The open review queue, urgent items first',
      description: 'Moderators and administrators only (visitors 401, others 403). A moderator limited to categories sees those categories and items outside any category.',
      tags: ['moderation'],
      querystring: QueueQuery,
    },
  }, async (req) => {
    policy.ensureCanModerate(req.actor);
    const { items, total } = await svc.openQueue(deps.db, await scopeFor(req), { limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
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
    policy.ensureCanModerate(req.actor);
    const item = await svc.getItem(deps.db, id);
    if (!item) throw notFound('item_not_found');
    policy.ensureCanActOnItem(req.actor, item, await scopeFor(req));
    return item;
  }

  async function itemView(item: svc.Item): Promise<ItemView> {
    const handler = svc.targetHandler(item.target_type);
    const info = item.target_type !== 'text' && handler ? await handler.load(deps, item.target_id) : undefined;
    const authorRole = info?.authorId && !info.anonymous ? (await deps.accounts.roles([info.authorId])).get(info.authorId) : undefined;
    return {
      id: item.id, kind: item.kind, urgent: item.urgent === 1, createdAt: item.created_at, status: item.status, resolution: item.resolution,
      target: info ? { type: item.target_type, url: info.url, text: info.text, author: info.anonymous ? null : info.authorName, authorBadge: policy.authorBadge(authorRole, info.anonymous), anonymous: info.anonymous } : null,
      privateText: svc.privateText(deps, item),
      crisisClasses: item.crisis_classes ? item.crisis_classes.split(',') : [],
      crisisChoice: item.crisis_choice,
      hiddenByReports: item.hidden_by_reports === 1,
      reports: (await svc.reportsOf(deps.db, item.id)).map((r) => ({ reason: r.reason, note: r.note, weight: r.weight, createdAt: r.created_at })),
      // Anonymous writers' history would unmask them: only shown when the target is not anonymous.
      history: info?.anonymous ? [] : (await svc.historyOf(deps.db, item.author_id, item.id)).map((h) => ({ id: h.id, kind: h.kind, status: h.status, resolution: h.resolution, createdAt: h.created_at })),
      actions: svc.actionsFor(item, handler),
    };
  }

  app.get('/moderation/items/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const item = await loadItem(req, req.params.id);
    return sendHtml(reply, <ItemScreen ctx={page(req, reply)} item={await itemView(item)} errors={[]} values={{}} />);
  });

  app.post('/moderation/items/:id', { schema: { params: IdParams, body: decisionForm.schema }, attachValidation: true }, async (req, reply) => {
    const item = await loadItem(req, req.params.id);
    const { values, errors } = decisionForm.parse(req.body, req.t);
    const action = values.action as svc.Action;
    if (errors.length === 0 && !svc.actionsFor(item, svc.targetHandler(item.target_type)).includes(action)) errors.push({ field: 'action', message: req.t('moderation.action.notPossible') });
    // Every removal, hide or private answer carries words for the writer.
    if (errors.length === 0 && (action === 'hide' || action === 'delete' || action === 'reply') && item.author_id && !values.message) {
      errors.push({ field: 'message', message: req.t('moderation.action.reasonRequired') });
    }
    if (errors.length > 0) {
      return sendHtml(reply, <ItemScreen ctx={page(req, reply)} item={await itemView(item)} errors={errors} values={{ action: values.action, message: values.message }} />, 400);
    }
    await svc.decide(deps, { actorId: req.actor.id as string, item, decision: { action, message: values.message } });
    setFlash(reply, 'moderation.action.done');
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
    const outcome = await svc.fileReport(deps, { reporterId: req.actor.id, reporterIsStaff: policy.reportsCountFully(req.actor), targetType: type, targetId: values.id, reason: values.reason as svc.ReportReason, note: values.note });
    if (outcome.kind === 'unknown_target') throw notFound('report_target_not_found');
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
    const outcome = await svc.fileReport(deps, { reporterId: req.actor.id, reporterIsStaff: policy.reportsCountFully(req.actor), targetType: body.target.type, targetId: body.target.id, reason: body.reason, note: (body.note ?? '').trim() });
    if (outcome.kind === 'unknown_target') throw new AppError(404, 'report_target_not_found', 'report.unknownTarget');
    if (outcome.kind === 'already') return reply.status(200).send({ status: 'already_reported' });
    return reply.status(201).send({ status: 'reported', id: outcome.itemId });
  });

  // --- A member's notices and answers -----------------------------------------------------------------
  const noticeViews = async (userId: string, pseudonym: string, t: Translator) =>
    (await svc.noticesOf(deps.db, userId)).map((n) => ({
      id: n.id, kind: n.kind, reason: n.reason, body: n.body, createdAt: n.created_at, answered: n.answered_at !== null,
      intro: n.kind === 'reply' ? t('notices.replyIntro', { name: pseudonym }) : t('notices.removedText', { name: pseudonym, action: t(n.kind === 'hidden' ? 'moderation.resolution.hidden' : 'moderation.resolution.deleted') }),
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
