// `/network` and the other network pages take a member's entries from what this process keeps of
// their network: a repeated request opens no sealed name, a change that leaves the names alone opens
// none either, and a change made by another process on the same database shows at the next request.
// What is kept stays within its byte budget and is only ever the member's own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../app.ts';
import { createTestApp, signedInAs, textOf } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { MAP_MAX_POINTS, TABLE_PAGE_SIZE, addLedger, deleteEntry, findEntry, importContacts, logContact, updateEntry } from './service.ts';
import type { Entry } from './service.ts';
import { configureNetworkCache, networkCacheSize } from './map-cache.ts';

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

test('a second /network request opens no name, and a logged contact opens none either', async () => {
  const owner = await signedInAs(t.app, 'member');
  const contacts = Array.from({ length: SIZE }, (_, i) => ({ kind: 'person' as const, name: `Kontakt ${String(SIZE - i).padStart(4, '0')}`, phone: '', email: '', notes: '' }));
  assert.equal(await importContacts(t.app.deps, owner.userId, contacts), SIZE);

  const cold = await opened(() => owner.client.get('/network?page=3'));
  assert.equal(cold.result.statusCode, 200);
  assert.ok(cold.opens >= SIZE, `the first request orders all names (${cold.opens} opened)`);

  const warm = await opened(() => owner.client.get('/network?page=3'));
  assert.equal(warm.result.statusCode, 200);
  assert.ok(warm.opens <= TABLE_PAGE_SIZE + MAP_MAX_POINTS, `a repeated request opened ${warm.opens} names`);
  assert.equal(warm.opens, 0, 'the names are kept with the network');
  assert.ok(shownPart(warm.result.body) === shownPart(cold.result.body), 'the map and the table are the same');
  const names = tableNames(warm.result.body);
  assert.equal(names.length, TABLE_PAGE_SIZE);
  assert.equal(names[0], 'Kontakt 0401', 'page 3 starts after 400 entries in name order');

  const first = await opened(() => owner.client.get('/network'));
  assert.ok(first.opens <= TABLE_PAGE_SIZE, `page 1 opens the map's points within its own rows (${first.opens})`);
  assert.equal(firstRowName(first.result.body), 'Kontakt 0001');

  // A contact logged (here or in another process) changes the version but no name: nothing is opened
  // again, the order stays, and the table shows the new date.
  const id = /<a href="\/network\/entries\/([0-9a-f-]+)">Kontakt 0002<\/a>/.exec(first.result.body)?.[1] as string;
  assert.ok(await logContact(t.app.deps, owner.userId, id, { kind: 'call', on: '2026-03-04', note: '' }));
  const logged = await opened(() => owner.client.get('/network'));
  assert.equal(logged.opens, 0, 'no name opened after a logged contact');
  assert.match(logged.result.body, /Kontakt 0002<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>4\. März 2026<\/td>/, 'the new last contact shows in its row');
  assert.equal(firstRowName(logged.result.body), 'Kontakt 0001');

  // A rename opens that one name.
  const entry = (await findEntry(t.app.deps, owner.userId, id)) as Entry;
  assert.ok(await updateEntry(t.app.deps, owner.userId, id, { ...entry, name: 'Aaron Neu' }));
  const renamed = await opened(() => owner.client.get('/network'));
  assert.equal(renamed.opens, 1, 'only the new name is opened');
  assert.equal(firstRowName(renamed.result.body), 'Aaron Neu', 'and the order follows it');
  assert.match(renamed.result.body, /aria-label="1\. Aaron Neu: /, 'the map is drawn again with the new name first');
  assert.match(logged.result.body, /aria-label="2\. Kontakt 0002: /, 'the map kept after the logged contact is the same');
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

test('a delete and a create in the same millisecond show at the next request', async () => {
  // The count and the latest change time stay the same: the version kept by the triggers still moves.
  const owner = await signedInAs(t.app, 'member');
  await importContacts(t.app.deps, owner.userId, [{ kind: 'person', name: 'Erste Person', phone: '', email: '', notes: '' }, { kind: 'person', name: 'Zweite Person', phone: '', email: '', notes: '' }]);
  const before = await owner.client.get('/network');
  assert.match(before.body, /Zweite Person/);
  const gone = await t.app.deps.db.selectFrom('network_entries').selectAll().where('user_id', '=', owner.userId).orderBy('updated_at').execute();
  const old = gone.find((r) => r.name_sealed && /Zweite Person/.test(sealerFor(t.config.dataKey).open(r.name_sealed, owner.userId))) as (typeof gone)[number];
  await t.app.deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('network_entries').where('id', '=', old.id).execute();
    await trx.insertInto('network_entries').values({ ...old, id: randomUUID(), name_sealed: sealerFor(t.config.dataKey).seal('Dritte Person', owner.userId) }).execute();
  });
  const after = await owner.client.get('/network');
  assert.match(after.body, /Dritte Person/);
  assert.doesNotMatch(after.body, /Zweite Person/);
});

test('each member sees only their own network; what is kept stays within its budget and is dropped when idle', async () => {
  const own = await createTestApp();
  try {
    const members = [];
    for (let i = 0; i < 4; i++) {
      const m = await signedInAs(own.app, 'member');
      await importContacts(own.app.deps, m.userId, Array.from({ length: 40 }, (_, j) => ({ kind: 'person' as const, name: `Mitglied${i} Person ${j}`, phone: '', email: '', notes: '' })));
      members.push(m);
    }
    for (const [i, m] of members.entries()) {
      for (let round = 0; round < 2; round++) {
        const body = (await m.client.get('/network')).body;
        assert.match(body, new RegExp(`Mitglied${i} Person 0`));
        for (let other = 0; other < members.length; other++) if (other !== i) assert.doesNotMatch(body, new RegExp(`Mitglied${other} `), `member ${i} sees nothing of member ${other}`);
      }
    }
    const all = networkCacheSize(own.app.deps.db);
    assert.equal(all.members, 4);
    assert.ok(all.bytes > 0);

    // A budget for about two members: the least recently used go, answers stay right.
    configureNetworkCache(own.app.deps.db, { bytes: Math.ceil((all.bytes / 4) * 2.5) });
    for (const [i, m] of members.entries()) assert.match((await m.client.get('/network')).body, new RegExp(`Mitglied${i} Person 0`));
    const bounded = networkCacheSize(own.app.deps.db);
    assert.ok(bounded.bytes <= Math.ceil((all.bytes / 4) * 2.5), `${bounded.bytes} bytes kept`);
    assert.ok(bounded.members < 4 && bounded.members >= 1, `${bounded.members} members kept`);

    // Unused for longer than the idle time: dropped at the next request of anyone.
    configureNetworkCache(own.app.deps.db, { idleMs: 0 });
    await members[0]!.client.get('/network');
    assert.equal(networkCacheSize(own.app.deps.db).members, 1, 'only the member just served is kept');

    // A deleted account's network is forgotten at once.
    configureNetworkCache(own.app.deps.db, { idleMs: 60_000 });
    await own.app.deps.accountData.deleteAll(own.app.deps.db, members[0]!.userId, 'remove');
    assert.equal(networkCacheSize(own.app.deps.db).members, 0);
  } finally {
    await own.close();
  }
});

test('give and take is counted on the entry as it is written, also by another process', async () => {
  const one = await createTestApp();
  const second = await buildApp(one.config, { logger: false });
  try {
    const owner = await signedInAs(one.app, 'member');
    await importContacts(one.app.deps, owner.userId, [{ kind: 'person', name: 'Gebende Person', phone: '', email: '', notes: '' }, { kind: 'person', name: 'Andere Person', phone: '', email: '', notes: '' }]);
    const id = /<a href="\/network\/entries\/([0-9a-f-]+)">Gebende Person<\/a>/.exec((await owner.client.get('/network')).body)?.[1] as string;
    const other = /<a href="\/network\/entries\/([0-9a-f-]+)">Andere Person<\/a>/.exec((await owner.client.get('/network')).body)?.[1] as string;
    assert.match(textOf((await owner.client.get('/network/give-and-take')).body), /Gebende Person/);
    for (const direction of ['received', 'received', 'given'] as const) assert.ok(await addLedger(second.deps, owner.userId, id, { direction, support: 'practical', on: '2026-02-01', note: '' }));
    assert.ok(await addLedger(one.app.deps, owner.userId, other, { direction: 'given', support: 'company', on: '2026-02-02', note: '' }));
    assert.deepEqual((await findEntry(one.app.deps, owner.userId, id))?.balance, { received: 2, given: 1 });
    const give = textOf((await owner.client.get('/network/give-and-take')).body);
    assert.match(give, /Gebende Person 2× bekommen, 1× gegeben/, 'the other process’s notes show at the next request');
    assert.match(give, /Andere Person 0× bekommen, 1× gegeben/);
    assert.match(textOf((await owner.client.get(`/network/entries/${id}`)).body), /Mit Gebende Person ist Geben und Nehmen ungefähr ausgeglichen/, 'the entry page reads the counts too');
    // Removing an entry removes its notes and their counts with it; the other entry keeps its own.
    assert.ok(await deleteEntry(second.deps, owner.userId, id));
    assert.deepEqual((await findEntry(one.app.deps, owner.userId, other))?.balance, { received: 0, given: 1 });
    assert.doesNotMatch(textOf((await owner.client.get('/network/give-and-take')).body), /Gebende Person/);
  } finally {
    await second.close();
    await one.close();
  }
});
