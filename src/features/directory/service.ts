// The directory's rules and queries: topics, organisations, groups, revisions and the search index.
// Conversations, membership and founding live in their own service files beside this one.
import { scheduleFieldsOnly } from './policy.ts';
import type { DomainEvents } from '../../platform/domain-events.ts';
import { isAcceptableRule } from '../../platform/recurrence-rule.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import type { GroupFieldGuard } from './policy.ts';
import { countsAsStaff } from './policy.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { isDatabaseUnavailable } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import type { GroupsTable, OrganisationsTable, TopicsTable } from '../../db/types-directory.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { nowIso } from '../../platform/time.ts';
import { recordAudit } from '../../platform/audit.ts';
import { feedStart, readFeed, type FeedCursor } from '../../db/change-feed.ts';
import { tableScan } from '../../db/scan.ts';
import { DirectoryIndex, type IndexedFacts, type IndexedGroup, type SearchHit, type SearchQuery, type SearchResult } from './search-index.ts';
import { PUBLIC_STATUSES, splitList } from './model.ts';
import { fold, slugify } from './text.ts';
import { placeById } from '../../platform/geo/index.ts';
import { notifyWatchers } from './watches.ts';

export type GroupRow = GroupsTable;
export type OrganisationRow = OrganisationsTable;
export type TopicRow = TopicsTable;

export interface Topic {
  slug: string;
  area: string;
  name: Record<Locale, string>;
  synonyms: Record<Locale, string[]>;
}

export interface Group extends GroupRow {
  topics: string[];
}

/** One directory per app: the database plus this process's search index. */
export interface Directory {
  deps: Deps;
  index: DirectoryIndex;
  topics: Map<string, Topic>;
  /** Where this process has read the change feed to; null until the index is built. */
  cursor: FeedCursor | null;
  checkedAt: number;
  building: Promise<void> | null;
  /** Feed reads run one after another, so an older read never lands after a newer one. */
  reads: Promise<void>;
  /** How often this Directory built its whole index (a test proves writes do not). */
  rebuilds: number;
  /** Where "group.changed" goes once a change committed (set when the feature registers). */
  events?: DomainEvents;
}

const CHECK_INTERVAL_MS = 1000;
/**
 * The feed keeps a day of changes (watches.ts purges older rows). A process that has not looked for
 * longer than this builds its index again rather than trust a feed that may have lost rows.
 */
const REBUILD_AFTER_IDLE_MS = 6 * 3600_000;

export function createDirectory(deps: Deps): Directory {
  return { deps, index: new DirectoryIndex(), topics: new Map(), cursor: null, checkedAt: 0, building: null, reads: Promise.resolve(), rebuilds: 0 };
}

// --- Topics -------------------------------------------------------------------

const toTopic = (row: TopicRow): Topic => ({
  slug: row.slug,
  area: row.area,
  name: { de: row.name_de, en: row.name_en },
  synonyms: { de: splitLines(row.synonyms_de), en: splitLines(row.synonyms_en) },
});
const splitLines = (value: string) => value.split('\n').map((s) => s.trim()).filter(Boolean);

export async function loadTopics(db: Db): Promise<Map<string, Topic>> {
  const rows = await db.selectFrom('topics').selectAll().execute();
  return new Map(rows.map((r) => [r.slug, toTopic(r)]));
}

export function topicName(dir: Directory, slug: string, locale: Locale): string {
  return dir.topics.get(slug)?.name[locale] ?? slug;
}

const sortedCache = new WeakMap<Map<string, Topic>, Partial<Record<Locale, Topic[]>>>();
/** Topics in alphabetical order of the language; computed once per loaded taxonomy. */
export function sortedTopics(dir: Directory, locale: Locale): Topic[] {
  let byLocale = sortedCache.get(dir.topics);
  if (!byLocale) sortedCache.set(dir.topics, (byLocale = {}));
  let list = byLocale[locale];
  if (!list) {
    const collator = new Intl.Collator(locale);
    list = byLocale[locale] = [...dir.topics.values()].sort((a, b) => collator.compare(a.name[locale], b.name[locale]));
  }
  return list;
}

export interface TopicInput {
  slug: string;
  area: string;
  nameDe: string;
  nameEn: string;
  synonymsDe: string;
  synonymsEn: string;
}

