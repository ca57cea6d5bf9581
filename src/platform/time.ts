// Clock and date formatting. All times shown to people are in Europe/Berlin.
import type { Locale } from '../db/types.ts';

export const TIME_ZONE = 'Europe/Berlin';

export function nowIso(): string {
  return new Date().toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

// --- Calendar days in Berlin ("YYYY-MM-DD"), counted in whole days -------------------------------

const DAY_MS = 86_400_000;
const berlinDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Berlin at this instant, e.g. "2026-11-21" (today when no instant is given). */
export function berlinDay(at: Date | string = new Date()): string {
  return berlinDayFormat.format(typeof at === 'string' ? new Date(at) : at);
}

/** Today in Berlin, e.g. "2026-11-21". */
export function today(now: Date = new Date()): string {
  return berlinDay(now);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

// --- Formatting: one cache of Intl formatters for the whole app ------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter in Berlin time for this locale and these options; `key` names the options in the cache. */
export function formatter(locale: Locale, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${locale}:${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: TIME_ZONE, ...options });
    formatters.set(id, f);
  }
  return f;
}

/** "21. Nov. 2026, 19:30" / "21 Nov 2026, 19:30" */
export function formatDateTime(iso: string, locale: Locale): string {
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }, 'dt').format(new Date(iso));
}

/** "21. November 2026" / "21 November 2026" */
export function formatDate(iso: string, locale: Locale): string {
  return formatter(locale, { dateStyle: 'long' }, 'd').format(new Date(iso));
}
