// The forum as the app registers it, and what other features may call (moderation: load posts,
// change their state, lock threads). Nothing else of the forum is reached from outside.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { forumRoutes } from './routes.tsx';
import { forumApi } from './api.ts';
import { exportForum, deleteForumData } from './account-data.ts';
import { DIGEST_JOB, registerDigestJob } from './notify.ts';
import * as q from './queries.ts';
import * as cmd from './commands.ts';
import { threadUrl } from './model.ts';
import { registerForumTargets } from './safety.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { factNumber } from '../../platform/auth/sessions.ts';
import type { BoardGroup } from '../directory/index.ts';
import type { FeatureModule } from '../../platform/feature.ts';
import type { DomainEvents } from '../../platform/domain-events.ts';
import { forumMessagesDe, forumMessagesEn } from './messages.ts';

export { forumMessagesDe, forumMessagesEn } from './messages.ts';
export type { PostStatus, Premoderation } from './model.ts';
export { createThread, createPost } from './commands.ts';
export { createCategory } from './admin.ts';

export async function registerForum(app: FastifyInstance, deps: Deps, events?: DomainEvents): Promise<void> {
  // A group's board carries the group's name; when the group is renamed, so is its board.
  events?.on('group.changed', ({ groupId }) => q.renameBoard(deps.db, groupId));
  deps.nav.push({ href: '/forum', label: 'forum.nav' });
  registerForumTargets();
  deps.accountData.register({
    name: 'forum',
    export: (db, userId) => exportForum(db, deps.config, userId),
    delete: (db, userId, posts) => deleteForumData(db, deps.config, userId, posts),
  });
  // The header's unread count: one indexed count, asked with the session's query (a request with a
  // bearer token has no such answer and asks on its own).
  deps.sessionFacts.define('forum.unread', q.unreadNotificationsFact);
  app.addHook('preHandler', async (req) => {
    if (req.actor.kind !== 'user' || req.method !== 'GET' || req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.url.includes('/live')) return;
    req.unreadNotifications = factNumber(req.sessionFacts, 'forum.unread') ?? (await q.unreadNotificationCount(deps.db, req.actor.id));
  });
  registerDigestJob(deps);
  if (deps.config.runJobs) await deps.jobs.ensureScheduled(DIGEST_JOB, new Date(Date.now() + 10 * 60_000));
  await app.register(forumRoutes, { deps });
  await app.register(forumApi, { deps });
}

/** Posts by id with their thread and category (for the moderation queue and reports). */
export async function loadPostsWithContext(deps: Deps, ids: number[]) {
  const posts = await q.postsByIds(deps.db, ids);
  const threads = new Map<number, NonNullable<Awaited<ReturnType<typeof q.threadById>>>>();
  for (const id of new Set(posts.map((p) => p.thread_id))) {
    const t = await q.threadById(deps.db, id);
    if (t) threads.set(id, t);
  }
  const categories = await q.categoriesByIds(deps.db, [...threads.values()].map((t) => t.category_id));
  return posts.map((p) => {
    const thread = threads.get(p.thread_id);
    const category = thread ? categories.get(thread.category_id) : undefined;
    return {
      id: p.id, number: p.number, status: p.status, body: p.body, html: p.html, anonymous: p.anonymous === 1, authorId: p.author_id, createdAt: p.created_at,
      thread: thread ? { id: thread.id, title: thread.title, status: thread.status, locked: thread.locked === 1, url: threadUrl(thread, p.number) } : null,
      category: category ? { id: category.id, slug: category.slug, nameDe: category.name_de, nameEn: category.name_en, groupId: category.group_id, premoderation: category.premoderation } : null,
    };
  });
}

export const approvePost = (deps: Deps, postId: number) => cmd.setPostStatus(deps, postId, 'published');
export const hidePost = (deps: Deps, postId: number) => cmd.setPostStatus(deps, postId, 'hidden');
export const removePost = (deps: Deps, postId: number) => cmd.setPostStatus(deps, postId, 'deleted');
export const lockThread = (deps: Deps, threadId: number, locked = true) => cmd.setThreadLocked(deps.db, threadId, locked);
export const setThreadStatus = (deps: Deps, threadId: number, status: 'published' | 'pending' | 'hidden' | 'deleted') => cmd.setThreadStatus(deps.db, threadId, status);

/** Helpers for the demo content (src/demo/forum.ts): the same rows the pages write, dated back. */
export const demoSupport = {
  async categoryForDemo(deps: Deps, slug: string) {
    const c = await q.categoryBySlug(deps.db, slug);
    if (!c) throw new Error(`no category ${slug}`);
    return c;
  },
  async threadForDemo(deps: Deps, id: number) {
    const t = await q.threadById(deps.db, id);
    if (!t) throw new Error(`no thread ${id}`);
    return t;
  },
  tiesFor: (deps: Deps, actor: UserActor) => q.loadTies(deps.db, actor),
  boardForDemo: (deps: Deps, group: BoardGroup) => q.ensureBoard(deps.db, group),
  /** Gives the posts of a thread the times given (1st time for post 1 …). */
  async backdate(deps: Deps, threadId: number, times: string[]) {
    for (const [i, at] of times.entries()) {
      await deps.db.updateTable('forum_posts').set({ created_at: at, updated_at: at }).where('thread_id', '=', threadId).where('number', '=', i + 1).execute();
    }
    const first = times[0] as string;
    const last = times[times.length - 1] as string;
    await deps.db.updateTable('forum_threads').set({ created_at: first, last_post_at: last, first_reply_at: times[1] ?? null }).where('id', '=', threadId).execute();
  },
  async reactForDemo(deps: Deps, threadId: number, number: number, userId: string, kind: string) {
    const post = await deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', threadId).where('number', '=', number).executeTakeFirst();
    if (post) await cmd.react(deps, { postId: post.id, userId, kind });
  },
};

export const forumModule: FeatureModule = { name: 'forum', messages: { de: forumMessagesDe, en: forumMessagesEn }, register: (app, { deps, events }) => registerForum(app, deps, events) };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof forumMessagesDe, true> {}
}
