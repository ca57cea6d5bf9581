// Events and meetings: one-off events of groups and organisations with registration (capacity,
// waiting list, double opt-in for visitors), exceptions to a group's recurring meetings, and each
// member's event settings (reminders, the secret calendar feed).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place_id', 'integer')
    .addColumn('lat', 'real')
    .addColumn('lon', 'real')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_role', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('registration', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deadline', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_starts_idx').on('events').column('starts_at').execute();
  // The calendars' answer cache asks for the newest change on every request.
  await db.schema.createIndex('events_updated_idx').on('events').column('updated_at').execute();
  await db.schema.createIndex('events_group_idx').on('events').columns(['group_id', 'starts_at']).execute();
  await db.schema.createIndex('events_organisation_idx').on('events').columns(['organisation_id', 'starts_at']).execute();

  await db.schema
    .createTable('event_topics')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('topic_slug', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_topics_pk', ['event_id', 'topic_slug'])
    .execute();
  await db.schema.createIndex('event_topics_topic_idx').on('event_topics').columns(['topic_slug', 'event_id']).execute();

  await db.schema
    .createTable('event_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text')
    .addColumn('email_key', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // NULLs are distinct in unique indexes on both engines: members are unique by account, visitors by address.
  await db.schema.createIndex('event_registrations_user_uq').on('event_registrations').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('event_registrations_email_uq').on('event_registrations').columns(['event_id', 'email_key']).unique().execute();
  await db.schema.createIndex('event_registrations_queue_idx').on('event_registrations').columns(['event_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('event_registrations_user_idx').on('event_registrations').column('user_id').execute();

  await db.schema
    .createTable('meeting_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('original_start', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_exceptions_uq').on('meeting_exceptions').columns(['group_id', 'original_start']).unique().execute();

  await db.schema
    .createTable('event_member_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('feed_token_hash', 'text', (c) => c.unique())
    .addColumn('feed_created_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_member_settings', 'meeting_exceptions', 'event_registrations', 'event_topics', 'events']) {
    await db.schema.dropTable(table).execute();
  }
}
