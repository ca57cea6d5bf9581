// Where the forum meets moderation: the crisis check before a post is written, what the writer's
// choice on the help page means for a post, the queue item for every post that waits for review,
// and what moderation may load and change of posts and threads.
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../db/index.ts';
import { checkCrisisText, queueForReview, recordCrisisChoice, registerTarget, type CrisisCheck, type CrisisChoice } from '../moderation/index.ts';
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

/** Lets moderation load, hide, remove and approve posts and threads. */
export function registerForumTargets(): void {
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
