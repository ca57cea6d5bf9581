// Mails about forum notifications: off by default, in the recipient's language, with a subject
// that names no topic (a subject line is read on lock screens), and a one-click unsubscribe link.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { Locale } from '../../db/types.ts';
import { threadUrl } from './model.ts';

const DAY_MS = 86_400_000;
export const DIGEST_JOB = 'forum.digest';

export function unsubscribeKey(deps: Deps, userId: string): string {
  return createHmac('sha256', deps.config.cookieSecret).update(`forum-unsubscribe:${userId}`).digest('base64url').slice(0, 32);
}

export function unsubscribeKeyValid(deps: Deps, userId: string, key: string): boolean {
  const expected = Buffer.from(unsubscribeKey(deps, userId));
  const given = Buffer.from(key);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function unsubscribeUrl(deps: Deps, userId: string): string {
  return `${deps.config.baseUrl}/forum/unsubscribe?u=${encodeURIComponent(userId)}&k=${unsubscribeKey(deps, userId)}`;
}

/** Sends the mails that the recipients asked for, for freshly written notifications. */
export async function mailForNotifications(deps: Deps, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await deps.db
    .selectFrom('forum_notifications')
    .innerJoin('users', 'users.id', 'forum_notifications.user_id')
    .innerJoin('forum_settings', 'forum_settings.user_id', 'forum_notifications.user_id')
    .innerJoin('forum_threads', 'forum_threads.id', 'forum_notifications.thread_id')
    .select(['forum_notifications.user_id', 'forum_notifications.kind', 'forum_notifications.post_number', 'users.email', 'users.email_verified_at', 'users.locale',
      'forum_settings.mail_replies', 'forum_settings.mail_mentions', 'forum_threads.id as thread_id', 'forum_threads.slug', 'forum_threads.title'])
    .where('forum_notifications.id', 'in', ids)
    .execute();
  for (const r of rows) {
    if (!r.email || !r.email_verified_at) continue;
    const wanted = r.kind === 'mention' ? r.mail_mentions === 1 : r.mail_replies === 1;
    if (!wanted) continue;
    const locale: Locale = r.locale === 'en' ? 'en' : 'de';
    await deps.mailer.send(
      locale,
      r.email,
      {
        subject: r.kind === 'mention' ? 'forum.mail.mentionSubject' : 'forum.mail.replySubject',
        paragraphs: [r.kind === 'mention' ? 'forum.mail.mentionBody' : 'forum.mail.replyBody'],
        action: { label: 'forum.mail.open', url: `${deps.config.baseUrl}${threadUrl({ id: r.thread_id, slug: r.slug }, r.post_number)}` },
        after: ['forum.mail.unsubscribe'],
      },
      { title: r.title, unsubscribe: unsubscribeUrl(deps, r.user_id) },
    );
  }
}

/** Daily and weekly digests of unread notifications, for members who chose one. */
export async function sendDigests(deps: Deps, now = new Date()): Promise<number> {
  const members = await deps.db
    .selectFrom('forum_settings')
    .innerJoin('users', 'users.id', 'forum_settings.user_id')
    .select(['users.id', 'users.email', 'users.email_verified_at', 'users.locale', 'forum_settings.digest', 'forum_settings.digest_sent_at'])
    .where('forum_settings.digest', '!=', 'off')
    .execute();
  let sent = 0;
  for (const m of members) {
    const every = m.digest === 'weekly' ? 7 * DAY_MS : DAY_MS;
    if (m.digest_sent_at && now.getTime() - Date.parse(m.digest_sent_at) < every - 60 * 60_000) continue;
    if (!m.email || !m.email_verified_at) continue;
    const items = await deps.db
      .selectFrom('forum_notifications')
      .select(['id'])
      .where('user_id', '=', m.id)
      .where('read_at', 'is', null)
      .where('digested_at', 'is', null)
      .execute();
    await deps.db.updateTable('forum_settings').set({ digest_sent_at: now.toISOString() }).where('user_id', '=', m.id).execute();
    if (items.length === 0) continue;
    await deps.db.updateTable('forum_notifications').set({ digested_at: now.toISOString() }).where('id', 'in', items.map((i) => i.id)).execute();
    await deps.mailer.send(
      m.locale === 'en' ? 'en' : 'de',
      m.email,
      { subject: 'forum.mail.digestSubject', paragraphs: ['forum.mail.digestBody'], action: { label: 'forum.mail.openNotifications', url: `${deps.config.baseUrl}/notifications` }, after: ['forum.mail.unsubscribe'] },
      { count: items.length, unsubscribe: unsubscribeUrl(deps, m.id) },
    );
    sent++;
  }
  return sent;
}

export function registerDigestJob(deps: Deps): void {
  deps.jobs.register(DIGEST_JOB, async () => {
    await sendDigests(deps);
    await deps.jobs.ensureScheduled(DIGEST_JOB, new Date(Date.now() + 60 * 60_000), { ignoreRunningId: true });
  });
}

/** One-click unsubscribe: every forum mail off for this member. */
export async function unsubscribeAll(deps: Deps, userId: string): Promise<void> {
  await deps.db.updateTable('forum_settings').set({ mail_replies: 0, mail_mentions: 0, digest: 'off', updated_at: new Date().toISOString() }).where('user_id', '=', userId).execute();
}
