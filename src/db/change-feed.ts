// Reads the directory change feed so that no committed change is ever skipped, on either engine.
//
// SQLite lets one writer at a time hold the database from its first write to its commit, so the
// sequence numbers commit in order: everything above the highest number read is still to come.
// PostgreSQL hands out sequence numbers at insert time, and a transaction that took a low number
// can commit after one that took a higher number (an import running for minutes beside a quick
// edit). There, each row carries the id of the transaction that wrote it, and a reader remembers
// the xmin of the snapshot it read with: every transaction that had not committed by then has an
// id at or above that xmin, so the next read from xmin on sees all of them. Rows at or above xmin
// that were already read are remembered by number and skipped when they come again.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { engineOf } from './adapter.ts';
import type { Database } from './types.ts';

export type FeedCursor =
  | { engine: 'sqlite'; seq: number }
  | { engine: 'postgres'; xmin: string; seen: Set<number> };

export interface FeedRow {
  seq: number;
  group_id: string;
  subject: string;
}

/** A position before a full read: every change committed after this call is read from here on. */
export async function feedStart(db: Kysely<Database>): Promise<FeedCursor> {
  if (engineOf(db) === 'sqlite') {
    const last = await db.selectFrom('directory_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return { engine: 'sqlite', seq: Number(last?.seq ?? 0) };
  }
  const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  return { engine: 'postgres', xmin: (rows[0] as { xmin: string }).xmin, seen: new Set() };
}

/** The changes committed since the cursor (each once), in sequence order, and the cursor after them. */
export async function readFeed(db: Kysely<Database>, cursor: FeedCursor): Promise<{ rows: FeedRow[]; cursor: FeedCursor }> {
  if (cursor.engine === 'sqlite') {
    const rows = await db.selectFrom('directory_changes').select(['seq', 'group_id', 'subject']).where('seq', '>', cursor.seq).orderBy('seq').execute();
    const last = rows[rows.length - 1];
    return { rows, cursor: last ? { engine: 'sqlite', seq: last.seq } : cursor };
  }
  // One statement, so the rows and the xmin come from the same snapshot.
  const { rows } = await sql<{ xmin: string; seq: number | null; group_id: string | null; subject: string | null; open: boolean | null }>`
    with s as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select s.xmin::text as xmin, c.seq, c.group_id, c.subject, c.txid >= s.xmin as open
    from s left join directory_changes c on c.txid >= ${cursor.xmin}::xid8
    order by c.seq`.execute(db);
  const xmin = (rows[0] as { xmin: string }).xmin;
  const fresh: FeedRow[] = [];
  const seen = new Set<number>();
  for (const r of rows) {
    if (r.seq === null) continue;
    const seq = Number(r.seq);
    // Rows written by transactions below the new xmin are never read again; the others are.
    if (r.open) seen.add(seq);
    if (!cursor.seen.has(seq)) fresh.push({ seq, group_id: r.group_id as string, subject: r.subject as string });
  }
  return { rows: fresh, cursor: { engine: 'postgres', xmin, seen } };
}
