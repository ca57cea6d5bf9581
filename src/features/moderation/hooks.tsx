// What moderation adds to every request: a suspension holds everywhere from the next request on, and
// the people who work the queue see it in the header with its count.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { factFlag } from '../../platform/auth/sessions.ts';
import { pageContext, sendHtml } from '../../platform/http.tsx';
import * as policy from './policy.ts';
import * as svc from './service.ts';
import { SuspendedScreen } from './views.tsx';

/** Where a suspended person may still go: help in a crisis, the moderators' message (to answer it), signing out. */
const OPEN_WHILE_SUSPENDED = /^\/(help|notices|logout|language|assets|healthz|leichte-sprache)(\/|\?|$)/;

/**
 * A suspension holds from the next request on, everywhere: pages show why and until when, every write
 * and the API are refused. (A silence is enforced where people write, by writeRefusal.)
 */
export function registerSanctionCheck(app: FastifyInstance, deps: Deps): void {
  // Asked with the session's own query; why and until when are read only for a suspended person.
  deps.sessionFacts.define('moderation.suspended', svc.suspendedFact);
  app.addHook('preHandler', async (req, reply) => {
    if (req.actor.kind !== 'user' || OPEN_WHILE_SUSPENDED.test(req.url)) return;
    if (factFlag(req.sessionFacts, 'moderation.suspended') === false) return;
    const sanction = await svc.activeSanction(deps.db, req.actor.id);
    if (sanction?.kind !== 'suspend') return;
    if (req.method === 'GET' && !req.url.startsWith('/api/')) {
      return sendHtml(reply, <SuspendedScreen ctx={pageContext(req, reply, deps)} until={sanction.until} reason={sanction.reason} />, 403);
    }
    throw new AppError(403, 'account_suspended', 'moderation.suspended.title');
  });
}

/** Moderators, administrators and facilitators of a board see the queue in the header with its open and urgent count. */
export function registerQueueBadge(app: FastifyInstance, deps: Deps): void {
  // Most members facilitate nothing: the session's query says so, and their pages ask nothing more.
  deps.sessionFacts.define('moderation.facilitates', svc.facilitatesFact);
  app.addHook('preHandler', async (req) => {
    if (req.actor.kind !== 'user' || req.method !== 'GET' || req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.url.includes('/live')) return;
    const staff = policy.isAdministrator(req.actor) || policy.canModerate(req.actor);
    if (!staff && factFlag(req.sessionFacts, 'moderation.facilitates') === false) return;
    const scope = await svc.scopeOf(deps.db, req.actor.id, { admin: policy.isAdministrator(req.actor), moderator: policy.canModerate(req.actor) });
    if (!policy.seesQueueBadge(req.actor, scope)) return;
    const counts = await svc.queueCounts(deps.db, scope);
    const detail = counts.urgent > 0 ? req.t('layout.moderationUrgent', { count: counts.urgent }) : counts.open > 0 ? req.t('layout.moderationCount', { count: counts.open }) : undefined;
    (req.headerLinks ??= []).push({ href: '/moderation', label: req.t('layout.moderationQueue'), detail, urgent: counts.urgent > 0 });
  });
}

