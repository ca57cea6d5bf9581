// Protected anonymity: who wrote an anonymous post stays sealed until two people agree. A moderator
// asks with a reason; a second moderator or an administrator (never the one who asked) confirms;
// only then does the one who asked see the writer, for a limited time. Every step has its audit row
// in the same transaction, and the writer is told that it happened (not by whom).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import { targetHandler, type Item } from './service.ts';

/** How long a confirmed unmasking shows the writer to the one who asked. */
export const UNMASK_VISIBLE_HOURS = 24;

export type UnmaskRequest = NonNullable<Awaited<ReturnType<typeof getRequest>>>;

export async function getRequest(db: Db, id: string) {
  return db.selectFrom('unmask_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requestsForItem(db: Db, item: Pick<Item, 'target_type' | 'target_id'>) {
  return db.selectFrom('unmask_requests').selectAll().where('target_type', '=', item.target_type).where('target_id', '=', item.target_id).orderBy('created_at', 'desc').execute();
}

/** Requests waiting for a second person, oldest first (with the item they were asked from). */
export async function pendingRequests(db: Db) {
  return db.selectFrom('unmask_requests').selectAll().where('status', '=', 'pending').orderBy('created_at').limit(100).execute();
}

export type AskOutcome = { kind: 'asked'; id: string } | { kind: 'not_anonymous' } | { kind: 'pending_already' };

export async function askToUnmask(deps: Deps, { actorId, item, reason }: { actorId: string; item: Item; reason: string }): Promise<AskOutcome> {
  const handler = targetHandler(item.target_type);
  const info = handler ? await handler.load(deps, item.target_id) : undefined;
  if (!info?.anonymous || !handler?.writer) return { kind: 'not_anonymous' };
  return deps.db.transaction().execute(async (trx): Promise<AskOutcome> => {
    const open = await trx.selectFrom('unmask_requests').select('id').where('target_type', '=', item.target_type).where('target_id', '=', item.target_id)
      .where('requested_by', '=', actorId).where('status', '=', 'pending').executeTakeFirst();
    if (open) return { kind: 'pending_already' };
    const id = randomUUID();
    const now = nowIso();
    await trx.insertInto('unmask_requests').values({
      id, target_type: item.target_type, target_id: item.target_id, item_id: item.id, requested_by: actorId, reason, created_at: now, status: 'pending', decided_by: null, decided_at: null, visible_until: null,
    }).execute();
    // The reason is staff's own words about why, not the member's text: it belongs in the log.
    await recordAudit(trx, { actorId, action: 'moderation.unmask_requested', subjectType: item.target_type, subjectId: item.target_id, details: { request: id, item: item.id, reason } });
    return { kind: 'asked', id };
  });
}

export type DecideOutcome = 'confirmed' | 'refused' | 'gone' | 'own_request';

/** A second person confirms or refuses. The one who asked can do neither (the check is here, not only in the form). */
export async function decideUnmask(deps: Deps, { actorId, requestId, confirm }: { actorId: string; requestId: string; confirm: boolean }): Promise<DecideOutcome> {
  const request = await getRequest(deps.db, requestId);
  if (!request || request.status !== 'pending') return 'gone';
  if (request.requested_by === actorId) return 'own_request';
  const writer = confirm ? await targetHandler(request.target_type)?.writer?.(deps, request.target_id) : undefined;
  return deps.db.transaction().execute(async (trx): Promise<DecideOutcome> => {
    const now = new Date();
    const visibleUntil = confirm ? new Date(now.getTime() + UNMASK_VISIBLE_HOURS * 3_600_000).toISOString() : null;
    const changed = await trx.updateTable('unmask_requests')
      .set({ status: confirm ? 'confirmed' : 'refused', decided_by: actorId, decided_at: now.toISOString(), visible_until: visibleUntil })
      .where('id', '=', requestId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return 'gone';
    await recordAudit(trx, {
      actorId, action: confirm ? 'moderation.unmask_confirmed' : 'moderation.unmask_refused', subjectType: request.target_type, subjectId: request.target_id,
      details: { request: request.id, requestedBy: request.requested_by, requestedAt: request.created_at, reason: request.reason, visibleUntil },
    });
    if (confirm && writer) {
      // The writer learns that it happened, never by whom.
      await trx.insertInto('moderation_notices').values({
        id: randomUUID(), user_id: writer.id, item_id: request.item_id, kind: 'unmasked', reason: '', body: '', created_at: now.toISOString(), read_at: null, answered_at: null,
      }).execute();
    }
    return confirm ? 'confirmed' : 'refused';
  });
}

/** The writer, for the one who asked while their confirmed request lasts; nobody else, and nothing after. */
export async function unmaskedFor(deps: Deps, { actorId, item }: { actorId: string; item: Pick<Item, 'target_type' | 'target_id'> }): Promise<{ pseudonym: string; until: string } | undefined> {
  const granted = await deps.db.selectFrom('unmask_requests').select(['visible_until']).where('target_type', '=', item.target_type).where('target_id', '=', item.target_id)
    .where('requested_by', '=', actorId).where('status', '=', 'confirmed').where('visible_until', '>', nowIso()).orderBy('visible_until', 'desc').executeTakeFirst();
  if (!granted?.visible_until) return undefined;
  const writer = await targetHandler(item.target_type)?.writer?.(deps, item.target_id);
  return writer ? { pseudonym: writer.pseudonym, until: granted.visible_until } : undefined;
}
