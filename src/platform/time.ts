// Clock and date formatting. All times shown to people are in Europe/Berlin.
import type { Locale } from '../db/types.ts';

export const TIME_ZONE = 'Europe/Berlin';

export function nowIso(): string {
  return new Date().toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
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
