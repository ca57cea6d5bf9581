// "Tell me when a group for this topic appears": notes left for rare topics, confirmed by mail
// (or by the account's confirmed address), answered once when a public group with the topic appears.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Selectable } from 'kysely';
import type { Locale } from '../../db/types.ts';
import type { TopicWatchesTable } from '../../db/types-directory.ts';
import type { Deps } from '../../platform/deps.ts';
import { signedKey } from '../../platform/auth/signed-links.ts';
import { nowIso } from '../../platform/time.ts';

export type Watch = Omit<Selectable<TopicWatchesTable>, 'created_at'>;

export async function getWatch(db: Db, id: string): Promise<Watch | undefined> {
  return db.selectFrom('topic_watches').select(['id', 'topic_slug', 'user_id', 'email', 'locale', 'confirmed', 'notified_at']).where('id', '=', id).executeTakeFirst();
}

/**
 * Leaves a note. With a confirmed account address it counts at once; a typed address gets a
 * confirmation mail first. Returns whether a confirmation mail went out.
 */
export async function watchTopic(
  deps: Deps,
  { topic, topicName, userId, accountEmail, email, locale }: { topic: string; topicName: string; userId: string | null; accountEmail: string | null; email: string | null; locale: Locale },
): Promise<'confirmed' | 'mailed'> {
  const id = randomUUID();
  const address = accountEmail ?? email;
  if (!address) throw new Error('watchTopic needs an address');
  const confirmed = accountEmail ? 1 : 0;
  await deps.db.transaction().execute(async (trx) => {
    // One open note per address and topic.
    await trx.deleteFrom('topic_watches').where('topic_slug', '=', topic).where('email', '=', address).where('notified_at', 'is', null).execute();
    await trx
      .insertInto('topic_watches')
      .values({ id, topic_slug: topic, user_id: userId, email: address, locale, confirmed, created_at: nowIso(), notified_at: null })
      .execute();
    if (!confirmed) {
      const key = signedKey(deps.config.cookieSecret, 'watch', id);
      await deps.mailer.send(
        locale,
        address,
        { subject: 'directory.watch.mailConfirmSubject', paragraphs: ['directory.watch.mailConfirmBody'], action: { label: 'directory.watch.mailConfirmAction', url: `${deps.config.baseUrl}/topics/watch/${id}?key=${key}` }, after: ['directory.watch.mailIgnore'] },
        { topic: topicName },
        trx,
      );
    }
  });
  return confirmed ? 'confirmed' : 'mailed';
}

export async function confirmWatch(db: Db, id: string): Promise<void> {
  await db.updateTable('topic_watches').set({ confirmed: 1 }).where('id', '=', id).execute();
}

export async function removeWatch(db: Db, id: string): Promise<void> {
  await db.deleteFrom('topic_watches').where('id', '=', id).execute();
}

/** Tells everyone waiting for these topics that a group appeared; each note is answered once. */
export async function notifyWatchers(
  deps: Deps,
  group: { slug: string; name: string; topics: string[] },
  topicNames: (slug: string, locale: Locale) => string,
  trx: Db,
): Promise<number> {
  if (group.topics.length === 0) return 0;
  const watches = await trx
    .selectFrom('topic_watches')
    .select(['id', 'topic_slug', 'email', 'locale'])
    .where('topic_slug', 'in', group.topics)
    .where('confirmed', '=', 1)
    .where('notified_at', 'is', null)
    .execute();
  const now = nowIso();
  for (const w of watches) {
    if (!w.email) continue;
    const locale = (w.locale === 'en' ? 'en' : 'de') as Locale;
    await deps.mailer.send(
      locale,
      w.email,
      { subject: 'directory.watch.mailFoundSubject', paragraphs: ['directory.watch.mailFoundBody'], action: { label: 'directory.watch.mailFoundAction', url: `${deps.config.baseUrl}/groups/${group.slug}` } },
      { topic: topicNames(w.topic_slug, locale), group: group.name },
      trx,
    );
    await trx.updateTable('topic_watches').set({ notified_at: now }).where('id', '=', w.id).execute();
  }
  return watches.length;
}

export async function exportWatches(db: Db, userId: string) {
  return db.selectFrom('topic_watches').select(['topic_slug', 'email', 'confirmed', 'created_at', 'notified_at']).where('user_id', '=', userId).execute();
}

const DAY_MS = 86_400_000;
/** Unconfirmed first messages and notes are dropped after this; confirmation links die with them. */
export const UNCONFIRMED_KEEP_DAYS = 7;

/**
 * Daily clean-up of the directory: unconfirmed visitor messages and notes (with the addresses
 * typed into them), answered notes after 30 days, and the change feed after a day (every process
 * reads it within seconds; one that was down rebuilds its index on start).
 */
export async function purgeDirectory(db: Db, now = Date.now()): Promise<{ conversations: number; notes: number; changes: number }> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const conversations = await db.deleteFrom('conversations').where('status', '=', 'unconfirmed').where('created_at', '<=', iso(now - UNCONFIRMED_KEEP_DAYS * DAY_MS)).executeTakeFirst();
  const notes = await db
    .deleteFrom('topic_watches')
    .where((eb) => eb.or([
      eb.and([eb('confirmed', '=', 0), eb('created_at', '<=', iso(now - UNCONFIRMED_KEEP_DAYS * DAY_MS))]),
      eb('notified_at', '<=', iso(now - 30 * DAY_MS)),
    ]))
    .executeTakeFirst();
  const changes = await db.deleteFrom('directory_changes').where('created_at', '<=', iso(now - DAY_MS)).executeTakeFirst();
  return { conversations: Number(conversations.numDeletedRows), notes: Number(notes.numDeletedRows), changes: Number(changes.numDeletedRows) };
}
