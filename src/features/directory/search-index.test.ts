// The search index on its own: German folding, word parts, typos, distance, filters and paging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectoryIndex, haversineKm, type IndexedGroup, type IndexText } from './search-index.ts';
import { fold, slugify, withinOneEdit, words } from './text.ts';

const LEIPZIG = { lat: 51.3397, lon: 12.3731 };
const HALLE = { lat: 51.4828, lon: 11.9697 };
const BERLIN = { lat: 52.5244, lon: 13.4105 };

let n = 0;
function group(over: Partial<IndexedGroup> & { name: string }): IndexedGroup {
  n++;
  return {
    id: `g${n}`, slug: `g${n}`, area: '', excerpt: '', lat: null, lon: null, kind: 'self_help', audience: 'affected', formats: ['in_person'],
    accessibility: [], languages: ['de'], status: 'active', accepting: true, topics: [], contactPointId: null, rhythm: '', updatedAt: '', ...over,
  };
}

function build() {
  const index = new DirectoryIndex();
  const add = (g: IndexedGroup, strong = '', medium = '', weak = '') => {
    index.upsert(g, { strong: `${g.name} ${strong}`, medium, weak });
    return g;
  };
  const leipzigAnxiety = add(group({ name: 'Angststörungen Leipzig', ...LEIPZIG, topics: ['angst'] }), 'Angststörung', 'Panikattacken');
  const halleDepression = add(group({ name: 'Depression Halle', ...HALLE, topics: ['depression'], accessibility: ['step_free'] }), 'Depression', 'Burnout');
  const leipzigDepression = add(group({ name: 'Depression Leipzig', lat: LEIPZIG.lat + 0.01, lon: LEIPZIG.lon, topics: ['depression'], audience: 'both' }), 'Depression', 'depressive Verstimmung');
  const berlinDepression = add(group({ name: 'Depression Berlin', ...BERLIN, topics: ['depression'] }), 'Depression');
  const online = add(group({ name: 'Online-Gesprächskreis Depression', formats: ['online'], topics: ['depression'] }), 'Depression');
  const relatives = add(group({ name: 'Angehörige Leipzig', ...LEIPZIG, audience: 'relatives', topics: ['angehoerige'] }), 'Angehörige psychisch erkrankter Menschen');
  const proposed = add(group({ name: 'Depression Vorschlag', ...LEIPZIG, status: 'proposed', topics: ['depression'] }), 'Depression');
  const founding = add(group({ name: 'Trauer Leipzig', ...LEIPZIG, status: 'founding', topics: ['trauer'] }), 'Trauer');
  return { index, leipzigAnxiety, halleDepression, leipzigDepression, berlinDepression, online, relatives, proposed, founding };
}

const q = (over: Parameters<DirectoryIndex['search']>[0] extends infer Q ? Partial<Q> : never) => ({ offset: 0, limit: 20, ...over });

test('folding treats umlauts, ae/oe/ue and ß alike', () => {
  assert.equal(fold('Angststörung'), fold('ANGSTSTOERUNG'));
  assert.equal(fold('Angststörung'), fold('Angststorung'));
  assert.equal(fold('Straße'), fold('Strasse'));
  assert.deepEqual(words('Trauer & Verlust – 2. Treffen'), ['trauer', 'verlust', 'treffen']);
  assert.equal(slugify('Angehörige – Leipzig (Süd)'), 'angehoerige-leipzig-sued');
  assert.ok(withinOneEdit('depresion', 'depression'));
  assert.ok(!withinOneEdit('depr', 'depression'));
});

test('"Angst" finds "Angststörung"; word parts and umlaut-free spelling match', () => {
  const { index, leipzigAnxiety } = build();
  for (const words of ['Angst', 'angststorung', 'Angststoerung', 'Panik']) {
    const r = index.search(q({ words }));
    assert.deepEqual(r.hits.map((h) => h.group.id), [leipzigAnxiety.id], words);
  }
  // "störung" is a part of the compound "Angststörung".
  assert.equal(index.search(q({ words: 'störung' })).total, 1);
});

test('one typo is forgiven and reported; two are not', () => {
  const { index } = build();
  const r = index.search(q({ words: 'Depresion' }));
  assert.equal(r.total, 4);
  assert.deepEqual(r.corrected.map((c) => c.word), ['depresion']);
  const none = index.search(q({ words: 'Dpresion' }));
  assert.equal(none.total, 0);
  assert.deepEqual(none.unknownWords, ['dpresion']);
});

test('near + radius: sorted by distance with distances, online groups after, proposals never', () => {
  const { index, leipzigDepression, halleDepression, online, berlinDepression } = build();
  const r = index.search(q({ words: 'Depression', near: LEIPZIG, radiusKm: 50 }));
  assert.deepEqual(r.hits.map((h) => h.group.id), [leipzigDepression.id, halleDepression.id, online.id]);
  assert.ok((r.hits[0]?.distanceKm ?? 99) < 2);
  const halle = r.hits[1]?.distanceKm ?? 0;
  assert.ok(halle > 25 && halle < 40, `Halle at ${halle} km`);
  assert.equal(r.hits[2]?.distanceKm, null);
  assert.ok(!r.hits.some((h) => h.group.id === berlinDepression.id));
  // A smaller radius leaves Halle out; the online group stays.
  const small = index.search(q({ words: 'Depression', near: LEIPZIG, radiusKm: 10 }));
  assert.deepEqual(small.hits.map((h) => h.group.id), [leipzigDepression.id, online.id]);
});

