// Where the forum meets moderation: the crisis check before a post is written, what the writer's
// choice on the help page means for a post, the queue item for every post that waits for review,
// and what moderation may load and change of posts and threads.
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../db/index.ts';
import { checkCrisisText, checkWriteLimit, countWrite, isExemptFromTrustLimits, queueForReview, recordCrisisChoice, registerActivitySource, registerTarget, type CrisisCheck, type CrisisChoice, type LimitProblem } from '../moderation/index.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
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

/** Lets moderation load, hide, remove and approve posts and threads, and count activity for trust. */
export function registerForumTargets(): void {
  registerActivitySource('forum', { counts: forumActivity });
  registerTarget('post', {
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
