// A member's network as their pages show it, kept per process between requests. Knows nothing of HTTP.
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { today } from '../../platform/time.ts';
import type { EntrySummary, SummaryRow } from './service.ts';
import { CIRCLES, KINDS, SECTORS } from './schema.ts';
import { MAP_MAX_POINTS, TABLE_PAGE_SIZE, byName, inBatches, networkVersion, sealer, summaryRows, summaryWithName } from './service.ts';

// `/network` orders entries by name, so its first view opens every sealed name; the other network pages
// list every entry by name too. Each database handle keeps, per member, the entries with their names
// opened (in name order) and the rendered map and table of the pages asked for, stamped with the
// member's network version (`network_versions`, raised by triggers in the transaction of any change to
// their entries, migration 0023) and the Berlin day (due and quiet depend on it). Every request reads
// that version (one primary-key lookup), so another process's change shows at the next request. When
// it moved, the entries are read again, but a name whose sealed value is unchanged is not opened again,
// and when no name changed (a contact logged, a snooze, an edit of the rhythm) the order is kept.
//
// What is kept is plaintext of the most private part of the platform: it lives only in this process's
// memory, only under the member's own id (a request reaches it only through its session's actor), is
// bounded in bytes (least recently used go first), is dropped after a quarter of an hour unused and
// when the member's account is deleted, and is never logged.

/** Bytes (estimated, see below) that all members' kept networks of one database handle may take. */
export const NETWORK_CACHE_BYTES = 24 * 1024 * 1024;
/** A member's kept network is dropped when nobody asked for it this long. */
export const NETWORK_CACHE_IDLE_MS = 15 * 60_000;
/** Rendered pages kept per member (language × table page); the least recently used goes first. */
const FRAGMENTS_PER_MEMBER = 4;
/**
 * Per entry beyond its name and sealed name: the summary object, its id, dates and support list and
 * the map slot (measured with 21 networks of 150 entries: ≈ 1 KB; the estimate stays above it).
 */
const ENTRY_OVERHEAD = 1_000;
/** Names sorted in one go; larger networks are sorted in slices with a turn of the event loop between. */
const SORT_RUN = 512;

interface KeptNetwork {
  /** `version|day` the entries were read for. */
  key: string;
  /** Every entry of the member, in name order. */
  entries: EntrySummary[];
  /** The sealed name each entry's name was opened from, by entry id. */
  sealed: Map<string, string>;
  dueCount: number;
  /** Rendered page bodies (UTF-8) by `language|page`, least recently used first. */
  fragments: Map<string, Buffer>;
  /**
   * The rendered map by language, with what it was drawn from (its points' ids, names, parts of life
   * and circles). Carried over to the next version: a logged contact or a snooze leaves it as it is.
   */
  maps: Map<string, { drawnFrom: string; svg: string }>;
  entryBytes: number;
  fragmentBytes: number;
  usedAt: number;
}

class NetworkCache {
  /** Least recently used first. */
  readonly kept = new Map<string, KeptNetwork>();
  /** One read per member and version, shared by requests that miss at the same time. */
  readonly building = new Map<string, Promise<KeptNetwork>>();
  bytes = 0;
  constructor(public budget: number, public idleMs: number) {}

  use(userId: string, key: string, now: number): KeptNetwork | undefined {
    this.dropIdle(now);
    const kept = this.kept.get(userId);
    if (!kept || kept.key !== key) return undefined;
    kept.usedAt = now;
    this.kept.delete(userId);
    this.kept.set(userId, kept);
    return kept;
  }

  store(userId: string, network: KeptNetwork): void {
    this.forget(userId);
    // Even a network at the cap with the longest names (≈ 21 MiB estimated) fits; others make room.
    if (network.entryBytes > this.budget) return;
    this.kept.set(userId, network);
    this.bytes += network.entryBytes + network.fragmentBytes;
    this.shrink();
  }

  addFragment(userId: string, network: KeptNetwork, name: string, html: Buffer): void {
    if (this.kept.get(userId) !== network) return; // replaced or dropped meanwhile
    if (network.entryBytes + network.fragmentBytes + html.length > this.budget) return;
    network.fragments.set(name, html);
    network.fragmentBytes += html.length;
    this.bytes += html.length;
    while (network.fragments.size > FRAGMENTS_PER_MEMBER) {
      const [oldest, bytes] = network.fragments.entries().next().value as [string, Buffer];
      network.fragments.delete(oldest);
      network.fragmentBytes -= bytes.length;
      this.bytes -= bytes.length;
    }
    this.shrink();
  }

  addMap(userId: string, network: KeptNetwork, locale: string, map: { drawnFrom: string; svg: string }): void {
    if (this.kept.get(userId) !== network || network.maps.has(locale)) return;
    const size = 2 * (map.svg.length + map.drawnFrom.length);
    if (network.entryBytes + network.fragmentBytes + size > this.budget) return;
    network.maps.set(locale, map);
    network.fragmentBytes += size;
    this.bytes += size;
    this.shrink();
  }

