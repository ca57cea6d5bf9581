// Changing the forum. Every post is written by createThread or createPost (one place where a
// check — pre-moderation now, the moderation's crisis check later — sits before the write).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { characterCount } from '../../platform/forms.ts';
import { MENTION, renderPostMarkdown } from '../../platform/markdown.ts';
import { nowIso } from '../../platform/time.ts';
import { sha256 } from '../../platform/auth/tokens.ts';
import { foldForSearch, indexRows, unindexRows } from '../../db/fulltext.ts';
import { anonKey, sealAuthor } from './anonymity.ts';
import { canMention, canModerateCategory, canReadCategory, type Ties } from './policy.ts';
import { loadTies, usersByPseudonymKeys } from './queries.ts';
import { BODY_MAX, CONTENT_NOTES, REACTIONS, TITLE_MAX, TITLE_MIN, parseCounts, slugify, threadUrl, type Category, type Post, type PostStatus, type Thread } from './model.ts';
import { mailForNotifications } from './notify.ts';
import { blockersAmong, noteWrite, writeRefusal, type WriteScope } from '../moderation/index.ts';

export interface PostInput {
  body: string;
  anonymous: boolean;
  contentNote: string;
}

export interface ThreadInput extends PostInput {
  title: string;
}

const pseudonymKey = (name: string) => name.normalize('NFKC').toLocaleLowerCase('de-DE').replace(/\s+/g, ' ').trim();

/** Problems with a post's text, at the field: empty, only spaces, or over the limit. */
export function checkBody(body: string, t: Translator, field = 'body'): FieldProblem[] {
  const text = body.replace(/\r\n/g, '\n');
  if (text.trim() === '') return [{ field, message: t('forum.error.bodyEmpty') }];
  const n = characterCount(text);
  if (n > BODY_MAX) return [{ field, message: t('forum.error.bodyTooLong', { max: BODY_MAX.toLocaleString('de-DE'), count: n.toLocaleString('de-DE') }) }];
  return [];
}

export function checkTitle(title: string, t: Translator): FieldProblem[] {
  const n = characterCount(title.trim());
  if (n === 0) return [{ field: 'title', message: t('forum.error.titleEmpty') }];
  if (n < TITLE_MIN) return [{ field: 'title', message: t('forum.error.titleShort', { min: TITLE_MIN }) }];
  if (n > TITLE_MAX) return [{ field: 'title', message: t('forum.error.titleLong', { max: TITLE_MAX, count: n }) }];
  return [];
}

export const validNote = (note: string): string => ((CONTENT_NOTES as readonly string[]).includes(note) ? note : '');

/** Names after @ that belong to an account (folded), and those that do not (shown at the field). */
export async function resolveMentions(db: Db, body: string): Promise<{ users: Awaited<ReturnType<typeof usersByPseudonymKeys>>; unknown: string[] }> {
  const names = new Map<string, string>();
  for (const m of body.matchAll(MENTION)) {
    const name = (m[2] ?? '').replace(/[.-]+$/, '');
    if (name) names.set(pseudonymKey(name), name);
    if (names.size >= 10) break;
  }
  const users = await usersByPseudonymKeys(db, [...names.keys()]);
  const found = new Set(users.map((u) => u.pseudonym_key));
  return { users, unknown: [...names].filter(([k]) => !found.has(k)).map(([, n]) => n) };
}

/** Whether this post waits for review: the category's pre-moderation; moderators are never held. */
async function initialStatus(db: Db, category: Category, actor: UserActor, ties: Ties): Promise<PostStatus> {
  if (canModerateCategory(actor, category, ties)) return 'published';
  if (category.premoderation === 'all') return 'pending';
  if (category.premoderation === 'first_posts') {
    const earlier = await db.selectFrom('forum_posts').select('id').where('author_id', '=', actor.id).where('status', '=', 'published').limit(1).executeTakeFirst();
    if (!earlier) return 'pending';
  }
  return 'published';
}

export interface Written {
  threadId: number;
  postId: number;
  number: number;
  status: PostStatus;
  url: string;
}

