// The directory: topics, organisations (contact points and others), groups, memberships,
// first-contact conversations, founding interest, topic watches and the change feed that keeps
// every process's search index current.
import type { Kysely } from 'kysely';
import { autoIncrementKey, idColumn } from '../adapter.ts';
import { TOPICS } from './data/0003-topics.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('topics')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('synonyms_de', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('synonyms_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place_id', 'integer')
    .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'real')
    .addColumn('lon', 'real')
    .addColumn('serves_radius_km', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('street', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('opening_hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisation_staff')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_staff_pk', ['organisation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organisation_staff_user_idx').on('organisation_staff').column('user_id').execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('formats', 'text', (c) => c.notNull())
    .addColumn('place_id', 'integer')
    .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'real')
    .addColumn('lon', 'real')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rhythm', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rrule', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('start_time', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('de'))
    .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accepting', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('contact_point_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('proposed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_contact_point_idx').on('groups').column('contact_point_id').execute();
  await db.schema.createIndex('groups_organisation_idx').on('groups').column('organisation_id').execute();
  await db.schema.createIndex('groups_status_idx').on('groups').column('status').execute();

  await db.schema
    .createTable('group_topics')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('topic_slug', 'text', (c) => c.notNull().references('topics.slug').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_topics_pk', ['group_id', 'topic_slug'])
    .execute();
  await db.schema.createIndex('group_topics_topic_idx').on('group_topics').column('topic_slug').execute();

  // A person's relation to a group: facilitator, or member with a request/admission history.
  await db.schema
    .createTable('memberships')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('memberships_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('group_revisions')
    .addColumn('id', idColumn(db), autoIncrementKey(db))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('group_revisions_group_idx').on('group_revisions').columns(['group_id', 'id']).execute();

  await db.schema
    .createTable('announcements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcements_group_idx').on('announcements').columns(['group_id', 'created_at']).execute();

  // First contact. A visitor reaches their conversation through a link signed with the instance
  // secret; their address is kept only to notify them and is never shown to the facilitators.
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('visitor_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visitor_email', 'text')
    .addColumn('visitor_locale', 'text', (c) => c.notNull().defaultTo('de'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_group_idx').on('conversations').columns(['group_id', 'last_message_at']).execute();
  await db.schema.createIndex('conversations_user_idx').on('conversations').column('user_id').execute();

  await db.schema
    .createTable('conversation_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('from_group', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_messages_idx').on('conversation_messages').columns(['conversation_id', 'created_at']).execute();

  // "I'm interested" in a group in founding.
  await db.schema
    .createTable('founding_interest')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('founding_interest_pk', ['group_id', 'user_id'])
    .execute();

  // "Tell me when a group for this topic appears" (a confirmed address or an account).
  await db.schema
    .createTable('topic_watches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic_slug', 'text', (c) => c.notNull().references('topics.slug').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('de'))
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text')
    .execute();
  await db.schema.createIndex('topic_watches_topic_idx').on('topic_watches').columns(['topic_slug', 'confirmed']).execute();

  // Change feed: every write to a group appends a row; each process's search index reads past its mark.
  await db.schema
    .createTable('directory_changes')
    .addColumn('seq', idColumn(db), autoIncrementKey(db))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // The shipped taxonomy; administrators edit it afterwards under /admin/topics.
  const now = new Date().toISOString();
  for (let i = 0; i < TOPICS.length; i += 100) {
    await db
      .insertInto('topics')
      .values(TOPICS.slice(i, i + 100).map((t) => ({
        slug: t.slug, area: t.area, name_de: t.de, name_en: t.en,
        synonyms_de: t.synonymsDe.join('\n'), synonyms_en: t.synonymsEn.join('\n'), updated_at: now,
      })))
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'directory_changes', 'topic_watches', 'founding_interest', 'conversation_messages', 'conversations', 'announcements',
    'group_revisions', 'memberships', 'group_topics', 'groups', 'organisation_staff', 'organisations', 'topics',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
