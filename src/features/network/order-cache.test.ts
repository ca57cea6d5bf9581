// `/network` at a large size: a request whose owner's entries are unchanged opens only the names the
// page shows (the order by name is kept per owner), and a change made by another process on the same
// database shows at this process's next request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { createTestApp, signedInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { MAP_MAX_POINTS, TABLE_PAGE_SIZE, findEntry, importContacts, updateEntry } from './service.ts';
import type { Entry } from './service.ts';

const SIZE = 1_000;

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

/** Counts the sealed values opened while `run` runs. */
async function opened<T>(run: () => Promise<T>): Promise<{ result: T; opens: number }> {
  const s = sealerFor(t.config.dataKey);
  const original = s.open;
  let opens = 0;
  s.open = function (this: typeof s, ...args: Parameters<typeof original>) {
    opens++;
    return original.apply(this, args);
  };
  try {
    return { result: await run(), opens };
  } finally {
    s.open = original;
  }
}

/** The names in the table, in its order (the table follows the map). */
const tableNames = (body: string) => [...body.slice(body.indexOf('id="table"')).matchAll(/<a href="\/network\/entries\/[0-9a-f-]+">([^<]*)<\/a>/g)].map((m) => m[1]);
/** The map, the table and the pages (the flash and the form token differ between two requests). */
const shownPart = (body: string) => body.slice(body.indexOf('class="netmap-figure"'), body.indexOf('</main>'));
const firstRowName = (body: string) => tableNames(body)[0];

test('a second /network request opens only the names the page shows, with the same page', async () => {
  const owner = await signedInAs(t.app, 'member');
  const contacts = Array.from({ length: SIZE }, (_, i) => ({ kind: 'person' as const, name: `Kontakt ${String(SIZE - i).padStart(4, '0')}`, phone: '', email: '', notes: '' }));
  assert.equal(await importContacts(t.app.deps, owner.userId, contacts), SIZE);

  const cold = await opened(() => owner.client.get('/network?page=3'));
  assert.equal(cold.result.statusCode, 200);
  assert.ok(cold.opens >= SIZE, `the first request orders all names (${cold.opens} opened)`);

  const warm = await opened(() => owner.client.get('/network?page=3'));
  assert.equal(warm.result.statusCode, 200);
  assert.ok(warm.opens <= TABLE_PAGE_SIZE + MAP_MAX_POINTS, `a repeated request opened ${warm.opens} names`);
  assert.ok(warm.opens > 0, 'and it does open the names it shows');
  assert.ok(shownPart(warm.result.body) === shownPart(cold.result.body), 'the map and the table are the same');
  const names = tableNames(warm.result.body);
  assert.equal(names.length, TABLE_PAGE_SIZE);
  assert.equal(names[0], 'Kontakt 0401', 'page 3 starts after 400 entries in name order');

  const first = await opened(() => owner.client.get('/network'));
  assert.ok(first.opens <= TABLE_PAGE_SIZE, `page 1 opens the map's points within its own rows (${first.opens})`);
  assert.equal(firstRowName(first.result.body), 'Kontakt 0001');
});

test('a rename through another process on the same database shows at the next request', async () => {
  // Its own pair of apps, closed second then first, as two processes would.
  const one = await createTestApp();
  const second = await buildApp(one.config, { logger: false });
  try {
  const owner = await signedInAs(one.app, 'member');
  const contacts = Array.from({ length: 300 }, (_, i) => ({ kind: 'person' as const, name: `Person ${String(i).padStart(3, '0')}`, phone: '', email: '', notes: '' }));
  await importContacts(one.app.deps, owner.userId, contacts);
  const before = await owner.client.get('/network');
  assert.equal(firstRowName(before.body), 'Person 000');
  assert.doesNotMatch(before.body, /Aaron Umbenannt/);

  {
    const last = /<a href="\/network\/entries\/([0-9a-f-]+)">Person 299<\/a>/.exec((await owner.client.get('/network?page=2')).body)?.[1];
    assert.ok(last, 'the last entry is on page 2');
    const entry = (await findEntry(second.deps, owner.userId, last)) as Entry;
    const renamed = await updateEntry(second.deps, owner.userId, entry.id, { ...entry, name: 'Aaron Umbenannt', phone: entry.phone, email: entry.email, notes: entry.notes });
    assert.ok(renamed);
  }

  const after = await owner.client.get('/network');
  assert.equal(firstRowName(after.body), 'Aaron Umbenannt', 'the renamed entry moves to the top of the table');
  assert.match(after.body, /Aaron Umbenannt/);
  const page2 = await owner.client.get('/network?page=2');
  assert.doesNotMatch(page2.body, /Person 299/, 'and is gone from where it was');
  } finally {
    await second.close();
    await one.close();
  }
});

test('two requests that find no order at the same time build it once', async () => {
  const owner = await signedInAs(t.app, 'member');
  const size = 300;
  const contacts = Array.from({ length: size }, (_, i) => ({ kind: 'person' as const, name: `Gleichzeitig ${String(i).padStart(3, '0')}`, phone: '', email: '', notes: '' }));
  await importContacts(t.app.deps, owner.userId, contacts);
  const both = await opened(() => Promise.all([owner.client.get('/network'), owner.client.get('/network')]));
  for (const res of both.result) assert.equal(firstRowName(res.body), 'Gleichzeitig 000');
  // One build opens every name once; each request then opens its own page (two builds would be 2 × size more).
  assert.ok(both.opens <= size + 2 * TABLE_PAGE_SIZE, `${both.opens} names opened for two requests`);
});
