// The map page (`/network`) at any network size. Knows nothing of HTTP.
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { today } from '../../platform/time.ts';
import type { EntrySummary } from './service.ts';
import { MAP_MAX_POINTS, TABLE_PAGE_SIZE, listEntries, summariesByIds } from './service.ts';

// `/network` shows one table page and the first MAP_MAX_POINTS, yet its order (by name) needs every
// sealed name opened. So each database handle keeps, per owner, only that order (ids, no names) and
// the count of entries due or quiet, stamped with a version read from the database on every request:
// the entry count and the latest updated_at (every create, edit, import, contact log and snooze sets
// it; a delete lowers the count), plus the day (due and quiet depend on it). Another process's change
// therefore shows at the next request; a request whose version matches opens only the names it shows.

/** Owners whose order is kept per database handle; the least recently used goes first. */
const ORDER_CACHE_USERS = 200;

interface EntryOrder {
  version: string;
  ids: string[];
  /** Entries due or gone quiet (the page's banner), from plaintext columns. */
  dueCount: number;
}

interface OrderCache {
  kept: Map<string, EntryOrder>;
  /** One build per owner and version, shared by requests that miss at the same time. */
  building: Map<string, Promise<EntryOrder>>;
}

const orderCaches = new WeakMap<Db, OrderCache>();

function orderCacheFor(db: Db): OrderCache {
  let cache = orderCaches.get(db);
  if (!cache) {
    cache = { kept: new Map(), building: new Map() };
    orderCaches.set(db, cache);
  }
  return cache;
}

async function entriesVersion(db: Db, userId: string, now: string): Promise<string> {
  const row = await db
    .selectFrom('network_entries')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return `${now}|${Number(row.n)}|${row.latest ?? ''}`;
}

async function entryOrder(deps: Deps, userId: string, now: string): Promise<EntryOrder> {
  const cache = orderCacheFor(deps.db);
  const version = await entriesVersion(deps.db, userId, now);
  const kept = cache.kept.get(userId);
  if (kept?.version === version) {
    cache.kept.delete(userId);
    cache.kept.set(userId, kept);
    return kept;
  }
  const key = `${userId}|${version}`;
  let build = cache.building.get(key);
  if (!build) {
    build = (async () => {
      const entries = await listEntries(deps, userId, now);
      return { version, ids: entries.map((e) => e.id), dueCount: entries.filter((e) => e.due || e.quiet).length };
    })();
    cache.building.set(key, build);
    try {
      const order = await build;
      cache.kept.delete(userId);
      cache.kept.set(userId, order);
      if (cache.kept.size > ORDER_CACHE_USERS) cache.kept.delete(cache.kept.keys().next().value as string);
    } finally {
      cache.building.delete(key);
    }
  }
  return build;
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

/** What `/network` shows: one table page and the map's points, opening only their names. */
export async function mapPage(deps: Deps, userId: string, requestedPage: number, now = today()): Promise<MapPage> {
  const order = await entryOrder(deps, userId, now);
  const total = order.ids.length;
  const pages = Math.max(1, Math.ceil(total / TABLE_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, requestedPage));
  const first = (page - 1) * TABLE_PAGE_SIZE;
  const pageIds = order.ids.slice(first, first + TABLE_PAGE_SIZE);
  const mapIds = order.ids.slice(0, MAP_MAX_POINTS);
  const wanted = [...new Set([...mapIds, ...pageIds])];
  const byId = await summariesByIds(deps, userId, wanted, now);
  // A row deleted between the version check and this read is left out; the next request rebuilds.
  const pick = (ids: string[]) => ids.flatMap((id) => byId.get(id) ?? []);
  return { total, page, pages, pageSize: TABLE_PAGE_SIZE, rows: pick(pageIds), mapEntries: pick(mapIds), dueCount: order.dueCount };
}