/** Who acts in a command: only the id is written (null: the system, e.g. demo content). */
export type Acting = Pick<Actor, 'id'>;

export async function saveTopic(dir: Directory, { actor, input, isNew }: { actor: Acting; input: TopicInput; isNew: boolean }): Promise<void> {
  const values = {
    area: input.area,
    name_de: input.nameDe,
    name_en: input.nameEn,
    synonyms_de: splitLines(input.synonymsDe).join('\n'),
    synonyms_en: splitLines(input.synonymsEn).join('\n'),
    updated_at: nowIso(),
  };
  await dir.deps.db.transaction().execute(async (trx) => {
    if (isNew) await trx.insertInto('topics').values({ slug: input.slug, ...values }).execute();
    else await trx.updateTable('topics').set(values).where('slug', '=', input.slug).execute();
    // Names and synonyms are part of every group's searchable text: every process rebuilds its index.
    await trx.insertInto('directory_changes').values({ group_id: '', subject: 'topics', created_at: nowIso() }).execute();
    await recordAudit(trx, { actorId: actor.id, action: isNew ? 'topic.create' : 'topic.update', subjectType: 'topic', subjectId: input.slug });
  });
  await ensureIndex(dir, true);
}

export async function topicExists(db: Db, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('topics').select('slug').where('slug', '=', slug).executeTakeFirst());
}

// --- Search index -------------------------------------------------------------

/** The columns the index reads: what it filters and ranks by, and the texts it takes words from. */
const INDEXED_COLUMNS = [
  'id', 'name', 'area', 'description', 'lat', 'lon', 'kind', 'audience', 'formats', 'accessibility', 'languages', 'status',
  'accepting', 'contact_point_id', 'rhythm',
] as const;
type IndexedRow = Pick<GroupRow, (typeof INDEXED_COLUMNS)[number]>;

function indexedFacts(row: IndexedRow, topics: string[]): IndexedFacts & { name: string } {
  return {
    id: row.id,
    name: row.name,
    lat: row.lat,
    lon: row.lon,
    kind: row.kind,
    audience: row.audience,
    formats: splitList(row.formats),
    accessibility: splitList(row.accessibility),
    languages: splitList(row.languages),
    status: row.status,
    accepting: row.accepting === 1,
    topics,
    contactPointId: row.contact_point_id,
    rhythm: row.rhythm,
  };
}

function indexedGroup(row: GroupRow, topics: string[]): IndexedGroup {
  return { ...indexedFacts(row, topics), slug: row.slug, area: row.area, excerpt: excerptOf(row.description), updatedAt: row.updated_at };
}

/** A page of search hits with the texts a list shows, read from the database by id (the index keeps none). */
export async function withTexts(db: Db, hits: SearchHit[]): Promise<Array<{ group: IndexedGroup; distanceKm: number | null; score: number }>> {
  if (hits.length === 0) return [];
  const rows = await db.selectFrom('groups').select(['id', 'slug', 'name', 'area', 'description', 'updated_at']).where('id', 'in', hits.map((h) => h.group.id)).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.flatMap((h) => {
    const r = byId.get(h.group.id);
    // A group deleted since the index saw it is left out of the page.
    if (!r) return [];
    return [{ ...h, group: { ...h.group, slug: r.slug, name: r.name, area: r.area, excerpt: excerptOf(r.description), updatedAt: r.updated_at } }];
  });
}

/** What a result card shows of a group, without the description (a kept card needs no more). */
export interface CardRow {
  id: string;
  slug: string;
  name: string;
  area: string;
  updated_at: string;
  kind: string;
  audience: string;
  formats: string;
  status: string;
  accepting: number;
  rhythm: string;
}

/** The card columns of groups by id; a group deleted meanwhile is missing from the map. */
export async function cardRowsOf(db: Db, ids: string[]): Promise<Map<string, CardRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'slug', 'name', 'area', 'updated_at', 'kind', 'audience', 'formats', 'status', 'accepting', 'rhythm'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Excerpt and topics of the groups whose cards must be made afresh. */
export async function cardDetailsOf(db: Db, ids: string[]): Promise<Map<string, { excerpt: string; topics: string[] }>> {
  if (ids.length === 0) return new Map();
  const [rows, topics] = await Promise.all([
    db.selectFrom('groups').select(['id', 'description']).where('id', 'in', ids).execute(),
    topicsOf(db, ids),
  ]);
  return new Map(rows.map((r) => [r.id, { excerpt: excerptOf(r.description), topics: topics.get(r.id) ?? [] }]));
}

