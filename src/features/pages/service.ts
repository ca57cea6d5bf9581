// Editable pages (help, rules, privacy, accessibility, imprint): shipped Markdown in
// content/pages, overridden per language by what administrators save in the pages table.
import { readFileSync } from 'node:fs';
import type { Db } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';

export const PAGE_SLUGS = ['help', 'rules', 'privacy', 'accessibility', 'imprint'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

export function isPageSlug(value: string): value is PageSlug {
  return (PAGE_SLUGS as readonly string[]).includes(value);
}

/** Version of the community rules a person consents to at registration. */
export const RULES_VERSION = 'rules-1';
export const HEALTH_CONSENT_VERSION = 'health-1';

export interface Page {
  slug: PageSlug;
  locale: Locale;
  title: string;
  body: string;
  customised: boolean;
  updatedAt: string | null;
}

const CONTENT_DIR = new URL('../../../content/pages/', import.meta.url);
const shipped = new Map<string, { title: string; body: string }>();

/** The text this software ships: first line "# Title", the rest is the body. */
export function shippedPage(slug: PageSlug, locale: Locale): { title: string; body: string } {
  const key = `${slug}.${locale}`;
  let page = shipped.get(key);
  if (!page) {
    const source = readFileSync(new URL(`${key}.md`, CONTENT_DIR), 'utf8').replace(/\r\n/g, '\n');
    const [first = '', ...rest] = source.split('\n');
    page = { title: first.replace(/^#\s*/, '').trim(), body: rest.join('\n').trim() };
    shipped.set(key, page);
  }
  return page;
}

export async function getPage(db: Db, slug: PageSlug, locale: Locale): Promise<Page> {
  const row = await db.selectFrom('pages').selectAll().where('slug', '=', slug).where('locale', '=', locale).executeTakeFirst();
  if (row) return { slug, locale, title: row.title, body: row.body, customised: true, updatedAt: row.updated_at };
  return { slug, locale, ...shippedPage(slug, locale), customised: false, updatedAt: null };
}

export async function listPages(db: Db): Promise<Page[]> {
  const pages: Page[] = [];
  for (const slug of PAGE_SLUGS) for (const locale of ['de', 'en'] as const) pages.push(await getPage(db, slug, locale));
  return pages;
}

export async function savePage(
  db: Db,
  { actorId, slug, locale, title, body }: { actorId: string; slug: PageSlug; locale: Locale; title: string; body: string },
): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('pages')
      .values({ slug, locale, title, body, updated_at: now, updated_by: actorId })
      .onConflict((oc) => oc.columns(['slug', 'locale']).doUpdateSet({ title, body, updated_at: now, updated_by: actorId }))
      .execute();
    await recordAudit(trx, { actorId, action: 'page.saved', subjectType: 'page', subjectId: `${slug}.${locale}` });
  });
}

export async function resetPage(db: Db, { actorId, slug, locale }: { actorId: string; slug: PageSlug; locale: Locale }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('pages').where('slug', '=', slug).where('locale', '=', locale).execute();
    await recordAudit(trx, { actorId, action: 'page.reset', subjectType: 'page', subjectId: `${slug}.${locale}` });
  });
}
