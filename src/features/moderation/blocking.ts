// Blocking: a member keeps another member out of their way. The blocked one's posts reach the blocker
// folded, their mentions of the blocker are not delivered (the post still shows "@name"; nobody is
// told), and they are never told that they were blocked. Staff see who is blocked by many people.
import type { Db } from '../../db/index.ts';
import { nowIso } from '../../platform/time.ts';

/** Default number of different blockers from which staff see a member in /moderation/blocks. */
export const BLOCK_ALERT_DEFAULT = 3;

export async function block(db: Db, blockerId: string, blockedId: string): Promise<boolean> {
  if (blockerId === blockedId) return false;
  const result = await db.insertInto('user_blocks').values({ blocker_id: blockerId, blocked_id: blockedId, created_at: nowIso() }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unblock(db: Db, blockerId: string, blockedId: string): Promise<boolean> {
  const result = await db.deleteFrom('user_blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whom a member has blocked (ids). */
export async function blockedBy(db: Db, blockerId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('user_blocks').select('blocked_id').where('blocker_id', '=', blockerId).execute();
  return new Set(rows.map((r) => r.blocked_id));
}

/** Of the given people, those who have blocked `userId` (to leave them out of mentions). */
export async function blockersAmong(db: Db, userId: string, among: readonly string[]): Promise<Set<string>> {
  if (among.length === 0) return new Set();
  const rows = await db.selectFrom('user_blocks').select('blocker_id').where('blocked_id', '=', userId).where('blocker_id', 'in', [...among]).execute();
  return new Set(rows.map((r) => r.blocker_id));
}

/** A member's list, newest first, with pseudonyms. */
export async function blockList(db: Db, blockerId: string): Promise<Array<{ id: string; pseudonym: string; since: string }>> {
  const rows = await db
    .selectFrom('user_blocks')
    .innerJoin('users', 'users.id', 'user_blocks.blocked_id')
    .select(['users.id as id', 'users.pseudonym as pseudonym', 'user_blocks.created_at as since'])
    .where('user_blocks.blocker_id', '=', blockerId)
    .orderBy('user_blocks.created_at', 'desc')
    .limit(500)
    .execute();
  return rows;
}

/** Members blocked by at least `threshold` different people, most blocked first (for staff). */
export async function blockedByMany(db: Db, threshold: number): Promise<Array<{ id: string; pseudonym: string; blockers: number; latest: string }>> {
  const rows = await db
    .selectFrom('user_blocks')
    .innerJoin('users', 'users.id', 'user_blocks.blocked_id')
    .select(['users.id as id', 'users.pseudonym as pseudonym', (eb) => eb.fn.countAll<number>().as('blockers'), (eb) => eb.fn.max('user_blocks.created_at').as('latest')])
    .groupBy(['users.id', 'users.pseudonym'])
    .having((eb) => eb.fn.countAll(), '>=', threshold)
    .orderBy('blockers', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, pseudonym: r.pseudonym, blockers: Number(r.blockers), latest: String(r.latest) }));
}

export async function blockAlertThreshold(db: Db): Promise<number> {
  const row = await db.selectFrom('moderation_settings').select('value').where('key', '=', 'block_alert_threshold').executeTakeFirst();
  const n = row ? Number(row.value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : BLOCK_ALERT_DEFAULT;
}
