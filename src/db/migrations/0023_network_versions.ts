// A version per member's network that the `/network` page cache keys on. Triggers raise it in the
// same transaction as any change to the member's entries (added, edited, removed, a contact logged, a
// reminder snoozed), so every process — also on PostgreSQL, where several serve one database — sees
// the change at its next request with one primary-key lookup. It replaces an aggregate (count and
// latest `updated_at` of all the member's entries) that missed a delete and a create in the same
// millisecond and a writer whose clock lagged.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { engineOf } from '../adapter.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_versions')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Networks that exist already start at 1; a member without a row reads 0.
  await sql`insert into network_versions (user_id, version) select user_id, 1 from network_entries group by user_id`.execute(db);
  if (engineOf(db) === 'postgres') {
    await sql`create function bump_network_version() returns trigger language plpgsql as $$
      declare owner text;
      begin
        if tg_op = 'DELETE' then owner := old.user_id; else owner := new.user_id; end if;
        insert into network_versions (user_id, version) values (owner, 1)
          on conflict (user_id) do update set version = network_versions.version + 1;
        return null;
      end $$`.execute(db);
    await sql`create trigger network_entries_versioned after insert or update or delete on network_entries for each row execute function bump_network_version()`.execute(db);
    return;
  }
  const bump = (owner: string) => sql.raw(`insert into network_versions (user_id, version) values (${owner}.user_id, 1) on conflict (user_id) do update set version = version + 1`);
  await sql`create trigger network_entries_versioned_insert after insert on network_entries begin ${bump('new')}; end`.execute(db);
  await sql`create trigger network_entries_versioned_update after update on network_entries begin ${bump('new')}; end`.execute(db);
  await sql`create trigger network_entries_versioned_delete after delete on network_entries begin ${bump('old')}; end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`drop trigger if exists network_entries_versioned on network_entries`.execute(db);
    await sql`drop function if exists bump_network_version()`.execute(db);
  } else {
    for (const name of ['network_entries_versioned_insert', 'network_entries_versioned_update', 'network_entries_versioned_delete']) {
      await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
    }
  }
  await db.schema.dropTable('network_versions').execute();
}
