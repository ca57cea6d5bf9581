// A member at the entry cap (finding 4): what one request of theirs draws, lists or exports stays
// bounded — the map shows a bounded number of points with a note, the table comes a page at a time,
// the CSV and JSON exports stream — and another person's page stays fast meanwhile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signedInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { MAP_MAX_POINTS, MAX_ENTRIES, TABLE_PAGE_SIZE, importContacts } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

test('a network at the cap: bounded map, paged table, streamed export, others unaffected', async () => {
  const owner = await signedInAs(t.app, 'member');
  const contacts = Array.from({ length: MAX_ENTRIES }, (_, i) => ({ kind: 'person' as const, name: `Kontakt ${String(i).padStart(5, '0')} <&"'>`, phone: '', email: '', notes: 'Notiz' }));
  assert.equal(await importContacts(t.app.deps, owner.userId, contacts), MAX_ENTRIES);

  const page = await owner.client.get('/network');
  assert.equal(page.statusCode, 200);
  const points = (page.body.match(/class="netmap__point"/g) ?? []).length;
  assert.equal(points, MAP_MAX_POINTS, 'the map draws a bounded number of points');
  assert.match(page.body, new RegExp(`ersten ${MAP_MAX_POINTS} von ${MAX_ENTRIES}`), 'and says so');
  const rows = (page.body.match(/<tr/g) ?? []).length;
  assert.ok(rows <= TABLE_PAGE_SIZE + 1, `the table shows one page (${rows} rows)`);
  assert.ok(page.body.length < 1_000_000, `the page is ${page.body.length} bytes`);
  const last = await owner.client.get(`/network?page=${Math.ceil(MAX_ENTRIES / TABLE_PAGE_SIZE)}`);
  assert.match(last.body, /Kontakt 11999/);

  const svg = await owner.client.get('/network/map.svg');
  assert.equal((svg.body.match(/class="netmap__point"/g) ?? []).length, MAP_MAX_POINTS);
  const png = await owner.client.get('/network/map.png');
  assert.equal(png.statusCode, 200);

  const json = await owner.client.get('/network/export.json');
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['content-length'], undefined, 'the JSON export is streamed, not built as one string');
  assert.equal((json.json() as { entries: unknown[] }).entries.length, MAX_ENTRIES);
  assert.match(png.rawPayload.subarray(12, 16).toString('ascii'), /IHDR/);
  assert.ok(png.rawPayload.length < 2_000_000, `the map at the cap is an image of bounded size (${png.rawPayload.length} bytes)`);

  const csv = await owner.client.get('/network/export.csv');
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['content-length'], undefined, 'the export is streamed, not built as one string');
  assert.equal(csv.body.trimEnd().split('\r\n').length, MAX_ENTRIES + 1);

  // Someone else's page while the owner's heavy requests run.
  const other = await signedInAs(t.app, 'member');
  const timings: number[] = [];
  const heavy = Promise.all([owner.client.get('/network/map.png'), owner.client.get('/network/export.csv'), owner.client.get('/network/export.json'), owner.client.get('/network')]);
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    assert.equal((await other.client.get('/network')).statusCode, 200);
    timings.push(performance.now() - started);
  }
  await heavy;
  timings.sort((a, b) => a - b);
  assert.ok((timings.at(-1) as number) < 2000, `another person's page took up to ${Math.round(timings.at(-1) as number)} ms`);
});
