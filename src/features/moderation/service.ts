// The review queue and everything that feeds it: crisis items, reports (weighted, hiding a target at
// the threshold), private notices to writers and their answers (appeals), kept crisis drafts, alerts
// for moderators. Staff actions write their audit row in the same transaction.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { SessionFact } from '../../platform/auth/sessions.ts';
import type { ModerationItemsTable } from '../../db/types-moderation.ts';
import type { Deps } from '../../platform/deps.ts';
import { recordAudit } from '../../platform/audit.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { nowIso } from '../../platform/time.ts';
import type { CrisisClass } from '../../platform/crisis/index.ts';
import { recomputeTrust, reportBaseWeight, trustOf } from './trust.ts';

export type Item = ModerationItemsTable;
export const ITEM_KINDS = ['report', 'premoderation', 'crisis', 'appeal'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const CRISIS_CHOICES = ['publish', 'publish_and_alert', 'moderators_only', 'draft'] as const;
export type CrisisChoice = (typeof CRISIS_CHOICES)[number];
export const REPORT_REASONS = ['rules', 'harassment', 'personal_data', 'spam', 'danger'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_TARGETS = ['post', 'thread', 'profile', 'message'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
export const ACTIONS = ['approve', 'hide', 'delete', 'reply', 'dismiss', 'edit', 'move', 'lock', 'unlock', 'slow', 'silence', 'suspend'] as const;
export type Action = (typeof ACTIONS)[number];
/** Decisions that close the item; the others are further steps (a lock, a sanction …) after which the item stays open. */
export const RESOLVING: readonly Action[] = ['approve', 'hide', 'delete', 'reply', 'dismiss', 'edit'];

/** Default settings; administrators may override them in moderation_settings. */
export const DEFAULT_SETTINGS = {
  /** Sum of reporters' weights (in hundredths) at which a target is hidden until reviewed. */
  report_hide_threshold: 300,
} as const;

export function isCrisisChoice(value: unknown): value is CrisisChoice {
  return typeof value === 'string' && (CRISIS_CHOICES as readonly string[]).includes(value);
}

const sealContext = (authorId: string | null, itemId: string) => `moderation:${authorId ?? 'visitor'}:${itemId}`;

// ---------------------------------------------------------------- targets (filled by other features)

/** What moderation needs to know of a reported or reviewed thing; the owning feature provides it. */
export interface TargetInfo {
  authorId: string | null;
  /** The author's pseudonym, or null when the post is anonymous. */
  authorName: string | null;
  anonymous: boolean;
  text: string;
  url: string;
  categoryId: string | null;
  groupId: string | null;
  status: string;
}

export interface TargetHandler {
  load(deps: Deps, id: string): Promise<TargetInfo | undefined>;
  /** Changes the target's state; absent when the target cannot be hidden (e.g. a profile). */
  setState?(deps: Deps, id: string, state: 'published' | 'hidden' | 'deleted', trx: Db): Promise<void>;
  /**
   * The account that wrote it, also behind an anonymous post (opened from its seal). Used to send the
   * writer a private notice, to sanction them, and for a confirmed unmasking; never shown otherwise.
   */
  writer?(deps: Deps, id: string): Promise<{ id: string; pseudonym: string } | undefined>;
  /** A moderator replaces the text; the owner keeps the old one in the history with the note. */
  edit?(deps: Deps, id: string, text: string, note: string, trx: Db): Promise<void>;
  /** The thread the target is in (for lock, move and slow mode). */
  thread?(deps: Deps, id: string): Promise<ThreadRef | undefined>;
  lock?(deps: Deps, threadId: string, locked: boolean, trx: Db): Promise<void>;
  move?(deps: Deps, threadId: string, categoryId: string, trx: Db): Promise<boolean>;
  /** Where a thread may be moved to. */
  categories?(deps: Deps): Promise<Array<{ id: string; nameDe: string; nameEn: string }>>;
}

export interface ThreadRef {
  id: string;
  categoryId: string;
  locked: boolean;
}

const targets = new Map<string, TargetHandler>();

/** Features register the kinds of things that can be reported or reviewed (forum posts, messages …). */
export function registerTarget(type: string, handler: TargetHandler): void {
  targets.set(type, handler);
}

export function targetHandler(type: string): TargetHandler | undefined {
  return targets.get(type);
}

// ---------------------------------------------------------------- settings

export async function setting(db: Db, key: keyof typeof DEFAULT_SETTINGS): Promise<number> {
  const row = await db.selectFrom('moderation_settings').select('value').where('key', '=', key).executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_SETTINGS[key];
}

export async function mailOptIn(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('moderation_settings').select('value').where('key', '=', `alert_mail:${userId}`).executeTakeFirst();
  return row?.value === '1';
}

export async function setMailOptIn(db: Db, userId: string, on: boolean): Promise<void> {
  await db.deleteFrom('moderation_settings').where('key', '=', `alert_mail:${userId}`).execute();
  if (on) await db.insertInto('moderation_settings').values({ key: `alert_mail:${userId}`, value: '1' }).execute();
}

// ---------------------------------------------------------------- items

interface NewItem {
  kind: ItemKind;
  urgent: boolean;
  targetType: string;
  targetId: string;
  categoryId?: string | null;
  groupId?: string | null;
  authorId?: string | null;
  crisisClasses?: CrisisClass[];
  crisisChoice?: CrisisChoice | null;
  /** Text only the moderators read (moderators_only, appeals); sealed at rest. */
  privateText?: string | null;
  contextUrl?: string;
}

export async function createItem(deps: Deps, trx: Db, item: NewItem): Promise<string> {
  const id = randomUUID();
  const now = nowIso();
  await trx
    .insertInto('moderation_items')
    .values({
      id, kind: item.kind, urgent: item.urgent ? 1 : 0, status: 'open', target_type: item.targetType, target_id: item.targetId,
      category_id: item.categoryId ?? null, group_id: item.groupId ?? null, author_id: item.authorId ?? null,
      crisis_classes: (item.crisisClasses ?? []).join(','), crisis_choice: item.crisisChoice ?? null,
      sealed_body: item.privateText ? sealerFor(deps.config.dataKey).seal(item.privateText, sealContext(item.authorId ?? null, id)) : null,
      context_url: item.contextUrl ?? '', report_count: 0, report_weight: 0, hidden_by_reports: 0, created_at: now, updated_at: now,
      resolved_at: null, resolved_by: null, resolution: null,
    })
    .execute();
  if (item.urgent) await alertModerators(deps, trx, id);
  return id;
}

export function privateText(deps: Deps, item: Item): string {
  if (!item.sealed_body) return '';
  return sealerFor(deps.config.dataKey).open(item.sealed_body, sealContext(item.author_id, item.id));
}

/** Moderators and administrators (who may see the item) get an in-app alert; those who opted in also a mail without the text. */
async function alertModerators(deps: Deps, trx: Db, itemId: string): Promise<void> {
  const item = await trx.selectFrom('moderation_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
  const staff = await trx.selectFrom('users').select(['id', 'email', 'email_verified_at', 'locale']).where('role', 'in', ['moderator', 'admin']).execute();
  const limits = await trx.selectFrom('moderator_categories').select(['user_id', 'category_id']).where('user_id', 'in', staff.length ? staff.map((s) => s.id) : ['']).execute();
  const optedIn = new Set((await trx.selectFrom('moderation_settings').select('key').where('key', 'like', 'alert_mail:%').where('value', '=', '1').execute()).map((r) => r.key.slice('alert_mail:'.length)));
  const now = nowIso();
  for (const person of staff) {
    const own = limits.filter((l) => l.user_id === person.id).map((l) => l.category_id);
    // A moderator limited to categories hears only of items in them (crisis items outside any category reach everyone).
    if (own.length > 0 && item.category_id && !own.includes(item.category_id)) continue;
    await trx.insertInto('moderation_alerts').values({ id: randomUUID(), user_id: person.id, item_id: itemId, created_at: now, seen_at: null }).execute();
    if (optedIn.has(person.id) && person.email && person.email_verified_at) {
      await deps.mailer.send(
        person.locale ?? 'de',
        person.email,
        { subject: 'mail.moderation.urgentSubject', paragraphs: ['mail.moderation.urgentBody'], action: { label: 'mail.moderation.open', url: `${deps.config.baseUrl}/moderation/items/${itemId}` } },
        {},
        trx,
      );
    }
  }
}

export async function unseenAlerts(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('moderation_alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('seen_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markAlertsSeen(db: Db, userId: string): Promise<void> {
  await db.updateTable('moderation_alerts').set({ seen_at: nowIso() }).where('user_id', '=', userId).where('seen_at', 'is', null).execute();
}

/**
 * Which items someone may see: all; only those of some categories (plus items outside any category)
 * for a moderator limited to categories; or, for a facilitator, only items of their groups' boards.
 */
export interface Scope {
  all: boolean;
  categories: string[];
  /** Set for facilitators: the groups whose boards they moderate (nothing else). */
  groups: string[];
}

export const NO_SCOPE: Scope = { all: false, categories: [], groups: [] };

/** Which groups a person facilitates; the directory knows (registered at start, moderation imports no directory). */
type Facilitation = (db: Db, userId: string) => Promise<string[]>;
let facilitation: Facilitation = async () => [];
let facilitationFact: SessionFact | undefined;

/** Who facilitates what (the forum answers from the directory), and the same as a yes/no session fact. */
export function registerFacilitation(provider: Facilitation, fact?: SessionFact): void {
  facilitation = provider;
  facilitationFact = fact;
}

/** Whether the person facilitates anything to moderate, asked with the session (the header's queue link). */
export const facilitatesFact: SessionFact = (context) => (facilitationFact ? facilitationFact(context) : sql`0`);

export async function scopeOf(db: Db, userId: string, role: { admin: boolean; moderator: boolean }): Promise<Scope> {
  if (role.admin) return { all: true, categories: [], groups: [] };
  if (role.moderator) {
    const rows = await db.selectFrom('moderator_categories').select('category_id').where('user_id', '=', userId).execute();
    return rows.length === 0 ? { all: true, categories: [], groups: [] } : { all: false, categories: rows.map((r) => r.category_id), groups: [] };
  }
  return { all: false, categories: [], groups: await facilitation(db, userId) };
}

/** Whether a scope reaches nothing at all (a member who facilitates no group). */
export function isEmptyScope(scope: Scope): boolean {
  return !scope.all && scope.categories.length === 0 && scope.groups.length === 0;
}

export function inScope(scope: Scope, item: Pick<Item, 'category_id' | 'group_id'>): boolean {
  if (scope.all) return true;
  if (scope.groups.length > 0) return item.group_id !== null && scope.groups.includes(item.group_id);
  return scope.categories.length > 0 && (item.category_id === null || scope.categories.includes(item.category_id));
}

export async function openQueue(db: Db, scope: Scope, page: { limit: number; offset: number }): Promise<{ items: Item[]; total: number }> {
  if (isEmptyScope(scope)) return { items: [], total: 0 };
  let base = db.selectFrom('moderation_items').where('status', '=', 'open');
  if (!scope.all && scope.groups.length > 0) base = base.where('group_id', 'in', scope.groups);
  else if (!scope.all) base = base.where((eb) => eb.or([eb('category_id', 'is', null), eb('category_id', 'in', scope.categories.length ? scope.categories : [''])]));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base.selectAll().orderBy('urgent', 'desc').orderBy('created_at', 'asc').orderBy('id').limit(page.limit).offset(page.offset).execute();
  return { items, total: Number(total.n) };
}

/** The header's count: open and urgent items within a scope — one aggregate over the open part of the queue index. */
export async function queueCounts(db: Db, scope: Scope): Promise<{ open: number; urgent: number }> {
  if (isEmptyScope(scope)) return { open: 0, urgent: 0 };
  let base = db.selectFrom('moderation_items').where('status', '=', 'open');
  if (!scope.all && scope.groups.length > 0) base = base.where('group_id', 'in', scope.groups);
  else if (!scope.all) base = base.where((eb) => eb.or([eb('category_id', 'is', null), eb('category_id', 'in', scope.categories.length ? scope.categories : [''])]));
  const row = await base.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('urgent').as('u')]).executeTakeFirstOrThrow();
  return { open: Number(row.n), urgent: Number(row.u ?? 0) };
}

export async function getItem(db: Db, id: string): Promise<Item | undefined> {
  return db.selectFrom('moderation_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function reportsOf(db: Db, itemId: string) {
  return db.selectFrom('reports').select(['id', 'reason', 'note', 'weight', 'created_at']).where('item_id', '=', itemId).orderBy('created_at').execute();
}

/** Earlier items about the same writer (the writer's history in moderation), newest first. */
export async function historyOf(db: Db, authorId: string | null, exceptId: string) {
  if (!authorId) return [];
  return db.selectFrom('moderation_items').select(['id', 'kind', 'status', 'resolution', 'created_at']).where('author_id', '=', authorId).where('id', '!=', exceptId).orderBy('created_at', 'desc').limit(20).execute();
}

// ---------------------------------------------------------------- crisis choices

export interface CrisisTarget {
  type: string;
  id: string;
  url: string;
  categoryId?: string | null;
  groupId?: string | null;
}

/** After a writer chose on the help page: an urgent item for the moderators, or a kept draft. */
export async function recordCrisisChoice(
  deps: Deps,
  { authorId, choice, classes, target, text, draftContext }: { authorId: string | null; choice: CrisisChoice; classes: CrisisClass[]; target?: CrisisTarget; text: string; draftContext: string },
): Promise<void> {
  if (choice === 'publish') return;
  await deps.db.transaction().execute(async (trx) => {
    if (choice === 'draft') {
      if (!authorId) return;
      await trx.insertInto('crisis_drafts').values({ id: randomUUID(), user_id: authorId, context: draftContext, sealed_body: sealerFor(deps.config.dataKey).seal(text, `draft:${authorId}`), created_at: nowIso() }).execute();
      return;
    }
    const onlyModerators = choice === 'moderators_only';
    await createItem(deps, trx, {
      kind: 'crisis', urgent: true, crisisClasses: classes, crisisChoice: choice, authorId,
      targetType: onlyModerators || !target ? 'text' : target.type, targetId: onlyModerators || !target ? randomUUID() : target.id,
      categoryId: target?.categoryId ?? null, groupId: target?.groupId ?? null, contextUrl: onlyModerators ? '' : (target?.url ?? ''),
      privateText: onlyModerators ? text : null,
    });
  });
}

/**
 * A post waiting for review (pre-moderation, or held for the moderators by the writer's choice) is
 * put in the queue; urgent when the crisis check matched it.
 */
export async function queueForReview(
  deps: Deps,
  { target, authorId, classes, choice }: { target: CrisisTarget; authorId: string | null; classes: CrisisClass[]; choice: CrisisChoice | null },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const crisis = classes.length > 0;
    await createItem(deps, trx, {
      kind: crisis ? 'crisis' : 'premoderation', urgent: crisis, crisisClasses: classes, crisisChoice: choice, authorId,
      targetType: target.type, targetId: target.id, categoryId: target.categoryId ?? null, groupId: target.groupId ?? null, contextUrl: target.url,
    });
  });
}

export async function draftsOf(deps: Deps, userId: string) {
  const rows = await deps.db.selectFrom('crisis_drafts').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  const sealer = sealerFor(deps.config.dataKey);
  return rows.map((r) => ({ id: r.id, context: r.context, createdAt: r.created_at, text: sealer.open(r.sealed_body, `draft:${userId}`) }));
}

export async function deleteDraft(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('crisis_drafts').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---------------------------------------------------------------- reports

/**
 * A reporter's weight in hundredths: by their trust level, scaled by how often
 * their earlier reports were upheld; staff reports hide at once.
 */
export async function reporterWeight(deps: Deps, reporterId: string, isStaff: boolean, threshold: number): Promise<number> {
  if (isStaff) return threshold;
  const db = deps.db;
  // Trusted members' reports weigh more (trust.ts: 100 for levels 0–1, 150, 200).
  let weight = reportBaseWeight((await trustOf(deps, reporterId)).level);
  const past = await db.selectFrom('reports').select(['outcome']).where('reporter_id', '=', reporterId).where('outcome', 'is not', null).execute();
  if (past.length >= 3) {
    const upheld = past.filter((p) => p.outcome === 'upheld').length / past.length;
    weight = Math.round(weight * (0.5 + upheld));
  }
  return Math.max(20, Math.min(weight, 300));
}

export type ReportOutcome = { kind: 'reported'; itemId: string; hidden: boolean } | { kind: 'already' } | { kind: 'unknown_target' };

export async function fileReport(
  deps: Deps,
  { reporterId, reporterIsStaff, targetType, targetId, reason, note }: { reporterId: string; reporterIsStaff: boolean; targetType: ReportTarget; targetId: string; reason: ReportReason; note: string },
): Promise<ReportOutcome> {
  const handler = targetHandler(targetType);
  const info = handler ? await handler.load(deps, targetId) : undefined;
  if (!handler || !info || info.status === 'deleted') return { kind: 'unknown_target' };
  const threshold = await setting(deps.db, 'report_hide_threshold');
  const weight = await reporterWeight(deps, reporterId, reporterIsStaff, threshold);
  return deps.db.transaction().execute(async (trx): Promise<ReportOutcome> => {
    const seen = await trx.selectFrom('reports').select('id').where('reporter_id', '=', reporterId).where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();
    if (seen) return { kind: 'already' };
    const urgent = reason === 'danger';
    let item = await trx.selectFrom('moderation_items').selectAll().where('target_type', '=', targetType).where('target_id', '=', targetId).where('status', '=', 'open').where('kind', '=', 'report').executeTakeFirst();
    if (!item) {
      const id = await createItem(deps, trx, { kind: 'report', urgent, targetType, targetId, categoryId: info.categoryId, groupId: info.groupId, authorId: info.authorId, contextUrl: info.url });
      item = await trx.selectFrom('moderation_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    } else if (urgent && item.urgent === 0) {
      await trx.updateTable('moderation_items').set({ urgent: 1 }).where('id', '=', item.id).execute();
    }
    await trx.insertInto('reports').values({ id: randomUUID(), item_id: item.id, target_type: targetType, target_id: targetId, reporter_id: reporterId, reason, note, weight, outcome: null, created_at: nowIso() }).execute();
    const total = item.report_weight + weight;
    const hide = total >= threshold && item.hidden_by_reports === 0 && info.status === 'published' && !!handler.setState;
    await trx.updateTable('moderation_items').set({ report_count: item.report_count + 1, report_weight: total, hidden_by_reports: hide ? 1 : item.hidden_by_reports, updated_at: nowIso() }).where('id', '=', item.id).execute();
    if (hide) await handler.setState?.(deps, targetId, 'hidden', trx);
    return { kind: 'reported', itemId: item.id, hidden: hide };
  });
}

// ---------------------------------------------------------------- decisions

export interface Decision {
  action: Action;
  /** The kind words the writer reads (removals, hides, edits, sanctions), or the private answer (reply). */
  message: string;
  /** edit: the new text. */
  text?: string;
  /** move: the category the thread goes to. */
  categoryId?: string;
  /** slow: minutes between two posts of one member (0 ends slow mode), and for the thread or its category. */
  minutes?: number;
  slowScope?: 'thread' | 'category';
  /** silence, suspend: for how many days. */
  days?: number;
}

/** Which decisions fit an item (before the policy narrows them for the person deciding). */
export function actionsFor(item: Item, handler: TargetHandler | undefined, thread?: ThreadRef): Action[] {
  if (item.status !== 'open') return [];
  const changeable = !!handler?.setState && item.target_type !== 'text';
  const list: Action[] = [];
  if (item.kind === 'report') list.push('dismiss');
  if (changeable) list.push('approve', 'hide', 'delete');
  if (changeable && handler?.edit) list.push('edit');
  if (item.author_id || handler?.writer) list.push('reply');
  if (item.kind !== 'report' && !changeable) list.push('approve');
  if (thread && handler?.lock) list.push(thread.locked ? 'unlock' : 'lock');
  if (thread && handler?.move) list.push('move');
  if (thread) list.push('slow');
  if (item.author_id || handler?.writer) list.push('silence', 'suspend');
  return list;
}

const RESOLUTION: Record<Action, string> = {
  approve: 'approved', hide: 'hidden', delete: 'deleted', reply: 'replied', dismiss: 'dismissed', edit: 'edited',
  move: 'moved', lock: 'locked', unlock: 'unlocked', slow: 'slowed', silence: 'silenced', suspend: 'suspended',
};
const NOTICE_KIND: Partial<Record<Action, string>> = { hide: 'hidden', delete: 'removed', edit: 'edited', reply: 'reply', silence: 'silenced', suspend: 'suspended' };

/** The account behind the item's target: the item's author, or (anonymous posts) the sealed writer — never shown. */
export async function writerOf(deps: Deps, item: Item): Promise<string | null> {
  if (item.author_id) return item.author_id;
  const handler = targetHandler(item.target_type);
  return (await handler?.writer?.(deps, item.target_id))?.id ?? null;
}

/**
 * Carries out a moderator's decision — target state, thread, sanction, notice to the writer, report
 * outcomes, audit row — in one transaction. Further steps (lock, move, slow mode, sanctions) leave the item open.
 */
export async function decide(deps: Deps, { actorId, item, decision }: { actorId: string; item: Item; decision: Decision }): Promise<void> {
  const handler = targetHandler(item.target_type);
  const thread = handler?.thread ? await handler.thread(deps, item.target_id) : undefined;
  const writer = NOTICE_KIND[decision.action] || decision.action === 'silence' || decision.action === 'suspend' ? await writerOf(deps, item) : null;
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const a = decision.action;
    const details: Record<string, unknown> = { item: item.id, kind: item.kind, withMessage: decision.message.length > 0 };
    if (a === 'approve' && handler?.setState && item.target_type !== 'text') await handler.setState(deps, item.target_id, 'published', trx);
    if (a === 'hide' && handler?.setState) await handler.setState(deps, item.target_id, 'hidden', trx);
    if (a === 'delete' && handler?.setState) await handler.setState(deps, item.target_id, 'deleted', trx);
    if (a === 'dismiss' && item.hidden_by_reports === 1 && handler?.setState) await handler.setState(deps, item.target_id, 'published', trx);
    if (a === 'edit' && handler?.edit) {
      await handler.edit(deps, item.target_id, decision.text ?? '', decision.message, trx);
      // A post hidden by reports and now corrected is shown again.
      if (item.hidden_by_reports === 1 && handler.setState) await handler.setState(deps, item.target_id, 'published', trx);
    }
    if ((a === 'lock' || a === 'unlock') && thread && handler?.lock) {
      await handler.lock(deps, thread.id, a === 'lock', trx);
      details.thread = thread.id;
    }
    if (a === 'move' && thread && handler?.move && decision.categoryId) {
      await handler.move(deps, thread.id, decision.categoryId, trx);
      await trx.updateTable('moderation_items').set({ category_id: decision.categoryId }).where('target_type', 'in', ['post', 'thread']).where('id', '=', item.id).execute();
      Object.assign(details, { thread: thread.id, from: thread.categoryId, to: decision.categoryId });
    }
    if (a === 'slow' && thread) {
      const scope = decision.slowScope === 'category' ? { type: 'category', id: thread.categoryId } : { type: 'thread', id: thread.id };
      await setSlowMode(trx, { scopeType: scope.type, scopeId: scope.id, minutes: decision.minutes ?? 0, actorId });
      Object.assign(details, { scope: scope.type, scopeId: scope.id, minutes: decision.minutes ?? 0 });
    }
    if ((a === 'silence' || a === 'suspend') && writer) {
      const until = new Date(Date.now() + (decision.days ?? 1) * 86_400_000).toISOString();
      await trx.insertInto('sanctions').values({ id: randomUUID(), user_id: writer, kind: a, reason: decision.message, until, created_by: actorId, created_at: now, lifted_at: null }).execute();
      Object.assign(details, { days: decision.days ?? 1, until });
    }
    const noticeKind = NOTICE_KIND[a];
    if (writer && noticeKind) {
      await trx.insertInto('moderation_notices').values({
        id: randomUUID(), user_id: writer, item_id: item.id, kind: noticeKind,
        reason: a === 'reply' ? '' : decision.message, body: a === 'reply' ? decision.message : '', created_at: now, read_at: null, answered_at: null,
      }).execute();
    }
    if (RESOLVING.includes(a)) {
      if (item.kind === 'report') {
        const upheld = a === 'hide' || a === 'delete' || a === 'edit';
        await trx.updateTable('reports').set({ outcome: upheld ? 'upheld' : 'dismissed' }).where('item_id', '=', item.id).execute();
      }
      await trx.updateTable('moderation_items').set({ status: 'resolved', resolved_at: now, resolved_by: actorId, resolution: RESOLUTION[a], updated_at: now }).where('id', '=', item.id).execute();
    } else {
      await trx.updateTable('moderation_items').set({ updated_at: now }).where('id', '=', item.id).execute();
    }
    // Sanctions name the account in the audit (who was silenced is the point of the row); the item says which post it was about.
    await recordAudit(trx, {
      actorId, action: `moderation.${a}`, subjectType: a === 'silence' || a === 'suspend' ? 'account' : item.target_type,
      subjectId: a === 'silence' || a === 'suspend' ? writer : item.target_id, details,
    });
  });
  // An upheld report lowers its writer's trust now, not at the next run of the job.
  if (item.kind === 'report' && item.author_id && (decision.action === 'hide' || decision.action === 'delete')) await recomputeTrust(deps, [item.author_id]);
}

// ---------------------------------------------------------------- slow mode and sanctions

export async function setSlowMode(db: Db, { scopeType, scopeId, minutes, actorId }: { scopeType: string; scopeId: string; minutes: number; actorId: string | null }): Promise<void> {
  await db.deleteFrom('slow_modes').where('scope_type', '=', scopeType).where('scope_id', '=', scopeId).execute();
  await db.deleteFrom('slow_mode_marks').where('scope_type', '=', scopeType).where('scope_id', '=', scopeId).execute();
  if (minutes > 0) await db.insertInto('slow_modes').values({ scope_type: scopeType, scope_id: scopeId, minutes, set_by: actorId, created_at: nowIso() }).execute();
}

export interface ActiveSanction {
  kind: 'silence' | 'suspend';
  reason: string;
  until: string;
}

/** The strongest sanction in force for an account (a suspension outranks a silence), or none. */
/** Whether the person is suspended now, asked with the session on every request (see registerSanctionCheck). */
export const suspendedFact: SessionFact = ({ userId, now }) =>
  sql`exists (select 1 from sanctions where user_id = ${userId} and kind = 'suspend' and until > ${now} and lifted_at is null)`;

export async function activeSanction(db: Db, userId: string): Promise<ActiveSanction | undefined> {
  const rows = await db.selectFrom('sanctions').select(['kind', 'reason', 'until']).where('user_id', '=', userId).where('until', '>', nowIso()).where('lifted_at', 'is', null).execute();
  const pick = rows.find((r) => r.kind === 'suspend') ?? rows.find((r) => r.kind === 'silence');
  return pick ? { kind: pick.kind as ActiveSanction['kind'], reason: pick.reason, until: pick.until } : undefined;
}

export type WriteScope = { type: 'thread' | 'category'; id: string };

export type WriteGate = { ok: true } | { ok: false; why: 'silence' | 'suspend'; until: string; reason: string } | { ok: false; why: 'slow'; until: string; minutes: number };

/**
 * May this member write here now? Refused while silenced or suspended, and in slow mode until their
 * last post there is old enough. Every write path asks (forum pages and API, first contact, replies).
 */
export async function writeGate(db: Db, userId: string, scopes: WriteScope[] = []): Promise<WriteGate> {
  const sanction = await activeSanction(db, userId);
  if (sanction) return { ok: false, why: sanction.kind, until: sanction.until, reason: sanction.reason };
  if (scopes.length === 0) return { ok: true };
  const modes = await db.selectFrom('slow_modes').select(['scope_type', 'scope_id', 'minutes'])
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('scope_type', '=', s.type), eb('scope_id', '=', s.id)])))).execute();
  let refusal: WriteGate = { ok: true };
  for (const mode of modes) {
    const mark = await db.selectFrom('slow_mode_marks').select('written_at').where('user_id', '=', userId).where('scope_type', '=', mode.scope_type).where('scope_id', '=', mode.scope_id).executeTakeFirst();
    if (!mark) continue;
    const until = new Date(Date.parse(mark.written_at) + mode.minutes * 60_000);
    if (until.getTime() > Date.now() && (refusal.ok || Date.parse(refusal.until) < until.getTime())) refusal = { ok: false, why: 'slow', until: until.toISOString(), minutes: mode.minutes };
  }
  return refusal;
}

