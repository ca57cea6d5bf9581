// Security: every account gets the confusable skeleton of its pseudonym (Unicode TR39), unique, so
// look-alike names ("Admin Аnke" with a Cyrillic А) cannot be registered beside the real one.
// Existing look-alikes keep their accounts: the later of two gets its id appended to the skeleton,
// which keeps the index unique without renaming anyone.
import type { Kysely } from 'kysely';
import { pseudonymSkeleton } from '../../platform/auth/pseudonyms.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('pseudonym_skeleton', 'text').execute();
  const users = (await db.selectFrom('users').select(['id', 'pseudonym']).orderBy('created_at').orderBy('id').execute()) as Array<{ id: string; pseudonym: string }>;
  const taken = new Set<string>();
  for (const user of users) {
    let key = pseudonymSkeleton(user.pseudonym);
    if (taken.has(key)) key = `${key}#${user.id}`;
    taken.add(key);
    await db.updateTable('users').set({ pseudonym_skeleton: key }).where('id', '=', user.id).execute();
  }
  await db.schema.createIndex('users_pseudonym_skeleton_idx').on('users').column('pseudonym_skeleton').unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_pseudonym_skeleton_idx').execute();
  await db.schema.alterTable('users').dropColumn('pseudonym_skeleton').execute();
}