  forget(userId: string): void {
    const kept = this.kept.get(userId);
    if (!kept) return;
    this.kept.delete(userId);
    this.bytes -= kept.entryBytes + kept.fragmentBytes;
  }

  shrink(): void {
    while (this.bytes > this.budget && this.kept.size > 0) this.forget(this.kept.keys().next().value as string);
  }

  private dropIdle(now: number): void {
    for (const [userId, kept] of this.kept) {
      if (now - kept.usedAt < this.idleMs) return;
      this.forget(userId);
    }
  }
}

const caches = new WeakMap<Db, NetworkCache>();

function cacheFor(db: Db): NetworkCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new NetworkCache(NETWORK_CACHE_BYTES, NETWORK_CACHE_IDLE_MS);
    caches.set(db, cache);
  }
  return cache;
}

/** Tests: a smaller budget or idle time for the cache of `db`. */
export function configureNetworkCache(db: Db, options: { bytes?: number; idleMs?: number }): void {
  const cache = cacheFor(db);
  if (options.bytes !== undefined) cache.budget = options.bytes;
  if (options.idleMs !== undefined) cache.idleMs = options.idleMs;
  cache.shrink();
}

/** How many members' networks are kept and their estimated bytes (tests, metrics). */
export function networkCacheSize(db: Db): { members: number; bytes: number } {
  const cache = cacheFor(db);
  return { members: cache.kept.size, bytes: cache.bytes };
}

/** Drops what this process keeps of a member's network (their account is deleted). */
export function forgetNetwork(db: Db, userId: string): void {
  cacheFor(db).forget(userId);
}

/** A string as one piece of memory (reading it as a number makes V8 flatten a concatenation in place). */
function flat(text: string): string {
  void Number(text);
  return text;
}

/** What the map of a network shows, as one text to compare: the points' ids, names, parts of life and circles. */
const mapInput = (entries: EntrySummary[]) => entries.slice(0, MAP_MAX_POINTS).map((e) => `${e.id}\u0001${e.name}\u0001${e.sector}\u0001${e.circle}`).join('\u0002');

const entryBytes = (e: EntrySummary, sealedName: string) => ENTRY_OVERHEAD + 2 * e.name.length + sealedName.length;

async function readNetwork(deps: Deps, userId: string, key: string, now: string, before: KeptNetwork | undefined): Promise<KeptNetwork> {
  const rows = await summaryRows(deps.db, userId);
  const s = sealer(deps);
  let reused = 0;
  const sealed = new Map<string, string>();
  let bytes = 0;
  // Names whose sealed value did not change are taken from before instead of opened again.
  const beforeNames = new Map<string, string>();
  if (before) for (const e of before.entries) beforeNames.set(e.id, e.name);
  const summaries = await inBatches(rows, (row: SummaryRow) => {
    const name = before?.sealed.get(row.id) === row.name_sealed ? beforeNames.get(row.id) : undefined;
    if (name !== undefined) reused++;
    const summary = summaryWithName(row, name ?? s.open(row.name_sealed, userId), now);
    // Each row brings its own copies of these short texts; kept for minutes, one shared copy is enough.
    summary.userId = userId;
    summary.kind = KINDS.find((k) => k === row.kind) ?? row.kind;
    summary.sector = SECTORS.find((k) => k === row.sector) ?? row.sector;
    summary.circle = CIRCLES.find((k) => k === row.circle) ?? row.circle;
    sealed.set(row.id, row.name_sealed);
    bytes += entryBytes(summary, row.name_sealed);
    return summary;
  });
  let entries: EntrySummary[];
  if (before && reused === rows.length && rows.length === before.entries.length) {
    // No name changed and nobody came or went: the order stays.
    const byId = new Map(summaries.map((e) => [e.id, e]));
    entries = before.entries.map((e) => byId.get(e.id) as EntrySummary);
  } else {
    entries = await sortedInSlices(summaries);
  }
  const maps = new Map<string, { drawnFrom: string; svg: string }>();
  let mapBytes = 0;
  if (before) {
    const drawnFrom = mapInput(entries);
    for (const [locale, map] of before.maps) {
      if (map.drawnFrom !== drawnFrom) continue;
      maps.set(locale, map);
      mapBytes += 2 * (map.svg.length + map.drawnFrom.length);
    }
  }
  return { key, entries, sealed, dueCount: entries.filter((e) => e.due || e.quiet).length, fragments: new Map(), maps, entryBytes: bytes, fragmentBytes: mapBytes, usedAt: Date.now() };
}

