// Give and take summarised on each network entry: how often support was received from and given to
// it, kept by triggers on `network_ledger` in the writing transaction. The entry page, give and take
// and the network check read two columns of the entries instead of counting five years of notes per
// request; the counts change the entry row, so the member's network version (0023) moves with them.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { engineOf } from '../adapter.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('network_entries').addColumn('received_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('network_entries').addColumn('given_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // One pass over the notes, grouped (the ledger has no index by entry alone: a count per entry would
  // scan it once per entry, a minute at a few thousand entries).
  await sql`update network_entries set received_count = c.received, given_count = c.given
    from (select entry_id,
            sum(case when direction = 'received' then 1 else 0 end) as received,
            sum(case when direction = 'given' then 1 else 0 end) as given
          from network_ledger group by entry_id) as c
    where c.entry_id = network_entries.id`.execute(db);
  if (engineOf(db) === 'postgres') {
    await sql`create function count_network_balance() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          update network_entries set
            received_count = received_count + case when new.direction = 'received' then 1 else 0 end,
            given_count = given_count + case when new.direction = 'given' then 1 else 0 end
          where id = new.entry_id;
        else
          update network_entries set
            received_count = received_count - case when old.direction = 'received' then 1 else 0 end,
            given_count = given_count - case when old.direction = 'given' then 1 else 0 end
          where id = old.entry_id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger network_ledger_counted after insert or delete on network_ledger for each row execute function count_network_balance()`.execute(db);
    return;
  }
  const change = (row: 'new' | 'old', sign: '+' | '-') =>
    sql.raw(`update network_entries set
      received_count = received_count ${sign} (${row}.direction = 'received'),
      given_count = given_count ${sign} (${row}.direction = 'given')
      where id = ${row}.entry_id`);
  await sql`create trigger network_ledger_counted_insert after insert on network_ledger begin ${change('new', '+')}; end`.execute(db);
  await sql`create trigger network_ledger_counted_delete after delete on network_ledger begin ${change('old', '-')}; end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`drop trigger if exists network_ledger_counted on network_ledger`.execute(db);
    await sql`drop function if exists count_network_balance()`.execute(db);
  } else {
    await sql`drop trigger if exists network_ledger_counted_insert`.execute(db);
    await sql`drop trigger if exists network_ledger_counted_delete`.execute(db);
  }
  await db.schema.alterTable('network_entries').dropColumn('given_count').execute();
  await db.schema.alterTable('network_entries').dropColumn('received_count').execute();
}
