// The events from a few weeks ago on, in compact columns, one copy per process for the current events
// version and day. The list, the month view and /calendar.ics filter here (one loop over typed arrays,
// well under a millisecond for 20 000 events) and then read only the rows they show, instead of
// asking the database for every event of a year on each new address: a list near a place read
// ~15 000 candidate rows (online, phone and hybrid events are near every place), the month grid
// ~1 700 rows, and each such synchronous read held the event loop for tens of milliseconds.
//
// Kept while the events version (a counter raised by a trigger on every change of an event or its
// topics, in any process; one key lookup) and the Berlin day are the same; built in slices of rows
// with a turn of the event loop between them. Bounded: at most MAX_EVENTS events (about 110 bytes
// each); addresses outside what it holds (months long past, beyond the last event it holds) go to
// the database as before.
import type { Db } from '../../db/index.ts';
import { boundingBox, distanceKm } from '../../platform/geo/index.ts';
import { addDays, today } from '../../platform/time.ts';
import { localToIso } from '../../platform/recurrence.ts';
import { EVENT_FORMATS, MAX_EVENT_DAYS, reachableFromAnywhere } from './model.ts';
import type { EventFilter } from './service.ts';

/** Most events one index holds (≈ 11 MB); a directory with more answers the rest from the database. */
export const MAX_EVENTS = 100_000;
/** Rows read per query while building; one such read takes a few milliseconds. */
const SLICE = 500;
/** How far back the index starts: the month view of the current month begins up to 31 days ago, and events last up to MAX_EVENT_DAYS. */
const DAYS_BACK = 31 + MAX_EVENT_DAYS + 2;
const DAY_MS = 86_400_000;
const REMOTE = EVENT_FORMATS.map((f) => reachableFromAnywhere(f));

export interface EventIndex {
  key: string;
  /** Queries from this instant on are answered completely. */
  coversFrom: number;
  /** Queries up to this instant are answered completely (Infinity when the index holds every later event). */
  coversTo: number;
  count: number;
  /** Event ids in the database's order of (starts_at, id). */
  ids: string[];
  start: Float64Array;
  end: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  format: Uint8Array;
  /** Per topic, group or organisation asked for, which events have it (one byte per event), read on first use. */
  sets: Map<string, Promise<Uint8Array>>;
  /** Position of each id, made on first use. */
  positions: Map<string, number> | undefined;
}

type Row = { id: string; starts_at: string; ends_at: string; lat: number | null; lon: number | null; format: string };

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function buildEventIndex(db: Db, key: string, day: string): Promise<EventIndex> {
  const lower = localToIso(addDays(day, -DAYS_BACK), '00:00') ?? `${addDays(day, -DAYS_BACK)}T00:00:00.000Z`;
  // Columns filled a slice at a time (plain arrays, made typed at the end): no slice holds the loop long.
  const ids: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const format: number[] = [];
  let last: { starts_at: string; id: string } | undefined;
  let full = false;
  for (;;) {
    let q = db.selectFrom('events').select(['id', 'starts_at', 'ends_at', 'lat', 'lon', 'format']).where('starts_at', '>=', lower);
    if (last) {
      const after = last;
      // The plain bound lets the index on starts_at start at the last row instead of scanning from the first.
      q = q.where('starts_at', '>=', after.starts_at).where((eb) => eb.or([eb('starts_at', '>', after.starts_at), eb('id', '>', after.id)]));
    }
    const page = (await q.orderBy('starts_at').orderBy('id').limit(SLICE).execute()) as Row[];
    for (const r of page) {
      ids.push(r.id);
      start.push(Date.parse(r.starts_at));
      end.push(Date.parse(r.ends_at));
      lat.push(r.lat ?? Number.NaN);
      lon.push(r.lon ?? Number.NaN);
      format.push(Math.max(0, (EVENT_FORMATS as readonly string[]).indexOf(r.format)));
    }
    last = page.at(-1);
    if (page.length < SLICE) break;
    if (ids.length >= MAX_EVENTS) {
      full = true;
      break;
    }
    await turn();
  }
  return {
    key,
    coversFrom: Date.parse(lower) + (MAX_EVENT_DAYS + 1) * DAY_MS,
    // Events that start at the last one's instant may be cut off: the index answers up to it, not beyond.
    coversTo: full && last ? Date.parse(last.starts_at) : Infinity,
    count: ids.length,
    ids,
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
    format: Uint8Array.from(format),
    sets: new Map(),
    positions: undefined,
  };
}