/** The first sentences of a Markdown description, as plain text. */
export function excerptOf(markdown: string, max = 180): string {
  const plain = markdown.replace(/[#*_>`[\]()!-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))} …`;
}

/** A topic's searchable texts, made once per loaded topic (the index knows a part it has seen by its text). */
const topicTexts = new WeakMap<Topic, { names: string; synonyms: string }>();
function textsOfTopic(t: Topic): { names: string; synonyms: string } {
  let texts = topicTexts.get(t);
  if (!texts) topicTexts.set(t, (texts = { names: `${t.name.de} ${t.name.en}`, synonyms: [...t.synonyms.de, ...t.synonyms.en].join(' ') }));
  return texts;
}

function indexText(dir: Directory, row: IndexedRow, topics: string[]) {
  const topicList = topics.map((s) => dir.topics.get(s)).filter((t): t is Topic => !!t).map(textsOfTopic);
  // In parts: the index splits and folds each topic's words once, not once per group. The name is
  // always strong; the index takes its words from the group itself.
  return {
    strong: topicList.map((t) => t.names),
    medium: [row.area, ...topicList.map((t) => t.synonyms)],
    weak: row.description.slice(0, 3000),
  };
}

async function topicsOf(db: Db, groupIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (let i = 0; i < groupIds.length; i += 500) {
    const rows = await db
      .selectFrom('group_topics')
      .select(['group_id', 'topic_slug'])
      .where('group_id', 'in', groupIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const list = result.get(r.group_id);
      if (list) list.push(r.topic_slug);
      else result.set(r.group_id, [r.topic_slug]);
    }
  }
  return result;
}

async function indexGroups(dir: Directory, ids: string[]): Promise<void> {
  const db = dir.deps.db;
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const rows = await db.selectFrom('groups').select(INDEXED_COLUMNS).where('id', 'in', batch).execute();
    const topics = await topicsOf(db, batch);
    const found = new Set(rows.map((r) => r.id));
    for (const id of batch) if (!found.has(id)) dir.index.remove(id);
    for (const row of rows) {
      const list = topics.get(row.id) ?? [];
      dir.index.upsert(indexedFacts(row, list), indexText(dir, row, list));
    }
  }
}

/** Groups read per query while building: a page is parsed in a few milliseconds, between turns of the loop. */
const BUILD_PAGE = 1000;

export async function rebuildIndex(dir: Directory): Promise<void> {
  const db = dir.deps.db;
  dir.rebuilds++;
  // Taken before reading: whatever commits while the groups are read is read again from the feed.
  const start = await feedStart(db);
  const topics = await loadTopics(db);
  dir.topics = topics;
  // Built aside and swapped in whole, so a search never sees half an index.
  const index = new DirectoryIndex();
  const counted = await db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  index.reserve(Number(counted?.n ?? 0));
  const scan = tableScan(db, 'groups', 'id');
  let after = scan.start;
  for (;;) {
    const rows = await db.selectFrom('groups').select([...INDEXED_COLUMNS, scan.key.as('scan_key')]).where(scan.key, '>', after).orderBy(scan.key).limit(BUILD_PAGE).execute();
    if (rows.length === 0) break;
    const last = (rows[rows.length - 1] as { scan_key: string | number }).scan_key;
    // The topics of the same range of groups: one query with two bounds instead of a list of ids.
    const topicLists = new Map<string, string[]>();
    const topicRows = await db.selectFrom('group_topics').innerJoin('groups', 'groups.id', 'group_topics.group_id').select(['group_topics.group_id', 'group_topics.topic_slug']).where(scan.key, '>', after).where(scan.key, '<=', last).execute();
    for (const r of topicRows) {
      const list = topicLists.get(r.group_id);
      if (list) list.push(r.topic_slug);
      else topicLists.set(r.group_id, [r.topic_slug]);
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as IndexedRow;
      const list = topicLists.get(row.id) ?? [];
      index.upsert(indexedFacts(row, list), indexText(dir, row, list));
      // A turn of the event loop every few hundred groups: requests keep being answered meanwhile.
      if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    }
    after = last;
  }
  await index.finishBuild();
  await index.prepareNameOrder();
  dir.index = index;
  dir.cursor = start;
  dir.checkedAt = Date.now();
}

/** Reads the change feed once and applies it: changed groups are read again, a topic change rebuilds. */
async function catchUp(dir: Directory): Promise<void> {
  const db = dir.deps.db;
  const { rows, cursor } = await readFeed(db, dir.cursor as FeedCursor);
  if (rows.length === 0) {
    dir.cursor = cursor;
    return;
  }
  if (rows.some((r) => r.subject === 'topics')) {
    await rebuildIndex(dir);
    return;
  }
  await indexGroups(dir, [...new Set(rows.map((r) => r.group_id))]);
  // Advanced only after the groups are in the index: a failed read is simply read again.
  dir.cursor = cursor;
}

/**
 * Brings this process's index up to date: built once, then read from the change feed at most once a
 * second, and at once (force) after this process's own writes, so a person sees their change.
 */
export async function ensureIndex(dir: Directory, force = false): Promise<DirectoryIndex> {
  if (dir.cursor === null || Date.now() - dir.checkedAt > REBUILD_AFTER_IDLE_MS) {
    dir.building ??= rebuildIndex(dir).finally(() => (dir.building = null));
    await dir.building;
    return dir.index;
  }
  if (!force && Date.now() - dir.checkedAt < CHECK_INTERVAL_MS) return dir.index;
  dir.checkedAt = Date.now();
  const read = dir.reads.then(() => catchUp(dir));
  dir.reads = read.catch(() => undefined);
  try {
    await read;
  } catch (error) {
    // While the database is away, searches answer from the index as it was; a writer must know.
    if (force || !isDatabaseUnavailable(error)) throw error;
  }
  return dir.index;
}

/** Appends to the change feed; called inside the transaction that changed the group. */
export async function recordChange(trx: Db, groupId: string): Promise<void> {
  await trx.insertInto('directory_changes').values({ group_id: groupId, created_at: nowIso() }).execute();
}

export async function search(dir: Directory, query: SearchQuery): Promise<SearchResult> {
  const index = await ensureIndex(dir);
  return index.search(query);
}

// --- Organisations -------------------------------------------------------------

export async function getOrganisationBySlug(db: Db, slug: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function getOrganisations(db: Db, ids: string[]): Promise<Map<string, OrganisationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listOrganisations(db: Db, kind?: string): Promise<OrganisationRow[]> {
  let q = db.selectFrom('organisations').selectAll().orderBy('name');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}

/** The contact point serving a place: the nearest one whose region covers it. */
export async function contactPointFor(db: Db, point: { lat: number; lon: number }): Promise<OrganisationRow | undefined> {
  const rows = await db.selectFrom('organisations').selectAll().where('kind', '=', 'contact_point').execute();
  let best: { org: OrganisationRow; d: number } | undefined;
  for (const org of rows) {
    if (org.lat === null || org.lon === null) continue;
    const d = haversine(point, { lat: org.lat, lon: org.lon });
    if (d <= org.serves_radius_km && (!best || d < best.d)) best = { org, d };
  }
  return best?.org;
}

function haversine(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface OrganisationInput {
  slug?: string;
  kind: string;
  name: string;
  description: string;
  region: string;
  placeId: number | null;
  area: string;
  lat: number | null;
  lon: number | null;
  servesRadiusKm: number;
  street: string;
  phone: string;
  email: string;
  website: string;
  openingHours: string;
  parentId: string | null;
}

/** The columns an organisation form sets, the same for a new and a changed organisation. */
function organisationColumns(input: OrganisationInput) {
  return {
    kind: input.kind,
    name: input.name,
    description: input.description,
    region: input.region,
    place_id: input.placeId,
    area: input.area,
    lat: input.lat,
    lon: input.lon,
    serves_radius_km: input.servesRadiusKm,
    street: input.street,
    phone: input.phone,
    email: input.email,
    website: input.website,
    opening_hours: input.openingHours,
    parent_id: input.parentId,
  };
}

// Commands on organisations write their audit row (ids, never contents) in their own transaction.
const auditOrganisation = (trx: Db, actor: Acting, action: string, organisationId: string, details?: Record<string, unknown>) =>
  recordAudit(trx, { actorId: actor.id, action: `organisation.${action}`, subjectType: 'organisation', subjectId: organisationId, details });

export async function createOrganisation(db: Db, { actor, input }: { actor: Acting; input: OrganisationInput }): Promise<OrganisationRow> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row: OrganisationRow = {
      id: randomUUID(),
      slug: await uniqueSlug(trx, 'organisations', input.slug || slugify(input.name)),
      ...organisationColumns(input),
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('organisations').values(row).execute();
    await auditOrganisation(trx, actor, 'create', row.id);
    return row;
  });
}

export async function updateOrganisation(db: Db, { actor, id, input }: { actor: Acting; id: string; input: OrganisationInput }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('organisations').set({ ...organisationColumns(input), updated_at: nowIso() }).where('id', '=', id).execute();
    await auditOrganisation(trx, actor, 'update', id);
  });
}

