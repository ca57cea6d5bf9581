// Message catalogs and the translator. German is the source catalog; English must have every key.
import type { Locale } from '../../db/types.ts';
import { de } from './de.ts';
import { en } from './en.ts';

export type MessageKey = keyof typeof de;
export type Catalog = Record<MessageKey, string>;
export type Params = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: Params) => string;

export const LOCALES: readonly Locale[] = ['de', 'en'];
export const DEFAULT_LOCALE: Locale = 'de';
export const catalogs: Record<Locale, Catalog> = { de, en };

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) {
    const catalog = catalogs[locale];
    t = (key, params) => interpolate(catalog[key] ?? de[key] ?? key, params);
    translators.set(locale, t);
  }
  return t;
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) if (isLocale(entry.lang)) return entry.lang;
  return undefined;
}