async function writePost(
  deps: Deps,
  trx: Db,
  o: { actor: UserActor; category: Category; thread: Pick<Thread, 'id' | 'slug'>; number: number; input: PostInput; status: PostStatus; mentionKeys: Set<string>; replyTo: number | null },
): Promise<number> {
  const now = nowIso();
  const html = renderPostMarkdown(o.input.body, o.mentionKeys);
  const anonymous = o.input.anonymous;
  const row = await trx
    .insertInto('forum_posts')
    .values({
      thread_id: o.thread.id, category_id: o.category.id, number: o.number, author_id: anonymous ? null : o.actor.id, anonymous: anonymous ? 1 : 0,
      anon_key: anonymous ? anonKey(deps.config, o.actor.id, o.thread.id) : null, anon_sealed: anonymous ? sealAuthor(deps.config, o.actor.id, o.thread.id) : null,
      body: o.input.body, html, search_text: foldForSearch(o.input.body), content_note: validNote(o.input.contentNote), reply_to: o.replyTo, status: o.status,
      deleted_by_author: 0, edited_at: null, reaction_counts: '', created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.status === 'published') await indexRows(trx, [{ id: row.id, text: foldForSearch(o.input.body) }]);
  return row.id;
}

/** Notifications for mentions (never from anonymous posts) and for people watching the thread or its category. */
async function notify(
  deps: Deps,
  trx: Db,
  o: { actor: UserActor; category: Category; threadId: number; number: number; anonymous: boolean; mentioned: Awaited<ReturnType<typeof usersByPseudonymKeys>>; isNewThread: boolean },
): Promise<number[]> {
  const now = nowIso();
  const label = o.anonymous ? '' : o.actor.pseudonym;
  const notified = new Set<string>([o.actor.id]);
  const ids: number[] = [];
  if (canMention(o.anonymous)) {
    // Someone who blocked the writer is not told that they were mentioned (and the writer is not told either).
    const blockers = await blockersAmong(trx, o.actor.id, o.mentioned.map((u) => u.id));
    for (const user of o.mentioned) {
      if (notified.has(user.id) || blockers.has(user.id)) continue;
      // Someone who cannot read the category is not told that a post there names them.
      const ties = await loadTies(trx, { kind: 'user', id: user.id, role: 'member' } as UserActor);
      const asActor = await roleActor(trx, user.id);
      if (!asActor || !canReadCategory(asActor, o.category, ties)) continue;
      notified.add(user.id);
      const r = await trx.insertInto('forum_notifications').values({ user_id: user.id, kind: 'mention', thread_id: o.threadId, post_number: o.number, actor_label: label, created_at: now, read_at: null, digested_at: null }).returning('id').executeTakeFirstOrThrow();
      ids.push(r.id);
    }
  }
  const watchers = await trx
    .selectFrom('forum_subscriptions')
    .select(['user_id', 'target', 'level'])
    .where((eb) => eb.or([eb.and([eb('target', '=', 'thread'), eb('target_id', '=', String(o.threadId))]), eb.and([eb('target', '=', 'category'), eb('target_id', '=', o.category.id)])]))
    .execute();
  const byUser = new Map<string, { thread?: string; category?: string }>();
  for (const w of watchers) {
    const entry = byUser.get(w.user_id) ?? {};
    if (w.target === 'thread') entry.thread = w.level;
    else entry.category = w.level;
    byUser.set(w.user_id, entry);
  }
  for (const [userId, levels] of byUser) {
    if (notified.has(userId)) continue;
    const watching = levels.thread ? levels.thread === 'watching' : levels.category === 'watching';
    if (!watching) continue;
    notified.add(userId);
    const r = await trx.insertInto('forum_notifications').values({ user_id: userId, kind: o.isNewThread ? 'thread' : 'reply', thread_id: o.threadId, post_number: o.number, actor_label: label, created_at: now, read_at: null, digested_at: null }).returning('id').executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return ids;
}

async function roleActor(db: Db, userId: string): Promise<UserActor | undefined> {
  const u = await db.selectFrom('users').select(['id', 'pseudonym', 'role', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!u) return undefined;
  return { kind: 'user', id: u.id, pseudonym: u.pseudonym, role: u.role, locale: u.locale, sessionId: '', emailVerified: false } as UserActor;
}

async function clearDraft(trx: Db, userId: string, key: string): Promise<void> {
  await trx.deleteFrom('forum_drafts').where('user_id', '=', userId).where('draft_key', '=', key).execute();
}

async function announce(deps: Deps, w: Written, categoryId: string, categorySeq?: number): Promise<void> {
  if (w.status !== 'published') return;
  try {
    await deps.live.publish(`forum:t:${w.threadId}`, { id: w.postId, threadId: w.threadId, number: w.number });
    await deps.live.publish(`forum:c:${categoryId}`, { id: w.postId, threadId: w.threadId, number: w.number, seq: categorySeq ?? 0 });
  } catch (error) {
    // Live updates are a convenience: the post is written, readers see it on reload.
    deps.log.warn({ err: error }, 'live update not sent');
  }
}

export type WriteResult = { ok: true; value: Written } | { ok: false; errors: FieldProblem[] };

/** Starts a thread with its first post. The one place a new thread is written. */
export async function createThread(deps: Deps, o: { actor: UserActor; category: Category; ties: Ties; input: ThreadInput; t: Translator; hold?: boolean }): Promise<WriteResult> {
  // Silenced, suspended or in slow mode: refused here, so pages and API alike say why.
  const scopes: WriteScope[] = [{ type: 'category', id: o.category.id }];
  const refusal = await writeRefusal(deps.db, o.actor.id, scopes, o.t);
  if (refusal) return { ok: false, errors: [{ field: 'body', message: refusal }] };
  const errors = [...checkTitle(o.input.title, o.t), ...checkBody(o.input.body, o.t)];
  const mentions = o.input.anonymous ? { users: [], unknown: [] } : await resolveMentions(deps.db, o.input.body);
  if (mentions.unknown.length) errors.push({ field: 'body', message: o.t('forum.error.mentionUnknown', { names: mentions.unknown.map((n) => `@${n}`).join(', ') }) });
  if (errors.length) return { ok: false, errors };
  // `hold`: the writer sent it to the moderators only (crisis help page); it waits like a pre-moderated post.
  const status = o.hold ? 'pending' : await initialStatus(deps.db, o.category, o.actor, o.ties);
  const title = o.input.title.trim();
  const slug = slugify(title);
  let notificationIds: number[] = [];
  const written = await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx.updateTable('forum_categories').set((eb) => ({ thread_seq: eb('thread_seq', '+', 1) })).where('id', '=', o.category.id).execute();
    const seq = (await trx.selectFrom('forum_categories').select('thread_seq').where('id', '=', o.category.id).executeTakeFirstOrThrow()).thread_seq;
    const thread = await trx
      .insertInto('forum_threads')
      .values({
        category_id: o.category.id, title, slug, author_id: o.input.anonymous ? null : o.actor.id, anonymous: o.input.anonymous ? 1 : 0,
        content_note: validNote(o.input.contentNote), status, locked: 0, category_seq: seq, last_number: 1, reply_count: 0, first_reply_at: null,
        last_post_at: now, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentionKeys = new Set(mentions.users.map((u) => u.pseudonym_key));
    const postId = await writePost(deps, trx, { actor: o.actor, category: o.category, thread: { id: thread.id, slug }, number: 1, input: o.input, status, mentionKeys, replyTo: null });
    if (status === 'published') {
      await trx.updateTable('forum_categories').set((eb) => ({ thread_count: eb('thread_count', '+', 1), post_count: eb('post_count', '+', 1), last_post_at: now })).where('id', '=', o.category.id).execute();
      notificationIds = await notify(deps, trx, { actor: o.actor, category: o.category, threadId: thread.id, number: 1, anonymous: o.input.anonymous, mentioned: mentions.users, isNewThread: true });
    }
    // The author follows their own thread — unless anonymous: a subscription row would tie them to it.
    if (!o.input.anonymous) {
      await trx.insertInto('forum_subscriptions').values({ user_id: o.actor.id, target: 'thread', target_id: String(thread.id), level: 'watching', updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
    }
    await trx.insertInto('forum_reads').values({ user_id: o.actor.id, thread_id: thread.id, last_read_number: 1, updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
    await clearDraft(trx, o.actor.id, `c:${o.category.slug}`);
    return { threadId: thread.id, postId, number: 1, status, url: threadUrl({ id: thread.id, slug }), seq };
  });
  await noteWrite(deps.db, o.actor.id, scopes);
  await announce(deps, written, o.category.id, written.seq);
  await mailForNotifications(deps, notificationIds);
  return { ok: true, value: written };
}

/** Adds a reply to a thread. The one place a reply is written. */
export async function createPost(
  deps: Deps,
  o: { actor: UserActor; category: Category; thread: Thread; ties: Ties; input: PostInput; replyTo?: number | null; t: Translator; hold?: boolean },
): Promise<WriteResult> {
  const scopes: WriteScope[] = [{ type: 'thread', id: String(o.thread.id) }, { type: 'category', id: o.category.id }];
  const refusal = await writeRefusal(deps.db, o.actor.id, scopes, o.t);
  if (refusal) return { ok: false, errors: [{ field: 'body', message: refusal }] };
  const errors = checkBody(o.input.body, o.t);
  const mentions = o.input.anonymous ? { users: [], unknown: [] } : await resolveMentions(deps.db, o.input.body);
  if (mentions.unknown.length) errors.push({ field: 'body', message: o.t('forum.error.mentionUnknown', { names: mentions.unknown.map((n) => `@${n}`).join(', ') }) });
  if (errors.length) return { ok: false, errors };
  // `hold`: the writer sent it to the moderators only (crisis help page); it waits like a pre-moderated post.
  const status = o.hold ? 'pending' : await initialStatus(deps.db, o.category, o.actor, o.ties);
  let notificationIds: number[] = [];
  const written = await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    // The row lock on the thread hands out numbers one after another, on both engines.
    const bumped = await trx
      .updateTable('forum_threads')
      .set((eb) => ({ last_number: eb('last_number', '+', 1), updated_at: now }))
      .where('id', '=', o.thread.id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) return undefined;
    const number = (await trx.selectFrom('forum_threads').select('last_number').where('id', '=', o.thread.id).executeTakeFirstOrThrow()).last_number;
    const mentionKeys = new Set(mentions.users.map((u) => u.pseudonym_key));
    const postId = await writePost(deps, trx, { actor: o.actor, category: o.category, thread: o.thread, number, input: o.input, status, mentionKeys, replyTo: o.replyTo ?? null });
    if (status === 'published') {
      await publishedCounters(trx, o.thread.id, o.category.id, now);
      notificationIds = await notify(deps, trx, { actor: o.actor, category: o.category, threadId: o.thread.id, number, anonymous: o.input.anonymous, mentioned: mentions.users, isNewThread: false });
    }
    if (!o.input.anonymous) {
      await trx.insertInto('forum_subscriptions').values({ user_id: o.actor.id, target: 'thread', target_id: String(o.thread.id), level: 'watching', updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
    }
    await markReadIn(trx, o.actor.id, o.thread.id, number);
    await clearDraft(trx, o.actor.id, `t:${o.thread.id}`);
    return { threadId: o.thread.id, postId, number, status, url: threadUrl(o.thread, number) };
  });
  if (!written) return { ok: false, errors: [{ field: 'body', message: o.t('forum.error.threadClosed') }] };
  await noteWrite(deps.db, o.actor.id, scopes);
  await announce(deps, written, o.category.id);
  await mailForNotifications(deps, notificationIds);
  return { ok: true, value: written };
}

async function publishedCounters(trx: Db, threadId: number, categoryId: string, now: string): Promise<void> {
  await trx
    .updateTable('forum_threads')
    .set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_post_at: now, first_reply_at: eb.fn.coalesce('first_reply_at', eb.val(now)) }))
    .where('id', '=', threadId)
    .execute();
  await trx.updateTable('forum_categories').set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: now })).where('id', '=', categoryId).execute();
}

async function markReadIn(db: Db, userId: string, threadId: number, number: number): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('forum_reads')
    .values({ user_id: userId, thread_id: threadId, last_read_number: number, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'thread_id']).doUpdateSet({ last_read_number: number, updated_at: now }).where('forum_reads.last_read_number', '<', number))
    .execute();
}

