// Performance: version counters that answer caches key on. A counter goes up in the same
// transaction as the change it counts (a trigger), so every process — also on PostgreSQL, where
// several serve one database — sees a change as soon as it commits, and a cache keyed on the counter
// never outlives the data it was made from. Reading one counter is one primary-key lookup, where the
// events' version used to be an aggregate over the whole table on every request.
//
// 'events' counts what lists, month views and calendars show of events: rows added, removed or
// changed, and their topics. Places taken or given back (`taken`) do not count: registrations are
// frequent and would empty every cache; pages read the places of what they show afresh instead.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { engineOf } from '../adapter.ts';

/** Every column of events except `taken`, whose changes the events counter leaves out. */
const EVENT_COLUMNS = [
  'id', 'group_id', 'organisation_id', 'title', 'description', 'starts_at', 'ends_at', 'format', 'area', 'place_id', 'lat', 'lon',
  'address', 'online_url', 'accessibility', 'audience', 'contact_name', 'contact_role', 'contact_phone', 'contact_email', 'status',
  'cancel_reason', 'registration', 'capacity', 'deadline', 'created_by', 'created_at', 'updated_at',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('change_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('change_counters').values({ name: 'events', version: 0 }).execute();
  const columns = sql.raw(EVENT_COLUMNS.join(', '));
  if (engineOf(db) === 'postgres') {
    await sql`create function bump_events_counter() returns trigger language plpgsql as $$
      begin
        update change_counters set version = version + 1 where name = 'events';
        return null;
      end $$`.execute(db);
    await sql`create trigger events_counted after insert or delete or update of ${columns} on events for each statement execute function bump_events_counter()`.execute(db);
    await sql`create trigger event_topics_counted after insert or delete or update on event_topics for each statement execute function bump_events_counter()`.execute(db);
    return;
  }
  const bump = sql.raw("update change_counters set version = version + 1 where name = 'events'");
  await sql`create trigger events_counted_insert after insert on events begin ${bump}; end`.execute(db);
  await sql`create trigger events_counted_delete after delete on events begin ${bump}; end`.execute(db);
  await sql`create trigger events_counted_update after update of ${columns} on events begin ${bump}; end`.execute(db);
  await sql`create trigger event_topics_counted_insert after insert on event_topics begin ${bump}; end`.execute(db);
  await sql`create trigger event_topics_counted_delete after delete on event_topics begin ${bump}; end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`drop trigger if exists events_counted on events`.execute(db);
    await sql`drop trigger if exists event_topics_counted on event_topics`.execute(db);
    await sql`drop function if exists bump_events_counter()`.execute(db);
  } else {
    for (const name of ['events_counted_insert', 'events_counted_delete', 'events_counted_update', 'event_topics_counted_insert', 'event_topics_counted_delete']) {
      await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
    }
  }
  await db.schema.dropTable('change_counters').execute();
}