export async function addStaff(db: Db, { actor, organisationId, userId }: { actor: Acting; organisationId: string; userId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisation_staff')
      .values({ organisation_id: organisationId, user_id: userId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
      .execute();
    await auditOrganisation(trx, actor, 'staff_add', organisationId, { userId });
  });
}

export async function removeStaff(db: Db, { actor, organisationId, userId }: { actor: Acting; organisationId: string; userId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('organisation_staff').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
    await auditOrganisation(trx, actor, 'staff_remove', organisationId, { userId });
  });
}

export async function staffOf(db: Db, organisationId: string): Promise<Array<{ user_id: string; pseudonym: string; role: string }>> {
  return db
    .selectFrom('organisation_staff')
    .innerJoin('users', 'users.id', 'organisation_staff.user_id')
    .select(['organisation_staff.user_id', 'users.pseudonym', 'users.role'])
    .where('organisation_staff.organisation_id', '=', organisationId)
    .orderBy('users.pseudonym')
    .execute();
}

/**
 * Organisations a person works for (staff of a contact point edit its region's groups): only while
 * their account holds the staff role, read afresh at every request.
 */
export async function organisationsOfUser(db: Db, actor: Actor): Promise<string[]> {
  if (actor.kind !== 'user' || !countsAsStaff(actor)) return [];
  const rows = await db.selectFrom('organisation_staff').select('organisation_id').where('user_id', '=', actor.id).execute();
  return rows.map((r) => r.organisation_id);
}

