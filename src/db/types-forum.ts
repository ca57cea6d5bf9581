// Table types of the forum (features/forum).
import type { Generated } from 'kysely';

export interface ForumCategoriesTable {
  id: string;
  slug: string;
  name_de: string;
  name_en: string;
  description_de: string;
  description_en: string;
  position: number;
  /** everyone | members | staff */
  read_access: string;
  /** members | staff | moderators */
  start_access: string;
  anonymous_allowed: number;
  /** none | all | first_posts */
  premoderation: string;
  noindex: number;
  locked: number;
  /** Set for a group's board. */
  group_id: string | null;
  thread_count: Generated<number>;
  post_count: Generated<number>;
  thread_seq: Generated<number>;
  last_post_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ForumThreadsTable {
  id: Generated<number>;
  category_id: string;
  title: string;
  slug: string;
  author_id: string | null;
  anonymous: number;
  content_note: string;
  /** published | pending | hidden | deleted */
  status: string;
  locked: number;
  category_seq: number;
  last_number: number;
  reply_count: number;
  first_reply_at: string | null;
  last_post_at: string;
  created_at: string;
  updated_at: string;
}

export interface ForumPostsTable {
  id: Generated<number>;
  thread_id: number;
  category_id: string;
  number: number;
  author_id: string | null;
  anonymous: number;
  anon_key: string | null;
  anon_sealed: string | null;
  /** Markdown as written. */
  body: string;
  /** Rendered once when written. */
  html: string;
  search_text: string;
  content_note: string;
  reply_to: number | null;
  /** published | pending | hidden | deleted */
  status: string;
  deleted_by_author: number;
  edited_at: string | null;
  /** JSON counts per reaction kind, kept with the post so a page needs no extra count query. */
  reaction_counts: string;
  created_at: string;
  updated_at: string;
}

export interface ForumPostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  body: string;
  created_at: string;
  /** Set when a moderator replaced this text: the note they gave (shown in the post's history). */
  moderator_note: Generated<string | null>;
}

export interface ForumReactionsTable {
  post_id: number;
  user_id: string;
  kind: string;
  created_at: string;
}

export interface ForumDraftsTable {
  user_id: string;
  draft_key: string;
  title: string;
  body: string;
  version: number;
  device: string;
  updated_at: string;
}

export interface ForumPendingDraftsTable {
  token_hash: string;
  draft_key: string;
  title: string;
  body: string;
  created_at: string;
  expires_at: string;
}

export interface ForumReadsTable {
  user_id: string;
  thread_id: number;
  last_read_number: number;
  updated_at: string;
}

export interface ForumSubscriptionsTable {
  user_id: string;
  target: string;
  target_id: string;
  level: string;
  updated_at: string;
}

export interface ForumNotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  thread_id: number;
  post_number: number;
  actor_label: string;
  created_at: string;
  read_at: string | null;
  digested_at: string | null;
}

export interface ForumSettingsTable {
  user_id: string;
  mail_replies: number;
  mail_mentions: number;
  digest: string;
  digest_sent_at: string | null;
  folded_notes: string | null;
  updated_at: string;
}

export interface ForumTables {
  forum_categories: ForumCategoriesTable;
  forum_threads: ForumThreadsTable;
  forum_posts: ForumPostsTable;
  forum_post_revisions: ForumPostRevisionsTable;
  forum_reactions: ForumReactionsTable;
  forum_drafts: ForumDraftsTable;
  forum_pending_drafts: ForumPendingDraftsTable;
  forum_reads: ForumReadsTable;
  forum_subscriptions: ForumSubscriptionsTable;
  forum_notifications: ForumNotificationsTable;
  forum_settings: ForumSettingsTable;
}
