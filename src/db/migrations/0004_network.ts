// My support network: entries (people and organisations), contact log, give-and-take ledger,
// gratitude notes, self-care check-ins and per-person settings. Private texts are sealed (AES-GCM).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('circle', 'text', (c) => c.notNull())
    .addColumn('support', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone_sealed', 'text')
    .addColumn('email_sealed', 'text')
    .addColumn('notes_sealed', 'text')
    .addColumn('link_sealed', 'text')
    .addColumn('rhythm_days', 'integer')
    .addColumn('last_contact_on', 'text')
    .addColumn('snoozed_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_entries_user_idx').on('network_entries').column('user_id').execute();

  await db.schema
    .createTable('network_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('network_entries.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('happened_on', 'text', (c) => c.notNull())
    .addColumn('note_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_contacts_entry_idx').on('network_contacts').columns(['entry_id', 'happened_on']).execute();
  await db.schema.createIndex('network_contacts_user_idx').on('network_contacts').column('user_id').execute();

  await db.schema
    .createTable('network_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('network_entries.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('support', 'text', (c) => c.notNull())
    .addColumn('happened_on', 'text', (c) => c.notNull())
    .addColumn('note_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_ledger_user_idx').on('network_ledger').columns(['user_id', 'entry_id']).execute();

  await db.schema
    .createTable('network_gratitude')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('network_entries.id').onDelete('cascade'))
    .addColumn('text_sealed', 'text', (c) => c.notNull())
    .addColumn('written_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_gratitude_user_idx').on('network_gratitude').columns(['user_id', 'written_on']).execute();

  await db.schema
    .createTable('network_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('mood', 'integer', (c) => c.notNull())
    .addColumn('energy', 'integer', (c) => c.notNull())
    .addColumn('note_sealed', 'text')
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_checkins_user_idx').on('network_checkins').columns(['user_id', 'checked_on']).execute();

  await db.schema
    .createTable('network_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('weekly_digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('digest_sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['network_settings', 'network_checkins', 'network_gratitude', 'network_ledger', 'network_contacts', 'network_entries']) {
    await db.schema.dropTable(table).execute();
  }
}