export async function countGroupsByOrganisation(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('groups')
    .select(['contact_point_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('contact_point_id', 'in', ids)
    .where('status', 'in', [...PUBLIC_STATUSES])
    .groupBy('contact_point_id')
    .execute();
  return new Map(rows.map((r) => [r.contact_point_id as string, Number(r.n)]));
}

// --- Groups -----------------------------------------------------------------------

export async function getGroupBySlug(db: Db, slug: string): Promise<Group | undefined> {
  const row = await db.selectFrom('groups').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, topics: (await topicsOf(db, [row.id])).get(row.id) ?? [] };
}

export async function getGroupById(db: Db, id: string): Promise<Group | undefined> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, topics: (await topicsOf(db, [row.id])).get(row.id) ?? [] };
}

/** Groups by id, in the order asked, with their topics (one query each, for any number). */
export async function getGroups(db: Db, ids: string[]): Promise<Group[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('groups').selectAll().where('id', 'in', ids).execute();
  const topics = await topicsOf(db, ids);
  const byId = new Map(rows.map((r) => [r.id, { ...r, topics: topics.get(r.id) ?? [] }]));
  return ids.map((id) => byId.get(id)).filter((g): g is Group => !!g);
}

function groupsOfOrganisationQuery(db: Db, organisationId: string, includeProposed: boolean) {
  let q = db.selectFrom('groups').where((eb) => eb.or([eb('contact_point_id', '=', organisationId), eb('organisation_id', '=', organisationId)]));
  if (!includeProposed) q = q.where('status', 'in', [...PUBLIC_STATUSES]);
  return q;
}