/** Remembers how far the member has read (never backwards). */
export async function markRead(db: Db, userId: string, threadId: number, number: number): Promise<void> {
  await markReadIn(db, userId, threadId, number);
}

/** Whether the actor wrote the post — for anonymous posts by the keyed handle, never by a stored account id. */
export function isAuthorOf(deps: Deps, actor: { kind: string; id: string | null }, post: Pick<Post, 'author_id' | 'anonymous' | 'anon_key' | 'thread_id'>): boolean {
  if (actor.kind !== 'user' || !actor.id) return false;
  if (post.anonymous) return post.anon_key === anonKey(deps.config, actor.id, post.thread_id);
  return post.author_id === actor.id;
}

/** The author changes their post: the old text goes to the history, the post gets an "edited" mark. */
export async function editPost(deps: Deps, o: { post: Post; body: string; contentNote: string; t: Translator; actorId?: string }): Promise<WriteResult | { ok: true; value: null }> {
  // A silenced or suspended member cannot change their posts either (slow mode counts new posts only).
  const refusal = o.actorId ? await writeRefusal(deps.db, o.actorId, [], o.t) : null;
  if (refusal) return { ok: false, errors: [{ field: 'body', message: refusal }] };
  const errors = checkBody(o.body, o.t);
  const mentions = o.post.anonymous ? { users: [], unknown: [] } : await resolveMentions(deps.db, o.body);
  if (mentions.unknown.length) errors.push({ field: 'body', message: o.t('forum.error.mentionUnknown', { names: mentions.unknown.map((n) => `@${n}`).join(', ') }) });
  if (errors.length) return { ok: false, errors };
  if (o.body === o.post.body && validNote(o.contentNote) === o.post.content_note) return { ok: true, value: null };
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('forum_post_revisions').values({ post_id: o.post.id, body: o.post.body, created_at: now }).execute();
    const text = foldForSearch(o.body);
    await trx
      .updateTable('forum_posts')
      .set({ body: o.body, html: renderPostMarkdown(o.body, new Set(mentions.users.map((u) => u.pseudonym_key))), search_text: text, content_note: validNote(o.contentNote), edited_at: now, updated_at: now })
      .where('id', '=', o.post.id)
      .execute();
    if (o.post.status === 'published') await indexRows(trx, [{ id: o.post.id, text }]);
  });
  return { ok: true, value: null };
}

