// The support network reads a member's entries a page at a time in id order (SQLite answers a query
// synchronously, so 12 000 rows in one query held the event loop for everyone): an index on
// (user_id, id) makes each page a range scan instead of a sort of the whole network.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('network_entries_user_id_idx').on('network_entries').columns(['user_id', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('network_entries_user_id_idx').execute();
}
