// Where the forum meets moderation: the crisis check before a post is written, what the writer's
// choice on the help page means for a post, the queue item for every post that waits for review,
// and what moderation may load and change of posts and threads.
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../db/index.ts';
import { checkCrisisText, checkWriteLimit, countWrite, isExemptFromTrustLimits, queueForReview, recordCrisisChoice, registerActivitySource, registerFacilitation, registerTarget, type CrisisCheck, type CrisisChoice, type LimitProblem, type TargetHandler } from '../moderation/index.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { facilitatedGroupsOf } from '../directory/index.ts';
import * as q from './queries.ts';
import * as cmd from './commands.ts';
import { threadUrl, type Category } from './model.ts';
import type { Written } from './commands.ts';

export function crisisOfPost(title: string, body: string): CrisisCheck {
  return checkCrisisText(title ? `${title}.\n${body}` : body);
}

/**
 * After a post is written: a post that waits (pre-moderation, or held for the moderators) becomes a
 * queue item, urgent when the check matched; "publish and let a moderator look" adds an urgent item.
 */
export async function afterPostWritten(
  deps: Deps,
  { written, authorId, anonymous, category, check, choice }: { written: Written; authorId: string; anonymous: boolean; category: Category; check: CrisisCheck; choice: CrisisChoice | null },
): Promise<void> {
  // An anonymous writer stays sealed from the queue, unless they asked the moderators to get in
  // touch (their choice on the help page): then the item keeps their id so an answer reaches them,
  // and the queue still shows them only as "anonymous".
  const asked = choice === 'publish_and_alert' || choice === 'moderators_only';
  if (anonymous && !asked) authorId = '';
  const target = { type: 'post', id: String(written.postId), url: written.url, categoryId: category.id, groupId: category.group_id };
  if (written.status === 'pending') {
    await queueForReview(deps, { target, authorId: authorId || null, classes: check.classes, choice });
    return;
  }
  if (choice === 'publish_and_alert') await recordCrisisChoice(deps, { authorId, choice, classes: check.classes, text: '', draftContext: 'forum', target });
}

/**
 * What trust levels count of the forum: posts read (the read marks, summed over threads) and posts
 * written under the member's name. Anonymous posts are not counted: that would tie them to the writer.
 */
async function forumActivity(db: Db, userIds: string[]): Promise<Map<string, { read: number; written: number }>> {
  const out = new Map<string, { read: number; written: number }>();
  if (userIds.length === 0) return out;
  const read = await db.selectFrom('forum_reads').select(['user_id', (eb) => eb.fn.sum<number>('last_read_number').as('n')]).where('user_id', 'in', userIds).groupBy('user_id').execute();
  const written = await db.selectFrom('forum_posts').select(['author_id', (eb) => eb.fn.countAll<number>().as('n')]).where('author_id', 'in', userIds).where('status', '=', 'published').groupBy('author_id').execute();
  for (const r of read) out.set(r.user_id, { read: Number(r.n), written: 0 });
  for (const w of written) if (w.author_id) out.set(w.author_id, { read: out.get(w.author_id)?.read ?? 0, written: Number(w.n) });
  return out;
}

/**
 * The limits of the writer's trust level on the write endpoints (posts per day, links and mentions in
 * one post). A text held for the moderators only (crisis help page) is never limited: it must always
 * reach them. Seeding and imports call the commands directly and are not limited.
 */
export async function postLimit(deps: Deps, o: { actor: UserActor; body: string; hold: boolean; t: Translator }): Promise<{ errors: FieldProblem[]; limit: LimitProblem } | null> {
  if (o.hold) return null;
  const limit = await checkWriteLimit(deps, { userId: o.actor.id, exempt: isExemptFromTrustLimits(o.actor), kind: 'post', text: o.body });
  return limit ? { errors: [{ field: limit.field, message: o.t(limit.messageKey, limit.params) }], limit } : null;
}

/** Counts a written post toward the writer's daily limit. */
export async function countPost(deps: Deps, o: { actor: UserActor; hold: boolean }): Promise<void> {
  if (!o.hold) await countWrite(deps, { userId: o.actor.id, exempt: isExemptFromTrustLimits(o.actor), kind: 'post' });
}

/** The account behind a post: its author, or for an anonymous post the sealed one (opened only for moderation's rules). */
async function writerOfPost(deps: Deps, post: { author_id: string | null; anonymous: number; anon_sealed: string | null; thread_id: number }) {
  let id = post.author_id;
  if (!id && post.anonymous === 1 && post.anon_sealed) id = sealerFor(deps.config.dataKey).open(post.anon_sealed, `forum-thread:${post.thread_id}`);
  if (!id) return undefined;
  const user = await deps.db.selectFrom('users').select(['id', 'pseudonym']).where('id', '=', id).executeTakeFirst();
  return user ? { id: user.id, pseudonym: user.pseudonym } : undefined;
}

