// Message catalogs and the translator. German is the source catalog; English must have every key.
// The platform owns the Messages type and its own texts (de.ts, en.ts); each feature brings its
// catalog in its module ({ name, messages, register }), adds its keys to Messages by declaration
// merging (see any feature's messages.ts), and app.ts installs the catalogs with addMessages().
// So this folder imports no feature, and a key no catalog has is still a compile error.
import type { Locale } from '../../db/types.ts';
import { de } from './de.ts';
import { en } from './en.ts';

type PlatformKeys = { [K in keyof typeof de]: true };
/** Every message key of the app: the platform's, and each feature's merged in by its messages.ts. */
export interface Messages extends PlatformKeys {}

export type MessageKey = keyof Messages & string;
export type Catalog = Record<MessageKey, string>;
export type Params = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: Params) => string;
/** A feature's texts: German is the source, English has exactly the same keys (the type says so). */
export interface FeatureMessages<K extends string = string> {
  de: Record<K, string>;
  en: Record<K, string>;
}

export const LOCALES: readonly Locale[] = ['de', 'en'];
export const DEFAULT_LOCALE: Locale = 'de';
/** The installed catalogs: the platform's texts, then every feature's as app.ts adds them. */
export const catalogs: Record<Locale, Record<string, string>> = { de: { ...de }, en: { ...en } };

/** Installs a feature's texts; a key that another catalog already holds with another text is a mistake. */
export function addMessages(name: string, messages: FeatureMessages): void {
  for (const locale of LOCALES) {
    const target = catalogs[locale];
    for (const [key, text] of Object.entries(messages[locale])) {
      if (key in target && target[key] !== text) throw new Error(`${name}: message ${key} (${locale}) is defined twice`);
      target[key] = text;
    }
  }
}

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
    const source = catalogs.de;
    t = (key, params) => interpolate(catalog[key] ?? source[key] ?? key, params);
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
