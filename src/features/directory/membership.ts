// Membership of a group: join requests, admission, the member list, announcements, leaving,
// and interest in groups that are being founded.
import type { Deps } from '../../platform/deps.ts';
import type { Guardian } from '../../platform/guardian.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { nowIso } from '../../platform/time.ts';
import { staffBadge } from '../../platform/auth/roles.ts';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import { createThrottle } from '../../platform/throttle.ts';

const NOTIFY_WINDOW_MS = 60 * 60_000;
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { Directory, Group } from './service.ts';
import { countsAsStaff } from './policy.ts';

export interface Membership {
  role: 'facilitator' | 'member';
  status: 'requested' | 'admitted' | 'declined';
  listed: boolean;
}

/** How the one asking relates to a group; policies decide from this. */
export interface GroupRelation {
  membership: Membership | null;
  /** Works for the group's contact point or organisation. */
  staffOfGroup: boolean;
  /** Without facilitators, the contact point's staff answer first contacts for the group. */
  hasFacilitators: boolean;
}

export const NO_RELATION: GroupRelation = { membership: null, staffOfGroup: false, hasFacilitators: true };

export async function relationTo(db: Db, actor: Actor, group: { id: string; contact_point_id: string | null; organisation_id: string | null }): Promise<GroupRelation> {
  if (actor.kind !== 'user') return NO_RELATION;
  const row = await db
    .selectFrom('memberships')
    .select(['role', 'status', 'listed'])
    .where('group_id', '=', group.id)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  const orgs = [group.contact_point_id, group.organisation_id].filter((x): x is string => !!x);
  // Staff rights need the staff role too (see policy.countsAsStaff).
  const staff = orgs.length && countsAsStaff(actor)
    ? await db.selectFrom('organisation_staff').select('organisation_id').where('user_id', '=', actor.id).where('organisation_id', 'in', orgs).executeTakeFirst()
    : undefined;
  const facilitator = staff
    ? await db.selectFrom('memberships').select('user_id').where('group_id', '=', group.id).where('role', '=', 'facilitator').executeTakeFirst()
    : undefined;
  return {
    membership: row ? { role: row.role as Membership['role'], status: row.status as Membership['status'], listed: row.listed === 1 } : null,
    staffOfGroup: !!staff,
    hasFacilitators: !staff || !!facilitator,
  };
}

/** The relation for this request's actor, loaded once per request however many policies ask. */
export function relationOnce(guardian: Guardian, deps: Deps, group: { id: string; contact_point_id: string | null; organisation_id: string | null }): Promise<GroupRelation> {
  return guardian.once(`group:${group.id}`, () => relationTo(deps.db, guardian.actor, group));
}

async function facilitatorsOf(db: Db, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('user_id').where('group_id', '=', groupId).where('role', '=', 'facilitator').execute();
  return rows.map((r) => r.user_id);
}

/** The people who answer for a group without facilitators: its contact point's (or organisation's) staff. */
async function staffOfGroup(db: Db, group: Group) {
  const orgs = [group.contact_point_id, group.organisation_id].filter((x): x is string => !!x);
  if (orgs.length === 0) return [];
  const rows = await db.selectFrom('organisation_staff').select('user_id').where('organisation_id', 'in', orgs).execute();
  return rows.map((r) => r.user_id);
}

/** Sends a mail to every facilitator with a confirmed address. */
export async function notifyFacilitators(
  dir: Directory,
  group: Group,
  subject: MessageKey,
  paragraphs: MessageKey[],
  path: string,
  params: Record<string, string> = {},
  trx?: Db,
): Promise<number> {
  let people = await facilitatorsOf(trx ?? dir.deps.db, group.id);
  if (people.length === 0) people = await staffOfGroup(trx ?? dir.deps.db, group);
  let sent = 0;
  // One mail per person, per kind of news and per page it points to, in an hour: joining and leaving
  // ten times, or ten replies in one conversation, do not become ten mails — the page shows them all.
  const throttle = createThrottle(trx ?? dir.deps.db);
  for (const person of await dir.deps.accounts.mailboxes(people, trx)) {
    if (!(await throttle.hit(`mail:${person.userId}:${subject}:${path}`, 1, NOTIFY_WINDOW_MS))) continue;
    await dir.deps.mailer.send(
      person.locale,
      person.email,
      { subject, paragraphs, action: { label: 'directory.mail.open', url: `${dir.deps.config.baseUrl}${path}` } },
      { group: group.name, ...params },
      trx,
    );
    sent++;
  }
  return sent;
}

async function mailUser(dir: Directory, userId: string, subject: MessageKey, paragraphs: MessageKey[], path: string, params: Record<string, string>, trx?: Db) {
  const user = await dir.deps.accounts.mailbox(userId, trx);
  if (!user) return;
  await dir.deps.mailer.send(user.locale, user.email, { subject, paragraphs, action: { label: 'directory.mail.open', url: `${dir.deps.config.baseUrl}${path}` } }, params, trx);
}

export async function requestToJoin(dir: Directory, { userId, group, message, listed }: { userId: string; group: Group; message: string; listed: boolean }): Promise<void> {
  await dir.deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx.deleteFrom('memberships').where('group_id', '=', group.id).where('user_id', '=', userId).where('status', '=', 'declined').execute();
    await trx
      .insertInto('memberships')
      .values({ group_id: group.id, user_id: userId, role: 'member', status: 'requested', listed: listed ? 1 : 0, request_message: message, decision_message: '', requested_at: now, decided_at: null })
      .execute();
    await notifyFacilitators(dir, group, 'directory.mail.joinSubject', ['directory.mail.joinBody'], `/groups/${group.slug}/members`, {}, trx);
  });
}