/** What moderation may do to the thread a post or thread target is in: lock, move, slow down. */
const threadOps: Pick<TargetHandler, 'lock' | 'move' | 'categories'> = {
  async lock(_deps, threadId, locked, trx: Db) {
    await cmd.setThreadLocked(trx, Number(threadId), locked);
  },
  async move(_deps, threadId, categoryId, trx: Db) {
    return cmd.moveThread(trx, Number(threadId), categoryId);
  },
  async categories(deps) {
    const rows = await deps.db.selectFrom('forum_categories').select(['id', 'name_de', 'name_en']).where('group_id', 'is', null).orderBy('position').execute();
    return rows.map((r) => ({ id: r.id, nameDe: r.name_de, nameEn: r.name_en }));
  },
};

/** Lets moderation load, hide, remove, approve and edit posts, lock, move and slow down threads, and count activity for trust. */
export function registerForumTargets(): void {
  registerActivitySource('forum', { counts: forumActivity });
  // Facilitators moderate their groups' boards: moderation asks the forum which groups those are.
  // Only groups that have a board count (a proposed group's facilitator has nothing to moderate yet).
  registerFacilitation(async (db, userId) => {
    const groups = await facilitatedGroupsOf(db, userId);
    if (groups.length === 0) return [];
    return (await db.selectFrom('forum_categories').select('group_id').where('group_id', 'in', groups).execute()).flatMap((c) => (c.group_id ? [c.group_id] : []));
  }, q.facilitatesBoardFact);
  registerTarget('post', {
    ...threadOps,
    async writer(deps, id) {
      const post = await deps.db.selectFrom('forum_posts').select(['author_id', 'anonymous', 'anon_sealed', 'thread_id']).where('id', '=', Number(id) || 0).executeTakeFirst();
      return post ? writerOfPost(deps, post) : undefined;
    },
    async edit(deps, id, text, note, trx: Db) {
      await cmd.editPostAsModerator(deps, Number(id), text, note, trx);
    },
    async thread(deps, id) {
      const post = await deps.db.selectFrom('forum_posts').innerJoin('forum_threads', 'forum_threads.id', 'forum_posts.thread_id')
        .select(['forum_threads.id', 'forum_threads.category_id', 'forum_threads.locked']).where('forum_posts.id', '=', Number(id) || 0).executeTakeFirst();
      return post ? { id: String(post.id), categoryId: post.category_id, locked: post.locked === 1 } : undefined;
    },
    async load(deps, id) {
      const post = await q.postById(deps.db, Number(id));
      if (!post) return undefined;
      const thread = await q.threadById(deps.db, post.thread_id);
      const category = thread ? (await q.categoriesByIds(deps.db, [thread.category_id])).get(thread.category_id) : undefined;
      return {
        authorId: post.author_id, authorName: post.anonymous === 1 ? null : post.author_pseudonym, anonymous: post.anonymous === 1, text: post.body,
        url: thread ? threadUrl(thread, post.number) : '', categoryId: post.category_id, groupId: category?.group_id ?? null, status: post.status,
      };
    },
    async setState(deps, id, state, trx: Db) {
      await cmd.setPostStatus(deps, Number(id), state, trx);
    },
  });
  registerTarget('thread', {
    ...threadOps,
    async writer(deps, id) {
      const first = await deps.db.selectFrom('forum_posts').select(['author_id', 'anonymous', 'anon_sealed', 'thread_id']).where('thread_id', '=', Number(id) || 0).where('number', '=', 1).executeTakeFirst();
      return first ? writerOfPost(deps, first) : undefined;
    },
    async thread(deps, id) {
      const thread = await q.threadById(deps.db, Number(id));
      return thread ? { id: String(thread.id), categoryId: thread.category_id, locked: thread.locked === 1 } : undefined;
    },
    async load(deps, id) {
      const thread = await q.threadById(deps.db, Number(id));
      if (!thread) return undefined;
      const first = (await q.postsByNumber(deps.db, thread.id, 1, 1))[0];
      const author = thread.author_id && thread.anonymous !== 1 ? await deps.db.selectFrom('users').select('pseudonym').where('id', '=', thread.author_id).executeTakeFirst() : undefined;
      const category = (await q.categoriesByIds(deps.db, [thread.category_id])).get(thread.category_id);
      return {
        authorId: thread.author_id, authorName: author?.pseudonym ?? null, anonymous: thread.anonymous === 1, text: `${thread.title}\n\n${first?.body ?? ''}`,
        url: threadUrl(thread), categoryId: thread.category_id, groupId: category?.group_id ?? null, status: thread.status,
      };
    },
    async setState(_deps, id, state, trx: Db) {
      await cmd.setThreadStatus(trx, Number(id), state);
    },
  });
}
