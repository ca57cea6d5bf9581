// The events of a filter (list page or month view), kept per address while the events version (a
// counter raised by every change of an event, any process) and the minute stay the same. The month
// view keeps only what its grid shows: four events a day and how many more. Places taken are not
// part of the version (every registration would empty the cache): the list reads them afresh for the
// twenty events it shows.
import type { Locale } from '../../db/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { isoToLocal } from '../../platform/recurrence.ts';
import { addDays } from '../../platform/time.ts';
import type { ParsedList } from './filters.ts';
import { PAGE_SIZE } from './model.ts';
import * as events from './service.ts';
import type { EventItem, Organiser } from './service.ts';
import type { EventCard } from './views.tsx';

/** Most events one list or month asks for. */
export const CALENDAR_LIMIT = 5000;
/** Events a day of the month view shows; the rest are behind "+n more". */
const MONTH_DAY_SHOWN = 4;
const KEPT = 500;

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

export function createListCache(deps: Deps): ListCache {
  const entries = new Map<string, ListEntry>();
  const get = async function listEntry(parsed: ParsedList, owners: { groupId?: string; organisationId?: string }, month: boolean): Promise<ListEntry> {
    const key = JSON.stringify([parsed.filter, owners.groupId, owners.organisationId, month, month ? parsed.form.month : parsed.form.page]);
    // Within a minute and while no event changes, the same filters give the same events.
    const version = `${await events.eventsVersion(deps.db)}|${Math.floor(Date.now() / 60_000)}`;
    const cached = entries.get(key);
    if (cached && cached.version === version) return cached;
    const result = parsed.errors.some((e) => e.field === 'near')
      ? { items: [], total: 0 }
      : await events.findEvents(deps.db, { ...parsed.filter, ...owners, perPage: month ? CALENDAR_LIMIT : PAGE_SIZE, page: month ? 1 : parsed.form.page, grid: month && !parsed.filter.near });
    let entry: ListEntry;
    if (month) {
      const byDay = new Map<string, EventItem[]>();
      for (const e of result.items) {
        const d = isoToLocal(e.starts_at).date;
        const list = byDay.get(d);
        if (list) list.push(e);
        else byDay.set(d, [e]);
      }
      const days: NonNullable<ListEntry['days']> = [];
      for (let d = `${parsed.form.month}-01`; d.startsWith(parsed.form.month); d = addDays(d, 1)) {
        const all = byDay.get(d) ?? [];
        days.push({ day: d, shown: all.slice(0, MONTH_DAY_SHOWN), more: Math.max(0, all.length - MONTH_DAY_SHOWN) });
      }
      const shown = days.flatMap((d) => d.shown);
      // Only what the grid shows is kept, not the month's thousands of rows.
      entry = { version, found: { items: shown, total: result.total }, organisers: await events.organisersOf(deps.db, shown), cards: {}, days };
    } else {
      entry = { version, found: result, organisers: await events.organisersOf(deps.db, result.items), cards: {} };
    }
    if (entries.size >= KEPT) entries.clear();
    entries.set(key, entry);
    return entry;
  };
  return { get, clear: () => entries.clear() };
}
