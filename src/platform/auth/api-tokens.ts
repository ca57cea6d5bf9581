// Personal API tokens: "mt_" + random secret; only the hash is stored. A bearer request acts as
// the token's owner and needs no CSRF token, because browsers never attach it on their own.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Locale, Role } from '../../db/types.ts';
import { UserActor } from './actor.ts';
import { randomToken, sha256 } from './tokens.ts';
import { nowIso } from '../time.ts';

export const API_TOKEN_PREFIX = 'mt_';
const TOUCH_INTERVAL_MS = 60 * 60_000;

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function createApiToken(db: Db, userId: string, name: string): Promise<string> {
  const token = API_TOKEN_PREFIX + randomToken();
  await db.insertInto('api_tokens').values({ id: randomUUID(), user_id: userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null }).execute();
  return token;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const result = await db.deleteFrom('api_tokens').where('user_id', '=', userId).where('id', '=', tokenId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The actor a bearer token stands for, or undefined. */
export async function actorForApiToken(db: Db, token: string): Promise<UserActor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', 'users.id as user_id', 'users.pseudonym', 'users.role', 'users.locale', 'users.email_verified_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.token_id).execute();
  }
  return new UserActor(row.user_id, row.pseudonym, row.role as Role, (row.locale as Locale | null) ?? null, `api:${row.token_id}`, row.email_verified_at !== null);
}
