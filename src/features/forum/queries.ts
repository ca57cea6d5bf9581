// Reading the forum: categories, boards, threads, posts, read marks, search, notifications.
// SQL of the feature lives here and in commands.ts; it runs unchanged on SQLite and PostgreSQL
// (db/fulltext.ts hides the one difference, full text).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';

import type { Db } from '../../db/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { SessionFact } from '../../platform/auth/sessions.ts';
import { nowIso } from '../../platform/time.ts';
import { matchesTerms } from '../../db/fulltext.ts';
import { boardGroupsByIds, facilitatedGroupIdsSql, groupIdsOfOrganisations, groupTiesOf, type BoardGroup } from '../directory/index.ts';
import { NO_TIES, canReadCategory, readsAllBoards, type Ties } from './policy.ts';
import { PAGE_SIZE, THREADS_PER_PAGE, UNANSWERED_AFTER_MS, type Category, type Post, type Thread } from './model.ts';

const CATEGORY_COLUMNS = [
  'id', 'slug', 'name_de', 'name_en', 'description_de', 'description_en', 'position', 'read_access', 'start_access', 'anonymous_allowed',
  'premoderation', 'noindex', 'locked', 'group_id', 'thread_count', 'post_count', 'thread_seq', 'last_post_at',
] as const;
const THREAD_COLUMNS = [
  'forum_threads.id', 'forum_threads.category_id', 'forum_threads.title', 'forum_threads.slug', 'forum_threads.author_id', 'forum_threads.anonymous',
  'forum_threads.content_note', 'forum_threads.status', 'forum_threads.locked', 'forum_threads.category_seq', 'forum_threads.last_number',
  'forum_threads.reply_count', 'forum_threads.first_reply_at', 'forum_threads.last_post_at', 'forum_threads.created_at',
] as const;
const POST_COLUMNS = [
  'forum_posts.id', 'forum_posts.thread_id', 'forum_posts.category_id', 'forum_posts.number', 'forum_posts.author_id', 'forum_posts.anonymous',
  'forum_posts.anon_key', 'forum_posts.body', 'forum_posts.html', 'forum_posts.content_note', 'forum_posts.reply_to', 'forum_posts.status',
  'forum_posts.deleted_by_author', 'forum_posts.edited_at', 'forum_posts.reaction_counts', 'forum_posts.created_at',
] as const;

export const BOARD_PREFIX = 'gruppe-';

/** A person's ties to groups and organisations (through the directory), for the policies. */
export async function loadTies(db: Db, actor: Actor): Promise<Ties> {
  if (actor.kind !== 'user') return NO_TIES;
  const ties = await groupTiesOf(db, actor.id);
  const staffGroups = ties.staffOf.length ? await groupIdsOfOrganisations(db, ties.staffOf) : [];
  return {
    admitted: new Set(ties.admitted),
    facilitating: new Set(ties.facilitating),
    staffGroups: new Set(staffGroups),
    organisationStaff: ties.staffOf.length > 0,
  };
}

/** The topic categories (not boards), in the administrators' order. */
export async function topicCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('forum_categories').select(CATEGORY_COLUMNS).where('group_id', 'is', null).orderBy('position').orderBy('slug').execute();
}

export async function categoryBySlug(db: Db, slug: string): Promise<Category | undefined> {
  return db.selectFrom('forum_categories').select(CATEGORY_COLUMNS).where('slug', '=', slug).executeTakeFirst();
}