test('filters: format, audience, accessibility, founding, topic, and paging', () => {
  const { index, online, relatives, halleDepression, founding, leipzigDepression } = build();
  assert.deepEqual(index.search(q({ words: 'Depression', format: 'online' })).hits.map((h) => h.group.id), [online.id]);
  const rel = index.search(q({ audience: 'relatives', near: LEIPZIG, radiusKm: 25 })).hits.map((h) => h.group.id);
  assert.ok(rel.includes(relatives.id) && rel.includes(leipzigDepression.id), 'relatives see groups for relatives and for both');
  assert.deepEqual(index.search(q({ accessibility: ['step_free'] })).hits.map((h) => h.group.id), [halleDepression.id]);
  assert.deepEqual(index.search(q({ founding: true })).hits.map((h) => h.group.id), [founding.id]);
  assert.equal(index.search(q({ topic: 'depression' })).total, 4);
  const page2 = index.search(q({ topic: 'depression', offset: 2, limit: 2 }));
  assert.equal(page2.total, 4);
  assert.equal(page2.hits.length, 2);
});

test('updates replace a group; removals drop it; compaction keeps answers right', () => {
  const { index, halleDepression } = build();
  index.upsert({ ...halleDepression, name: 'Trauercafé Halle', topics: ['trauer'] }, { strong: 'Trauercafé Halle Trauer', medium: '', weak: '' });
  assert.equal(index.search(q({ words: 'Depression' })).total, 3);
  assert.equal(index.search(q({ words: 'Trauercafe' })).total, 1);
  index.remove(halleDepression.id);
  assert.equal(index.search(q({ words: 'Trauercafe' })).total, 0);
  // Many rewrites force a compaction; the answers stay the same.
  const g = group({ name: 'Wechselgruppe', topics: ['x'] });
  for (let i = 0; i < 3000; i++) index.upsert(g, { strong: `Wechselgruppe runde${i % 3}`, medium: '', weak: '' });
  assert.equal(index.search(q({ words: 'Wechselgruppe' })).total, 1);
  assert.equal(index.search(q({ words: 'Depression' })).total, 3);
});

test('a group is found by its name even when the texts given with it do not repeat the name', () => {
  const index = new DirectoryIndex();
  index.upsert(group({ name: 'Kreativwerkstatt Nord', topics: ['kunst'] }), { strong: ['Kunst'], medium: '', weak: 'Wir malen.' });
  const hit = index.search(q({ words: 'kreativwerkstatt' }));
  assert.equal(hit.total, 1);
  assert.equal(hit.hits[0]?.score, 3, 'the name counts as strongly as a topic');
});

test('haversine distances are right', () => {
  const d = haversineKm(LEIPZIG, BERLIN);
  assert.ok(d > 145 && d < 155, String(d));
});

test('the compact layout answers the same after groups are replaced, removed and the arrays trimmed', () => {
  const index = new DirectoryIndex();
  const make = (i: number, topics: string[]): [IndexedGroup, IndexText] => [
    { id: `g${i}`, slug: `g-${i}`, name: `Gruppe ${i}`, area: 'Leipzig', excerpt: '', lat: 51.34 + (i % 100) / 10_000, lon: 12.37, kind: 'self_help', audience: 'affected', formats: ['in_person'], accessibility: [], languages: ['de'], status: 'active', accepting: true, topics, contactPointId: null, rhythm: '', updatedAt: '2026-01-01T00:00:00.000Z' },
    { strong: [`Gruppe ${i}`, 'Depression Depression'], medium: ['Leipzig', 'Niedergeschlagenheit Schwermut'], weak: i % 2 ? 'Wir treffen uns im Stadtteilzentrum.' : 'Gespräche über Angst und Panik.' },
  ];
  for (let i = 0; i < 1200; i++) index.upsert(...make(i, ['depression']));
  const near = { lat: 51.34, lon: 12.37 };
  const search = (words: string) => index.search({ words, near, radiusKm: 50, offset: 0, limit: 5 });
  assert.equal(search('Panik').total, 600);
  assert.equal(search('schwermut stadtteilzentrum').total, 600);
  // Replacing most groups leaves dead documents until compaction rebuilds the pool of terms.
  for (let round = 0; round < 2; round++) for (let i = 0; i < 1000; i++) index.upsert(...make(i, ['angst']));
  for (let i = 1000; i < 1100; i++) index.remove(`g${i}`);
  index.trim();
  assert.equal(index.size, 1100);
  assert.equal(search('Panik').total, 550);
  assert.equal(search('schwermut stadtteilzentrum').total, 550);
  assert.deepEqual(index.search({ topic: 'angst', offset: 0, limit: 1 }).total, 1000);
  // Shared values are one instance: the lists of two groups with the same topics are the same list.
  assert.equal(index.get('g1')?.topics, index.get('g2')?.topics);
  index.upsert(...make(5000, ['trauer']));
  assert.equal(search('Panik').total, 551, 'a group added after trimming is indexed as before');
  assert.equal(index.search({ words: 'Gruppe 5000', offset: 0, limit: 1 }).hits[0]?.group.id, 'g5000');
});

