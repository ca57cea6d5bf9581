// My support network: entries, contacts, give and take, gratitude, check-ins, the network check,
// import and export. Every query is scoped to the owner's id; private texts are sealed at rest.
// Knows nothing of HTTP.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { NetworkCircle, NetworkEntriesTable, NetworkKind, NetworkSector } from '../../db/types.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Sealer } from '../../platform/crypto.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { addDays, daysBetween, nowIso, today } from '../../platform/time.ts';
import type { ContactKind, Direction, Support } from './schema.ts';
import { SECTORS, SUPPORTS } from './schema.ts';
import type { DirectoryEntryRef } from './directory-link.ts';

/** Far more than anyone keeps by hand; a whole phone book (10 000 contacts) still fits. */
export const MAX_ENTRIES = 12_000;
/** How long without news, with no rhythm set, before someone counts as "not heard from in a while". */
export const QUIET_DAYS = 180;
const INSERT_CHUNK = 200;

export const sealer = (deps: Deps): Sealer => sealerFor(deps.config.dataKey);

export interface EntrySummary {
  id: string;
  userId: string;
  kind: NetworkKind;
  name: string;
  sector: NetworkSector;
  circle: NetworkCircle;
  support: Support[];
  rhythmDays: number | null;
  lastContactOn: string | null;
  snoozedUntil: string | null;
  createdAt: string;
  /** Next planned contact (with a rhythm), or null. */
  nextOn: string | null;
  due: boolean;
  /** No news for a long while: overdue by more than a whole rhythm, or quiet for half a year. */
  quiet: boolean;
  /** The reminder rests (snoozed_until lies ahead). */
  snoozed: boolean;
  /** Support received from and given to this entry (counted on write, migration 0024). */
  balance: Balance;
}

export interface Entry extends EntrySummary {
  phone: string;
  email: string;
  notes: string;
  link: { kind: string; url: string } | null;
}

export interface EntryInput {
  kind: NetworkKind;
  name: string;
  sector: NetworkSector;
  circle: NetworkCircle;
  support: Support[];
  phone: string;
  email: string;
  notes: string;
  rhythmDays: number | null;
}

type EntryRow = Selectable<NetworkEntriesTable>;

const parseSupport = (raw: string): Support[] => {
  const given = new Set(raw.split(','));
  return SUPPORTS.filter((s) => given.has(s));
};

/** When the next contact is planned, whether it is due, and whether the person has gone quiet. */
export function schedule(row: Pick<EntryRow, 'rhythm_days' | 'last_contact_on' | 'snoozed_until' | 'created_at'>, now: string = today()): { nextOn: string | null; due: boolean; quiet: boolean } {
  const base = row.last_contact_on ?? row.created_at.slice(0, 10);
  const snoozed = row.snoozed_until !== null && row.snoozed_until > now;
  if (row.rhythm_days) {
    let nextOn = addDays(base, row.rhythm_days);
    if (row.snoozed_until && row.snoozed_until > nextOn) nextOn = row.snoozed_until;
    const overdue = daysBetween(nextOn, now);
    return { nextOn, due: overdue >= 0, quiet: !snoozed && overdue >= Math.max(14, row.rhythm_days) };
  }
  return { nextOn: null, due: false, quiet: !snoozed && daysBetween(base, now) > QUIET_DAYS };
}

/** The plaintext columns an entry's summary is made of, with its sealed name. */
export type SummaryRow = Pick<EntryRow, (typeof SUMMARY_COLUMNS)[number]>;

function summarise(s: Sealer, row: SummaryRow, now: string): EntrySummary {
  return summaryWithName(row, s.open(row.name_sealed, row.user_id), now);
}

