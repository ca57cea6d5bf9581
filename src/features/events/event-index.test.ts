// The process's event index finds exactly the events the database query finds, in the same order,
// for every kind of filter of the list, month view and calendar; it holds only a version and day.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { today } from '../../platform/time.ts';
import { addDays } from '../../platform/time.ts';
import { localToIso } from '../../platform/recurrence.ts';
import { buildEventIndex, covers, EventIndexCache, findInIndex } from './event-index.ts';
import * as events from './service.ts';
import type { EventFilter, EventInput, Organiser } from './service.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof buildFixture>>;
const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY;
const PLACES = [
  { lat: 51.34, lon: 12.37 }, { lat: 51.5, lon: 12.1 }, { lat: 52.52, lon: 13.4 }, { lat: 48.14, lon: 11.58 }, { lat: 51.2, lon: 12.9 },
];
const FORMATS = ['in_person', 'online', 'hybrid', 'phone'];
const TOPICS = [['depression'], ['trauer'], ['depression', 'trauer'], []];

before(async () => {
  t = await createTestApp();
  f = await buildFixture(t.app);
  const organisers: Organiser[] = [
    { kind: 'organisation', id: f.point.id, slug: f.point.slug, name: f.point.name, url: '' },
    { kind: 'group', id: f.groups.leipzigGroup.id, slug: f.groups.leipzigGroup.slug, name: f.groups.leipzigGroup.name, url: '' },
  ];
  let seed = 11;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 140; i++) {
    // From 60 days ago to a year ahead, some at the same instant (ties are ordered by id), some lasting days.
    const start = base + (next(430) - 60) * DAY + (i % 5 === 0 ? 0 : next(24)) * 3_600_000;
    const end = start + (i % 9 === 0 ? 3 * DAY : 2 * 3_600_000);
    const place = PLACES[next(PLACES.length)] as { lat: number; lon: number };
    const format = FORMATS[next(FORMATS.length)] as string;
    const input: EventInput = {
      title: `Indextermin ${i}`, description: '', startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString(), format, area: '',
      placeId: null, lat: i % 11 === 0 ? null : place.lat, lon: i % 11 === 0 ? null : place.lon, address: '', onlineUrl: '', accessibility: [], audience: 'everyone',
      topics: TOPICS[next(TOPICS.length)] as string[], contactName: '', contactRole: '', contactPhone: '', contactEmail: '', registration: 'none', capacity: null, deadline: null,
    };
    await events.createEvent(t.app.deps, { actor: { id: null }, organiser: organisers[i % 2] as Organiser, input });
  }
});
after(async () => {
  await t.close();
});

function filters(): EventFilter[] {
  const day = today();
  const from = localToIso(day, '00:00') as string;
  const year = localToIso(addDays(day, 366), '00:00') as string;
  const month = (m: number) => {
    const first = new Date(base + m * 30 * DAY).toISOString().slice(0, 7);
    const [y, mo] = first.split('-').map(Number) as [number, number];
    const next = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 10);
    return { from: localToIso(`${first}-01`, '00:00') as string, to: localToIso(next, '00:00') as string };
  };
  const out: EventFilter[] = [
    { from, to: year },
    { from, to: year, near: PLACES[0], radiusKm: 25 },
    { from, to: year, near: PLACES[0], radiusKm: 50 },
    { from, to: year, near: PLACES[2], radiusKm: 5 },
    { from, to: year, topic: 'depression' },
    { from, to: year, topic: 'trauer', near: PLACES[1], radiusKm: 100 },
    { from, to: year, topic: 'no-such-topic' },
    { from, to: year, format: 'online' },
    { from, to: year, format: 'in_person', near: PLACES[0], radiusKm: 200 },
    { from, to: year, organisationId: f.point.id },
    { from, to: year, groupId: f.groups.leipzigGroup.id, topic: 'depression' },
    { from, to: year, groupId: 'none' },
  ];
  for (let m = 0; m < 12; m++) out.push(month(m), { ...month(m), near: PLACES[0], radiusKm: 50 }, { ...month(m), topic: 'depression' });
  return out;
}

test('for every kind of filter the index finds the events of the database query, in its order', async () => {
  const version = await events.eventsVersion(t.app.deps.db);
  const index = await buildEventIndex(t.app.deps.db, version, today());
  let nonEmpty = 0;
  for (const filter of filters()) {
    assert.ok(covers(index, filter), `the index covers ${JSON.stringify(filter)}`);
    const expected = await events.findEvents(t.app.deps.db, { ...filter, perPage: 5000, page: 1 });
    const found = (await findInIndex(t.app.deps.db, index, filter)).map((i) => index.ids[i]);
    assert.deepEqual(found, expected.items.map((e) => e.id), JSON.stringify(filter));
    assert.equal(found.length, expected.total);
    if (found.length) nonEmpty++;
  }
  assert.ok(nonEmpty > 25, 'most filters find events, so the comparison means something');
});

test('months long past are not covered (they go to the database); a new version is a new index', async () => {
  const cache = new EventIndexCache(t.app.deps.db);
  const version = await events.eventsVersion(t.app.deps.db);
  const index = await cache.get(version);
  assert.equal(await cache.get(version), index, 'the same version and day: the same index');
  const old = { from: new Date(base - 120 * DAY).toISOString(), to: new Date(base - 90 * DAY).toISOString() };
  assert.equal(covers(index, old), false);
  const id = await events.createEvent(t.app.deps, {
    actor: { id: null }, organiser: { kind: 'organisation', id: f.point.id, slug: f.point.slug, name: f.point.name, url: '' },
    input: {
      title: 'Später dazu', description: '', startsAt: new Date(base + 20 * DAY).toISOString(), endsAt: new Date(base + 20 * DAY + 3_600_000).toISOString(), format: 'online', area: '',
      placeId: null, lat: null, lon: null, address: '', onlineUrl: '', accessibility: [], audience: 'everyone', topics: [], contactName: '', contactRole: '', contactPhone: '',
      contactEmail: '', registration: 'none', capacity: null, deadline: null,
    },
  });
  const newer = await cache.get(await events.eventsVersion(t.app.deps.db));
  assert.notEqual(newer, index);
  assert.ok(newer.ids.includes(id));
  assert.ok(!index.ids.includes(id));
});