/** After a member wrote: remember when, for the slowed scopes only (nothing is kept where slow mode is off). */
export async function noteWritten(db: Db, userId: string, scopes: WriteScope[]): Promise<void> {
  if (scopes.length === 0) return;
  const modes = await db.selectFrom('slow_modes').select(['scope_type', 'scope_id'])
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('scope_type', '=', s.type), eb('scope_id', '=', s.id)])))).execute();
  const now = nowIso();
  for (const mode of modes) {
    await db.insertInto('slow_mode_marks').values({ user_id: userId, scope_type: mode.scope_type, scope_id: mode.scope_id, written_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'scope_type', 'scope_id']).doUpdateSet({ written_at: now })).execute();
  }
}

// ---------------------------------------------------------------- notices and appeals

export async function noticesOf(db: Db, userId: string) {
  return db.selectFrom('moderation_notices').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').limit(100).execute();
}

export async function markNoticesRead(db: Db, userId: string): Promise<void> {
  await db.updateTable('moderation_notices').set({ read_at: nowIso() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

/** A member answers a notice: the answer lands in the queue as an appeal. */
export async function answerNotice(deps: Deps, { userId, noticeId, text }: { userId: string; noticeId: string; text: string }): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom('moderation_notices').selectAll().where('id', '=', noticeId).where('user_id', '=', userId).executeTakeFirst();
    if (!notice) return false;
    const earlier = notice.item_id ? await trx.selectFrom('moderation_items').selectAll().where('id', '=', notice.item_id).executeTakeFirst() : undefined;
    await createItem(deps, trx, {
      kind: 'appeal', urgent: false, targetType: earlier?.target_type ?? 'notice', targetId: earlier?.target_id ?? notice.id,
      categoryId: earlier?.category_id ?? null, groupId: earlier?.group_id ?? null, authorId: userId, contextUrl: earlier?.context_url ?? '', privateText: text,
    });
    await trx.updateTable('moderation_notices').set({ answered_at: nowIso() }).where('id', '=', notice.id).execute();
    return true;
  });
}
