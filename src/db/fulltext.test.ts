// Full text on both engines: the same documents and queries give the same, fixed answers
// (German folding, prefixes, every word required), whichever engine runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/helpers.ts';
import { foldForSearch, indexRows, searchTerms, unindexRows } from './fulltext.ts';
import { searchPosts } from '../features/forum/queries.ts';
import { createCategory } from '../features/forum/admin.ts';

test('folding spells out umlauts and ß, drops accents and punctuation', () => {
  assert.equal(foldForSearch('Größere Übel? Ärger & Café-Besuch, naïve ŁÓDŹ!'), 'groessere uebel aerger cafe besuch naive lodz');
  assert.deepEqual(searchTerms('  x  "Müde" müde y '), ['muede']);
});

const DOCS = [
  'Ich bin so müde, jeden Tag.',
  'Die Müdigkeit kommt vom Schlafmangel.',
  'Angststörung und Panik am Abend',
  'Mit der Gruppe zum Spaziergang',
  'Große Angst vor dem Arzttermin',
  'Café am Sonntag: Kuchen und Gespräche',
];

const QUERIES: Array<[string, number[]]> = [
  ['müde', [0]],
  ['muede', [0]],
  ['müd', [0, 1]],
  ['mued', [0, 1]],
  ['angst', [2, 4]],
  ['ANGST panik', [2]],
  ['grosse', [4]],
  ['große', [4]],
  ['cafe', [5]],
  ['spazier gruppe', [3]],
  ['schlaf', [1]],
  ['nichtda', []],
];

test('the same fixed answers on this engine', async () => {
  const t = await createTestApp();
  try {
    const db = t.app.deps.db;
    const categoryId = await createCategory(t.app.deps, { slug: 'test', nameDe: 'Test', nameEn: 'Test', position: 1, readAccess: 'everyone' });
    const now = new Date().toISOString();
    const thread = await db.insertInto('forum_threads').values({ category_id: categoryId, title: 'T', slug: 't', author_id: null, anonymous: 0, content_note: '', status: 'published', locked: 0, category_seq: 1, last_number: DOCS.length, reply_count: 0, first_reply_at: null, last_post_at: now, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const [i, body] of DOCS.entries()) {
      const row = await db.insertInto('forum_posts').values({ thread_id: thread.id, category_id: categoryId, number: i + 1, author_id: null, anonymous: 0, anon_key: null, anon_sealed: null, body, html: body, search_text: foldForSearch(body), content_note: '', reply_to: null, status: 'published', deleted_by_author: 0, edited_at: null, reaction_counts: '', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await indexRows(db, [{ id: row.id, text: foldForSearch(body) }]);
      ids.push(row.id);
    }
    const readable = { ids: [categoryId], allBoards: false };
    for (const [query, expected] of QUERIES) {
      const found = await searchPosts(db, { terms: searchTerms(query), readable, page: 1, perPage: 20 });
      assert.deepEqual(found.items.map((h) => ids.indexOf(h.post_id)).sort(), expected, query);
      assert.equal(found.total, expected.length, query);
    }
    // Nothing is found in a category the reader may not read, and a removed post is gone from the index.
    assert.equal((await searchPosts(db, { terms: ['angst'], readable: { ids: ['none'], allBoards: false }, page: 1, perPage: 20 })).total, 0);
    await db.updateTable('forum_posts').set({ status: 'deleted', search_text: '' }).where('id', '=', ids[2] as number).execute();
    await unindexRows(db, [ids[2] as number]);
    assert.deepEqual((await searchPosts(db, { terms: ['angst'], readable, page: 1, perPage: 20 })).items.map((h) => ids.indexOf(h.post_id)), [4]);
  } finally {
    await t.close();
  }
});
