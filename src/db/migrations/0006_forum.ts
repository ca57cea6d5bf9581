// The forum: categories (group boards are categories tied to a group), threads, posts with their
// revisions and reactions, drafts, read marks, subscriptions, notifications and each member's
// forum settings; plus the full-text index over the folded post text (FTS5 on SQLite, a
// GIN-indexed tsvector on PostgreSQL — db/fulltext.ts is the one place that knows which).
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { autoIncrementKey, engineOf, idColumn } from '../adapter.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forum_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description_de', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    // everyone | members | staff (staff of member organisations)
    .addColumn('read_access', 'text', (c) => c.notNull().defaultTo('members'))
    // members | staff | moderators
    .addColumn('start_access', 'text', (c) => c.notNull().defaultTo('members'))
    .addColumn('anonymous_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    // none | all | first_posts
    .addColumn('premoderation', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('noindex', 'integer', (c) => c.notNull().defaultTo(1))
    // 1: read-only (nobody posts)
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    // Set for a group's board; the board is readable by the group's people only.
    .addColumn('group_id', 'text', (c) => c.unique().references('groups.id').onDelete('cascade'))
    .addColumn('thread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Counter for the category's live events (serialised by the row lock when a thread starts).
    .addColumn('thread_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_post_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_categories_position_idx').on('forum_categories').columns(['position', 'slug']).execute();

  await db.schema
    .createTable('forum_threads')
    .addColumn('id', idColumn(db), autoIncrementKey(db))
    .addColumn('category_id', 'text', (c) => c.notNull().references('forum_categories.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    // null for anonymous threads and deleted accounts
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content_note', 'text', (c) => c.notNull().defaultTo(''))
    // published | pending | hidden | deleted
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category_seq', 'integer', (c) => c.notNull().defaultTo(0))
    // The highest post number given out (numbers never repeat, deleted posts keep theirs).
    .addColumn('last_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_reply_at', 'text')
    .addColumn('last_post_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_threads_category_idx').on('forum_threads').columns(['category_id', 'status', 'last_post_at']).execute();
  await db.schema.createIndex('forum_threads_unanswered_idx').on('forum_threads').columns(['reply_count', 'status', 'created_at']).execute();
  await db.schema.createIndex('forum_threads_author_idx').on('forum_threads').column('author_id').execute();

  await db.schema
    .createTable('forum_posts')
    .addColumn('id', idColumn(db), autoIncrementKey(db))
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('forum_threads.id').onDelete('cascade'))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    // HMAC of account and thread: the same within a thread, different between threads.
    .addColumn('anon_key', 'text')
    // The account id, sealed with the instance key: a database dump alone does not reveal it.
    .addColumn('anon_sealed', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    // Folded words for the full-text index.
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_to', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('deleted_by_author', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'text')
    .addColumn('reaction_counts', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_posts_thread_number_uq').on('forum_posts').columns(['thread_id', 'number']).unique().execute();
  await db.schema.createIndex('forum_posts_author_idx').on('forum_posts').columns(['author_id', 'id']).execute();
  await db.schema.createIndex('forum_posts_created_idx').on('forum_posts').column('created_at').execute();

  await db.schema
    .createTable('forum_post_revisions')
    .addColumn('id', idColumn(db), autoIncrementKey(db))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('forum_posts.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_post_revisions_post_idx').on('forum_post_revisions').columns(['post_id', 'id']).execute();

  await db.schema
    .createTable('forum_reactions')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('forum_posts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // thanks | relate | hug
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('forum_reactions_pk', ['post_id', 'user_id', 'kind'])
    .execute();
  await db.schema.createIndex('forum_reactions_user_idx').on('forum_reactions').column('user_id').execute();

  await db.schema
    .createTable('forum_drafts')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // "t:<thread id>" for a reply, "c:<category slug>" for a new thread
    .addColumn('draft_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    // Increases with every save: a save based on an older version is refused, never silently applied.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('device', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('forum_drafts_pk', ['user_id', 'draft_key'])
    .execute();

  // Text sent after the session ran out, kept for an hour under a signed token until the person logs in.
  await db.schema
    .createTable('forum_pending_drafts')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('draft_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('forum_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('forum_threads.id').onDelete('cascade'))
    .addColumn('last_read_number', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('forum_reads_pk', ['user_id', 'thread_id'])
    .execute();

  await db.schema
    .createTable('forum_subscriptions')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // thread | category
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    // watching | normal | muted
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('forum_subscriptions_pk', ['user_id', 'target', 'target_id'])
    .execute();
  await db.schema.createIndex('forum_subscriptions_target_idx').on('forum_subscriptions').columns(['target', 'target_id', 'level']).execute();

  await db.schema
    .createTable('forum_notifications')
    .addColumn('id', idColumn(db), autoIncrementKey(db))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // reply | mention
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('forum_threads.id').onDelete('cascade'))
    .addColumn('post_number', 'integer', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('digested_at', 'text')
    .execute();
  await db.schema.createIndex('forum_notifications_user_idx').on('forum_notifications').columns(['user_id', 'read_at', 'id']).execute();

  await db.schema
    .createTable('forum_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('mail_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mail_mentions', 'integer', (c) => c.notNull().defaultTo(0))
    // off | daily | weekly
    .addColumn('digest', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('digest_sent_at', 'text')
    // Comma-separated content notes to keep folded; null: every note folded (the default).
    .addColumn('folded_notes', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  if (engineOf(db) === 'sqlite') {
    // Contentless: the folded text lives in forum_posts.search_text; the index holds only postings.
    await sql`create virtual table forum_posts_fts using fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  } else {
    await sql`alter table forum_posts add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
    await sql`create index forum_posts_search_idx on forum_posts using gin (search_vector)`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') await sql`drop table forum_posts_fts`.execute(db);
  for (const table of ['forum_settings', 'forum_notifications', 'forum_subscriptions', 'forum_reads', 'forum_pending_drafts', 'forum_drafts', 'forum_reactions', 'forum_post_revisions', 'forum_posts', 'forum_threads', 'forum_categories']) {
    await db.schema.dropTable(table).execute();
  }
}
