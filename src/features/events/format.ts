// How event times read in pages, mails and calendars: always Europe/Berlin, in the reader's language.
import type { Locale } from '../../db/types.ts';
import { formatter } from '../../platform/time.ts';

const fmt = (locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => formatter(locale, options, `events.${key}`);

/** "Di., 13. Okt. 2026" */
export const formatDay = (iso: string, locale: Locale): string => fmt(locale, 'day', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
/** "19:00" */
export const formatTime = (iso: string, locale: Locale): string => fmt(locale, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
/** "Oktober 2026" */
export const formatMonth = (iso: string, locale: Locale): string => fmt(locale, 'month', { month: 'long', year: 'numeric' }).format(new Date(iso));
/** "Dienstag, 13. Oktober 2026" */
export const formatLongDay = (iso: string, locale: Locale): string => fmt(locale, 'long', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));

/** "Di., 13. Okt. 2026, 19:00–21:00 Uhr" (one day) or "… 19:00 – Mi., 14. Okt. 2026, 10:00 Uhr". */
export function formatEventTime(start: string, end: string, locale: Locale): string {
  const suffix = locale === 'de' ? ' Uhr' : '';
  const sameDay = formatDay(start, locale) === formatDay(end, locale);
  return sameDay
    ? `${formatDay(start, locale)}, ${formatTime(start, locale)}–${formatTime(end, locale)}${suffix}`
    : `${formatDay(start, locale)}, ${formatTime(start, locale)}${suffix} – ${formatDay(end, locale)}, ${formatTime(end, locale)}${suffix}`;
}