export async function listGroupsOfOrganisation(db: Db, organisationId: string, includeProposed: boolean): Promise<Group[]> {
  const rows = await groupsOfOrganisationQuery(db, organisationId, includeProposed).select('id').orderBy('name').execute();
  return getGroups(db, rows.map((r) => r.id));
}

/** One page of an organisation's public groups by name, and how many there are in all. */
export async function pageOfOrganisationGroups(db: Db, organisationId: string, page: number, perPage: number): Promise<{ groups: Group[]; total: number }> {
  const counted = await groupsOfOrganisationQuery(db, organisationId, false).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const last = Math.max(1, Math.ceil(total / perPage));
  const rows = await groupsOfOrganisationQuery(db, organisationId, false)
    .select('id')
    .orderBy('name')
    .orderBy('id')
    .limit(perPage)
    .offset((Math.min(page, last) - 1) * perPage)
    .execute();
  return { groups: await getGroups(db, rows.map((r) => r.id)), total };
}

/**
 * A group as forms, the API and imports give it: the table's own columns where they mean the same,
 * lists as arrays and the rest in the API's words (groupColumns turns it into a row).
 */
export type GroupInput = Pick<GroupRow, 'name' | 'description' | 'kind' | 'audience' | 'area' | 'lat' | 'lon' | 'address' | 'rhythm' | 'rrule' | 'status'> & {
  formats: string[];
  placeId: number | null;
  startTime: string;
  durationMinutes: number;
  languages: string[];
  accessibility: string[];
  accepting: boolean;
  topics: string[];
  contactPointId: string | null;
  organisationId: string | null;
};

/** Column names as the API and forms call them, for problems that name a field. */
const API_FIELD_NAMES: Record<string, string> = { place_id: 'place', start_time: 'startTime', duration_minutes: 'durationMinutes', contact_point_id: 'contactPoint', organisation_id: 'organisation' };

function groupColumns(input: GroupInput) {
  // The last gate for a meeting rule, whichever way it came (form, API, import, schedule page).
  if (!isAcceptableRule(input.rrule)) throw badRequest('invalid_rrule', [{ field: 'rrule', message: 'is not a recurrence rule this platform accepts' }]);
  return {
    name: input.name,
    description: input.description,
    kind: input.kind,
    audience: input.audience,
    formats: input.formats.join(','),
    place_id: input.placeId,
    area: input.area,
    lat: input.lat,
    lon: input.lon,
    address: input.address,
    rhythm: input.rhythm,
    rrule: input.rrule,
    start_time: input.startTime,
    duration_minutes: input.durationMinutes,
    languages: input.languages.join(','),
    accessibility: input.accessibility.join(','),
    status: input.status,
    accepting: input.accepting ? 1 : 0,
    contact_point_id: input.contactPointId,
    organisation_id: input.organisationId,
  };
}

/** Groups people can find and join (paused ones are visible, but nobody waits for them). */
const isListed = (status: string) => status === 'active' || status === 'founding';

