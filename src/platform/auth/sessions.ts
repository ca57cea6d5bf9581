// Sessions stored in the database. The cookie holds a random token; the table holds its hash.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Locale, Role } from '../../db/types.ts';
import { UserActor } from './actor.ts';
import { randomToken, sha256 } from './tokens.ts';
import { nowIso } from '../time.ts';

const TOUCH_INTERVAL_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface SessionInfo {
  handle: string;
  device: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** A short description of the browser, never the full user-agent string. */
export function describeDevice(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /OPR\//.test(ua) ? 'Opera'
    : /Chrome\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : '';
  const os = /Android/.test(ua) ? 'Android'
    : /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /Linux/.test(ua) ? 'Linux'
    : '';
  if (browser && os) return `${browser} (${os})`;
  return browser || os || '?';
}

export async function createSession(db: Db, userId: string, userAgent: string | undefined, idleDays: number): Promise<string> {
  const token = randomToken();
  const now = nowIso();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      handle: randomToken(9),
      user_id: userId,
      device: describeDevice(userAgent),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(Date.now() + idleDays * DAY_MS).toISOString(),
    })
    .execute();
  return token;
}

/** What a fact's SQL may use: the person's id (a column of the session's query) and the request's time. */
export interface FactContext {
  userId: RawBuilder<string>;
  now: string;
}

/** A scalar SQL expression (a count, an `exists`, a value) that must read alike on SQLite and PostgreSQL. */
export type SessionFact = (context: FactContext) => RawBuilder<unknown>;

/**
 * Facts about the signed-in person that hooks ask on (nearly) every request: a suspension, agreement
 * to the rules in force, unread notifications. Features define them when they register; they are
 * answered inside the session's own query, so a signed-in request costs one round trip to the
 * database before its handler instead of one per hook. They are still read afresh for every
 * request, so what any process changes (a suspension, a new version of the rules) holds at the next
 * request; nothing about a person is kept between requests.
 */
export class SessionFacts {
  private readonly facts = new Map<string, SessionFact>();

  define(name: string, fact: SessionFact): void {
    if (this.facts.has(name)) throw new Error(`the session fact ${name} is defined twice`);
    this.facts.set(name, fact);
  }

  list(): Array<[string, SessionFact]> {
    return [...this.facts];
  }
}

/** The facts of one request by name; a fact that was not asked (a bearer token, no such fact) is absent. */
export type FactValues = ReadonlyMap<string, unknown>;

/** A yes/no fact as both engines return it (SQLite 0/1, PostgreSQL true/false); undefined when not asked. */
export function factFlag(values: FactValues | null | undefined, name: string): boolean | undefined {
  const value = values?.get(name);
  return value === undefined || value === null ? undefined : value === true || Number(value) > 0;
}

/** A count as both engines return it (PostgreSQL gives a count as text); undefined when not asked. */
export function factNumber(values: FactValues | null | undefined, name: string): number | undefined {
  const value = values?.get(name);
  return value === undefined || value === null ? undefined : Number(value);
}

/** The actor a session cookie stands for with the facts features defined, in one query; undefined when unknown or expired. */
export async function sessionFor(db: Db, token: string, idleDays: number, facts?: SessionFacts): Promise<{ actor: UserActor; facts: FactValues } | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = sha256(token);
  const defined = facts?.list() ?? [];
  const context: FactContext = { userId: sql.ref<string>('users.id'), now: nowIso() };
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.pseudonym',
      'users.role',
      'users.locale',
      'users.email_verified_at',
    ])
    .select(defined.map(([, fact], i) => fact(context).as(`fact_${i}`)) as never[])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return undefined;
  }
  // Write at most every few minutes, so reading pages does not mean writing the database.
  if (now - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + idleDays * DAY_MS).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const values = new Map<string, unknown>();
  defined.forEach(([name], i) => values.set(name, (row as Record<string, unknown>)[`fact_${i}`]));
  return { actor: new UserActor(row.user_id, row.pseudonym, row.role as Role, (row.locale as Locale | null) ?? null, row.session_id, row.email_verified_at !== null), facts: values };
}

export async function listSessions(db: Db, userId: string, currentSessionId: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'handle', 'device', 'created_at', 'last_seen_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', nowIso())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({ handle: r.handle, device: r.device, createdAt: r.created_at, lastSeenAt: r.last_seen_at, current: r.id === currentSessionId }));
}

export async function endSessionByHandle(db: Db, userId: string, handle: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('handle', '=', handle).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a person, except one (the one they are using) when given. */
export async function endOtherSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function purgeExpiredSessions(db: Db): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', nowIso()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
