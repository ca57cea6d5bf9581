// Audit trail of what staff and administrators did. Holds ids and field names, never contents.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { nowIso } from './time.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      created_at: nowIso(),
    })
    .execute();
}

export interface AuditFilter {
  /** The actor's pseudonym (exact, any case). */
  actor?: string;
  /** The start of the action, e.g. "moderation." or "account.role_changed". */
  action?: string;
}

export async function listAudit(db: Db, page: number, perPage: number, filter: AuditFilter = {}) {
  let base = db.selectFrom('audit_log');
  if (filter.actor) {
    const actor = filter.actor.trim().toLowerCase();
    base = base.where('actor_id', 'in', db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['pseudonym']), '=', actor)));
  }
  // A plain prefix compare (no LIKE, whose wildcards and escaping differ between the engines).
  const prefix = filter.action?.trim();
  if (prefix) base = base.where(sql<string>`substr(action, 1, ${sql.lit(prefix.length)})`, '=', prefix);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(['id', 'actor_id', 'action', 'subject_type', 'subject_id', 'details', 'created_at'])
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { items, total: Number(total.n) };
}
