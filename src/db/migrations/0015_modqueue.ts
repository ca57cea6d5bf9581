// The review queue's further actions: slow mode for a thread or a category (and when each member
// last wrote there, kept only while slow mode is on), the two-person unmasking of anonymous posts,
// and a mark on a post's history when a moderator changed the text (with the note they gave).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slow_modes')
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slow_modes_pk', ['scope_type', 'scope_id'])
    .execute();

  await db.schema
    .createTable('slow_mode_marks')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slow_mode_marks_pk', ['user_id', 'scope_type', 'scope_id'])
    .execute();

  await db.schema
    .createTable('unmask_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('moderation_items.id').onDelete('set null'))
    .addColumn('requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** pending | confirmed | refused */
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('visible_until', 'text')
    .execute();
  await db.schema.createIndex('unmask_requests_status_idx').on('unmask_requests').columns(['status', 'created_at']).execute();

  await db.schema.alterTable('forum_post_revisions').addColumn('moderator_note', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('forum_post_revisions').dropColumn('moderator_note').execute();
  for (const table of ['unmask_requests', 'slow_mode_marks', 'slow_modes']) await db.schema.dropTable(table).execute();
}
