// Full-text search over text folded by us: the one place where the engines differ for it.
// SQLite keeps a contentless FTS5 table keyed by the row id; PostgreSQL a generated tsvector
// column with a GIN index. Both see the same folded words (a–z, 0–9, separated by spaces) and
// match them as prefixes, so both answer the same for the same query.
import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';
import { engineOf } from './adapter.ts';

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

/** Lower case, German umlauts and ß spelled out, other accents dropped, everything else a space. */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase().replace(/[äöüßæœøłđþ]/g, (ch) => FOLD[ch] ?? ch);
  return lower
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of a query, folded; words under two letters are dropped (they would match nearly everything). */
export function searchTerms(query: string, max = 8): string[] {
  const words = foldForSearch(query).split(' ').filter((w) => w.length >= 2);
  return [...new Set(words)].slice(0, max);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Adds or replaces rows in the index (SQLite; PostgreSQL's column follows the text by itself). */
export async function indexRows(db: AnyDb, rows: Array<{ id: number; text: string }>): Promise<void> {
  if (engineOf(db) !== 'sqlite' || rows.length === 0) return;
  for (const row of rows) {
    await sql`delete from forum_posts_fts where rowid = ${row.id}`.execute(db);
    if (row.text) await sql`insert into forum_posts_fts (rowid, search_text) values (${row.id}, ${row.text})`.execute(db);
  }
}

export async function unindexRows(db: AnyDb, ids: number[]): Promise<void> {
  if (engineOf(db) !== 'sqlite' || ids.length === 0) return;
  for (const id of ids) await sql`delete from forum_posts_fts where rowid = ${id}`.execute(db);
}

/** Rebuilds the whole SQLite index from forum_posts (after a bulk load). */
export async function rebuildIndex(db: AnyDb): Promise<void> {
  if (engineOf(db) !== 'sqlite') return;
  await sql`delete from forum_posts_fts`.execute(db);
  await sql`insert into forum_posts_fts (rowid, search_text) select id, search_text from forum_posts where status = 'published'`.execute(db);
}

/**
 * A condition on forum_posts.id that holds when the post contains every term as a word prefix.
 * On SQLite it is an IN over the FTS5 table, on PostgreSQL a tsquery on the GIN index.
 */
export function matchesTerms(db: AnyDb, terms: string[]): Expression<SqlBool> {
  if (engineOf(db) === 'sqlite') {
    const match = terms.map((t) => `"${t}"*`).join(' ');
    return sql<SqlBool>`forum_posts.id in (select rowid from forum_posts_fts where forum_posts_fts match ${match})`;
  }
  const query = terms.map((t) => `${t}:*`).join(' & ');
  return sql<SqlBool>`forum_posts.search_vector @@ to_tsquery('simple', ${query})`;
}