/** The author removes their post: the text goes, the place stays ("removed by its author") so replies keep their context. */
export async function deleteOwnPost(deps: Deps, post: Post): Promise<void> {
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('forum_post_revisions').where('post_id', '=', post.id).execute();
    await trx.updateTable('forum_posts').set({ body: '', html: '', search_text: '', deleted_by_author: 1, status: 'deleted', updated_at: now }).where('id', '=', post.id).execute();
    await unindexRows(trx, [post.id]);
  });
}

/** One reaction per kind and member; a second of the same kind is refused. */
export async function react(deps: Deps, o: { postId: number; userId: string; kind: string }): Promise<'added' | 'removed' | 'invalid'> {
  if (!(REACTIONS as readonly string[]).includes(o.kind)) return 'invalid';
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('forum_reactions').select('kind').where('post_id', '=', o.postId).where('user_id', '=', o.userId).where('kind', '=', o.kind).executeTakeFirst();
    if (existing) await trx.deleteFrom('forum_reactions').where('post_id', '=', o.postId).where('user_id', '=', o.userId).where('kind', '=', o.kind).execute();
    else await trx.insertInto('forum_reactions').values({ post_id: o.postId, user_id: o.userId, kind: o.kind, created_at: nowIso() }).execute();
    const rows = await trx.selectFrom('forum_reactions').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).where('post_id', '=', o.postId).groupBy('kind').execute();
    const counts = parseCounts('');
    for (const r of rows) if ((REACTIONS as readonly string[]).includes(r.kind)) counts[r.kind as keyof typeof counts] = Number(r.n);
    await trx.updateTable('forum_posts').set({ reaction_counts: JSON.stringify(counts) }).where('id', '=', o.postId).execute();
    return existing ? 'removed' : 'added';
  });
}

