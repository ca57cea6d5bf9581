// HTTP of versioned community rules: the page to read and agree (/rules/accept), the API to do the
// same, and the administrators' form to publish a new version (/admin/rules).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { characterCount, formString } from '../../platform/forms.ts';
import { AppError } from '../../platform/errors.ts';
import { pageContext, safeLocalPath, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { renderMarkdownBody } from '../../platform/markdown.ts';
import { getPage } from '../pages/index.ts';
import { ensureCanAcceptRules, ensureCanPublishRules } from './policy.ts';
import { acceptanceCount, acceptRules, currentRules, hasAccepted, publishRules } from './rules.ts';
import { RulesAcceptScreen, RulesPublishScreen } from './rules-views.tsx';

const SUMMARY_MAX = 2000;
const AcceptQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })), blocked: Type.Optional(Type.String({ maxLength: 5 })) });
const AcceptForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), next: Type.Optional(Type.String({ maxLength: 1000 })), version: Type.Optional(Type.String({ maxLength: 50 })), agree: Type.Optional(Type.String({ maxLength: 20 })) });
const PublishForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), summary: Type.Optional(Type.String({ maxLength: SUMMARY_MAX * 4 })) });
const AcceptBody = Type.Object({ version: Type.String({ minLength: 1, maxLength: 50 }) });

export const rulesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const rulesHtml = async (locale: 'de' | 'en') => renderMarkdownBody((await getPage(deps.db, 'rules', locale)).body);

  app.get('/rules/accept', { schema: { querystring: AcceptQuery } }, async (req, reply) => {
    ensureCanAcceptRules(req.actor);
    const next = safeLocalPath(req.query.next, '/');
    const rules = await currentRules(deps.db);
    if (await hasAccepted(deps.db, req.actor.id, rules.version)) return seeOther(reply, next);
    return sendHtml(reply, <RulesAcceptScreen ctx={pageContext(req, reply, deps)} rules={rules} safeRulesHtml={await rulesHtml(req.locale)} next={next} blocked={req.query.blocked === '1'} errors={[]} />);
  });

  app.post('/rules/accept', { schema: { body: AcceptForm } }, async (req, reply) => {
    ensureCanAcceptRules(req.actor);
    const next = safeLocalPath(req.body.next, '/');
    const rules = await currentRules(deps.db);
    if (formString(req.body.agree) !== 'yes') {
      const errors = [{ field: 'agree', message: req.t('rules.accept.required') }];
      return sendHtml(reply, <RulesAcceptScreen ctx={pageContext(req, reply, deps)} rules={rules} safeRulesHtml={await rulesHtml(req.locale)} next={next} blocked={false} errors={errors} />, 400);
    }
    await acceptRules(deps.db, req.actor.id, rules.version);
    setFlash(reply, 'rules.accept.done');
    return seeOther(reply, next);
  });

  app.get('/api/v1/rules', { schema: { summary: 'The community rules version in force, and whether the caller agreed to it', tags: ['accounts'] } }, async (req) => {
    const rules = await currentRules(deps.db);
    const accepted = req.actor.kind === 'user' ? await hasAccepted(deps.db, req.actor.id, rules.version) : null;
    return { version: rules.version, summary: rules.summary, publishedAt: rules.publishedAt, url: `${deps.config.baseUrl}/rules`, accepted };
  });

  app.post('/api/v1/rules/accept', { schema: { summary: 'Agree to the community rules version in force (send the version read)', tags: ['accounts'], body: AcceptBody } }, async (req) => {
    ensureCanAcceptRules(req.actor);
    const rules = await currentRules(deps.db);
    if (req.body.version !== rules.version) throw new AppError(409, 'rules_version_changed', 'rules.notAccepted', [{ field: 'version', message: rules.version }]);
    await acceptRules(deps.db, req.actor.id, rules.version);
    return { version: rules.version, accepted: true };
  });

  app.get('/admin/rules', async (req, reply) => {
    ensureCanPublishRules(req.actor);
    const rules = await currentRules(deps.db);
    return sendHtml(reply, <RulesPublishScreen ctx={pageContext(req, reply, deps)} rules={rules} accepted={await acceptanceCount(deps.db, rules.version)} summary="" errors={[]} />);
  });

  app.post('/admin/rules', { schema: { body: PublishForm } }, async (req, reply) => {
    ensureCanPublishRules(req.actor);
    const summary = formString(req.body.summary).trim();
    if (!summary || characterCount(summary) > SUMMARY_MAX) {
      const rules = await currentRules(deps.db);
      const errors = [{ field: 'summary', message: summary ? req.t('form.tooLong', { label: req.t('rules.admin.summary'), max: SUMMARY_MAX, count: characterCount(summary) }) : req.t('rules.admin.summaryRequired') }];
      return sendHtml(reply, <RulesPublishScreen ctx={pageContext(req, reply, deps)} rules={rules} accepted={await acceptanceCount(deps.db, rules.version)} summary={summary} errors={errors} />, 400);
    }
    const version = await publishRules(deps.db, { actorId: req.actor.id, summary });
    setFlash(reply, 'rules.admin.published', { version });
    return seeOther(reply, '/admin/rules');
  });
};
