// The events feature's rules and queries: events of groups and organisations, registration with
// capacity and waiting list, group meetings and their exceptions, reminders and personal feeds.
// It knows nothing of HTTP. The directory is reached only through its index.ts (queries and the group guard).
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import type { EventRegistrationsTable, EventsTable } from '../../db/types-events.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import type { Guardian } from '../../platform/guardian.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { nowIso } from '../../platform/time.ts';
import { recordAudit } from '../../platform/audit.ts';
import { distanceKm, boundingBox } from '../../platform/geo/index.ts';
import * as directory from '../directory/index.ts';
import { membershipsOfUser } from '../directory/index.ts';
import { keyMatches, signedKey } from '../../platform/auth/signed-links.ts';
import { ACTIVE_REGISTRATION, MAX_EVENT_DAYS, reachableFromAnywhere, splitList, type RegistrationStatus } from './model.ts';
import { meetingsBetween, nextMeetings, type Meeting, type MeetingException, type Schedule } from '../../platform/recurrence.ts';

export type EventRow = Selectable<EventsTable>;
export type RegistrationRow = Selectable<EventRegistrationsTable>;

export interface EventItem extends EventRow {
  topics: string[];
}

export interface Organiser {
  kind: 'group' | 'organisation';
  id: string;
  slug: string;
  name: string;
  url: string;
}

// --- Reading events --------------------------------------------------------------------------------

async function topicsOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('event_topics').select(['event_id', 'topic_slug']).where('event_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) {
      const list = out.get(r.event_id);
      if (list) list.push(r.topic_slug);
      else out.set(r.event_id, [r.topic_slug]);
    }
  }
  return out;
}

async function withTopics(db: Db, rows: EventRow[]): Promise<EventItem[]> {
  if (rows.length === 0) return [];
  const topics = await topicsOf(db, rows.map((r) => r.id));
  // The rows are this call's own: the topics are added to them rather than spread into copies (slow for thirty fields).
  return rows.map((r) => Object.assign(r, { topics: topics.get(r.id) ?? [] }));
}

export async function getEvent(db: Db, id: string): Promise<EventItem | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withTopics(db, [row]))[0] : undefined;
}

