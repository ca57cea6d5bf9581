// The events of a filter (list page or month view), kept per address while the events version (a
// counter raised by every change of an event, any process) and the minute stay the same. They are
// found in the process's event index (event-index.ts) and only the rows shown are read. The month
// view keeps only what its grid shows: four events a day and how many more. Places taken are not
// part of the version (every registration would empty the cache): the list reads them afresh for the
// twenty events it shows.
import type { Locale } from '../../db/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { isoToLocal, localToIso } from '../../platform/recurrence.ts';
import { covers, findInIndex, type EventIndex, type EventIndexCache } from './event-index.ts';
import { addDays } from '../../platform/time.ts';
import type { ParsedList } from './filters.ts';
import { PAGE_SIZE } from './model.ts';
import * as events from './service.ts';
import type { EventFilter, EventItem, Organiser } from './service.ts';
import type { EventCard } from './views.tsx';

/** Most events one list or month asks for. */
export const CALENDAR_LIMIT = 5000;
/** Events a day of the month view shows; the rest are behind "+n more". */
const MONTH_DAY_SHOWN = 4;
/**
 * Lists and months kept (least recently used out). A month keeps at most 124 events and their cards
 * (≈ 170 KB with both languages' cards), a list page twenty: 200 entries stay below ≈ 35 MB. With the
 * event index a list that is not kept costs a few milliseconds, so more would buy little.
 */
const KEPT = 200;

export interface ListEntry {
  version: string;
  found: { items: EventItem[]; total: number };
  organisers: Map<string, Organiser>;
  /** The cards per reader language, made on first use. */
  cards: Partial<Record<Locale, EventCard[]>>;
  /** Month view: per day of the month, the events shown (at most MONTH_DAY_SHOWN) and how many more. */
  days?: Array<{ day: string; shown: EventItem[]; more: number }>;
}

export interface ListCache {
  get(parsed: ParsedList, owners: { groupId?: string; organisationId?: string }, month: boolean): Promise<ListEntry>;
  /** Forgets every kept list (what they show changed outside the events, e.g. an organiser's name). */
  clear(): void;
}

export function createListCache(deps: Deps, indexes: EventIndexCache): ListCache {
  const entries = new Map<string, ListEntry>();
  const get = async function listEntry(parsed: ParsedList, owners: { groupId?: string; organisationId?: string }, month: boolean): Promise<ListEntry> {
    const key = JSON.stringify([parsed.filter, owners.groupId, owners.organisationId, month, month ? parsed.form.month : parsed.form.page]);
    // Within a minute and while no event changes, the same filters give the same events.
    const eventsVersion = await events.eventsVersion(deps.db);
    const version = `${eventsVersion}|${Math.floor(Date.now() / 60_000)}`;
    const cached = entries.get(key);
    if (cached && cached.version === version) {
      // Most recently used last: the map's order is the eviction order.
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    const filter: EventFilter = { ...parsed.filter, ...owners };
    const index = parsed.errors.some((e) => e.field === 'near') ? undefined : await indexes.get(eventsVersion);
    let entry: ListEntry;
    if (parsed.errors.some((e) => e.field === 'near')) {
      entry = { version, found: { items: [], total: 0 }, organisers: new Map(), cards: {}, ...(month ? { days: monthDays(parsed.form.month, []) } : {}) };
    } else if (index && covers(index, filter)) {
      // The events found in the process's index; only the rows shown are read.
      const found = await findInIndex(deps.db, index, filter);
      if (month) {
        const days = monthDaysOf(index, found, parsed.form.month);
        const items = await events.gridEvents(deps.db, days.flatMap((d) => d.ids));
        const byId = new Map(items.map((e) => [e.id, e]));
        const grid = days.map((d) => ({ day: d.day, shown: d.ids.map((id) => byId.get(id)).filter((e): e is EventItem => !!e), more: d.more }));
        entry = { version, found: { items, total: found.length }, organisers: await events.organisersOf(deps.db, items), cards: {}, days: grid };
      } else {
        const page = parsed.form.page;
        const items = await events.eventsInOrder(deps.db, found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((i) => index.ids[i] as string));
        entry = { version, found: { items, total: found.length }, organisers: await events.organisersOf(deps.db, items), cards: {} };
      }
    } else {
      // Outside what the index holds (months long past): the database, as before.
      const result = await events.findEvents(deps.db, { ...filter, perPage: month ? CALENDAR_LIMIT : PAGE_SIZE, page: month ? 1 : parsed.form.page, grid: month && !parsed.filter.near });
      if (month) {
        const byDay = new Map<string, EventItem[]>();
        for (const e of result.items) {
          const d = isoToLocal(e.starts_at).date;
          const list = byDay.get(d);
          if (list) list.push(e);
          else byDay.set(d, [e]);
        }
        const days = monthDays(parsed.form.month, []).map(({ day }) => {
          const all = byDay.get(day) ?? [];
          return { day, shown: all.slice(0, MONTH_DAY_SHOWN), more: Math.max(0, all.length - MONTH_DAY_SHOWN) };
        });
        const shown = days.flatMap((d) => d.shown);
        // Only what the grid shows is kept, not the month's thousands of rows.
        entry = { version, found: { items: shown, total: result.total }, organisers: await events.organisersOf(deps.db, shown), cards: {}, days };
      } else {
        entry = { version, found: result, organisers: await events.organisersOf(deps.db, result.items), cards: {} };
      }
    }
    if (entries.size >= KEPT) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
    return entry;
  };
  return { get, clear: () => entries.clear() };
}

/** The days of a month (YYYY-MM), each without events. */
function monthDays(month: string, shown: EventItem[]): NonNullable<ListEntry['days']> {
  const days: NonNullable<ListEntry['days']> = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) days.push({ day: d, shown, more: 0 });
  return days;
}

/**
 * Per Berlin day of the month, the ids of the first MONTH_DAY_SHOWN events that start on it and how
 * many more do. The positions are in the order of the start, so one walk along the days buckets them.
 */
function monthDaysOf(index: EventIndex, found: number[], month: string): Array<{ day: string; ids: string[]; more: number }> {
  const days = monthDays(month, []).map(({ day }) => ({ day, from: Date.parse(localToIso(day, '00:00') ?? `${day}T00:00:00Z`), ids: [] as string[], more: 0 }));
  const end = Date.parse(localToIso(addDays(days.at(-1)?.day ?? `${month}-28`, 1), '00:00') ?? '');
  let d = 0;
  for (const i of found) {
    const start = index.start[i] as number;
    // Events that began before the month overlap it but have no day of their own in the grid.
    if (start < (days[0]?.from ?? 0) || start >= end) continue;
    while (d + 1 < days.length && start >= (days[d + 1]?.from as number)) d++;
    const day = days[d];
    if (!day) continue;
    if (day.ids.length < MONTH_DAY_SHOWN) day.ids.push(index.ids[i] as string);
    else day.more++;
  }
  return days.map(({ day, ids, more }) => ({ day, ids, more }));
}
