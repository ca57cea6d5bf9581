// Safety and moderation: the review queue (reports, pre-moderated posts, crisis items, appeals), the
// reports themselves, private notices to writers, category limits of moderators, sanctions
// (silence, suspension), in-app alerts for moderators, texts kept as crisis drafts, settings.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('crisis_classes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('crisis_choice', 'text')
    .addColumn('sealed_body', 'text')
    .addColumn('context_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_by_reports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('moderation_items_queue_idx').on('moderation_items').columns(['status', 'urgent', 'created_at']).execute();
  await db.schema.createIndex('moderation_items_target_idx').on('moderation_items').columns(['target_type', 'target_id', 'status']).execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('moderation_items.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_once_idx').on('reports').columns(['reporter_id', 'target_type', 'target_id']).unique().execute();
  await db.schema.createIndex('reports_item_idx').on('reports').column('item_id').execute();

  await db.schema
    .createTable('moderation_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.references('moderation_items.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('moderation_notices_user_idx').on('moderation_notices').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('moderator_categories')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderator_categories_pk', ['user_id', 'category_id'])
    .execute();

  await db.schema
    .createTable('sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .execute();
  await db.schema.createIndex('sanctions_user_idx').on('sanctions').columns(['user_id', 'until']).execute();

  await db.schema
    .createTable('moderation_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('moderation_items.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text')
    .execute();
  await db.schema.createIndex('moderation_alerts_user_idx').on('moderation_alerts').columns(['user_id', 'seen_at']).execute();

  await db.schema
    .createTable('crisis_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('sealed_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crisis_drafts_user_idx').on('crisis_drafts').column('user_id').execute();

  await db.schema
    .createTable('moderation_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['moderation_settings', 'crisis_drafts', 'moderation_alerts', 'sanctions', 'moderator_categories', 'moderation_notices', 'reports', 'moderation_items']) {
    await db.schema.dropTable(table).execute();
  }
}