/**
 * Sorts by name without holding the event loop: a collator compares about a million names a
 * second, so 12 000 names take ~100 ms in one sort. Runs of SORT_RUN are sorted, then merged, with a
 * turn of the loop after each run and each merge.
 */
export async function sortedInSlices(items: EntrySummary[]): Promise<EntrySummary[]> {
  if (items.length <= SORT_RUN) return items.sort(byName);
  let runs: EntrySummary[][] = [];
  for (let i = 0; i < items.length; i += SORT_RUN) {
    runs.push(items.slice(i, i + SORT_RUN).sort(byName));
    await new Promise((resolve) => setImmediate(resolve));
  }
  while (runs.length > 1) {
    const next: EntrySummary[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const a = runs[i] as EntrySummary[];
      const b = runs[i + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      next.push(await merged(a, b));
    }
    runs = next;
  }
  return runs[0] ?? [];
}

async function merged(a: EntrySummary[], b: EntrySummary[]): Promise<EntrySummary[]> {
  const out: EntrySummary[] = [];
  let i = 0;
  let j = 0;
  let steps = 0;
  while (i < a.length && j < b.length) {
    // Equal names keep their runs' order (a before b), as one stable sort would.
    out.push(byName(a[i] as EntrySummary, b[j] as EntrySummary) <= 0 ? (a[i++] as EntrySummary) : (b[j++] as EntrySummary));
    if (++steps % 4096 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  while (i < a.length) out.push(a[i++] as EntrySummary);
  while (j < b.length) out.push(b[j++] as EntrySummary);
  return out;
}

async function keptNetwork(deps: Deps, userId: string, now: string): Promise<KeptNetwork> {
  const cache = cacheFor(deps.db);
  const key = `${await networkVersion(deps.db, userId)}|${now}`;
  const hit = cache.use(userId, key, Date.now());
  if (hit) return hit;
  const buildKey = `${userId}|${key}`;
  let build = cache.building.get(buildKey);
  if (!build) {
    build = readNetwork(deps, userId, key, now, cache.kept.get(userId));
    cache.building.set(buildKey, build);
    try {
      cache.store(userId, await build);
    } finally {
      cache.building.delete(buildKey);
    }
  }
  return build;
}

/** Every entry of the member with its name, in name order (for the pages that list them all). */
export async function memberEntries(deps: Deps, userId: string, now = today()): Promise<EntrySummary[]> {
  return (await keptNetwork(deps, userId, now)).entries;
}

export interface MapPage {
  /** All entries of the owner. */
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The table rows of `page`, in name order. */
  rows: EntrySummary[];
  /** The first MAP_MAX_POINTS entries in name order. */
  mapEntries: EntrySummary[];
  dueCount: number;
}

/** One table page and the map's points of the member's network. */
export async function mapPage(deps: Deps, userId: string, requestedPage: number, now = today()): Promise<MapPage> {
  return pageOf(await keptNetwork(deps, userId, now), requestedPage);
}

function pageOf(network: KeptNetwork, requestedPage: number): MapPage {
  const total = network.entries.length;
  const pages = Math.max(1, Math.ceil(total / TABLE_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, requestedPage));
  const first = (page - 1) * TABLE_PAGE_SIZE;
  return {
    total,
    page,
    pages,
    pageSize: TABLE_PAGE_SIZE,
    rows: network.entries.slice(first, first + TABLE_PAGE_SIZE),
    mapEntries: network.entries.slice(0, MAP_MAX_POINTS),
    dueCount: network.dueCount,
  };
}

/**
 * The body of `/network` (map, table page, due note) in one language, as UTF-8: rendered once per
 * network version, day, language and page, then taken from the member's kept network. `render` must
 * use nothing but `shown` and the language (no form token, no flash: those are the frame's).
 */
export async function mapPageBody(
  deps: Deps,
  userId: string,
  requestedPage: number,
  locale: string,
  render: { map: (entries: EntrySummary[]) => string | Promise<string>; body: (shown: MapPage, map: string) => string | Promise<string> },
  now = today(),
): Promise<Buffer> {
  const cache = cacheFor(deps.db);
  const network = await keptNetwork(deps, userId, now);
  const shown = pageOf(network, requestedPage);
  const name = `${locale}|${shown.page}`;
  const kept = network.fragments.get(name);
  if (kept !== undefined) {
    network.fragments.delete(name);
    network.fragments.set(name, kept);
    return kept;
  }
  let map = network.maps.get(locale);
  if (!map) {
    // Kept flat: the rendered text is a rope of thousands of small pieces, several times its size.
    map = { drawnFrom: flat(mapInput(network.entries)), svg: flat(await render.map(shown.mapEntries)) };
    cache.addMap(userId, network, locale, map);
  }
  const html = Buffer.from(await render.body(shown, map.svg));
  cache.addFragment(userId, network, name, html);
  return html;
}
