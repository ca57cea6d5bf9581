// Videos of the learning area name the language of their captions (the player's <track srclang>),
// so a video with English captions is not announced as German. Existing rows are German.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('learning_videos').addColumn('captions_lang', 'text', (c) => c.notNull().defaultTo('de')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('learning_videos').dropColumn('captions_lang').execute();
}