/** Whether the index answers this filter completely. */
export function covers(index: EventIndex, f: Pick<EventFilter, 'from' | 'to'>): boolean {
  return Date.parse(f.from) >= index.coversFrom && Date.parse(f.to) <= index.coversTo;
}

/**
 * Positions of the events the filter finds, in the order of (starts_at, id): the same events as the
 * query of service.findEvents (overlapping [from, to); near a place within the radius, or joinable
 * from anywhere).
 */
export async function findInIndex(db: Db, index: EventIndex, f: EventFilter): Promise<number[]> {
  const sets: Uint8Array[] = [];
  // Topic, group and organiser filters are rare next to place and time: their events come from the database's index on each.
  if (f.topic) sets.push(await memberSet(db, index, 'topic', f.topic));
  if (f.groupId) sets.push(await memberSet(db, index, 'group', f.groupId));
  if (f.organisationId) sets.push(await memberSet(db, index, 'organisation', f.organisationId));
  return matching(index, f, sets);
}

/** Most member sets kept with one index (each one byte per event). */
const MAX_SETS = 300;

/** The events of the index with this topic, group or organisation: one query on that column's index, kept with the index. */
function memberSet(db: Db, index: EventIndex, kind: 'topic' | 'group' | 'organisation', value: string): Promise<Uint8Array> {
  const key = `${kind}:${value}`;
  let set = index.sets.get(key);
  if (!set) {
    set = (async () => {
      const rows = kind === 'topic'
        ? await db.selectFrom('event_topics').select('event_id as id').where('topic_slug', '=', value).execute()
        : await db.selectFrom('events').select('id').where(kind === 'group' ? 'group_id' : 'organisation_id', '=', value).execute();
      if (!index.positions) {
        index.positions = new Map();
        for (let i = 0; i < index.count; i++) index.positions.set(index.ids[i] as string, i);
      }
      const bits = new Uint8Array(index.count);
      for (const r of rows) {
        const at = index.positions.get(r.id);
        if (at !== undefined) bits[at] = 1;
      }
      return bits;
    })();
    // A failed read is asked again next time, not kept.
    set.catch(() => index.sets.delete(key));
    if (index.sets.size >= MAX_SETS) index.sets.delete(index.sets.keys().next().value as string);
    index.sets.set(key, set);
  }
  return set;
}

function matching(index: EventIndex, f: EventFilter, sets: Uint8Array[]): number[] {
  const from = Date.parse(f.from);
  const to = Date.parse(f.to);
  const earliest = from - MAX_EVENT_DAYS * DAY_MS;
  const format = f.format ? (EVENT_FORMATS as readonly string[]).indexOf(f.format) : -2;
  if (format === -1) return [];
  const near = f.near ?? null;
  const radius = f.radiusKm ?? 25;
  const box = near ? boundingBox(near.lat, near.lon, radius) : null;
  const out: number[] = [];
  // The start is sorted: begin at the first event that may overlap, stop at the first that starts too late.
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.start[mid] as number) < earliest) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < index.count; i++) {
    if ((index.start[i] as number) >= to) break;
    if ((index.end[i] as number) <= from) continue;
    if (format >= 0 && index.format[i] !== format) continue;
    if (sets.length && !sets.every((set) => set[i] === 1)) continue;
    if (near && box && !REMOTE[index.format[i] as number]) {
      const lat = index.lat[i] as number;
      const lon = index.lon[i] as number;
      if (Number.isNaN(lat) || Number.isNaN(lon)) continue;
      if (lat < box.minLat || lat > box.maxLat || lon < box.minLon || lon > box.maxLon) continue;
      if (distanceKm(near, { lat, lon }) > radius) continue;
    }
    out.push(i);
  }
  return out;
}

/** One index per process: the one of the current version and day, built once however many ask meanwhile. */
export class EventIndexCache {
  private current: EventIndex | undefined;
  private readonly building = new Map<string, Promise<EventIndex>>();

  constructor(private readonly db: Db) {}

  async get(version: string): Promise<EventIndex> {
    const day = today();
    const key = `${version}|${day}`;
    if (this.current?.key === key) return this.current;
    let build = this.building.get(key);
    if (!build) {
      build = buildEventIndex(this.db, key, day)
        .then((index) => {
          this.current = index;
          return index;
        })
        .finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    return build;
  }

  /** Bytes the kept index holds (typed arrays and ids), for the memory budget. */
  get bytes(): number {
    const i = this.current;
    if (!i) return 0;
    return i.start.byteLength * 4 + i.format.byteLength + i.sets.size * i.count + i.count * (i.positions ? 120 : 56);
  }
}