export async function categoriesByIds(db: Db, ids: string[]): Promise<Map<string, Category>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('forum_categories').select(CATEGORY_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A group's board, made on first use: every group has one, but most are never opened. */
export async function ensureBoard(db: Db, group: BoardGroup): Promise<Category> {
  const existing = await db.selectFrom('forum_categories').select(CATEGORY_COLUMNS).where('group_id', '=', group.id).executeTakeFirst();
  if (existing) return existing;
  const now = nowIso();
  await db
    .insertInto('forum_categories')
    .values({
      id: randomUUID(), slug: `${BOARD_PREFIX}${group.slug}`.slice(0, 120), name_de: group.name, name_en: group.name, description_de: '', description_en: '',
      position: 10_000, read_access: 'members', start_access: 'members', anonymous_allowed: 0, premoderation: 'none', noindex: 1, locked: 0,
      group_id: group.id, created_at: now, updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db.selectFrom('forum_categories').select(CATEGORY_COLUMNS).where('group_id', '=', group.id).executeTakeFirstOrThrow();
}

/** Gives a group's board the group's current name (nothing when the group has no board yet). */
export async function renameBoard(db: Db, groupId: string): Promise<void> {
  const [group] = await boardGroupsByIds(db, [groupId]);
  if (!group) return;
  await db.updateTable('forum_categories').set({ name_de: group.name, name_en: group.name, updated_at: nowIso() })
    .where('group_id', '=', groupId).where('name_de', '!=', group.name).execute();
}

/** The boards a person may open from /forum: of groups they belong to or moderate. */
export async function boardsFor(db: Db, ties: Ties): Promise<BoardGroup[]> {
  const ids = [...new Set([...ties.admitted, ...ties.facilitating])];
  const groups = await boardGroupsByIds(db, ids.slice(0, 200));
  return groups.filter((g) => g.status !== 'proposed').sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

export async function boardGroupOf(db: Db, category: Category): Promise<BoardGroup | undefined> {
  if (!category.group_id) return undefined;
  return (await boardGroupsByIds(db, [category.group_id]))[0];
}

/** Categories whose posts the person may read, for search and lists; 'all' for moderators. */
export async function readableCategoryIds(db: Db, actor: Actor, ties: Ties): Promise<{ ids: string[]; allBoards: boolean }> {
  const topics = (await topicCategories(db)).filter((c) => canReadCategory(actor, c, ties)).map((c) => c.id);
  if (readsAllBoards(actor)) return { ids: topics, allBoards: true };
  const groups = [...new Set([...ties.admitted, ...ties.facilitating, ...ties.staffGroups])];
  if (groups.length === 0) return { ids: topics, allBoards: false };
  const boards: string[] = [];
  for (let i = 0; i < groups.length; i += 500) {
    const rows = await db.selectFrom('forum_categories').select('id').where('group_id', 'in', groups.slice(i, i + 500)).execute();
    boards.push(...rows.map((r) => r.id));
  }
  return { ids: [...topics, ...boards], allBoards: false };
}

export async function threadById(db: Db, id: number): Promise<Thread | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.selectFrom('forum_threads').select(THREAD_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export interface ThreadListItem extends Thread {
  author_pseudonym: string | null;
  /** The author's role, for the staff badge (never shown for anonymous threads). */
  author_role: string | null;
}

/**
 * One page of a category's threads, newest activity first. Readers walk the (category, status,
 * last post) index over published threads only (no sort, no count: the category keeps its count);
 * their own threads waiting for review come first on page 1. Moderators also see pending and hidden ones.
 */
export async function threadsOfCategory(
  db: Db,
  category: { id: string; thread_count: number },
  page: number,
  who: { userId: string | null; moderates: boolean },
): Promise<{ items: ThreadListItem[]; total: number }> {
  const base = () =>
    db
      .selectFrom('forum_threads')
      .leftJoin('users', 'users.id', 'forum_threads.author_id')
      .select([...THREAD_COLUMNS, 'users.pseudonym as author_pseudonym', 'users.role as author_role'])
      .where('forum_threads.category_id', '=', category.id);
  if (who.moderates) {
    const visible = ['published', 'pending', 'hidden'];
    const items = await base().where('forum_threads.status', 'in', visible).orderBy('forum_threads.last_post_at', 'desc').orderBy('forum_threads.id', 'desc').limit(THREADS_PER_PAGE).offset((page - 1) * THREADS_PER_PAGE).execute();
    const count = await db.selectFrom('forum_threads').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', category.id).where('status', 'in', visible).executeTakeFirst();
    return { items, total: Number(count?.n ?? 0) };
  }
  const items = await base().where('forum_threads.status', '=', 'published').orderBy('forum_threads.last_post_at', 'desc').orderBy('forum_threads.id', 'desc').limit(THREADS_PER_PAGE).offset((page - 1) * THREADS_PER_PAGE).execute();
  const own = who.userId ? await base().where('forum_threads.author_id', '=', who.userId).where('forum_threads.status', '=', 'pending').orderBy('forum_threads.id', 'desc').limit(20).execute() : [];
  return { items: page === 1 ? [...own, ...items] : items, total: category.thread_count + own.length };
}

export interface PostRow extends Post {
  author_pseudonym: string | null;
  /** The author's role, for the staff badge (never shown for anonymous posts). */
  author_role: string | null;
}

/** Posts with their author's pseudonym and role: the one query every post lookup narrows down. */
const postsWithAuthor = (db: Db) =>
  db.selectFrom('forum_posts').leftJoin('users', 'users.id', 'forum_posts.author_id').select([...POST_COLUMNS, 'users.pseudonym as author_pseudonym', 'users.role as author_role']);

/** Posts numbered from..to of a thread (keyset by number: a page never reads the ids before it). */
export async function postsByNumber(db: Db, threadId: number, from: number, to: number): Promise<PostRow[]> {
  return postsWithAuthor(db).where('forum_posts.thread_id', '=', threadId).where('forum_posts.number', '>=', from).where('forum_posts.number', '<=', to).orderBy('forum_posts.number').execute();
}

export async function postById(db: Db, id: number): Promise<PostRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return postsWithAuthor(db).where('forum_posts.id', '=', id).executeTakeFirst();
}

export async function postsByIds(db: Db, ids: number[]): Promise<PostRow[]> {
  if (ids.length === 0) return [];
  return postsWithAuthor(db).where('forum_posts.id', 'in', ids).execute();
}

export const pageOfNumber = (n: number): number => Math.max(1, Math.ceil(n / PAGE_SIZE));

/** The member's last read post number per thread. */
export async function readMarks(db: Db, userId: string, threadIds: number[]): Promise<Map<number, number>> {
  if (threadIds.length === 0) return new Map();
  const rows = await db.selectFrom('forum_reads').select(['thread_id', 'last_read_number']).where('user_id', '=', userId).where('thread_id', 'in', threadIds).execute();
  return new Map(rows.map((r) => [r.thread_id, r.last_read_number]));
}

/** What the member has reacted with, per post, and (for their own posts) who reacted. */
export async function reactionsOf(db: Db, postIds: number[], userId: string): Promise<Map<number, Set<string>>> {
  const mine = new Map<number, Set<string>>();
  if (postIds.length === 0) return mine;
  const rows = await db.selectFrom('forum_reactions').select(['post_id', 'kind']).where('post_id', 'in', postIds).where('user_id', '=', userId).execute();
  for (const r of rows) {
    if (!mine.has(r.post_id)) mine.set(r.post_id, new Set());
    mine.get(r.post_id)?.add(r.kind);
  }
  return mine;
}

export async function reactorsOf(db: Db, postIds: number[]): Promise<Map<number, Array<{ kind: string; pseudonym: string }>>> {
  const out = new Map<number, Array<{ kind: string; pseudonym: string }>>();
  if (postIds.length === 0) return out;
  const rows = await db
    .selectFrom('forum_reactions')
    .innerJoin('users', 'users.id', 'forum_reactions.user_id')
    .select(['forum_reactions.post_id', 'forum_reactions.kind', 'users.pseudonym'])
    .where('forum_reactions.post_id', 'in', postIds)
    .orderBy('forum_reactions.created_at')
    .execute();
  for (const r of rows) {
    if (!out.has(r.post_id)) out.set(r.post_id, []);
    out.get(r.post_id)?.push({ kind: r.kind, pseudonym: r.pseudonym });
  }
  return out;
}

export async function revisionsOf(db: Db, postId: number) {
  return db.selectFrom('forum_post_revisions').select(['id', 'body', 'created_at', 'moderator_note']).where('post_id', '=', postId).orderBy('id', 'desc').execute();
}

/** Threads in readable categories without a reply 24 hours after they started, oldest waiting first. */
export async function unanswered(db: Db, readable: { ids: string[]; allBoards: boolean }, limit = 50): Promise<ThreadListItem[]> {
  if (readable.ids.length === 0 && !readable.allBoards) return [];
  const cutoff = new Date(Date.now() - UNANSWERED_AFTER_MS).toISOString();
  return db
    .selectFrom('forum_threads')
    .leftJoin('users', 'users.id', 'forum_threads.author_id')
    .select([...THREAD_COLUMNS, 'users.pseudonym as author_pseudonym', 'users.role as author_role'])
    .where('forum_threads.reply_count', '=', 0)
    .where('forum_threads.status', '=', 'published')
    .where('forum_threads.locked', '=', 0)
    .where('forum_threads.created_at', '<=', cutoff)
    .where((eb) =>
      readable.allBoards
        ? eb.or([eb('forum_threads.category_id', 'in', readable.ids.length ? readable.ids : ['-']), eb('forum_threads.category_id', 'in', eb.selectFrom('forum_categories').select('forum_categories.id').where('forum_categories.group_id', 'is not', null))])
        : eb('forum_threads.category_id', 'in', readable.ids),
    )
    .orderBy('forum_threads.created_at', 'desc')
    .limit(limit)
    .execute();
}

export interface SearchFilter {
  terms: string[];
  readable: { ids: string[]; allBoards: boolean };
  categoryId?: string | undefined;
  authorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  perPage: number;
}

export interface SearchHit {
  post_id: number;
  thread_id: number;
  number: number;
  title: string;
  thread_slug: string;
  category_id: string;
  html: string;
  created_at: string;
  author_pseudonym: string | null;
  anonymous: number;
}

export const SEARCH_COUNT_CAP = 1000;

/** Published posts in readable categories of published threads containing every term; newest first. */
export async function searchPosts(db: Db, f: SearchFilter): Promise<{ items: SearchHit[]; total: number }> {
  if (f.terms.length === 0 || (f.readable.ids.length === 0 && !f.readable.allBoards)) return { items: [], total: 0 };
  const boards = db.selectFrom('forum_categories').select('id').where('group_id', 'is not', null);
  let q = db
    .selectFrom('forum_posts')
    .where(matchesTerms(db, f.terms))
    .where('forum_posts.status', '=', 'published')
    .where((eb) =>
      f.readable.allBoards
        ? eb.or([eb('forum_posts.category_id', 'in', f.readable.ids.length ? f.readable.ids : ['-']), eb('forum_posts.category_id', 'in', boards)])
        : eb('forum_posts.category_id', 'in', f.readable.ids),
    );
  if (f.categoryId) q = q.where('forum_posts.category_id', '=', f.categoryId);
  // An author filter never finds anonymous posts: it must not tie them to a name.
  if (f.authorId) q = q.where('forum_posts.author_id', '=', f.authorId).where('forum_posts.anonymous', '=', 0);
  if (f.from) q = q.where('forum_posts.created_at', '>=', f.from);
  if (f.to) q = q.where('forum_posts.created_at', '<', f.to);
  const items = await q
    .innerJoin('forum_threads', 'forum_threads.id', 'forum_posts.thread_id')
    .leftJoin('users', 'users.id', 'forum_posts.author_id')
    .where('forum_threads.status', '=', 'published')
    .select([
      'forum_posts.id as post_id', 'forum_posts.thread_id', 'forum_posts.number', 'forum_threads.title', 'forum_threads.slug as thread_slug',
      'forum_posts.category_id', 'forum_posts.html', 'forum_posts.created_at', 'users.pseudonym as author_pseudonym', 'forum_posts.anonymous',
    ])
    .orderBy('forum_posts.id', 'desc')
    .limit(f.perPage)
    .offset((f.page - 1) * f.perPage)
    .execute();
  // A short page is the last one: the total is known without counting.
  if (items.length < f.perPage && (items.length > 0 || f.page === 1)) return { items, total: (f.page - 1) * f.perPage + items.length };
  // Counting every match of a common word over a million posts costs more than the page; the count stops at a cap.
  const counted = await db
    .selectFrom(
      q.innerJoin('forum_threads', 'forum_threads.id', 'forum_posts.thread_id').where('forum_threads.status', '=', 'published').select('forum_posts.id').limit(SEARCH_COUNT_CAP + 1).as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { items, total: Number(counted?.n ?? 0) };
}

export async function forumSettings(db: Db, userId: string) {
  return db.selectFrom('forum_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function subscriptionLevel(db: Db, userId: string, target: 'thread' | 'category', targetId: string): Promise<string> {
  const row = await db.selectFrom('forum_subscriptions').select('level').where('user_id', '=', userId).where('target', '=', target).where('target_id', '=', targetId).executeTakeFirst();
  return row?.level ?? 'normal';
}

/** The header's unread count, asked with the session on every request of a member (see the forum's index.ts). */
export const unreadNotificationsFact: SessionFact = ({ userId }) => sql`(select count(*) from forum_notifications where user_id = ${userId} and read_at is null)`;

/** Whether the person facilitates a group that has a board (something to moderate), asked with the session. */
export const facilitatesBoardFact: SessionFact = ({ userId }) => sql`exists (select 1 from forum_categories where group_id in (${facilitatedGroupIdsSql(userId)}))`;

export async function unreadNotificationCount(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('forum_notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function notificationsOf(db: Db, userId: string, limit = 50) {
  return db
    .selectFrom('forum_notifications')
    .innerJoin('forum_threads', 'forum_threads.id', 'forum_notifications.thread_id')
    .select([
      'forum_notifications.id', 'forum_notifications.kind', 'forum_notifications.thread_id', 'forum_notifications.post_number', 'forum_notifications.actor_label',
      'forum_notifications.created_at', 'forum_notifications.read_at', 'forum_threads.title', 'forum_threads.slug', 'forum_threads.category_id', 'forum_threads.status',
    ])
    .where('forum_notifications.user_id', '=', userId)
    .orderBy('forum_notifications.id', 'desc')
    .limit(limit)
    .execute();
}

export async function draftOf(db: Db, userId: string, key: string) {
  return db.selectFrom('forum_drafts').select(['title', 'body', 'version', 'device', 'updated_at']).where('user_id', '=', userId).where('draft_key', '=', key).executeTakeFirst();
}

/** Posts of a thread with numbers after `after`, published only, for live replay and fragments. */
export async function publishedAfter(db: Db, threadId: number, after: number, limit = 200) {
  return db
    .selectFrom('forum_posts')
    .select(['id', 'number'])
    .where('thread_id', '=', threadId)
    .where('number', '>', after)
    .where('status', '=', 'published')
    .orderBy('number')
    .limit(limit)
    .execute();
}

export async function threadsAfterSeq(db: Db, categoryId: string, after: number, limit = 100) {
  return db
    .selectFrom('forum_threads')
    .select(['id', 'category_seq', 'title', 'slug'])
    .where('category_id', '=', categoryId)
    .where('category_seq', '>', after)
    .where('status', '=', 'published')
    .orderBy('category_seq')
    .limit(limit)
    .execute();
}

/** Newest threads of a category, for its Atom feed. */
export async function recentThreads(db: Db, categoryId: string, limit = 30) {
  return db
    .selectFrom('forum_threads')
    .innerJoin('forum_posts', (j) => j.onRef('forum_posts.thread_id', '=', 'forum_threads.id').on('forum_posts.number', '=', 1))
    .leftJoin('users', 'users.id', 'forum_threads.author_id')
    .select(['forum_threads.id', 'forum_threads.title', 'forum_threads.slug', 'forum_threads.created_at', 'forum_threads.anonymous', 'forum_posts.html', 'forum_posts.edited_at', 'users.pseudonym as author_pseudonym'])
    .where('forum_threads.category_id', '=', categoryId)
    .where('forum_threads.status', '=', 'published')
    .where('forum_posts.status', '=', 'published')
    .orderBy('forum_threads.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function usersByPseudonymKeys(db: Db, keys: string[]) {
  if (keys.length === 0) return [];
  return db.selectFrom('users').select(['id', 'pseudonym', 'pseudonym_key', 'locale', 'email', 'email_verified_at']).where('pseudonym_key', 'in', keys).execute();
}