/** Organisers of events by event id, read through the directory (one query per kind). */
export async function organisersOf(db: Db, events: Array<Pick<EventRow, 'id' | 'group_id' | 'organisation_id'>>): Promise<Map<string, Organiser>> {
  const groupIds = [...new Set(events.map((e) => e.group_id).filter((x): x is string => !!x))];
  const orgIds = [...new Set(events.map((e) => e.organisation_id).filter((x): x is string => !!x))];
  const groups = new Map((await directory.getGroups(db, groupIds)).map((g) => [g.id, g]));
  const orgs = await directory.getOrganisations(db, orgIds);
  const out = new Map<string, Organiser>();
  for (const e of events) {
    const g = e.group_id ? groups.get(e.group_id) : undefined;
    const o = e.organisation_id ? orgs.get(e.organisation_id) : undefined;
    if (g) out.set(e.id, { kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` });
    else if (o) out.set(e.id, { kind: 'organisation', id: o.id, slug: o.slug, name: o.name, url: `/organisations/${o.slug}` });
  }
  return out;
}

export interface EventFilter {
  from: string;
  to: string;
  topic?: string;
  near?: { lat: number; lon: number } | null;
  radiusKm?: number;
  format?: string;
  groupId?: string;
  organisationId?: string;
  page?: number;
  perPage?: number;
  /** For the month grid: without description, places, contact and topics, and without a count. */
  grid?: boolean;
}

const GRID_COLUMNS = ['id', 'group_id', 'organisation_id', 'title', 'starts_at', 'ends_at', 'format', 'area', 'status', 'registration', 'capacity', 'taken', 'deadline'] as const;

/**
 * Events overlapping [from, to), by start. With a place, events within the radius come with
 * those that can be joined from anywhere (online, phone, hybrid), as in the directory.
 */
export async function findEvents(db: Db, f: EventFilter): Promise<{ items: EventItem[]; total: number }> {
  // The lower bound on the start lets the index narrow the range: no event lasts longer than MAX_EVENT_DAYS.
  const earliest = new Date(Date.parse(f.from) - MAX_EVENT_DAYS * 86_400_000).toISOString();
  let q = db.selectFrom('events').where('starts_at', '<', f.to).where('starts_at', '>=', earliest).where('ends_at', '>', f.from);
  if (f.format) q = q.where('format', '=', f.format);
  if (f.groupId) q = q.where('group_id', '=', f.groupId);
  if (f.organisationId) q = q.where('organisation_id', '=', f.organisationId);
  if (f.topic) q = q.where('id', 'in', (eb) => eb.selectFrom('event_topics').select('event_id').where('topic_slug', '=', f.topic as string));
  const perPage = f.perPage ?? 20;
  const page = f.page ?? 1;
  if (f.near) {
    const radius = f.radiusKm ?? 25;
    const box = boundingBox(f.near.lat, f.near.lon, radius);
    const candidates = await q
      .select(['id', 'lat', 'lon', 'format', 'starts_at'])
      .where((eb) => eb.or([
        eb('format', 'in', ['online', 'phone', 'hybrid']),
        eb.and([eb('lat', '>=', box.minLat), eb('lat', '<=', box.maxLat), eb('lon', '>=', box.minLon), eb('lon', '<=', box.maxLon)]),
      ]))
      .orderBy('starts_at').orderBy('id')
      .execute();
    const near = f.near;
    const kept = candidates.filter((c) => (c.lat !== null && c.lon !== null && distanceKm(near, { lat: c.lat, lon: c.lon }) <= radius) || reachableFromAnywhere(c.format));
    const ids = kept.slice((page - 1) * perPage, page * perPage).map((c) => c.id);
    return { items: await eventsInOrder(db, ids), total: kept.length };
  }
  if (f.grid) {
    const items = (await q.select([...GRID_COLUMNS]).orderBy('starts_at').orderBy('id').limit(perPage).execute()).map(gridItem);
    return { items, total: items.length };
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('starts_at').orderBy('id').limit(perPage).offset((page - 1) * perPage).execute();
  return { items: await withTopics(db, rows), total };
}

type GridRow = Pick<EventRow, (typeof GRID_COLUMNS)[number]>;

/** A month grid's event: what a day cell shows, the rest left empty. */
// Written out field by field: spreading a row into a literal of thirty fields cost ~50 µs per event
// (a month grid's 124 events took 6 ms), building the literal directly a fraction of that.
const gridItem = (r: GridRow): EventItem => ({
  id: r.id, group_id: r.group_id, organisation_id: r.organisation_id, title: r.title, description: '', starts_at: r.starts_at, ends_at: r.ends_at, format: r.format,
  area: r.area, place_id: null, lat: null, lon: null, address: '', online_url: '', accessibility: '', audience: '', contact_name: '', contact_role: '', contact_phone: '',
  contact_email: '', status: r.status, cancel_reason: '', registration: r.registration, capacity: r.capacity, taken: r.taken, deadline: r.deadline, created_by: null,
  created_at: '', updated_at: '', topics: [],
});

/** The month grid's events by id, in the order given (what the grid shows: a few per day). */
export async function gridEvents(db: Db, ids: string[]): Promise<EventItem[]> {
  const rows: GridRow[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await db.selectFrom('events').select([...GRID_COLUMNS]).where('id', 'in', ids.slice(i, i + 500)).execute()));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is GridRow => !!r).map(gridItem);
}

/** Whole rows by id in the order given, without topics (a calendar does not name them). */
export async function eventRows(db: Db, ids: string[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await db.selectFrom('events').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is EventRow => !!r);
}

/** Whole events (with topics) by id, in the order given. */
export async function eventsInOrder(db: Db, ids: string[]): Promise<EventItem[]> {
  const rows: EventRow[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await db.selectFrom('events').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return withTopics(db, ids.map((id) => byId.get(id)).filter((r): r is EventRow => !!r));
}

/**
 * Changes whenever an event or its topics are added, changed or removed (a trigger raises the counter
 * in the same transaction, migration 0012), but not when a place is taken or given back; the answer
 * caches of the lists and calendars are keyed by it, so every process sees every change as soon as it
 * commits. One primary-key lookup: it is asked on every list, month view and calendar request.
 */
export async function eventsVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('change_counters').select('version').where('name', '=', 'events').executeTakeFirst();
  return String(row?.version ?? 0);
}

/** Places taken now, for events a cached list shows (registrations do not change the events version). */
export async function placesTaken(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('events').select(['id', 'taken']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, Number(r.taken)]));
}

// --- Who organises -------------------------------------------------------------------------------

/** How the one asking relates to an event; the policy decides from this. */
export interface EventRelation {
  /** Facilitator of the organising group, or staff of its contact point / of the organising organisation. */
  organiser: boolean;
  registration: RegistrationRow | null;
}

export const NO_EVENT_RELATION: EventRelation = { organiser: false, registration: null };

/**
 * Whether the request's actor organises for this group or organisation. "Manages the group" is the
 * directory's rule (facilitators, the region's staff, administrators); the group relation and the
 * actor's organisations come from the request guardian, so they are loaded once however often asked.
 */
export async function organiserRelation(deps: Deps, guardian: Guardian, owner: { groupId: string | null; organisationId: string | null }): Promise<boolean> {
  if (guardian.actor.kind !== 'user') return false;
  if (owner.groupId) {
    const id = owner.groupId;
    const group = await guardian.once(`group-row:${id}`, () => directory.getGroupById(deps.db, id));
    if (!group) return false;
    return (await directory.groupGuardOnce(guardian, deps, group)).manages;
  }
  if (owner.organisationId) return (await directory.organisationsOfActor(guardian, deps)).includes(owner.organisationId);
  return false;
}

export async function relationToEvent(deps: Deps, guardian: Guardian, event: EventRow): Promise<EventRelation> {
  const actor = guardian.actor;
  if (actor.kind !== 'user') return NO_EVENT_RELATION;
  const organiser = await organiserRelation(deps, guardian, { groupId: event.group_id, organisationId: event.organisation_id });
  const registration = (await deps.db.selectFrom('event_registrations').selectAll().where('event_id', '=', event.id).where('user_id', '=', actor.id).executeTakeFirst()) ?? null;
  return { organiser, registration };
}

/** Groups a person facilitates and organisations they work for: where they may publish events. */
export async function organiserChoices(db: Db, actor: UserActor, everyOrganisation: boolean): Promise<Organiser[]> {
  const userId = actor.id;
  const facilitated = (await membershipsOfUser(db, userId)).filter((m) => m.role === 'facilitator').map((m) => m.groupId);
  const groups = await directory.getGroups(db, facilitated);
  const orgIds = everyOrganisation ? (await directory.listOrganisations(db)).map((o) => o.id) : await directory.organisationsOfUser(db, actor);
  const orgs = await directory.getOrganisations(db, orgIds);
  return [
    ...groups.filter((g) => g.status !== 'proposed').map((g): Organiser => ({ kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` })),
    ...[...orgs.values()].map((o): Organiser => ({ kind: 'organisation', id: o.id, slug: o.slug, name: o.name, url: `/organisations/${o.slug}` })),
  ].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