export async function uniqueSlug(db: Db, table: 'groups' | 'organisations', base: string): Promise<string> {
  const taken = await db.selectFrom(table).select('slug').where('slug', 'like', `${base}%`).execute();
  const set = new Set(taken.map((r) => r.slug));
  if (!set.has(base)) return base;
  for (let n = 2; ; n++) if (!set.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface ActorLabel {
  id: string | null;
  label: string;
}

export const actorLabel = (actor: Actor, fallback = 'system'): ActorLabel =>
  actor.kind === 'user' ? { id: actor.id, label: actor.pseudonym } : { id: null, label: fallback };

/** Creates a group; the creator (when given) becomes its facilitator. Returns the new group. */
export async function createGroup(
  dir: Directory,
  { by, input, facilitatorId, trx }: { by: ActorLabel; input: GroupInput; facilitatorId?: string | null; trx?: Db },
): Promise<Group> {
  const run = async (db: Db) => {
    const now = nowIso();
    const id = randomUUID();
    const slug = await uniqueSlug(db, 'groups', slugify(input.name));
    await db.insertInto('groups').values({ id, slug, ...groupColumns(input), proposed_by: input.status === 'proposed' ? (facilitatorId ?? null) : null, created_at: now, updated_at: now }).execute();
    if (input.topics.length) await db.insertInto('group_topics').values(input.topics.map((t) => ({ group_id: id, topic_slug: t }))).execute();
    if (facilitatorId) {
      await db
        .insertInto('memberships')
        .values({ group_id: id, user_id: facilitatorId, role: 'facilitator', status: 'admitted', listed: 1, request_message: '', decision_message: '', requested_at: now, decided_at: now })
        .execute();
    }
    await db
      .insertInto('group_revisions')
      .values({ group_id: id, actor_id: by.id, actor_label: by.label, changes: JSON.stringify({ created: [null, input.name] }), created_at: now })
      .execute();
    await recordChange(db, id);
    if (isListed(input.status)) await notifyWatchers(dir.deps, { slug, name: input.name, topics: input.topics }, (t, l) => topicName(dir, t, l), db);
    return id;
  };
  const id = trx ? await run(trx) : await dir.deps.db.transaction().execute(run);
  if (!trx) await ensureIndex(dir, true);
  return (await getGroupById(trx ?? dir.deps.db, id)) as Group;
}

const REVISION_FIELDS: Array<keyof ReturnType<typeof groupColumns>> = [
  'name', 'description', 'kind', 'audience', 'formats', 'area', 'address', 'rhythm', 'rrule', 'start_time',
  'duration_minutes', 'languages', 'accessibility', 'status', 'accepting', 'contact_point_id', 'organisation_id',
];

/** Saves changes to a group and writes a revision naming each changed field. Returns the changed fields. */
/**
 * Saves a group. `mayChange` comes from the directory policy (groupFieldGuard) and is asked about
 * every column that changes; one refused field refuses the whole change with 403 naming the fields.
 */
export async function updateGroup(dir: Directory, { by, group, input, mayChange }: { by: ActorLabel; group: Group; input: GroupInput; mayChange: GroupFieldGuard }): Promise<string[]> {
  const next = groupColumns(input);
  const refused = (Object.keys(next) as Array<keyof typeof next>)
    .filter((field) => String(group[field] ?? '') !== String(next[field] ?? '') && !mayChange(field, { from: String(group[field] ?? ''), to: String(next[field] ?? '') }));
  if (refused.length) throw new AppError(403, 'field_not_allowed', 'error.forbidden', refused.map((field) => ({ field: API_FIELD_NAMES[field] ?? field, message: 'may not be changed by you' })));
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of REVISION_FIELDS) {
    const before = group[field];
    if (String(before ?? '') !== String(next[field] ?? '')) changes[field] = [before, next[field]];
  }
  const topicsBefore = [...group.topics].sort().join(',');
  const topicsAfter = [...input.topics].sort().join(',');
  if (topicsBefore !== topicsAfter) changes.topics = [topicsBefore, topicsAfter];
  if (group.place_id !== input.placeId) changes.place = [group.place_id, input.placeId];
  const fields = Object.keys(changes);
  if (fields.length === 0) return [];
  await dir.deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx.updateTable('groups').set({ ...next, updated_at: now }).where('id', '=', group.id).execute();
    if (changes.topics) {
      await trx.deleteFrom('group_topics').where('group_id', '=', group.id).execute();
      if (input.topics.length) await trx.insertInto('group_topics').values(input.topics.map((t) => ({ group_id: group.id, topic_slug: t }))).execute();
    }
    await trx
      .insertInto('group_revisions')
      .values({ group_id: group.id, actor_id: by.id, actor_label: by.label, changes: JSON.stringify(changes), created_at: now })
      .execute();
    await recordChange(trx, group.id);
    if (isListed(input.status)) await notifyWatchers(dir.deps, { slug: group.slug, name: input.name, topics: input.topics }, (t, l) => topicName(dir, t, l), trx);
  });
  await ensureIndex(dir, true);
  await dir.events?.emit('group.changed', { groupId: group.id, slug: group.slug, by: by.id });
  return fields;
}

/**
 * Imports groups into an organisation, all or nothing: every good row and the audit row in one
 * transaction. Groups of a contact point belong to it; others to the organisation.
 */
