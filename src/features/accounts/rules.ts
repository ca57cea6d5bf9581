// Versioned community rules: which version is in force (the newest an administrator published, or
// the shipped one), whether a member agreed to it (their consents), publishing a new version, and
// the gate that asks members to read and agree before they write again. Reading stays open.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { factFlag, type SessionFact } from '../../platform/auth/sessions.ts';
import type { Deps } from '../../platform/deps.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import { RULES_VERSION } from '../pages/index.ts';

export interface RulesVersion {
  version: string;
  summary: string;
  /** Null for the version this software ships (rules-1). */
  publishedAt: string | null;
}

/**
 * The version in force, kept for a few seconds per database for the rules pages and for requests with
 * a bearer token (a version published by another process reaches those within that time). The gate
 * of a signed-in browser asks it with the session's query instead (rulesVersionFact), never older
 * than the request.
 */
const CACHE_MS = 10_000;
const cache = new WeakMap<object, { at: number; value: RulesVersion }>();

export async function currentRules(db: Db, fresh = false): Promise<RulesVersion> {
  const cached = cache.get(db);
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const row = await db.selectFrom('rules_versions').select(['version', 'summary', 'published_at']).orderBy('published_at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst();
  const value = row ? { version: row.version, summary: row.summary, publishedAt: row.published_at } : { version: RULES_VERSION, summary: '', publishedAt: null };
  cache.set(db, { at: Date.now(), value });
  return value;
}

/** The version in force in SQL, as currentRules reads it: the newest published version, or the shipped one. */
const versionInForce = () => sql<string>`coalesce((select version from rules_versions order by published_at desc, version desc limit 1), ${RULES_VERSION})`;

/** The gate's two questions, asked with the session on every signed-in request, never older than the request. */
export const rulesVersionFact: SessionFact = () => versionInForce();
export const rulesAcceptedFact: SessionFact = ({ userId }) =>
  sql`exists (select 1 from consents where user_id = ${userId} and kind = 'community_rules' and version = ${versionInForce()})`;

export async function hasAccepted(db: Db, userId: string, version: string): Promise<boolean> {
  const row = await db.selectFrom('consents').select('id').where('user_id', '=', userId).where('kind', '=', 'community_rules').where('version', '=', version).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function acceptRules(db: Db, userId: string, version: string): Promise<void> {
  if (await hasAccepted(db, userId, version)) return;
  await db.insertInto('consents').values({ user_id: userId, kind: 'community_rules', version, given_at: nowIso() }).execute();
}

/** Publishes the next version ("rules-N"); the administrator agrees to it at once. Audit in the same transaction. */
export async function publishRules(db: Db, o: { actorId: string; summary: string }): Promise<string> {
  const version = await db.transaction().execute(async (trx) => {
    const count = Number((await trx.selectFrom('rules_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // The shipped text is rules-1, so the first published version is rules-2.
    const version = `rules-${count + 2}`;
    const now = nowIso();
    await trx.insertInto('rules_versions').values({ version, summary: o.summary, published_by: o.actorId, published_at: now }).execute();
    await trx.insertInto('consents').values({ user_id: o.actorId, kind: 'community_rules', version, given_at: now }).execute();
    await recordAudit(trx, { actorId: o.actorId, action: 'rules.publish', subjectType: 'rules', subjectId: version, details: { summaryLength: o.summary.length } });
    return version;
  });
  await currentRules(db, true);
  return version;
}

export async function acceptanceCount(db: Db, version: string): Promise<{ count: number; total: number }> {
  const count = await db.selectFrom('consents').select((eb) => eb.fn.count<number>('user_id').distinct().as('n')).where('kind', '=', 'community_rules').where('version', '=', version).executeTakeFirstOrThrow();
  const total = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { count: Number(count.n), total: Number(total.n) };
}

// ---------------------------------------------------------------- the gate

/** Where the gate never stands: the rules themselves, signing in and out, language, crisis help, assets. */
const OPEN_PATHS = ['/rules', '/api/v1/rules', '/logout', '/login', '/language', '/help', '/assets/', '/healthz', '/metrics', '/api/openapi.json'];
const SEEN_COOKIE = 'rules_seen';

function isOpen(path: string): boolean {
  return OPEN_PATHS.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`) || path.startsWith(`${p}?`));
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Members who have not agreed to the version in force: API writes answer 403 problem+json; page
 * writes go to the rules page first; the first page they open after a new version is the rules page
 * too (once: a cookie remembers it), from which "read on" leads back where they were going.
 */
export function registerRulesGate(app: { addHook: (name: 'preHandler', hook: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => unknown }, deps: Deps): void {
  // Asked with the session's own query, so the gate costs no round trip of its own and sees a version
  // another process published at the next request. A request with a bearer token asks here.
  deps.sessionFacts.define('rules.version', rulesVersionFact);
  deps.sessionFacts.define('rules.accepted', rulesAcceptedFact);
  app.addHook('preHandler', async (req, reply) => {
    if (req.actor.kind !== 'user') return;
    const path = req.url.split('?')[0] ?? '/';
    if (isOpen(path) || path.includes('/live')) return;
    const api = path.startsWith('/api/');
    const write = WRITES.has(req.method);
    if (api && !write) return;
    if (!write && req.method !== 'GET') return;
    const known = req.sessionFacts?.get('rules.version');
    const accepted = factFlag(req.sessionFacts, 'rules.accepted');
    let rules: { version: string };
    if (typeof known === 'string' && accepted !== undefined) {
      if (accepted) return;
      rules = { version: known };
    } else {
      rules = await currentRules(deps.db);
      if (await hasAccepted(deps.db, req.actor.id, rules.version)) return;
    }
    if (api) {
      const problem = {
        type: `${deps.config.baseUrl}/problems/rules-not-accepted`, title: req.t('rules.notAccepted'), status: 403, code: 'rules_not_accepted',
        instance: path, rulesVersion: rules.version, accept: `${deps.config.baseUrl}/api/v1/rules/accept`, read: `${deps.config.baseUrl}/rules`,
      };
      return reply.status(403).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    }
    if (write) {
      const back = req.headers.referer ? new URL(req.headers.referer, 'http://x').pathname : '/';
      return reply.status(303).header('location', `/rules/accept?next=${encodeURIComponent(back)}&blocked=1`).send();
    }
    // A page to read: asked once per version, then reading goes on undisturbed.
    if (req.cookies?.[SEEN_COOKIE] === rules.version) return;
    void reply.setCookie(SEEN_COOKIE, rules.version, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies });
    return reply.status(303).header('location', `/rules/accept?next=${encodeURIComponent(req.url)}`).send();
  });
}
