// A member's forum data for the export, and what happens to it when the account is deleted.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { PostsChoice } from '../../platform/account-data.ts';
import { nowIso } from '../../platform/time.ts';
import { unindexRows } from '../../db/fulltext.ts';
import { anonKey } from './anonymity.ts';

/** Anonymous posts carry no account id; they are found by recomputing the keyed handle per thread. */
async function anonymousPostIds(db: Db, config: Config, userId: string): Promise<number[]> {
  const threads = await db.selectFrom('forum_posts').select('thread_id').distinct().where('anonymous', '=', 1).execute();
  if (threads.length === 0) return [];
  const keys = threads.map((t) => anonKey(config, userId, t.thread_id));
  const ids: number[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('forum_posts').select('id').where('anonymous', '=', 1).where('anon_key', 'in', keys.slice(i, i + 500)).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function exportForum(db: Db, config: Config, userId: string) {
  const anonymousIds = await anonymousPostIds(db, config, userId);
  const posts = await db
    .selectFrom('forum_posts')
    .innerJoin('forum_threads', 'forum_threads.id', 'forum_posts.thread_id')
    .select(['forum_posts.id', 'forum_posts.thread_id', 'forum_threads.title', 'forum_posts.number', 'forum_posts.body', 'forum_posts.anonymous', 'forum_posts.status', 'forum_posts.created_at', 'forum_posts.edited_at'])
    .where((eb) => eb.or([eb('forum_posts.author_id', '=', userId), eb('forum_posts.id', 'in', anonymousIds.length ? anonymousIds : [-1])]))
    .orderBy('forum_posts.id')
    .execute();
  return {
    posts,
    drafts: await db.selectFrom('forum_drafts').select(['draft_key', 'title', 'body', 'updated_at']).where('user_id', '=', userId).execute(),
    reactions: await db.selectFrom('forum_reactions').select(['post_id', 'kind', 'created_at']).where('user_id', '=', userId).execute(),
    subscriptions: await db.selectFrom('forum_subscriptions').select(['target', 'target_id', 'level']).where('user_id', '=', userId).execute(),
    readMarks: await db.selectFrom('forum_reads').select(['thread_id', 'last_read_number']).where('user_id', '=', userId).execute(),
    notifications: await db.selectFrom('forum_notifications').select(['kind', 'thread_id', 'post_number', 'created_at', 'read_at']).where('user_id', '=', userId).execute(),
    settings: (await db.selectFrom('forum_settings').select(['mail_replies', 'mail_mentions', 'digest', 'folded_notes']).where('user_id', '=', userId).executeTakeFirst()) ?? null,
  };
}

/**
 * Deletion: "remove" takes the posts' text away (their places stay, marked removed, so replies keep
 * their context); "anonymise" keeps the text under "deleted member". Anonymous posts lose their
 * sealed link either way. Drafts, reactions, subscriptions and read marks go with the account.
 */
export async function deleteForumData(db: Db, config: Config, userId: string, choice: PostsChoice): Promise<void> {
  const now = nowIso();
  const anonymousIds = await anonymousPostIds(db, config, userId);
  const own = (await db.selectFrom('forum_posts').select('id').where('author_id', '=', userId).execute()).map((r) => r.id);
  const all = [...own, ...anonymousIds];
  if (all.length) {
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      if (choice === 'remove') {
        await db.updateTable('forum_posts').set({ body: '', html: '', search_text: '', status: 'deleted', deleted_by_author: 1, anon_key: null, anon_sealed: null, author_id: null, updated_at: now }).where('id', 'in', chunk).execute();
        await db.deleteFrom('forum_post_revisions').where('post_id', 'in', chunk).execute();
        await unindexRows(db, chunk);
      } else {
        await db.updateTable('forum_posts').set({ author_id: null, anon_key: null, anon_sealed: null, updated_at: now }).where('id', 'in', chunk).execute();
      }
    }
  }
  await db.updateTable('forum_threads').set({ author_id: null }).where('author_id', '=', userId).execute();
  await db.deleteFrom('forum_notifications').where('user_id', '=', userId).execute();
}