/** A summary from its row and its name opened already (the map cache keeps names it opened before). */
export function summaryWithName(row: SummaryRow, name: string, now: string): EntrySummary {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    name,
    sector: row.sector,
    circle: row.circle,
    support: parseSupport(row.support),
    rhythmDays: row.rhythm_days,
    lastContactOn: row.last_contact_on,
    snoozedUntil: row.snoozed_until,
    createdAt: row.created_at,
    snoozed: row.snoozed_until !== null && row.snoozed_until > now,
    balance: { received: Number(row.received_count), given: Number(row.given_count) },
    ...schedule(row, now),
  };
}

function detail(s: Sealer, row: EntryRow, now: string): Entry {
  const link = s.openOptional(row.link_sealed, row.user_id);
  const [kind = '', url = ''] = link ? link.split('|') : [];
  return {
    ...summarise(s, row, now),
    phone: s.openOptional(row.phone_sealed, row.user_id),
    email: s.openOptional(row.email_sealed, row.user_id),
    notes: s.openOptional(row.notes_sealed, row.user_id),
    link: link ? { kind, url } : null,
  };
}

// One collator for every sort: localeCompare with options builds a new one per comparison.
const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });
export const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
const SUMMARY_COLUMNS = ['id', 'user_id', 'kind', 'name_sealed', 'sector', 'circle', 'support', 'rhythm_days', 'last_contact_on', 'snoozed_until', 'created_at', 'received_count', 'given_count'] as const;

/** All entries of the owner with names (not notes or contact data), sorted by name. */
export async function listEntries(deps: Deps, userId: string, now = today()): Promise<EntrySummary[]> {
  // Only what the summary needs: notes and contact data stay sealed and unread.
  const rows = await summaryRows(deps.db, userId);
  const s = sealer(deps);
  return (await inBatches(rows, (r) => summarise(s, r, now))).sort(byName);
}

/** Every entry of the owner as stored: plaintext columns and the sealed name, in id order, read a page at a time. */
export function summaryRows(db: Db, userId: string): Promise<SummaryRow[]> {
  return entryRowsInPages((after) => db.selectFrom('network_entries').select(SUMMARY_COLUMNS).where('user_id', '=', userId).where('id', '>', after).orderBy('id').limit(READ_PAGE).execute());
}

const OPEN_BATCH = 200;
/** Rows read per query: SQLite answers synchronously, so 12 000 rows in one query would hold the event loop. */
const READ_PAGE = 500;

/**
 * All of an owner's entry rows, read a page at a time in id order (index on user_id, id), with a
 * turn for the event loop between pages.
 */
async function entryRowsInPages<T extends { id: string }>(page: (after: string) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let after = ''; ; ) {
    const rows = await page(after);
    out.push(...rows);
    if (rows.length < READ_PAGE) return out;
    after = rows[rows.length - 1]!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Maps rows a batch at a time and gives the event loop a turn between batches: opening 12 000
 * sealed names takes a good part of a second, which must not stall everyone else's requests.
 */
export async function inBatches<R, T>(rows: readonly R[], map: (row: R) => T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += OPEN_BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const row of rows.slice(i, i + OPEN_BATCH)) out.push(map(row));
  }
  return out;
}

// A network may hold up to MAX_ENTRIES; what one request draws or lists stays bounded, so a member at
// the cap costs the server about what anyone else does. The map shows the first MAP_MAX_POINTS (in
// the table's order, so the numbers match), the table shows a page at a time, exports stream.
export const MAP_MAX_POINTS = 150;
export const TABLE_PAGE_SIZE = 200;
const EXPORT_BATCH = 100;

/**
 * Every entry with all details opened, in the table's order, a batch at a time: only the names are
 * opened up front (for the order); the other fields of a batch are opened when it is read, and the
 * event loop gets a turn between batches.
 */
export async function* entryDetailBatches(deps: Deps, userId: string): AsyncGenerator<Entry[]> {
  const rows = await allEntryRows(deps.db, userId);
  const s = sealer(deps);
  const now = today();
  const ordered = (await inBatches(rows, (row) => ({ row, name: s.open(row.name_sealed, userId) }))).sort(byName);
  for (let i = 0; i < ordered.length; i += EXPORT_BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    yield ordered.slice(i, i + EXPORT_BATCH).map((o) => detail(s, o.row, now));
  }
}