test('a build finished in slices answers as one built at once: same pool, same name order', async () => {
  const make = (i: number): [IndexedGroup, IndexText] => [
    group({ name: `${['Zuversicht', 'Angst', 'Ärger', 'Oase', 'Mut'][i % 5]} ${(i * 7919) % 1000}`, lat: 51.3 + (i % 50) / 1000, lon: 12.3, topics: [i % 3 ? 'depression' : 'angst'] }),
    { strong: [`Gruppe ${i}`], medium: ['Leipzig'], weak: i % 2 ? 'Wir treffen uns.' : 'Gespräche über Angst.' },
  ];
  const sliced = new DirectoryIndex();
  const whole = new DirectoryIndex();
  // Room made for fewer groups than come: the rest grows as without it.
  sliced.reserve(15_000);
  // More groups than one sorted run of prepareNameOrder(), with names shared by several groups.
  for (let i = 0; i < 20_000; i++) {
    const [g, text] = make(i);
    sliced.upsert(g, text);
    whole.upsert(g, text);
  }
  await sliced.finishBuild();
  await sliced.prepareNameOrder();
  for (const query of [{}, { words: 'Angst' }, { words: 'treffen', near: { lat: 51.3, lon: 12.3 }, radiusKm: 5 }, { topic: 'angst' }]) {
    for (const offset of [0, 40, 2990, 19_990]) {
      const a = sliced.search({ ...query, offset, limit: 20 });
      const b = whole.search({ ...query, offset, limit: 20 });
      assert.equal(a.total, b.total);
      assert.deepEqual(a.hits.map((h) => h.group.id), b.hits.map((h) => h.group.id), JSON.stringify({ query, offset }));
    }
  }
  // Changes after the build keep the name order without sorting again.
  const [late] = make(5);
  sliced.upsert({ ...late, id: 'late', name: 'Aaa Anfang' }, { strong: 'Aaa Anfang', medium: '', weak: '' });
  assert.equal(sliced.search({ offset: 0, limit: 1 }).hits[0]?.group.id, 'late');
  sliced.remove('late');
  assert.notEqual(sliced.search({ offset: 0, limit: 1 }).hits[0]?.group.id, 'late');
});

test('ids and terms kept as one text: found after a build, after replacing and removing, with typos and word parts', async () => {
  const index = new DirectoryIndex();
  for (let i = 0; i < 3000; i++) index.upsert(group({ id: `id-${i}`, name: `Runde ${i} Selbsthilfe`, topics: ['t'] }), { strong: [], medium: [`Ort${i % 7}`], weak: `Wort${i}` });
  await index.finishBuild();
  assert.equal(index.get('id-42')?.id, 'id-42');
  assert.equal(index.get('id-3000'), undefined);
  assert.equal(index.search(q({ words: 'wort2999' })).hits[0]?.group.id, 'id-2999');
  // One letter off (a typo) and a word part, over the vocabulary joined into one text.
  assert.deepEqual(index.search(q({ words: 'selbsthilve' })).corrected, [{ word: 'selbsthilve', term: 'selbsthilfe' }]);
  assert.equal(index.search(q({ words: 'hilfe' })).total, 3000);
  // Replaced twice (the same id under two older, dead numbers) and given a new word; then removed.
  for (const word of ['Erstens', 'Zweitens']) index.upsert(group({ id: 'id-42', name: 'Runde 42 Selbsthilfe', topics: ['t'] }), { strong: [], medium: [], weak: word });
  assert.equal(index.get('id-42')?.id, 'id-42');
  assert.equal(index.search(q({ words: 'zweitens' })).hits[0]?.group.id, 'id-42');
  assert.equal(index.search(q({ words: 'erstens' })).total, 0);
  assert.ok(index.search(q({ words: 'wort42', limit: 50 })).hits.every((h) => h.group.id !== 'id-42'));
  index.remove('id-42');
  assert.equal(index.get('id-42'), undefined);
  assert.equal(index.search(q({ words: 'zweitens' })).total, 0);
  assert.equal(index.size, 2999);
  // A new group after the build: its id and its new words are found before and after the next join.
  index.upsert(group({ id: 'neu', name: 'Ganz neue Gruppe', topics: ['t'] }), { strong: [], medium: [], weak: 'Quittenbaum' });
  assert.equal(index.get('neu')?.id, 'neu');
  assert.equal(index.search(q({ words: 'quitten' })).hits[0]?.group.id, 'neu');
  index.trim();
  assert.equal(index.get('neu')?.id, 'neu');
  assert.equal(index.search(q({ words: 'quittenbaum' })).hits[0]?.group.id, 'neu');
});
