// Sessions stored in the database. The cookie holds a random token; the table holds its hash.
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

/** The actor a session cookie stands for, or undefined when it is unknown or has expired. */
export async function actorForSession(db: Db, token: string, idleDays: number): Promise<UserActor | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = sha256(token);
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
  return new UserActor(row.user_id, row.pseudonym, row.role as Role, (row.locale as Locale | null) ?? null, row.session_id, row.email_verified_at !== null);
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