export async function setSubscription(db: Db, o: { userId: string; target: 'thread' | 'category'; targetId: string; level: string }): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('forum_subscriptions')
    .values({ user_id: o.userId, target: o.target, target_id: o.targetId, level: o.level, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'target', 'target_id']).doUpdateSet({ level: o.level, updated_at: now }))
    .execute();
}

export interface DraftSave {
  title: string;
  body: string;
  /** The version the page started from; 0 for none. */
  baseVersion: number;
  device: string;
}

export type DraftOutcome =
  | { kind: 'saved'; version: number; replaced?: { body: string; title: string; updatedAt: string } }
  | { kind: 'deleted' };

/**
 * Saves a draft. The newest save wins; when it replaces a version saved from another device after
 * this page loaded, the replaced text is handed back so the page can show it (nothing is silently lost).
 */
export async function saveDraft(db: Db, userId: string, key: string, save: DraftSave): Promise<DraftOutcome> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('forum_drafts').select(['title', 'body', 'version', 'device', 'updated_at']).where('user_id', '=', userId).where('draft_key', '=', key).executeTakeFirst();
    if (save.body.trim() === '' && save.title.trim() === '') {
      if (existing) await trx.deleteFrom('forum_drafts').where('user_id', '=', userId).where('draft_key', '=', key).execute();
      return { kind: 'deleted' } as const;
    }
    if (!existing) {
      await trx.insertInto('forum_drafts').values({ user_id: userId, draft_key: key, title: save.title, body: save.body, version: 1, device: save.device, updated_at: now }).execute();
      return { kind: 'saved', version: 1 } as const;
    }
    const version = existing.version + 1;
    await trx.updateTable('forum_drafts').set({ title: save.title, body: save.body, version, device: save.device, updated_at: now }).where('user_id', '=', userId).where('draft_key', '=', key).execute();
    const otherDevice = existing.version > save.baseVersion && existing.device !== save.device && existing.body !== save.body;
    return otherDevice
      ? ({ kind: 'saved', version, replaced: { body: existing.body, title: existing.title, updatedAt: existing.updated_at } } as const)
      : ({ kind: 'saved', version } as const);
  });
}

