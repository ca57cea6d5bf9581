// How event times read in pages, mails and calendars: always Europe/Berlin, in the reader's language.
import type { Locale } from '../../db/types.ts';
import { formatter } from '../../platform/time.ts';

const fmt = (locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => formatter(locale, options, `events.${key}`);

// A month grid or list formats a few hundred times per page, and Intl formatting is the costly part
// of rendering it. Berlin's offset is whole hours, so a day's text depends only on the UTC hour and a
// time's only on the UTC minute: both are kept by that number (bounded; emptied when full).
const MAX_KEPT = 20_000;
const days: Record<Locale, Map<number, string>> = { de: new Map(), en: new Map() };
const times: Record<Locale, Map<number, string>> = { de: new Map(), en: new Map() };

function kept(map: Map<number, string>, at: number, make: () => string): string {
  let text = map.get(at);
  if (text === undefined) {
    text = make();
    if (map.size >= MAX_KEPT) map.clear();
    map.set(at, text);
  }
  return text;
}

/** "Di., 13. Okt. 2026" */
export function formatDay(iso: string, locale: Locale): string {
  const ms = Date.parse(iso);
  return kept(days[locale], Math.floor(ms / 3_600_000), () => fmt(locale, 'day', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(ms)));
}
/** "19:00" */
export function formatTime(iso: string, locale: Locale): string {
  const ms = Date.parse(iso);
  return kept(times[locale], Math.floor(ms / 60_000), () => fmt(locale, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms)));
}
/** "Oktober 2026" */
export const formatMonth = (iso: string, locale: Locale): string => fmt(locale, 'month', { month: 'long', year: 'numeric' }).format(new Date(iso));
/** "Dienstag, 13. Oktober 2026" */
export const formatLongDay = (iso: string, locale: Locale): string => fmt(locale, 'long', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));

/** "Di., 13. Okt. 2026, 19:00–21:00 Uhr" (one day) or "… 19:00 – Mi., 14. Okt. 2026, 10:00 Uhr". */
export function formatEventTime(start: string, end: string, locale: Locale): string {
  const suffix = locale === 'de' ? ' Uhr' : '';
  const startDay = formatDay(start, locale);
  const endDay = formatDay(end, locale);
  return startDay === endDay
    ? `${startDay}, ${formatTime(start, locale)}–${formatTime(end, locale)}${suffix}`
    : `${startDay}, ${formatTime(start, locale)}${suffix} – ${endDay}, ${formatTime(end, locale)}${suffix}`;
}
