// Reliability: the directory change feed learns commit order on PostgreSQL and carries topic
// changes; the instance keeps a check value that proves DATA_KEY is the key its data was sealed with.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { engineOf } from '../adapter.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // 'group' (group_id changed) or 'topics' (the taxonomy changed: every process reloads it).
  await db.schema.alterTable('directory_changes').addColumn('subject', 'text', (c) => c.notNull().defaultTo('group')).execute();
  if (engineOf(db) === 'postgres') {
    // On PostgreSQL a sequence number is taken at insert, not at commit, so a reader cannot tell from
    // the numbers alone what has yet to commit. The writing transaction's id can: every transaction
    // still open when a reader looks has an id at or above that reader's snapshot xmin.
    await sql`alter table directory_changes add column txid xid8 not null default pg_current_xact_id()`.execute(db);
    await db.schema.createIndex('directory_changes_txid_idx').on('directory_changes').column('txid').execute();
  }
  await db.schema
    .createTable('instance_checks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instance_checks').execute();
  if (engineOf(db) === 'postgres') await sql`alter table directory_changes drop column txid`.execute(db);
  await db.schema.alterTable('directory_changes').dropColumn('subject').execute();
}