export async function findOrganiser(db: Db, kind: string, slug: string): Promise<Organiser | undefined> {
  if (kind === 'group') {
    const g = await directory.getGroupBySlug(db, slug);
    return g && g.status !== 'proposed' ? { kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` } : undefined;
  }
  if (kind === 'organisation') {
    const o = await directory.getOrganisationBySlug(db, slug);
    return o ? { kind: 'organisation', id: o.id, slug: o.slug, name: o.name, url: `/organisations/${o.slug}` } : undefined;
  }
  return undefined;
}

// --- Writing events ------------------------------------------------------------------------------

export interface EventInput {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  format: string;
  area: string;
  placeId: number | null;
  lat: number | null;
  lon: number | null;
  address: string;
  onlineUrl: string;
  accessibility: string[];
  audience: string;
  topics: string[];
  contactName: string;
  contactRole: string;
  contactPhone: string;
  contactEmail: string;
  registration: string;
  capacity: number | null;
  deadline: string | null;
}

function columns(input: EventInput) {
  return {
    title: input.title,
    description: input.description,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    format: input.format,
    area: input.area,
    place_id: input.placeId,
    lat: input.lat,
    lon: input.lon,
    address: input.address,
    online_url: input.onlineUrl,
    accessibility: input.accessibility.join(','),
    audience: input.audience,
    contact_name: input.contactName,
    contact_role: input.contactRole,
    contact_phone: input.contactPhone,
    contact_email: input.contactEmail,
    registration: input.registration,
    capacity: input.capacity,
    deadline: input.deadline,
  };
}

export function inputFromEvent(e: EventItem): EventInput {
  return {
    title: e.title, description: e.description, startsAt: e.starts_at, endsAt: e.ends_at, format: e.format, area: e.area, placeId: e.place_id,
    lat: e.lat, lon: e.lon, address: e.address, onlineUrl: e.online_url, accessibility: splitList(e.accessibility), audience: e.audience,
    topics: e.topics, contactName: e.contact_name, contactRole: e.contact_role, contactPhone: e.contact_phone, contactEmail: e.contact_email,
    registration: e.registration, capacity: e.capacity, deadline: e.deadline,
  };
}

// Commands of organisers take the actor and write their audit row (ids, never contents) in the
// transaction of the change, so the trail and the change commit together or not at all.

/** Who acts: commands need only the id (null: the system, e.g. demo content). */
export type Acting = Pick<Actor, 'id'>;

const auditEvent = (trx: Db, actor: Acting, action: string, eventId: string, details?: Record<string, unknown>) =>
  recordAudit(trx, { actorId: actor.id, action: `event.${action}`, subjectType: 'event', subjectId: eventId, details });

export async function createEvent(deps: Deps, { actor, organiser, input }: { actor: Acting; organiser: Organiser; input: EventInput }): Promise<string> {
  const id = randomUUID();
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('events').values({
      id, group_id: organiser.kind === 'group' ? organiser.id : null, organisation_id: organiser.kind === 'organisation' ? organiser.id : null,
      ...columns(input), status: 'scheduled', cancel_reason: '', taken: 0, created_by: actor.id, created_at: now, updated_at: now,
    }).execute();
    if (input.topics.length) await trx.insertInto('event_topics').values(input.topics.map((t) => ({ event_id: id, topic_slug: t }))).execute();
    await auditEvent(trx, actor, 'created', id, { organiser: organiser.id });
  });
  return id;
}

/** Saves changes; more places move people up from the waiting list. Returns false when fewer places than confirmed participants were asked. */
export async function updateEvent(deps: Deps, { actor, event, input }: { actor: Acting; event: EventItem; input: EventInput }): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const changed = await trx.updateTable('events').set({ ...columns(input), updated_at: now })
      .where('id', '=', event.id)
      // Never fewer places than people already hold, checked against the row as it is now.
      .where((eb) => input.capacity === null ? eb.val(true) : eb('taken', '<=', input.capacity))
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('event_topics').where('event_id', '=', event.id).execute();
    if (input.topics.length) await trx.insertInto('event_topics').values(input.topics.map((t) => ({ event_id: event.id, topic_slug: t }))).execute();
    await promoteWaiting(deps, trx, event.id);
    await auditEvent(trx, actor, 'updated', event.id);
    return true;
  });
}

/** Cancels an event and tells everyone registered (or waiting, or asking) with the reason. */
export async function cancelEvent(deps: Deps, { actor, event, reason }: { actor: Acting; event: EventItem; reason: string }): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('events').set({ status: 'cancelled', cancel_reason: reason, updated_at: nowIso() }).where('id', '=', event.id).where('status', '=', 'scheduled').executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return 0;
    const people = await trx.selectFrom('event_registrations').selectAll().where('event_id', '=', event.id).where('status', 'in', ['pending', 'confirmed', 'waiting']).execute();
    for (const r of people) {
      await mailRegistration(deps, trx, r, event, 'events.mail.cancelledSubject', ['events.mail.cancelledBody'], { reason: reason || '—' });
    }
    await auditEvent(trx, actor, 'cancelled', event.id, { told: people.length });
    return people.length;
  });
}

// --- Registration ------------------------------------------------------------------------------------

export type RegistrationState = 'none' | 'cancelled' | 'past' | 'closed' | 'open' | 'full';

/** Whether people can register now: the rules of the event, not who asks (that is the policy's). */
export function registrationState(event: EventRow, now = nowIso()): RegistrationState {
  if (event.registration === 'none') return 'none';
  if (event.status === 'cancelled') return 'cancelled';
  if (event.starts_at <= now) return 'past';
  if (event.deadline && event.deadline < now) return 'closed';
  if (event.capacity !== null && event.taken >= event.capacity) return 'full';
  return 'open';
}

export const isActive = (r: RegistrationRow | null): r is RegistrationRow => !!r && (ACTIVE_REGISTRATION as readonly string[]).includes(r.status);

/**
 * Takes one place if one is free, in one conditional statement: on SQLite writers are serialised,
 * on PostgreSQL the row lock of the UPDATE makes a second transaction re-check `taken` after the
 * first commits. Nothing reads and then writes, so the last place can never go twice.
 */
async function takePlace(trx: Db, eventId: string): Promise<boolean> {
  const r = await trx.updateTable('events').set((eb) => ({ taken: eb('taken', '+', 1) }))
    .where('id', '=', eventId)
    .where((eb) => eb.or([eb('capacity', 'is', null), eb('taken', '<', eb.ref('capacity'))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function givePlaceBack(trx: Db, eventId: string): Promise<void> {
  await trx.updateTable('events').set((eb) => ({ taken: eb('taken', '-', 1) })).where('id', '=', eventId).where('taken', '>', 0).execute();
}

export type RegisterOutcome =
  | { kind: 'confirmed' | 'waiting' | 'pending' | 'mailed'; registrationId: string }
  | { kind: 'already' | 'full' | 'closed' };

export interface Registrant {
  userId: string | null;
  name: string;
  email: string | null;
  locale: Locale;
}

const isUniqueViolation = (error: unknown) => /unique|duplicate/i.test(String((error as { message?: string })?.message ?? error));

/**
 * Registers a member (one click) or a visitor (name and address; confirmed by mail before a place is
 * taken). A full event puts the person on the waiting list only when they asked for it.
 */
export async function register(deps: Deps, { event, who, waitlist }: { event: EventRow; who: Registrant; waitlist: boolean }): Promise<RegisterOutcome> {
  try {
    return await deps.db.transaction().execute(async (trx): Promise<RegisterOutcome> => {
      const current = await trx.selectFrom('events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
      const state = registrationState(current);
      if (state !== 'open' && state !== 'full') return { kind: 'closed' };
      const emailKey = who.email ? who.email.toLowerCase() : null;
      const existing = who.userId
        ? await trx.selectFrom('event_registrations').selectAll().where('event_id', '=', event.id).where('user_id', '=', who.userId).executeTakeFirst()
        : await trx.selectFrom('event_registrations').selectAll().where('event_id', '=', event.id).where('email_key', '=', emailKey).executeTakeFirst();
      if (existing && isActive(existing) && !(existing.status === 'unconfirmed' && !who.userId)) return { kind: 'already' };
      let status: RegistrationStatus;
      if (!who.userId) status = 'unconfirmed';
      else if (current.registration === 'approval') status = 'pending';
      else if (await takePlace(trx, event.id)) status = 'confirmed';
      else if (waitlist) status = 'waiting';
      else return { kind: 'full' };
      const now = nowIso();
      const id = existing?.id ?? randomUUID();
      const values = { name: who.name, email: who.email, email_key: emailKey, locale: who.locale, status, reminded_at: null, updated_at: now };
      if (existing) {
        // A new start after cancelling: the queue position is now.
        await trx.updateTable('event_registrations').set({ ...values, created_at: now }).where('id', '=', existing.id).execute();
      } else {
        await trx.insertInto('event_registrations').values({ id, event_id: event.id, user_id: who.userId, created_at: now, ...values }).execute();
      }
      const row = await trx.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (status === 'unconfirmed') {
        await mailRegistration(deps, trx, row, current, 'events.mail.confirmSubject', ['events.mail.confirmBody'], {}, 'events.mail.confirmAction', ['events.mail.confirmIgnore']);
        return { kind: 'mailed', registrationId: id };
      }
      await mailStatus(deps, trx, row, current, status);
      return { kind: status, registrationId: id };
    });
  } catch (error) {
    // Two requests of one person at once: the unique index lets one through.
    if (isUniqueViolation(error)) return { kind: 'already' };
    throw error;
  }
}

/** A visitor confirms their address: now a place is taken (or the waiting list, or the approval queue). */
export async function confirmVisitor(deps: Deps, registration: RegistrationRow): Promise<RegistrationStatus | 'closed'> {
  return deps.db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('events').selectAll().where('id', '=', registration.event_id).executeTakeFirstOrThrow();
    const state = registrationState(event);
    if (state !== 'open' && state !== 'full') return 'closed';
    const status: RegistrationStatus = event.registration === 'approval' ? 'pending' : (await takePlace(trx, event.id)) ? 'confirmed' : 'waiting';
    const r = await trx.updateTable('event_registrations').set({ status, updated_at: nowIso() }).where('id', '=', registration.id).where('status', '=', 'unconfirmed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      if (status === 'confirmed') await givePlaceBack(trx, event.id);
      return (await trx.selectFrom('event_registrations').select('status').where('id', '=', registration.id).executeTakeFirstOrThrow()).status as RegistrationStatus;
    }
    await mailStatus(deps, trx, { ...registration, status }, event, status);
    return status;
  });
}

/** Cancels a registration; a freed place goes to the first person waiting, who is told by mail. */
export async function cancelRegistration(deps: Deps, registration: RegistrationRow, trxGiven?: Db): Promise<boolean> {
  const run = async (trx: Db) => {
    const r = await trx.updateTable('event_registrations').set({ status: 'cancelled', updated_at: nowIso() })
      .where('id', '=', registration.id).where('status', '=', registration.status).where('status', 'in', [...ACTIVE_REGISTRATION])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (registration.status === 'confirmed') {
      await givePlaceBack(trx, registration.event_id);
      await promoteWaiting(deps, trx, registration.event_id);
    }
    return true;
  };
  return trxGiven ? run(trxGiven) : deps.db.transaction().execute(run);
}

/** Moves people up from the waiting list while places are free (oldest first). */
async function promoteWaiting(deps: Deps, trx: Db, eventId: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const event = await trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    if (event.status !== 'scheduled' || event.starts_at <= nowIso()) return moved;
    const next = await trx.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    if (!next) return moved;
    if (!(await takePlace(trx, eventId))) return moved;
    const r = await trx.updateTable('event_registrations').set({ status: 'confirmed', updated_at: nowIso() }).where('id', '=', next.id).where('status', '=', 'waiting').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      await givePlaceBack(trx, eventId);
      continue;
    }
    await mailRegistration(deps, trx, next, event, 'events.mail.movedUpSubject', ['events.mail.movedUpBody']);
    moved++;
  }
}

/** The organiser admits or declines someone who asked (approval events). */
export async function decide(deps: Deps, { actor, registration, admit }: { actor: Acting; registration: RegistrationRow; admit: boolean }): Promise<RegistrationStatus | null> {
  return deps.db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('events').selectAll().where('id', '=', registration.event_id).executeTakeFirstOrThrow();
    if (registration.status !== 'pending') return null;
    const status: RegistrationStatus = !admit ? 'declined' : (await takePlace(trx, event.id)) ? 'confirmed' : 'waiting';
    const r = await trx.updateTable('event_registrations').set({ status, updated_at: nowIso() }).where('id', '=', registration.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      if (status === 'confirmed') await givePlaceBack(trx, event.id);
      return null;
    }
    await mailStatus(deps, trx, { ...registration, status }, event, status);
    await auditEvent(trx, actor, 'registration_decided', event.id, { registration: registration.id, status });
    return status;
  });
}

export async function getRegistration(db: Db, id: string): Promise<RegistrationRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Links in mails carry a key derived from the instance secret; nothing secret is stored per registration. */
export const registrationKey = (deps: Deps, id: string): string => signedKey(deps.config.cookieSecret, 'event-registration', id);
export const registrationKeyMatches = (deps: Deps, id: string, key: string | undefined): boolean => keyMatches(deps.config.cookieSecret, 'event-registration', id, key);
export const registrationPath = (deps: Deps, id: string): string => `/events/registrations/${id}?key=${registrationKey(deps, id)}`;

const STATUS_MAIL: Partial<Record<RegistrationStatus, [MessageKey, MessageKey]>> = {
  confirmed: ['events.mail.confirmedSubject', 'events.mail.confirmedBody'],
  waiting: ['events.mail.waitingSubject', 'events.mail.waitingBody'],
  pending: ['events.mail.pendingSubject', 'events.mail.pendingBody'],
  declined: ['events.mail.declinedSubject', 'events.mail.declinedBody'],
};

async function mailStatus(deps: Deps, trx: Db, r: RegistrationRow, event: EventRow, status: RegistrationStatus) {
  const mail = STATUS_MAIL[status];
  if (mail) await mailRegistration(deps, trx, r, event, mail[0], [mail[1]]);
}

/** A mail about a registration to the member's confirmed address or the visitor's; with the link to the registration. */
async function mailRegistration(
  deps: Deps, trx: Db, r: RegistrationRow, event: EventRow, subject: MessageKey, paragraphs: MessageKey[],
  params: Record<string, string> = {}, action: MessageKey = 'events.mail.open', after: MessageKey[] = ['events.mail.cancelHint'],
): Promise<void> {
  let address = r.email;
  let locale = (r.locale === 'en' ? 'en' : 'de') as Locale;
  if (r.user_id) {
    const mailbox = await deps.accounts.mailbox(r.user_id, trx);
    address = mailbox?.email ?? null;
    if (mailbox) locale = mailbox.locale;
  }
  if (!address) return;
  const { formatEventTime } = await import('./format.ts');
  await deps.mailer.send(
    locale,
    address,
    { subject, paragraphs, action: { label: action, url: `${deps.config.baseUrl}${registrationPath(deps, r.id)}` }, after },
    { event: event.title, when: formatEventTime(event.starts_at, event.ends_at, locale), ...params },
    trx,
  );
}

export interface Participant {
  id: string;
  name: string;
  /** Visitors' addresses, for the organiser to reach them; members are shown by pseudonym only. */
  email: string;
  member: boolean;
  status: RegistrationStatus;
  registeredAt: string;
}

export async function participants(db: Db, eventId: string): Promise<Participant[]> {
  const rows = await db
    .selectFrom('event_registrations')
    .leftJoin('users', 'users.id', 'event_registrations.user_id')
    .select(['event_registrations.id', 'event_registrations.name', 'event_registrations.email', 'event_registrations.user_id', 'event_registrations.status', 'event_registrations.created_at', 'users.pseudonym'])
    .where('event_registrations.event_id', '=', eventId)
    .where('event_registrations.status', 'in', ['pending', 'confirmed', 'waiting'])
    .orderBy('event_registrations.created_at')
    .orderBy('event_registrations.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.user_id ? (r.pseudonym ?? '') : r.name, email: r.user_id ? '' : (r.email ?? ''), member: !!r.user_id, status: r.status as RegistrationStatus, registeredAt: r.created_at }));
}

/** A member's registrations that are still on, with their events, soonest first. */
export async function registrationsOfUser(db: Db, userId: string, since: string): Promise<Array<{ registration: RegistrationRow; event: EventItem }>> {
  const regs = await db.selectFrom('event_registrations').selectAll().where('user_id', '=', userId).where('status', 'in', ['pending', 'confirmed', 'waiting']).execute();
  const events = new Map((await eventsInOrder(db, regs.map((r) => r.event_id))).map((e) => [e.id, e]));
  return regs
    .map((registration) => ({ registration, event: events.get(registration.event_id) }))
    .filter((x): x is { registration: RegistrationRow; event: EventItem } => !!x.event && x.event.ends_at >= since)
    .sort((a, b) => (a.event.starts_at < b.event.starts_at ? -1 : 1));
}

// --- Member settings: reminders and the personal feed ------------------------------------------------

export async function settingsOf(db: Db, userId: string): Promise<{ reminders: boolean; hasFeed: boolean }> {
  const row = await db.selectFrom('event_member_settings').select(['reminders', 'feed_token_hash']).where('user_id', '=', userId).executeTakeFirst();
  return { reminders: row ? row.reminders === 1 : true, hasFeed: !!row?.feed_token_hash };
}

async function upsertSettings(db: Db, userId: string, values: { reminders?: number; feed_token_hash?: string | null; feed_created_at?: string | null }) {
  const now = nowIso();
  await db.insertInto('event_member_settings')
    .values({ user_id: userId, reminders: values.reminders ?? 1, feed_token_hash: values.feed_token_hash ?? null, feed_created_at: values.feed_created_at ?? null, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: now }))
    .execute();
}

export async function setReminders(db: Db, userId: string, on: boolean): Promise<void> {
  await upsertSettings(db, userId, { reminders: on ? 1 : 0 });
}

/** A new secret feed address (the old one stops working); only its hash is kept. */
export async function renewFeed(db: Db, userId: string): Promise<string> {
  const token = randomToken(24);
  await upsertSettings(db, userId, { feed_token_hash: sha256(token), feed_created_at: nowIso() });
  return token;
}

export async function revokeFeed(db: Db, userId: string): Promise<void> {
  await upsertSettings(db, userId, { feed_token_hash: null, feed_created_at: null });
}

export async function userOfFeed(db: Db, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  return (await db.selectFrom('event_member_settings').select('user_id').where('feed_token_hash', '=', sha256(token)).executeTakeFirst())?.user_id;
}

// --- Reminders ---------------------------------------------------------------------------------------

export const REMINDER_JOB = 'events.reminders';
const REMINDER_EVERY_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

/** Mails everyone confirmed for an event that starts within the next 24 hours, once, unless they turned reminders off. */
export async function sendReminders(deps: Deps, now = Date.now()): Promise<number> {
  const rows = await deps.db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .leftJoin('event_member_settings', 'event_member_settings.user_id', 'event_registrations.user_id')
    .selectAll('event_registrations')
    .where('event_registrations.status', '=', 'confirmed')
    .where('event_registrations.reminded_at', 'is', null)
    .where('events.status', '=', 'scheduled')
    .where('events.starts_at', '>', new Date(now).toISOString())
    .where('events.starts_at', '<=', new Date(now + DAY_MS).toISOString())
    .where((eb) => eb.or([eb('event_member_settings.reminders', 'is', null), eb('event_member_settings.reminders', '=', 1)]))
    .limit(500)
    .execute();
  let sent = 0;
  for (const r of rows) {
    await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('event_registrations').set({ reminded_at: nowIso() }).where('id', '=', r.id).where('reminded_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const event = await trx.selectFrom('events').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow();
      await mailRegistration(deps, trx, r, event, 'events.mail.reminderSubject', ['events.mail.reminderBody'], {}, 'events.mail.open', ['events.mail.reminderOff']);
      sent++;
    });
  }
  return sent;
}

export function registerReminderJob(deps: Deps): void {
  deps.jobs.every(REMINDER_JOB, { everyMs: REMINDER_EVERY_MS, firstAfterMs: 60_000 }, () => sendReminders(deps));
}

// --- Group meetings ------------------------------------------------------------------------------------

export type GroupForMeetings = Pick<directory.Group, 'id' | 'rrule' | 'start_time' | 'duration_minutes' | 'created_at'>;

export const scheduleOf = (g: GroupForMeetings): Schedule => ({ rrule: g.rrule, startTime: g.start_time, durationMinutes: g.duration_minutes || 120, anchor: g.created_at });

export async function exceptionsOf(db: Db, groupId: string): Promise<MeetingException[]> {
  const rows = await db.selectFrom('meeting_exceptions').selectAll().where('group_id', '=', groupId).orderBy('original_start').execute();
  return rows.map((r) => ({ id: r.id, original: r.original_start, kind: r.kind as MeetingException['kind'], start: r.starts_at, end: r.ends_at, place: r.place, reason: r.reason }));
}

// Expanding a rule costs up to a few milliseconds; a group page asks for the same few meetings
// all hour long. Keyed by everything the answer depends on, so a change is never served stale.
const upcoming = new Map<string, Meeting[]>();
const MAX_UPCOMING = 5000;

export async function upcomingMeetings(db: Db, group: GroupForMeetings, count: number, from = nowIso()): Promise<Meeting[]> {
  if (!group.rrule) return [];
  const exceptions = await exceptionsOf(db, group.id);
  const hour = `${from.slice(0, 13)}:00:00.000Z`;
  const key = JSON.stringify([group.rrule, group.start_time, group.duration_minutes, group.created_at, exceptions, hour, count]);
  let list = upcoming.get(key);
  if (!list) {
    // From the start of the hour, with room for the meetings that began since then.
    list = nextMeetings(scheduleOf(group), exceptions, hour, count + 3);
    if (upcoming.size >= MAX_UPCOMING) upcoming.clear();
    upcoming.set(key, list);
  }
  return list.filter((m) => m.start >= from).slice(0, count);
}

export async function groupMeetingsBetween(db: Db, group: GroupForMeetings, from: string, to: string): Promise<Meeting[]> {
  if (!group.rrule) return [];
  return meetingsBetween(scheduleOf(group), await exceptionsOf(db, group.id), from, to);
}

/** Cancels or moves one meeting (replacing an earlier exception for it) and tells the group's members. */
export async function setException(
  deps: Deps,
  { actor, group, original, kind, start, end, place, reason }: { actor: Acting; group: { id: string; name: string; slug: string }; original: string; kind: 'cancelled' | 'moved'; start: string | null; end: string | null; place: string; reason: string },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meeting_exceptions').where('group_id', '=', group.id).where('original_start', '=', original).execute();
    await trx.insertInto('meeting_exceptions').values({
      id: randomUUID(), group_id: group.id, original_start: original, kind, starts_at: start, ends_at: end, place, reason, created_by: actor.id, created_at: nowIso(),
    }).execute();
    await recordAudit(trx, { actorId: actor.id, action: `meeting.${kind}`, subjectType: 'group', subjectId: group.id, details: { original } });
  });
}

/** Undoes the cancellation or move of the meeting that was first planned at `original`. */
export async function removeException(deps: Deps, { actor, groupId, original }: { actor: Acting; groupId: string; original: string }): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('meeting_exceptions').where('group_id', '=', groupId).where('original_start', '=', original).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await recordAudit(trx, { actorId: actor.id, action: 'meeting.restored', subjectType: 'group', subjectId: groupId, details: { original } });
    return true;
  });
}

/** Upcoming events a group organises (for its page and calendar). */
export async function eventsOfGroup(db: Db, groupId: string, from: string, limit = 10): Promise<EventItem[]> {
  const rows = await db.selectFrom('events').selectAll().where('group_id', '=', groupId).where('ends_at', '>', from).orderBy('starts_at').limit(limit).execute();
  return withTopics(db, rows);
}

// --- A person's data ------------------------------------------------------------------------------------

export async function exportForUser(db: Db, userId: string) {
  const regs = await db.selectFrom('event_registrations').innerJoin('events', 'events.id', 'event_registrations.event_id')
    .select(['events.title', 'events.starts_at', 'event_registrations.status', 'event_registrations.created_at']).where('event_registrations.user_id', '=', userId).execute();
  const settings = await settingsOf(db, userId);
  return { registrations: regs.map((r) => ({ event: r.title, startsAt: r.starts_at, status: r.status, registeredAt: r.created_at })), reminders: settings.reminders, calendarFeed: settings.hasFeed };
}

/** Before an account goes: its places are given back (and passed on to people waiting). */
export async function releaseForDeletedUser(deps: Deps, trx: Db, userId: string): Promise<void> {
  const regs = await trx.selectFrom('event_registrations').selectAll().where('user_id', '=', userId).where('status', 'in', [...ACTIVE_REGISTRATION]).execute();
  for (const r of regs) await cancelRegistration(deps, r, trx);
  await trx.updateTable('events').set({ created_by: null }).where('created_by', '=', userId).execute();
  await trx.updateTable('meeting_exceptions').set({ created_by: null }).where('created_by', '=', userId).execute();
}

export { isoToLocal } from '../../platform/recurrence.ts';