const PENDING_MS = 60 * 60_000;

/** Keeps text sent after the session ran out, under a random token the browser holds (an hour). */
export async function keepPendingDraft(db: Db, key: string, title: string, body: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const now = Date.now();
  await db.deleteFrom('forum_pending_drafts').where('expires_at', '<', new Date(now).toISOString()).execute();
  await db.insertInto('forum_pending_drafts').values({ token_hash: sha256(token), draft_key: key, title, body, created_at: new Date(now).toISOString(), expires_at: new Date(now + PENDING_MS).toISOString() }).execute();
  return token;
}

/** After log-in: the pending text becomes the member's draft for its place. */
export async function claimPendingDraft(db: Db, token: string, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('forum_pending_drafts').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('forum_pending_drafts').where('token_hash', '=', row.token_hash).execute();
  if (row.expires_at < nowIso()) return undefined;
  await saveDraft(db, userId, row.draft_key, { title: row.title, body: row.body, baseVersion: Number.MAX_SAFE_INTEGER, device: 'pending' });
  return row.draft_key;
}

export async function saveSettings(db: Db, userId: string, s: { mailReplies: boolean; mailMentions: boolean; digest: string; foldedNotes: string[] | null }): Promise<void> {
  const now = nowIso();
  const values = { mail_replies: s.mailReplies ? 1 : 0, mail_mentions: s.mailMentions ? 1 : 0, digest: s.digest, folded_notes: s.foldedNotes ? s.foldedNotes.join(',') : null, updated_at: now };
  await db.insertInto('forum_settings').values({ user_id: userId, digest_sent_at: null, ...values }).onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
}