export async function decideRequest(
  dir: Directory,
  { group, userId, admit, message }: { group: Group; userId: string; admit: boolean; message: string },
): Promise<boolean> {
  return dir.deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('memberships')
      .set({ status: admit ? 'admitted' : 'declined', decision_message: message, decided_at: nowIso() })
      .where('group_id', '=', group.id)
      .where('user_id', '=', userId)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await mailUser(
      dir,
      userId,
      admit ? 'directory.mail.admittedSubject' : 'directory.mail.declinedSubject',
      [admit ? 'directory.mail.admittedBody' : 'directory.mail.declinedBody'],
      `/groups/${group.slug}`,
      { group: group.name, message: message || '—' },
      trx,
    );
    return true;
  });
}

/** What the facilitators wrote when they declined this person's request (shown to them on the group page). */
export async function declineMessage(db: Db, groupId: string, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('memberships').select('decision_message').where('group_id', '=', groupId).where('user_id', '=', userId).where('status', '=', 'declined').executeTakeFirst())?.decision_message;
}

export async function leaveGroup(db: Db, groupId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('group_id', '=', groupId).where('user_id', '=', userId).where('role', '=', 'member').execute();
}

export async function setListed(db: Db, groupId: string, userId: string, listed: boolean): Promise<void> {
  await db.updateTable('memberships').set({ listed: listed ? 1 : 0 }).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

export async function addFacilitator(db: Db, groupId: string, userId: string): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('memberships')
    .values({ group_id: groupId, user_id: userId, role: 'facilitator', status: 'admitted', listed: 1, request_message: '', decision_message: '', requested_at: now, decided_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ role: 'facilitator', status: 'admitted' }))
    .execute();
}

export interface MemberEntry {
  userId: string;
  pseudonym: string;
  role: string;
  status: string;
  listed: boolean;
  requestMessage: string;
  requestedAt: string;
  /** Staff badge from the account's role (never from the name). */
  badge: StaffBadge | undefined;
}

/** Everyone with a relation to the group, for its facilitators. */
export async function listMemberships(db: Db, groupId: string): Promise<MemberEntry[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.pseudonym', 'users.role as account_role', 'memberships.role', 'memberships.status', 'memberships.listed', 'memberships.request_message', 'memberships.requested_at'])
    .where('memberships.group_id', '=', groupId)
    .orderBy('memberships.requested_at')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    pseudonym: r.pseudonym,
    role: r.role,
    status: r.status,
    listed: r.listed === 1,
    requestMessage: r.request_message,
    requestedAt: r.requested_at,
    badge: staffBadge(r.account_role),
  }));
}

export interface GroupOfUser {
  groupId: string;
  role: string;
  status: string;
}

export async function membershipsOfUser(db: Db, userId: string): Promise<GroupOfUser[]> {
  const rows = await db.selectFrom('memberships').select(['group_id', 'role', 'status']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ groupId: r.group_id, role: r.role, status: r.status }));
}

// --- Announcements ---------------------------------------------------------------

export async function postAnnouncement(db: Db, { groupId, authorId, body }: { groupId: string; authorId: string; body: string }): Promise<void> {
  await db.insertInto('announcements').values({ id: randomUUID(), group_id: groupId, author_id: authorId, body, created_at: nowIso() }).execute();
}

export async function listAnnouncements(db: Db, groupId: string, limit = 20) {
  const rows = await db
    .selectFrom('announcements')
    .leftJoin('users', 'users.id', 'announcements.author_id')
    .select(['announcements.id', 'announcements.body', 'announcements.created_at', 'users.pseudonym', 'users.role'])
    .where('announcements.group_id', '=', groupId)
    .orderBy('announcements.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ role, ...a }) => ({ ...a, badge: staffBadge(role) }));
}

export async function deleteAnnouncement(db: Db, groupId: string, id: string): Promise<void> {
  await db.deleteFrom('announcements').where('group_id', '=', groupId).where('id', '=', id).execute();
}

// --- Founding -----------------------------------------------------------------------

export async function setInterest(db: Db, groupId: string, userId: string, interested: boolean): Promise<void> {
  if (interested) {
    await db
      .insertInto('founding_interest')
      .values({ group_id: groupId, user_id: userId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('founding_interest').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
  }
}

export async function interestIn(db: Db, groupId: string, userId: string | null): Promise<{ count: number; mine: boolean; names: string[] }> {
  const rows = await db
    .selectFrom('founding_interest')
    .innerJoin('users', 'users.id', 'founding_interest.user_id')
    .select(['users.id', 'users.pseudonym'])
    .where('founding_interest.group_id', '=', groupId)
    .orderBy('founding_interest.created_at')
    .execute();
  return { count: rows.length, mine: rows.some((r) => r.id === userId), names: rows.map((r) => r.pseudonym) };
}

/** What a person's account holds in the directory, for the data export. */
export async function exportForUser(db: Db, userId: string) {
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['groups.slug', 'groups.name', 'memberships.role', 'memberships.status', 'memberships.listed', 'memberships.request_message', 'memberships.requested_at'])
    .where('memberships.user_id', '=', userId)
    .execute();
  const interest = await db
    .selectFrom('founding_interest')
    .innerJoin('groups', 'groups.id', 'founding_interest.group_id')
    .select(['groups.slug', 'founding_interest.created_at'])
    .where('founding_interest.user_id', '=', userId)
    .execute();
  const announcements = await db.selectFrom('announcements').select(['group_id', 'body', 'created_at']).where('author_id', '=', userId).execute();
  return { memberships, foundingInterest: interest, announcements };
}
