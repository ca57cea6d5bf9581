// HTTP of trust levels and blocking: a member's level (/account/trust), the administrators' settings
// (/admin/trust), blocking and unblocking (from a post or a name link, and the list in the account),
// staff's list of members blocked by many, and the same as JSON under /api/v1.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { formString } from '../../platform/forms.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { pageContext, safeLocalPath, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import * as policy from './policy.ts';
import * as trust from './trust.ts';
import * as blocking from './blocking.ts';
import { BlockedByManyScreen, BlockListScreen, BlockScreen, TrustScreen, TrustSettingsScreen } from './views-trust.tsx';

const MAX_SETTING = 100_000;
const BlockQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })), next: Type.Optional(Type.String({ maxLength: 1000 })) });
const BlockForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), name: Type.Optional(Type.String({ maxLength: 100 })), next: Type.Optional(Type.String({ maxLength: 1000 })) });
const BlockBody = Type.Object({ pseudonym: Type.String({ minLength: 1, maxLength: 100 }) });
const PseudonymParams = Type.Object({ pseudonym: Type.String({ minLength: 1, maxLength: 100 }) });

export const trustRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);

  async function trustData(req: FastifyRequest) {
    const userId = req.actor.id as string;
    const record = await trust.trustOf(deps, userId);
    return { record, settings: await trust.trustSettings(deps.db), exempt: policy.isExemptFromTrustLimits(req.actor), reportPercent: trust.reportBaseWeight(record.level) };
  }

  // --- A member's level --------------------------------------------------------------------------
  app.get('/account/trust', async (req, reply) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    return sendHtml(reply, <TrustScreen ctx={page(req, reply)} data={await trustData(req)} />);
  });

  app.get('/api/v1/account/trust', { schema: { summary: 'The caller\'s trust level and what it allows (0 = no limit)', tags: ['moderation'] } }, async (req) => {
    policy.ensureCanSeeOwnInbox(req.actor);
    const { record, settings, exempt } = await trustData(req);
    const limits = Object.fromEntries(trust.LIMIT_KEYS.map((k) => [k, exempt ? 0 : settings.limits[k][record.level]]));
    return { level: record.level, name: req.t(`trust.level.${record.level}`), exempt, limits, signals: { days: record.days, postsRead: record.read, postsWritten: record.written, upheldReports: record.upheld }, computedAt: record.computedAt };
  });

  // --- Administrators' settings ------------------------------------------------------------------
  const settingsValues = async () => {
    const flat = trust.flatSettings(await trust.trustSettings(deps.db));
    const values = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, String(v)]));
    values.block_alert_threshold = String(await blocking.blockAlertThreshold(deps.db));
    return values;
  };

  app.get('/admin/trust', async (req, reply) => {
    policy.ensureCanSetTrust(req.actor);
    return sendHtml(reply, <TrustSettingsScreen ctx={page(req, reply)} values={await settingsValues()} errors={[]} />);
  });

  app.post('/admin/trust', async (req, reply) => {
    policy.ensureCanSetTrust(req.actor);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const names = [...Object.keys(trust.flatSettings(trust.TRUST_DEFAULTS)), 'block_alert_threshold'];
    const values: Record<string, string> = {};
    const numbers: Record<string, number> = {};
    const errors: FieldProblem[] = [];
    for (const name of names) {
      const raw = formString(body[name]).trim().slice(0, 20);
      values[name] = raw;
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n > MAX_SETTING || (name === 'block_alert_threshold' && n < 1)) errors.push({ field: name, message: req.t('trust.settings.invalid') });
      else numbers[name] = n;
    }
    // A higher level may not ask for less than the one below it: levels are steps, not branches.
    if (errors.length === 0) {
      for (const level of [2, 3] as const) {
        for (const key of trust.THRESHOLD_KEYS) {
          const name = `trust.threshold.${level}.${key}`;
          if ((numbers[name] ?? 0) < (numbers[`trust.threshold.${level - 1}.${key}`] ?? 0)) errors.push({ field: name, message: req.t('trust.settings.order', { level, lower: level - 1 }) });
        }
      }
    }
    if (errors.length > 0) return sendHtml(reply, <TrustSettingsScreen ctx={page(req, reply)} values={values} errors={errors} />, 400);
    const { block_alert_threshold: blockAlert, ...trustValues } = numbers;
    await trust.saveTrustSettings(deps.db, trustValues, { blockAlert: blockAlert ?? blocking.BLOCK_ALERT_DEFAULT, actorId: req.actor.id });
    // New thresholds apply at the job's next run; it is asked to run now.
    await deps.jobs.enqueue(trust.TRUST_JOB_NOW, {});
    setFlash(reply, 'trust.settings.saved');
    return seeOther(reply, '/admin/trust');
  });

  // --- Blocking ----------------------------------------------------------------------------------
  app.get('/block', { schema: { querystring: BlockQuery } }, async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const next = safeLocalPath(req.query.next, '/account/blocked');
    const person = req.query.name ? await deps.accounts.findByPseudonym(req.query.name) : undefined;
    if (!person) throw new AppError(404, 'person_not_found', 'block.unknown');
    if (person.id === req.actor.id) throw new AppError(400, 'cannot_block_self', 'block.self');
    return sendHtml(reply, <BlockScreen ctx={page(req, reply)} name={person.pseudonym} next={next} />);
  });

  app.post('/blocks', { schema: { body: BlockForm } }, async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const next = safeLocalPath(req.body.next, '/account/blocked');
    const person = req.body.name ? await deps.accounts.findByPseudonym(req.body.name) : undefined;
    if (!person) throw new AppError(404, 'person_not_found', 'block.unknown');
    if (person.id === req.actor.id) throw new AppError(400, 'cannot_block_self', 'block.self');
    await blocking.block(deps.db, req.actor.id, person.id);
    setFlash(reply, 'block.done', { name: person.pseudonym });
    return seeOther(reply, next);
  });

  app.post('/blocks/remove', { schema: { body: BlockForm } }, async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const next = safeLocalPath(req.body.next, '/account/blocked');
    const person = req.body.name ? await deps.accounts.findByPseudonym(req.body.name) : undefined;
    if (!person) throw new AppError(404, 'person_not_found', 'block.unknown');
    await blocking.unblock(deps.db, req.actor.id, person.id);
    setFlash(reply, 'block.undone', { name: person.pseudonym });
    return seeOther(reply, next);
  });

  app.get('/account/blocked', async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const rows = await blocking.blockList(deps.db, req.actor.id);
    return sendHtml(reply, <BlockListScreen ctx={page(req, reply)} rows={rows} />);
  });

  app.get('/api/v1/blocks', { schema: { summary: 'People the caller has blocked', tags: ['moderation'] } }, async (req) => {
    policy.ensureCanBlock(req.actor);
    const rows = await blocking.blockList(deps.db, req.actor.id);
    return { items: rows.map((r) => ({ pseudonym: r.pseudonym, since: r.since })), total: rows.length };
  });

  app.post('/api/v1/blocks', { schema: { summary: 'Block a member (they are not told). 201 when new, 200 when already blocked.', tags: ['moderation'], body: BlockBody } }, async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const person = await deps.accounts.findByPseudonym(req.body.pseudonym);
    if (!person) throw new AppError(404, 'person_not_found', 'block.unknown');
    if (person.id === req.actor.id) throw new AppError(400, 'cannot_block_self', 'block.self', [{ field: 'pseudonym', message: req.t('block.self') }]);
    const created = await blocking.block(deps.db, req.actor.id, person.id);
    return reply.status(created ? 201 : 200).send({ status: created ? 'blocked' : 'already_blocked' });
  });

  app.delete('/api/v1/blocks/:pseudonym', { schema: { summary: 'Unblock a member', tags: ['moderation'], params: PseudonymParams } }, async (req, reply) => {
    policy.ensureCanBlock(req.actor);
    const person = await deps.accounts.findByPseudonym(req.params.pseudonym);
    if (!person || !(await blocking.unblock(deps.db, req.actor.id, person.id))) throw new AppError(404, 'block_not_found', 'block.unknown');
    return reply.status(204).send();
  });

  // --- Staff: blocked by many --------------------------------------------------------------------
  app.get('/moderation/blocks', async (req, reply) => {
    policy.ensureCanModerate(req.actor);
    const threshold = await blocking.blockAlertThreshold(deps.db);
    const rows = await blocking.blockedByMany(deps.db, threshold);
    return sendHtml(reply, <BlockedByManyScreen ctx={page(req, reply)} threshold={threshold} rows={rows} />);
  });

  app.get('/api/v1/moderation/blocks', { schema: { summary: 'Members blocked by at least the threshold of different people (moderators)', tags: ['moderation'] } }, async (req) => {
    policy.ensureCanModerate(req.actor);
    const threshold = await blocking.blockAlertThreshold(deps.db);
    const rows = await blocking.blockedByMany(deps.db, threshold);
    return { threshold, items: rows.map((r) => ({ pseudonym: r.pseudonym, blockers: r.blockers, latest: r.latest })), total: rows.length };
  });
};