export async function markNotificationsRead(db: Db, userId: string, ids?: number[]): Promise<void> {
  let q = db.updateTable('forum_notifications').set({ read_at: nowIso() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  await q.execute();
}

/** Moderation's port: change a post's state (approve, hide, remove) and keep counts, index and live readers current. */
export async function setPostStatus(deps: Deps, postId: number, status: PostStatus, outer?: Db): Promise<boolean> {
  const post = await (outer ?? deps.db).selectFrom('forum_posts').select(['id', 'thread_id', 'category_id', 'number', 'status', 'search_text']).where('id', '=', postId).executeTakeFirst();
  if (!post || post.status === status) return false;
  const now = nowIso();
  // Inside moderation's transaction when given (the decision and its audit row commit together).
  const inTransaction = (work: (trx: Db) => Promise<void>) => (outer ? work(outer) : deps.db.transaction().execute(work));
  await inTransaction(async (trx) => {
    await trx.updateTable('forum_posts').set({ status, updated_at: now }).where('id', '=', postId).execute();
    if (status === 'published') {
      await indexRows(trx, [{ id: postId, text: post.search_text }]);
      if (post.number === 1) {
        await trx.updateTable('forum_threads').set({ status: 'published', updated_at: now }).where('id', '=', post.thread_id).where('status', '=', 'pending').execute();
        await trx.updateTable('forum_categories').set((eb) => ({ thread_count: eb('thread_count', '+', 1), post_count: eb('post_count', '+', 1), last_post_at: now })).where('id', '=', post.category_id).execute();
      } else await publishedCounters(trx, post.thread_id, post.category_id, now);
    } else await unindexRows(trx, [postId]);
  });
  if (status === 'published') await announce(deps, { threadId: post.thread_id, postId, number: post.number, status, url: '' }, post.category_id);
  return true;
}

/** Moderation's port: lock (no more replies) or unlock a thread. */
export async function setThreadLocked(db: Db, threadId: number, locked: boolean): Promise<void> {
  await db.updateTable('forum_threads').set({ locked: locked ? 1 : 0, updated_at: nowIso() }).where('id', '=', threadId).execute();
}

/** Moderation's port: hide or remove a whole thread. */
export async function setThreadStatus(db: Db, threadId: number, status: PostStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const thread = await trx.selectFrom('forum_threads').select(['status', 'category_id']).where('id', '=', threadId).executeTakeFirst();
    if (!thread || thread.status === status) return;
    await trx.updateTable('forum_threads').set({ status, updated_at: nowIso() }).where('id', '=', threadId).execute();
    // The category's count is of published threads (its pages are counted from it).
    const change = status === 'published' ? 1 : thread.status === 'published' ? -1 : 0;
    if (change) await trx.updateTable('forum_categories').set((eb) => ({ thread_count: eb('thread_count', '+', change) })).where('id', '=', thread.category_id).execute();
  });
}

/** Moderation's port: a moderator replaces a post's text; the old text goes to the history marked with their note. */
export async function editPostAsModerator(deps: Deps, postId: number, body: string, note: string, trx: Db): Promise<void> {
  const post = await trx.selectFrom('forum_posts').select(['id', 'body', 'status']).where('id', '=', postId).executeTakeFirst();
  if (!post || post.body === body) return;
  const now = nowIso();
  await trx.insertInto('forum_post_revisions').values({ post_id: post.id, body: post.body, created_at: now, moderator_note: note }).execute();
  const text = foldForSearch(body);
  // Mentions are not resolved again: a moderator's edit should not notify anyone.
  await trx.updateTable('forum_posts').set({ body, html: renderPostMarkdown(body, new Set()), search_text: text, edited_at: now, updated_at: now }).where('id', '=', post.id).execute();
  if (post.status === 'published') await indexRows(trx, [{ id: post.id, text }]);
}

/** Moderation's port: a thread goes to another category with its posts; both categories' counts follow. */
export async function moveThread(trx: Db, threadId: number, categoryId: string): Promise<boolean> {
  const thread = await trx.selectFrom('forum_threads').select(['category_id', 'status']).where('id', '=', threadId).executeTakeFirst();
  const target = await trx.selectFrom('forum_categories').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!thread || !target || thread.category_id === categoryId) return false;
  const now = nowIso();
  const published = await trx.selectFrom('forum_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId).where('status', '=', 'published').executeTakeFirstOrThrow();
  const posts = Number(published.n);
  const threads = thread.status === 'published' ? 1 : 0;
  // The thread gets the next number of its new category (read after the bump, under its row lock).
  await trx.updateTable('forum_categories').set((eb) => ({ thread_seq: eb('thread_seq', '+', 1) })).where('id', '=', categoryId).execute();
  const seq = (await trx.selectFrom('forum_categories').select('thread_seq').where('id', '=', categoryId).executeTakeFirstOrThrow()).thread_seq;
  await trx.updateTable('forum_threads').set({ category_id: categoryId, category_seq: seq, updated_at: now }).where('id', '=', threadId).execute();
  await trx.updateTable('forum_posts').set({ category_id: categoryId }).where('thread_id', '=', threadId).execute();
  await trx.updateTable('forum_categories').set((eb) => ({ thread_count: eb('thread_count', '-', threads), post_count: eb('post_count', '-', posts) })).where('id', '=', thread.category_id).execute();
  await trx.updateTable('forum_categories').set((eb) => ({ thread_count: eb('thread_count', '+', threads), post_count: eb('post_count', '+', posts), updated_at: now })).where('id', '=', categoryId).execute();
  return true;
}