function allEntryRows(db: Db, userId: string): Promise<EntryRow[]> {
  return entryRowsInPages((after) => db.selectFrom('network_entries').selectAll().where('user_id', '=', userId).where('id', '>', after).orderBy('id').limit(READ_PAGE).execute());
}

/** The version of the owner's network: raised by triggers with every change to their entries (0 before the first). */
export async function networkVersion(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('network_versions').select('version').where('user_id', '=', userId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** All entries with every detail opened, for exports. */
export async function listEntryDetails(deps: Deps, userId: string, db: Db = deps.db): Promise<Entry[]> {
  const rows = await allEntryRows(db, userId);
  const s = sealer(deps);
  const now = today();
  return (await inBatches(rows, (r) => detail(s, r, now))).sort(byName);
}

/** One entry of the owner, or undefined (also when it belongs to someone else). */
export async function findEntry(deps: Deps, userId: string, entryId: string): Promise<Entry | undefined> {
  const row = await deps.db.selectFrom('network_entries').selectAll().where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
  return row ? detail(sealer(deps), row, today()) : undefined;
}

export async function countEntries(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('network_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function sealedFields(s: Sealer, userId: string, input: EntryInput) {
  return {
    kind: input.kind,
    name_sealed: s.seal(input.name, userId),
    sector: input.sector,
    circle: input.circle,
    support: input.support.join(','),
    phone_sealed: s.sealOptional(input.phone, userId),
    email_sealed: s.sealOptional(input.email, userId),
    notes_sealed: s.sealOptional(input.notes, userId),
    rhythm_days: input.rhythmDays,
  };
}

export type CreateResult = { ok: true; id: string } | { ok: false; reason: 'limit' };

export async function createEntry(deps: Deps, userId: string, input: EntryInput, link?: DirectoryEntryRef): Promise<CreateResult> {
  if ((await countEntries(deps.db, userId)) >= MAX_ENTRIES) return { ok: false, reason: 'limit' };
  const s = sealer(deps);
  const id = randomUUID();
  const now = nowIso();
  await deps.db
    .insertInto('network_entries')
    .values({
      id,
      user_id: userId,
      ...sealedFields(s, userId, input),
      link_sealed: link ? s.seal(`${link.kind}|${link.url}`, userId) : null,
      last_contact_on: null,
      snoozed_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { ok: true, id };
}

export async function updateEntry(deps: Deps, userId: string, entryId: string, input: EntryInput): Promise<boolean> {
  const result = await deps.db
    .updateTable('network_entries')
    .set({ ...sealedFields(sealer(deps), userId, input), updated_at: nowIso() })
    .where('id', '=', entryId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteEntry(deps: Deps, userId: string, entryId: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    for (const table of ['network_contacts', 'network_ledger', 'network_gratitude'] as const) {
      await trx.deleteFrom(table).where('entry_id', '=', entryId).where('user_id', '=', userId).execute();
    }
    const result = await trx.deleteFrom('network_entries').where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  });
}

/** Adds a group or organisation from the directory as an organisation entry (outer circle). */
export function createFromDirectory(deps: Deps, userId: string, ref: DirectoryEntryRef): Promise<CreateResult> {
  return createEntry(
    deps,
    userId,
    {
      kind: 'organisation',
      name: ref.name,
      sector: ref.kind === 'group' ? 'community' : 'professional',
      circle: 'outer',
      support: ref.kind === 'group' ? ['emotional', 'information'] : ['information'],
      phone: '',
      email: '',
      notes: '',
      rhythmDays: null,
    },
    ref,
  );
}

// --- Stay in touch ------------------------------------------------------------------------

export interface ContactLog {
  id: string;
  kind: ContactKind;
  on: string;
  note: string;
}

/** Logs a contact; the entry's countdown starts again from the latest contact, and a snooze ends. */
export async function logContact(deps: Deps, userId: string, entryId: string, input: { kind: ContactKind; on: string; note: string }): Promise<boolean> {
  const s = sealer(deps);
  return deps.db.transaction().execute(async (trx) => {
    const entry = await trx.selectFrom('network_entries').select(['id', 'last_contact_on']).where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
    if (!entry) return false;
    await trx
      .insertInto('network_contacts')
      .values({ id: randomUUID(), user_id: userId, entry_id: entryId, kind: input.kind, happened_on: input.on, note_sealed: s.sealOptional(input.note, userId), created_at: nowIso() })
      .execute();
    const latest = entry.last_contact_on && entry.last_contact_on > input.on ? entry.last_contact_on : input.on;
    await trx.updateTable('network_entries').set({ last_contact_on: latest, snoozed_until: null, updated_at: nowIso() }).where('id', '=', entryId).execute();
    return true;
  });
}

export async function listContacts(deps: Deps, userId: string, entryId: string, limit = 50): Promise<ContactLog[]> {
  const rows = await deps.db
    .selectFrom('network_contacts')
    .selectAll()
    .where('entry_id', '=', entryId)
    .where('user_id', '=', userId)
    .orderBy('happened_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const s = sealer(deps);
  return rows.map((r) => ({ id: r.id, kind: r.kind, on: r.happened_on, note: s.openOptional(r.note_sealed, userId) }));
}

export async function snooze(deps: Deps, userId: string, entryId: string, days: number): Promise<string | undefined> {
  const until = addDays(today(), days);
  const result = await deps.db.updateTable('network_entries').set({ snoozed_until: until, updated_at: nowIso() }).where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? until : undefined;
}

export interface TouchLists {
  due: EntrySummary[];
  quiet: EntrySummary[];
  upcoming: EntrySummary[];
}

/** Due now (oldest first), gone quiet, and the next ones coming up within two weeks. */
export function touchLists(entries: EntrySummary[], now = today()): TouchLists {
  const byNext = (a: EntrySummary, b: EntrySummary) => (a.nextOn ?? '').localeCompare(b.nextOn ?? '');
  const quiet = entries.filter((e) => e.quiet).sort((a, b) => (a.lastContactOn ?? a.createdAt).localeCompare(b.lastContactOn ?? b.createdAt));
  const due = entries.filter((e) => e.due && !e.quiet).sort(byNext);
  const soon = addDays(now, 14);
  const upcoming = entries.filter((e) => !e.due && e.nextOn !== null && e.nextOn <= soon).sort(byNext);
  return { due, quiet, upcoming };
}

// --- Give and take ---------------------------------------------------------------------------

export interface LedgerItem {
  id: string;
  direction: Direction;
  support: Support;
  on: string;
  note: string;
}

export async function addLedger(deps: Deps, userId: string, entryId: string, input: { direction: Direction; support: Support; on: string; note: string }): Promise<boolean> {
  const entry = await deps.db.selectFrom('network_entries').select('id').where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
  if (!entry) return false;
  await deps.db
    .insertInto('network_ledger')
    .values({ id: randomUUID(), user_id: userId, entry_id: entryId, direction: input.direction, support: input.support, happened_on: input.on, note_sealed: sealer(deps).sealOptional(input.note, userId), created_at: nowIso() })
    .execute();
  return true;
}

export async function listLedger(deps: Deps, userId: string, entryId: string, limit = 50): Promise<LedgerItem[]> {
  const rows = await deps.db.selectFrom('network_ledger').selectAll().where('entry_id', '=', entryId).where('user_id', '=', userId).orderBy('happened_on', 'desc').limit(limit).execute();
  const s = sealer(deps);
  return rows.map((r) => ({ id: r.id, direction: r.direction, support: r.support as Support, on: r.happened_on, note: s.openOptional(r.note_sealed, userId) }));
}

export interface Balance {
  received: number;
  given: number;
}

/** Counts of support received and given, per entry, from the counts kept on the entries. */
export function balances(entries: readonly EntrySummary[]): Map<string, Balance> {
  return new Map(entries.map((e) => [e.id, e.balance]));
}

export type BalanceTone = 'little' | 'mostlyReceive' | 'mostlyGive' | 'balanced';

/** How the balance reads, without judging: it only names a lean when it is clear. */
export function balanceTone(b: Balance): BalanceTone {
  if (b.received + b.given < 2) return 'little';
  if (b.received >= 2 * b.given + 2) return 'mostlyReceive';
  if (b.given >= 2 * b.received + 2) return 'mostlyGive';
  return 'balanced';
}

// --- Gratitude -------------------------------------------------------------------------------

export interface GratitudeNote {
  id: string;
  entryId: string;
  text: string;
  on: string;
}

export async function addGratitude(deps: Deps, userId: string, entryId: string, text: string): Promise<boolean> {
  const entry = await deps.db.selectFrom('network_entries').select('id').where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
  if (!entry) return false;
  await deps.db
    .insertInto('network_gratitude')
    .values({ id: randomUUID(), user_id: userId, entry_id: entryId, text_sealed: sealer(deps).seal(text, userId), written_on: today(), created_at: nowIso() })
    .execute();
  return true;
}

export async function listGratitude(deps: Deps, userId: string, options: { entryId?: string; limit?: number } = {}): Promise<GratitudeNote[]> {
  let q = deps.db.selectFrom('network_gratitude').selectAll().where('user_id', '=', userId);
  if (options.entryId) q = q.where('entry_id', '=', options.entryId);
  const rows = await q.orderBy('written_on', 'desc').orderBy('created_at', 'desc').limit(options.limit ?? 200).execute();
  const s = sealer(deps);
  return rows.map((r) => ({ id: r.id, entryId: r.entry_id, text: s.open(r.text_sealed, userId), on: r.written_on }));
}

// --- Self-care check-ins ---------------------------------------------------------------------

export interface Checkin {
  id: string;
  mood: number;
  energy: number;
  note: string;
  on: string;
}

export async function addCheckin(deps: Deps, userId: string, input: { mood: number; energy: number; note: string; on: string }): Promise<void> {
  await deps.db
    .insertInto('network_checkins')
    .values({ id: randomUUID(), user_id: userId, mood: input.mood, energy: input.energy, note_sealed: sealer(deps).sealOptional(input.note, userId), checked_on: input.on, created_at: nowIso() })
    .execute();
}

/** The latest check-ins, oldest first (as a chart reads). */
export async function listCheckins(deps: Deps, userId: string, limit = 90): Promise<Checkin[]> {
  const rows = await deps.db.selectFrom('network_checkins').selectAll().where('user_id', '=', userId).orderBy('checked_on', 'desc').orderBy('created_at', 'desc').limit(limit).execute();
  const s = sealer(deps);
  return rows.map((r) => ({ id: r.id, mood: r.mood, energy: r.energy, note: s.openOptional(r.note_sealed, userId), on: r.checked_on })).reverse();
}

// --- Network check ---------------------------------------------------------------------------

export type FindingId =
  | 'empty' | 'innerEmpty' | 'fewPeople' | 'onlyFamily' | 'onlyWork' | 'oneSector' | 'noProfessional'
  | 'noGroup' | 'goingCold' | 'dueNow' | 'onlyTaking' | 'onlyGiving' | 'noEmotional';

export interface Finding {
  id: FindingId;
  count?: number;
  sector?: NetworkSector;
  /** Where the next step leads. */
  href: string;
}

/** Plain findings about the shape of the network, each with a next step. */
export function networkCheck(entries: EntrySummary[], totals: Balance): Finding[] {
  if (entries.length === 0) return [{ id: 'empty', href: '/network/entries/new' }];
  const findings: Finding[] = [];
  const sectors = new Set(entries.map((e) => e.sector));
  if (!entries.some((e) => e.circle === 'inner')) findings.push({ id: 'innerEmpty', href: '/network/entries/new?circle=inner' });
  if (entries.length < 5) findings.push({ id: 'fewPeople', count: entries.length, href: '/network/entries/new' });
  if (sectors.size === 1 && sectors.has('family')) findings.push({ id: 'onlyFamily', href: '/groups' });
  else if (sectors.size === 1 && sectors.has('work')) findings.push({ id: 'onlyWork', href: '/groups' });
  else if (sectors.size === 1) findings.push({ id: 'oneSector', sector: entries[0]!.sector, href: '/network/entries/new' });
  if (!sectors.has('professional')) findings.push({ id: 'noProfessional', href: '/groups' });
  if (!entries.some((e) => e.kind === 'organisation')) findings.push({ id: 'noGroup', href: '/groups' });
  if (!entries.some((e) => e.support.includes('emotional'))) findings.push({ id: 'noEmotional', href: '/network#table' });
  const quiet = entries.filter((e) => e.quiet).length;
  if (quiet > 0) findings.push({ id: 'goingCold', count: quiet, href: '/network/stay-in-touch#quiet' });
  const due = entries.filter((e) => e.due && !e.quiet).length;
  if (due > 0) findings.push({ id: 'dueNow', count: due, href: '/network/stay-in-touch#due' });
  if (totals.received >= 5 && totals.given * 4 < totals.received) findings.push({ id: 'onlyTaking', href: '/network/give-and-take' });
  if (totals.given >= 5 && totals.received * 4 < totals.given) findings.push({ id: 'onlyGiving', href: '/network/give-and-take' });
  return findings;
}

export function totalBalance(map: Map<string, Balance>): Balance {
  const total = { received: 0, given: 0 };
  for (const b of map.values()) {
    total.received += b.received;
    total.given += b.given;
  }
  return total;
}

// --- Settings and the weekly digest ----------------------------------------------------------------

export async function digestEnabled(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('network_settings').select('weekly_digest').where('user_id', '=', userId).executeTakeFirst();
  return row?.weekly_digest === 1;
}

export async function setDigest(db: Db, userId: string, on: boolean): Promise<void> {
  const now = nowIso();
  const updated = await db.updateTable('network_settings').set({ weekly_digest: on ? 1 : 0, updated_at: now }).where('user_id', '=', userId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('network_settings').values({ user_id: userId, weekly_digest: on ? 1 : 0, digest_sent_at: null, updated_at: now }).execute();
  }
}

export const DIGEST_JOB = 'network.digest';
const DAY_MS = 86_400_000;

/**
 * Sends the weekly mail to everyone who turned it on, has a confirmed address, has not had one for
 * a week and has contacts due. The mail says how many, never who: mails pass through the outbox and
 * the job table, which administrators can read.
 */
export async function sendDigests(deps: Deps, nowMs = Date.now()): Promise<number> {
  const weekAgo = new Date(nowMs - 7 * DAY_MS + 3_600_000).toISOString();
  const people = await deps.db
    .selectFrom('network_settings')
    .innerJoin('users', 'users.id', 'network_settings.user_id')
    .select(['users.id', 'users.pseudonym', 'users.email', 'users.locale'])
    .where('network_settings.weekly_digest', '=', 1)
    .where('users.email_verified_at', 'is not', null)
    .where((eb) => eb.or([eb('network_settings.digest_sent_at', 'is', null), eb('network_settings.digest_sent_at', '<', weekAgo)]))
    .execute();
  const day = today(new Date(nowMs));
  let sent = 0;
  for (const person of people) {
    if (!person.email) continue;
    const rows = await deps.db.selectFrom('network_entries').select(['rhythm_days', 'last_contact_on', 'snoozed_until', 'created_at']).where('user_id', '=', person.id).where('rhythm_days', 'is not', null).execute();
    const count = rows.filter((r) => schedule(r, day).due).length;
    if (count === 0) continue;
    await deps.db.transaction().execute(async (trx) => {
      await deps.mailer.send(person.locale ?? 'de', person.email as string, {
        subject: 'network.mail.digestSubject',
        paragraphs: ['network.mail.digestBody'],
        action: { label: 'network.mail.digestAction', url: `${deps.config.baseUrl}/network/stay-in-touch` },
        after: ['network.mail.digestOff'],
      }, { name: person.pseudonym, count }, trx);
      await trx.updateTable('network_settings').set({ digest_sent_at: new Date(nowMs).toISOString() }).where('user_id', '=', person.id).execute();
    });
    sent++;
  }
  return sent;
}

/** The digest job looks daily for people whose week is over; running twice sends nothing twice. */
export function registerDigestJob(deps: Deps): void {
  deps.jobs.every(DIGEST_JOB, { everyMs: DAY_MS, firstAfterMs: 5 * 60_000 }, () => sendDigests(deps));
}

// --- Import, export, account data ---------------------------------------------------------------

export interface ImportedContact {
  kind: NetworkKind;
  name: string;
  phone: string;
  email: string;
  notes: string;
}

/** Inserts imported contacts in chunks, in one transaction; stops at the entry limit. Returns how many went in. */
export async function importContacts(deps: Deps, userId: string, contacts: ImportedContact[]): Promise<number> {
  const s = sealer(deps);
  return deps.db.transaction().execute(async (trx) => {
    const room = Math.max(0, MAX_ENTRIES - (await countEntries(trx, userId)));
    const taken = contacts.slice(0, room);
    const now = nowIso();
    for (let i = 0; i < taken.length; i += INSERT_CHUNK) {
      const values = taken.slice(i, i + INSERT_CHUNK).map((c) => ({
        id: randomUUID(),
        user_id: userId,
        ...sealedFields(s, userId, {
          kind: c.kind,
          name: c.name,
          sector: c.kind === 'organisation' ? ('community' as const) : ('friends' as const),
          circle: 'outer' as const,
          support: [],
          phone: c.phone,
          email: c.email,
          notes: c.notes,
          rhythmDays: null,
        }),
        link_sealed: null,
        last_contact_on: null,
        snoozed_until: null,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto('network_entries').values(values).execute();
    }
    return taken.length;
  });
}

/** The entries' contacts, give and take and gratitude (only those of `entryIds` when given), by entry. */
async function relatedByEntry(db: Db, userId: string, entryIds?: string[]) {
  // For a batch, the owner check is written as an expression (`user_id || ''`) that no index serves,
  // so both engines take the entry index (an index range per entry) instead of walking every row of
  // the owner per batch — SQLite chose the user index and scanned 30 000 contacts for each batch.
  const owner = entryIds ? sql<string>`user_id || ''` : sql<string>`user_id`;
  const scoped = <T extends { where: (c: 'entry_id', op: 'in', v: string[]) => T }>(q: T) => (entryIds ? q.where('entry_id', 'in', entryIds) : q);
  const [contacts, ledger, gratitude] = await Promise.all([
    scoped(db.selectFrom('network_contacts').selectAll().where(owner, '=', userId)).orderBy('entry_id').orderBy('happened_on').execute(),
    scoped(db.selectFrom('network_ledger').selectAll().where(owner, '=', userId)).orderBy('entry_id').orderBy('happened_on').execute(),
    scoped(db.selectFrom('network_gratitude').selectAll().where(owner, '=', userId)).orderBy('entry_id').orderBy('written_on').execute(),
  ]);
  const group = <T extends { entry_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(r.entry_id);
      if (list) list.push(r);
      else map.set(r.entry_id, [r]);
    }
    return map;
  };
  return { contacts: group(contacts), ledger: group(ledger), gratitude: group(gratitude) };
}

type Related = Awaited<ReturnType<typeof relatedByEntry>>;

/** One entry as the exports write it, with everything opened. */
function exportedEntry(s: Sealer, userId: string, e: Entry, related: Related) {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    sector: e.sector,
    circle: e.circle,
    support: e.support,
    phone: e.phone,
    email: e.email,
    notes: e.notes,
    directoryLink: e.link,
    rhythmDays: e.rhythmDays,
    lastContactOn: e.lastContactOn,
    snoozedUntil: e.snoozedUntil,
    createdAt: e.createdAt,
    contacts: (related.contacts.get(e.id) ?? []).map((c) => ({ kind: c.kind, on: c.happened_on, note: s.openOptional(c.note_sealed, userId) })),
    giveAndTake: (related.ledger.get(e.id) ?? []).map((l) => ({ direction: l.direction, support: l.support, on: l.happened_on, note: s.openOptional(l.note_sealed, userId) })),
    gratitude: (related.gratitude.get(e.id) ?? []).map((g) => ({ on: g.written_on, text: s.open(g.text_sealed, userId) })),
  };
}

/** Check-ins and settings: the part of an export that is not per entry (small: a year of check-ins at most a few hundred). */
async function exportTail(deps: Deps, userId: string, db: Db) {
  const s = sealer(deps);
  const checkins = await db.selectFrom('network_checkins').selectAll().where('user_id', '=', userId).orderBy('checked_on').execute();
  const settings = await db.selectFrom('network_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return {
    checkins: checkins.map((c) => ({ on: c.checked_on, mood: c.mood, energy: c.energy, note: s.openOptional(c.note_sealed, userId) })),
    settings: { weeklyDigest: settings?.weekly_digest === 1, digestSentAt: settings?.digest_sent_at ?? null },
  };
}

/** Everything in the person's network, opened, as one JSON-ready object (the account export's part). */
export async function exportNetwork(deps: Deps, userId: string, db: Db = deps.db): Promise<Record<string, unknown>> {
  const s = sealer(deps);
  const entries = await listEntryDetails(deps, userId, db);
  const related = await relatedByEntry(db, userId);
  return { entries: entries.map((e) => exportedEntry(s, userId, e, related)), ...(await exportTail(deps, userId, db)) };
}

/**
 * The same export as JSON text, piece by piece for a streamed download: `head`'s fields, then the
 * entries a batch at a time (their contacts, give and take and gratitude read per batch), then the
 * rest. A network at the cap never sits in memory as one object or one string, and the event loop
 * gets a turn between batches. Parsed, it equals `{ ...head, ...exportNetwork() }`.
 */
export async function* exportNetworkJson(deps: Deps, userId: string, head: Record<string, unknown>): AsyncGenerator<string> {
  const s = sealer(deps);
  const opening = JSON.stringify(head, null, 2);
  yield `${opening.slice(0, -2)},\n  "entries": [`;
  let first = true;
  for await (const batch of entryDetailBatches(deps, userId)) {
    const related = await relatedByEntry(deps.db, userId, batch.map((e) => e.id));
    yield batch.map((e) => `${first ? ((first = false), '') : ','}\n    ${JSON.stringify(exportedEntry(s, userId, e, related))}`).join('');
  }
  const tail = JSON.stringify(await exportTail(deps, userId, deps.db), null, 2);
  yield `${first ? '' : '\n  '}],\n${tail.slice(2)}\n`;
}

export async function deleteNetwork(db: Db, userId: string): Promise<void> {
  // The version goes last: removing the entries raises it once more.
  for (const table of ['network_contacts', 'network_ledger', 'network_gratitude', 'network_checkins', 'network_entries', 'network_settings', 'network_versions'] as const) {
    await db.deleteFrom(table).where('user_id', '=', userId).execute();
  }
}

export function isSector(value: string): value is NetworkSector {
  return (SECTORS as readonly string[]).includes(value);
}