export async function importGroups(dir: Directory, { actor, organisation, inputs }: { actor: Actor; organisation: OrganisationRow; inputs: GroupInput[] }): Promise<number> {
  const own = organisation.kind === 'contact_point' ? { contactPointId: organisation.id, organisationId: null } : { contactPointId: null, organisationId: organisation.id };
  await dir.deps.db.transaction().execute(async (trx) => {
    for (const input of inputs) await createGroup(dir, { by: actorLabel(actor), input: { ...input, ...own }, trx });
    await auditOrganisation(trx, actor, 'import', organisation.id, { groups: inputs.length });
  });
  await ensureIndex(dir, true);
  return inputs.length;
}

/** A group's meeting rule as the events feature's schedule form gives it. */
export interface ScheduleInput {
  rrule: string;
  startTime: string;
  durationMinutes: number;
  /** The rhythm in words, written in the language of the person saving it. */
  rhythm: string;
}

/** Saves the schedule columns (owned here) with a revision, like any other edit of the group. */
export async function saveSchedule(dir: Directory, { actor, group, schedule }: { actor: Actor; group: Group; schedule: ScheduleInput }): Promise<void> {
  // The schedule page may change the schedule fields and nothing else (directory policy).
  await updateGroup(dir, { by: actorLabel(actor), group, input: { ...inputFromGroup(group), ...schedule }, mayChange: scheduleFieldsOnly });
}

export async function deleteGroup(dir: Directory, groupId: string): Promise<void> {
  await dir.deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('groups').where('id', '=', groupId).execute();
    await recordChange(trx, groupId);
  });
  await ensureIndex(dir, true);
}

export async function listRevisions(db: Db, groupId: string, limit = 50) {
  const rows = await db
    .selectFrom('group_revisions')
    .select(['id', 'actor_label', 'changes', 'created_at'])
    .where('group_id', '=', groupId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, actor: r.actor_label, createdAt: r.created_at, fields: Object.keys(JSON.parse(r.changes) as object) }));
}

export function inputFromGroup(group: Group): GroupInput {
  return {
    name: group.name,
    description: group.description,
    kind: group.kind,
    audience: group.audience,
    formats: splitList(group.formats),
    placeId: group.place_id,
    area: group.area,
    lat: group.lat,
    lon: group.lon,
    address: group.address,
    rhythm: group.rhythm,
    rrule: group.rrule,
    startTime: group.start_time,
    durationMinutes: group.duration_minutes,
    languages: splitList(group.languages),
    accessibility: splitList(group.accessibility),
    status: group.status,
    accepting: group.accepting === 1,
    topics: group.topics,
    contactPointId: group.contact_point_id,
    organisationId: group.organisation_id,
  };
}

/** The label of a stored place, for edit forms. */
export function placeLabel(placeId: number | null): string {
  return placeId === null ? '' : (placeById(placeId)?.label ?? '');
}

/** A topic whose name or synonym is exactly what was typed (folded), for "notify me" and related topics. */
export function findTopicByWords(dir: Directory, q: string): string | undefined {
  const wanted = fold(q.trim());
  if (!wanted) return undefined;
  for (const topic of dir.topics.values()) {
    const names = [topic.name.de, topic.name.en, ...topic.synonyms.de, ...topic.synonyms.en];
    if (names.some((n) => fold(n) === wanted)) return topic.slug;
  }
  return undefined;
}

/** Tells an organisation's staff that a group in their region needs them (a proposal). */
export async function notifyOrganisationStaff(dir: Directory, org: OrganisationRow, group: { slug: string; name: string }): Promise<void> {
  const staff = await dir.deps.db.selectFrom('organisation_staff').select('user_id').where('organisation_id', '=', org.id).execute();
  for (const p of await dir.deps.accounts.mailboxes(staff.map((s) => s.user_id))) {
    await dir.deps.mailer.send(
      p.locale,
      p.email,
      { subject: 'directory.mail.proposalSubject', paragraphs: ['directory.mail.proposalBody'], action: { label: 'directory.mail.open', url: `${dir.deps.config.baseUrl}/groups/${group.slug}` } },
      { group: group.name, organisation: org.name },
    );
  }
}

/** The index's view of a group read from the database (for lists outside a search). */
export const toIndexed = (group: Group): IndexedGroup => indexedGroup(group, group.topics);
