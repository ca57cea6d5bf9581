// Audit trail of what staff and administrators did. Holds ids and field names, never contents.
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

export async function listAudit(db: Db, page: number, perPage: number) {
  const total = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('audit_log')
    .select(['id', 'actor_id', 'action', 'subject_type', 'subject_id', 'created_at'])
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { items, total: Number(total.n) };
}
