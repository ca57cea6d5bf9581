// Counters in the database for limits that must hold across processes and restarts
// (failed log-ins per account, reset mails per account).
import type { Db } from '../db/index.ts';

export interface Throttle {
  /** Counts one attempt; false when the limit was already reached in this window. */
  hit(key: string, limit: number, windowMs: number): Promise<boolean>;
  /** True when the limit is reached, without counting. */
  isBlocked(key: string, limit: number): Promise<boolean>;
  clear(key: string): Promise<void>;
  /** Counts one event in a window that starts with the first one; returns the count so far. */
  increment(key: string, windowMs: number): Promise<number>;
  /** Milliseconds until the key's window ends, 0 when there is none. */
  remainingMs(key: string): Promise<number>;
}

export function createThrottle(db: Db): Throttle {
  async function current(key: string): Promise<{ count: number; reset_at: string } | undefined> {
    const row = await db.selectFrom('throttles').select(['count', 'reset_at']).where('key', '=', key).executeTakeFirst();
    if (!row || Date.parse(row.reset_at) <= Date.now()) return undefined;
    return row;
  }
  /** Opens a new window for the key with a count of one, replacing an expired one. */
  async function startWindow(key: string, windowMs: number): Promise<void> {
    const resetAt = new Date(Date.now() + windowMs).toISOString();
    await db
      .insertInto('throttles')
      .values({ key, count: 1, reset_at: resetAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ count: 1, reset_at: resetAt }))
      .execute();
  }
  return {
    async hit(key, limit, windowMs) {
      const row = await current(key);
      if (!row) {
        await startWindow(key, windowMs);
        return true;
      }
      if (row.count >= limit) return false;
      await db.updateTable('throttles').set((eb) => ({ count: eb('count', '+', 1) })).where('key', '=', key).execute();
      return true;
    },
    async isBlocked(key, limit) {
      const row = await current(key);
      return row !== undefined && row.count >= limit;
    },
    async clear(key) {
      await db.deleteFrom('throttles').where('key', '=', key).execute();
    },
    async increment(key, windowMs) {
      const row = await current(key);
      if (!row) {
        await startWindow(key, windowMs);
        return 1;
      }
      await db.updateTable('throttles').set((eb) => ({ count: eb('count', '+', 1) })).where('key', '=', key).execute();
      return row.count + 1;
    },
    async remainingMs(key) {
      const row = await current(key);
      return row ? Math.max(0, Date.parse(row.reset_at) - Date.now()) : 0;
    },
  };
}
