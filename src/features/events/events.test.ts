// Events and meetings over HTTP: publishing with bad input, registration with capacity and waiting
// list (also 20 at once for the last place), double opt-in for visitors, cancellation mails,
// reminders, personal feeds, group meetings with exceptions, calendars, the API and the permission grid.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { Client, createTestApp, onPostgres, outbox, runPermissionGrid, signedInAs, textOf, type GridAction } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { setConfirmedEmail } from '../accounts/service.ts';
import { buildFixture, EXACT_ADDRESS } from '../directory/fixture.test-support.ts';
import * as events from './service.ts';
import { getGroupBySlug, groupGuardOnce } from '../directory/index.ts';
import { inputFromGroup, updateGroup } from '../directory/service.ts';
import { UserActor } from '../../platform/auth/actor.ts';
import type { EventInput, Organiser } from './service.ts';
import { expandIcs } from './ical.test.ts';
import { isoToLocal } from '../../platform/recurrence.ts';
import { buildApp } from '../../app.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof buildFixture>>;
let groupOrganiser: Organiser;
let pointOrganiser: Organiser;
before(async () => {
  t = await createTestApp();
  f = await buildFixture(t.app);
  const g = f.groups.leipzigGroup;
  groupOrganiser = { kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` };
  pointOrganiser = { kind: 'organisation', id: f.point.id, slug: f.point.slug, name: f.point.name, url: `/organisations/${f.point.slug}` };
});
after(async () => {
  await t.close();
});

const DAY = 86_400_000;
const inDays = (n: number, hour = 17) => new Date(Math.floor(Date.now() / DAY) * DAY + n * DAY + hour * 3_600_000).toISOString();
const SECRET_LINK = 'https://meet.example.org/geheim-4711';
const SECRET_PLACE = 'Kontaktstelle, Hinterhaus, Raum 12';

function input(over: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Online-Austausch Depression', description: 'Eine Stunde **Austausch**.', startsAt: inDays(10), endsAt: inDays(10, 18), format: 'hybrid', area: 'Leipzig-Zentrum',
    placeId: null, lat: 51.34, lon: 12.37, address: SECRET_PLACE, onlineUrl: SECRET_LINK, accessibility: ['step_free'], audience: 'affected', topics: ['depression'],
    contactName: 'Frau Beispiel', contactRole: 'Beraterin der Kontaktstelle', contactPhone: '0341 123456', contactEmail: 'beispiel@example.org',
    registration: 'open', capacity: null, deadline: null, ...over,
  };
}

const newEvent = (over: Partial<EventInput> = {}, organiser = pointOrganiser) => events.createEvent(t.app.deps, { actor: { id: null }, organiser, input: input(over) });

function eventForm(over: Record<string, string | string[]> = {}) {
  const start = isoToLocal(inDays(12));
  return {
    organiser: `group:${f.groups.leipzigGroup.slug}`, title: 'Gesprächsabend für Neue', description: 'Kommen Sie vorbei.', date: start.date, startTime: '19:00', endTime: '21:00',
    format: 'in_person', place: 'Leipzig', area: 'Leipzig-Süd', address: 'Mühlenweg 6', audience: 'everyone', registration: 'open', capacity: '12', topics: ['depression'], ...over,
  };
}

async function member(name: string, email?: string) {
  const m = await signedInAs(t.app, 'member', name);
  if (email) await setConfirmedEmail(t.app.deps.db, m.userId, email);
  return m;
}

describe('publishing', () => {
  test('a facilitator publishes an event for the group; bad input comes back at the fields with everything kept', async () => {
    const c = f.people.facilitator.client;
    const formUrl = `/events/new?group=${f.groups.leipzigGroup.slug}`;
    assert.equal((await c.get(formUrl)).statusCode, 200);
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ endTime: '18:00' }, /Das Ende muss nach dem Beginn liegen/],
      [{ capacity: '0' }, /ganze Zahl ab 1/],
      [{ capacity: '-3' }, /ganze Zahl ab 1/],
      [{ capacity: 'viele' }, /ganze Zahl ab 1/],
      [{ deadlineDate: isoToLocal(inDays(20)).date }, /Anmeldeschluss muss vor dem Beginn/],
      [{ place: '' }, /Ort oder die Postleitzahl an/],
      [{ date: '2020-01-01' }, /Vergangenheit/],
      [{ date: '31.12.2026' }, /Datum wie 2026-12-03/],
      [{ startTime: '25:99' }, /Uhrzeit wie 19:00/],
      [{ endDate: isoToLocal(inDays(40)).date }, /höchstens 14 Tage/],
    ];
    for (const [over, message] of cases) {
      const res = await c.submit(formUrl, '/events/new', eventForm({ ...over, title: 'Behaltener Titel 123' }));
      assert.equal(res.statusCode, 400, JSON.stringify(over));
      assert.match(textOf(res.body), message, JSON.stringify(over));
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /value="Behaltener Titel 123"/);
    }
    const ok = await c.submit(formUrl, '/events/new', eventForm());
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const page = await c.get(String(ok.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Gesprächsabend für Neue/);
    assert.match(page.body, /"@type":"Event"/);
    assert.match(page.body, /19:00–21:00 Uhr/);
    // The list and the month show it; the group page lists it.
    assert.match(textOf((await new Client(t.app).get('/events')).body), /Gesprächsabend für Neue/);
    const month = isoToLocal(inDays(12)).date.slice(0, 7);
    assert.match(textOf((await new Client(t.app).get(`/events?view=month&month=${month}`)).body), /19:00 Gesprächsabend für Neue/);
    assert.match(textOf((await new Client(t.app).get(`/groups/${f.groups.leipzigGroup.slug}`)).body), /Veranstaltungen der Gruppe Gesprächsabend für Neue/);
  });

  test('editing cannot lower the places below the people already registered', async () => {
    const id = await newEvent({ capacity: 3, registration: 'open' });
    const a = await member('Kapazität A');
    const b = await member('Kapazität B');
    for (const m of [a, b]) assert.equal((await m.client.submit(`/events/${id}`, `/events/${id}/register`, {})).statusCode, 303);
    const staff = f.people.staff.client;
    const form = await staff.get(`/events/${id}/edit`);
    assert.equal(form.statusCode, 200);
    const start = isoToLocal(inDays(10));
    const res = await staff.post(`/events/${id}/edit`, { organiser: `organisation:${f.point.slug}`, title: 'Online-Austausch Depression', date: start.date, startTime: start.time, endTime: isoToLocal(inDays(10, 18)).time, format: 'online', audience: 'affected', registration: 'open', capacity: '1' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /Es sind schon 2 Personen angemeldet/);
  });
});

describe('registration', () => {
  test('one place left: the second person takes the waiting list, moves up when the first cancels and is told by mail', async () => {
    const id = await newEvent({ capacity: 1, title: 'Ein Platz' });
    const first = await member('Erste Person', 'erste@example.org');
    const second = await member('Zweite Person', 'zweite@example.org');
    const stranger = await member('Fremd');
    let page = await first.client.get(`/events/${id}`);
    assert.match(textOf(page.body), /Noch 1 Platz frei/);
    assert.ok(!page.body.includes(SECRET_LINK) && !page.body.includes(SECRET_PLACE), 'no secrets before registering');
    // The share block: plain links to the event's public address, nothing loaded from elsewhere.
    assert.match(page.body, new RegExp(`href="https://bsky\\.app/intent/compose\\?text=[^"]*%2Fevents%2F${id}"`));
    assert.equal((await first.client.post(`/events/${id}/register`, {})).statusCode, 303);
    page = await first.client.get(`/events/${id}`);
    assert.match(textOf(page.body), /Sie sind angemeldet/);
    assert.ok(page.body.includes(SECRET_LINK) && page.body.includes(SECRET_PLACE), 'confirmed participants see place and link');
    // Twice is refused with a message, not a second place.
    const again = await first.client.post(`/events/${id}/register`, {});
    assert.equal(again.statusCode, 400);
    assert.match(textOf(again.body), /schon angemeldet/);
    // The second person sees "full" and is offered the waiting list.
    page = await second.client.get(`/events/${id}`);
    assert.match(textOf(page.body), /Alle Plätze sind vergeben/);
    const noWait = await second.client.post(`/events/${id}/register`, {});
    assert.equal(noWait.statusCode, 400);
    assert.match(textOf(noWait.body), /Warteliste/);
    assert.equal((await second.client.post(`/events/${id}/register`, { waitlist: 'yes' })).statusCode, 303);
    page = await second.client.get(`/events/${id}`);
    assert.match(textOf(page.body), /Sie stehen auf der Warteliste/);
    assert.ok(!page.body.includes(SECRET_LINK), 'the waiting list does not see the link');
    // The first cancels from "my registrations".
    const mine = await first.client.get('/events/mine');
    const action = /action="(\/events\/registrations\/[^"]+\/cancel)"/.exec(mine.body)?.[1];
    assert.ok(action);
    assert.equal((await first.client.post(action, {})).statusCode, 303);
    page = await second.client.get(`/events/${id}`);
    assert.match(textOf(page.body), /Sie sind angemeldet/);
    assert.ok(page.body.includes(SECRET_LINK));
    const mails = await outbox(t.app);
    const moved = mails.find((m) => m.to_address === 'zweite@example.org' && m.subject.includes('Ein Platz ist frei geworden'));
    assert.ok(moved, 'the person moved up got a mail');
    assert.match(moved.text_body, /\/events\/registrations\/[0-9a-f-]+\?key=/);
    const row = await events.getEvent(t.app.deps.db, id);
    assert.equal(row?.taken, 1);
    // Nobody but the organisers sees who registered.
    assert.equal((await stranger.client.get(`/events/${id}/participants`)).statusCode, 403);
    const list = await f.people.staff.client.get(`/events/${id}/participants`);
    assert.match(textOf(list.body), /Zweite Person/);
    const csv = await f.people.staff.client.get(`/events/${id}/participants.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Zweite Person/);
    assert.doesNotMatch(csv.body, /Erste Person/);
  });

  test('a visitor registers with name and address, confirms through the signed link, and cancels through it', async () => {
    const id = await newEvent({ capacity: 5, title: 'Besuch möglich' });
    const visitor = new Client(t.app);
    await visitor.get(`/events/${id}`);
    const bad = await visitor.post(`/events/${id}/register`, { name: 'Gast', email: 'kein-at' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Gast"/);
    const res = await visitor.post(`/events/${id}/register`, { name: 'Gast Gerda', email: 'Gerda@Example.org', consent: 'yes' });
    assert.equal(res.statusCode, 303);
    assert.equal((await events.getEvent(t.app.deps.db, id))?.taken, 0, 'no place before the address is confirmed');
    const mail = (await outbox(t.app)).find((m) => m.to_address === 'Gerda@Example.org');
    assert.ok(mail);
    const link = /(\/events\/registrations\/[0-9a-f-]+\?key=[\w-]+)/.exec(mail.text_body)?.[1];
    assert.ok(link);
    assert.equal((await new Client(t.app).get(link.replace(/key=.*/, 'key=falsch'))).statusCode, 404);
    const page = await visitor.get(link);
    assert.equal(page.statusCode, 200);
    assert.equal((await visitor.post(`${link.split('?')[0]}/confirm`, { key: link.split('key=')[1]! })).statusCode, 303);
    const confirmed = await visitor.get(link);
    assert.match(textOf(confirmed.body), /Sie sind angemeldet/);
    assert.ok(confirmed.body.includes(SECRET_PLACE));
    assert.equal((await events.getEvent(t.app.deps.db, id))?.taken, 1);
    // The same address once more: already registered.
    const twice = await new Client(t.app).submit(`/events/${id}`, `/events/${id}/register`, { name: 'Gerda', email: 'gerda@example.org', consent: 'yes' });
    assert.equal(twice.statusCode, 400);
    assert.match(textOf(twice.body), /schon angemeldet/);
    assert.equal((await visitor.post(`${link.split('?')[0]}/cancel`, { key: link.split('key=')[1]! })).statusCode, 303);
    assert.equal((await events.getEvent(t.app.deps.db, id))?.taken, 0);
  });

  test('past events, closed deadlines and events without registration take nobody', async () => {
    const past = await newEvent({ startsAt: inDays(-2), endsAt: inDays(-2, 18) });
    const closed = await newEvent({ deadline: inDays(-1) });
    const none = await newEvent({ registration: 'none' });
    const m = await member('Zu spät');
    for (const id of [past, closed, none]) {
      const res = await m.client.submit(`/events/${id}`, `/events/${id}/register`, {});
      assert.ok(res.statusCode === 400 || res.statusCode === 403, `${res.statusCode}`);
      assert.ok(res.statusCode < 500);
    }
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/events/${past}/registration`, payload: {}, headers: { authorization: `Bearer ${await createApiToken(t.app.deps.db, m.userId, 't')}` } });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().code, 'registration_closed');
  });

  test('approval: a request waits for the organiser, who admits it; the person is told', async () => {
    const id = await newEvent({ registration: 'approval', capacity: 2, title: 'Mit Bestätigung' });
    const m = await member('Anfrage Anna', 'anna@example.org');
    assert.equal((await m.client.submit(`/events/${id}`, `/events/${id}/register`, {})).statusCode, 303);
    assert.match(textOf((await m.client.get(`/events/${id}`)).body), /wartet auf die Bestätigung/);
    const list = await f.people.staff.client.get(`/events/${id}/participants`);
    const action = /action="(\/events\/[^"]+\/participants\/[^"]+)"/.exec(list.body)?.[1];
    assert.ok(action);
    assert.equal((await f.people.staff.client.post(action, { decision: 'admit' })).statusCode, 303);
    assert.match(textOf((await m.client.get(`/events/${id}`)).body), /Sie sind angemeldet/);
    assert.ok((await outbox(t.app)).some((x) => x.to_address === 'anna@example.org' && x.subject.startsWith('Sie sind angemeldet')));
  });

  test('cancelling an event mails everyone registered, with the reason', async () => {
    const id = await newEvent({ capacity: 1, title: 'Wird abgesagt' });
    const a = await member('Absage A', 'absage-a@example.org');
    const b = await member('Absage B', 'absage-b@example.org');
    await a.client.submit(`/events/${id}`, `/events/${id}/register`, {});
    await b.client.submit(`/events/${id}`, `/events/${id}/register`, { waitlist: 'yes' });
    const bad = await f.people.staff.client.submit(`/events/${id}/cancel`, `/events/${id}/cancel`, { reason: '' });
    assert.equal(bad.statusCode, 400);
    assert.equal((await f.people.staff.client.submit(`/events/${id}/cancel`, `/events/${id}/cancel`, { reason: 'Die Referentin ist krank.' })).statusCode, 303);
    const mails = (await outbox(t.app)).filter((m) => m.subject === 'Abgesagt: Wird abgesagt');
    assert.deepEqual(mails.map((m) => m.to_address).sort(), ['absage-a@example.org', 'absage-b@example.org']);
    assert.match(mails[0]!.text_body, /Die Referentin ist krank/);
    assert.match(textOf((await new Client(t.app).get(`/events/${id}`)).body), /abgesagt/);
    const ics = (await new Client(t.app).get(`/events/${id}.ics`)).body;
    assert.match(ics, /STATUS:CANCELLED/);
  });

  for (const waitlist of [false, true]) {
    test(`20 members at once for the last place ${waitlist ? '(with waiting list)' : ''}: exactly one gets it`, async () => {
      const id = await newEvent({ capacity: 1, title: `Letzter Platz ${waitlist}` });
      const people = await Promise.all(Array.from({ length: 20 }, (_, i) => member(`Parallel ${waitlist} ${i}`)));
      const tokens = await Promise.all(people.map((p) => createApiToken(t.app.deps.db, p.userId, 'parallel')));
      const answers = await Promise.all(tokens.map((token) => t.app.inject({
        method: 'POST', url: `/api/v1/events/${id}/registration`, payload: { waitlist }, headers: { authorization: `Bearer ${token}` },
      })));
      assert.ok(answers.every((a) => a.statusCode < 500), answers.map((a) => a.statusCode).join(','));
      const confirmed = answers.filter((a) => a.statusCode === 200 && a.json().status === 'confirmed');
      assert.equal(confirmed.length, 1);
      if (waitlist) assert.equal(answers.filter((a) => a.statusCode === 200 && a.json().status === 'waiting').length, 19);
      else assert.equal(answers.filter((a) => a.statusCode === 409 && a.json().code === 'event_full').length, 19);
      const rows = await t.app.deps.db.selectFrom('event_registrations').select('status').where('event_id', '=', id).execute();
      assert.equal(rows.filter((r) => r.status === 'confirmed').length, 1);
      assert.equal((await events.getEvent(t.app.deps.db, id))?.taken, 1);
    });
  }
});

describe('reminders and my registrations', () => {
  test('a reminder goes out once within 24 hours, not to someone who turned reminders off', async () => {
    const id = await newEvent({ startsAt: new Date(Date.now() + 20 * 3_600_000).toISOString(), endsAt: new Date(Date.now() + 21 * 3_600_000).toISOString(), title: 'Morgen schon' });
    const on = await member('Erinnert', 'erinnert@example.org');
    const off = await member('Nicht erinnert', 'nicht@example.org');
    for (const m of [on, off]) assert.equal((await m.client.submit(`/events/${id}`, `/events/${id}/register`, {})).statusCode, 303);
    assert.equal((await off.client.submit('/events/mine', '/events/mine/settings', {})).statusCode, 303);
    assert.match(textOf((await off.client.get('/events/mine')).body), /Morgen schon/);
    assert.equal(await events.sendReminders(t.app.deps), 1);
    assert.equal(await events.sendReminders(t.app.deps), 0);
    const mails = await outbox(t.app);
    assert.ok(mails.some((m) => m.to_address === 'erinnert@example.org' && m.subject === 'Erinnerung: Morgen schon'));
    assert.ok(!mails.some((m) => m.to_address === 'nicht@example.org' && m.subject.startsWith('Erinnerung')));
  });

  test('the personal feed shows the events one registered for, with the place; revoking ends it', async () => {
    const id = await newEvent({ title: 'Im Feed' });
    const m = await member('Feed Frieda');
    await m.client.submit(`/events/${id}`, `/events/${id}/register`, {});
    const made = await m.client.submit('/events/mine', '/events/mine/feed', {});
    assert.equal(made.statusCode, 200);
    const url = /(\/events\/feed\/[\w-]+\.ics)/.exec(made.body)?.[1];
    assert.ok(url);
    const feed = await new Client(t.app).get(url);
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers['content-type']), /text\/calendar/);
    assert.match(feed.body, /SUMMARY:Im Feed/);
    const vevent = new ICAL.Component(ICAL.parse(feed.body)).getFirstSubcomponent('vevent');
    assert.ok(String(vevent?.getFirstPropertyValue('location')).includes(SECRET_PLACE), 'a confirmed registration carries the exact place');
    assert.equal(expandIcs(feed.body, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z').length, 1);
    const stored = await t.app.deps.db.selectFrom('event_member_settings').select('feed_token_hash').where('user_id', '=', m.userId).executeTakeFirst();
    assert.ok(stored?.feed_token_hash && !url.includes(stored.feed_token_hash), 'only the hash is stored');
    await m.client.submit('/events/mine', '/events/mine/feed/revoke', {});
    assert.equal((await new Client(t.app).get(url)).statusCode, 404);
  });
});

describe('group meetings', () => {
  test('the facilitator sets the rhythm, cancels and moves meetings; the page, the members and the calendar agree', async () => {
    const g = f.groups.leipzigGroup;
    const c = f.people.facilitator.client;
    const manage = `/groups/${g.slug}/meetings`;
    const never = await c.submit(manage, `${manage}/schedule`, { pattern: 'weekly', weekday: 'TU', nth: '1', startTime: '19:00', duration: '120', rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' });
    assert.equal(never.statusCode, 400);
    assert.match(textOf(never.body), /kein einziges Treffen/);
    assert.match(never.body, /value="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"/);
    const badDuration = await c.submit(manage, `${manage}/schedule`, { pattern: 'weekly', weekday: 'TU', startTime: '19:00', duration: '0' });
    assert.equal(badDuration.statusCode, 400);
    assert.equal((await c.submit(manage, `${manage}/schedule`, { pattern: 'weekly', weekday: 'TH', nth: '1', startTime: '18:30', duration: '90' })).statusCode, 303);
    let groupPage = textOf((await new Client(t.app).get(`/groups/${g.slug}`)).body);
    assert.match(groupPage, /Jeden Donnerstag, 18:30–20:00 Uhr/);
    assert.match(groupPage, /Nächste Treffen .*Do\., .*18:30–20:00 Uhr/);
    const page = await c.get(manage);
    const originals = [...page.body.matchAll(/name="original" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(originals.length >= 3);
    const [one, two] = originals as [string, string];
    assert.equal((await c.post(`${manage}/exceptions`, { original: one, kind: 'cancelled', reason: '' })).statusCode, 400);
    assert.equal((await c.post(`${manage}/exceptions`, { original: one, kind: 'cancelled', reason: 'Feiertag' })).statusCode, 303);
    const local = isoToLocal(two);
    const movedEnd = await c.post(`${manage}/exceptions`, { original: two, kind: 'moved', date: local.date, startTime: '20:00', endTime: '19:00', reason: 'Umbau' });
    assert.equal(movedEnd.statusCode, 400);
    assert.match(textOf(movedEnd.body), /Das Ende muss nach dem Beginn liegen/);
    assert.equal((await c.post(`${manage}/exceptions`, { original: two, kind: 'moved', date: local.date, startTime: '17:00', endTime: '18:30', place: 'Raum 5 im Erdgeschoss', reason: 'Umbau' })).statusCode, 303);
    groupPage = textOf((await new Client(t.app).get(`/groups/${g.slug}`)).body);
    assert.match(groupPage, /fällt aus Grund: Feiertag/);
    assert.match(groupPage, /verlegt .*Grund: Umbau/);
    assert.doesNotMatch(groupPage, /Raum 5 im Erdgeschoss/);
    assert.match(textOf((await f.people.admitted.client.get(`/groups/${g.slug}`)).body), /Raum 5 im Erdgeschoss/);
    assert.ok((await f.people.admitted.client.get(`/groups/${g.slug}`)).body.includes(EXACT_ADDRESS));
    // The calendar: ical.js expands it to the meetings the page shows.
    const ics = await new Client(t.app).get(`/groups/${g.slug}/calendar.ics`);
    assert.equal(ics.statusCode, 200);
    assert.match(ics.body, /EXDATE;TZID=Europe\/Berlin:/);
    assert.match(ics.body, /RECURRENCE-ID;TZID=Europe\/Berlin:/);
    assert.doesNotMatch(ics.body, /Raum 5/);
    const group = (await getGroupBySlug(t.app.deps.db, g.slug))!;
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 120 * DAY).toISOString();
    const shown = (await events.groupMeetingsBetween(t.app.deps.db, group, from, to)).filter((m) => m.status !== 'cancelled').map((m) => `${m.start}/${m.end}`);
    const ownEvents = (await events.eventsOfGroup(t.app.deps.db, group.id, from, 100)).filter((e) => e.starts_at < to && e.status !== 'cancelled').map((e) => `${e.starts_at}/${e.ends_at}`);
    assert.deepEqual(expandIcs(ics.body, from, to), [...shown, ...ownEvents].sort());
    // Undo brings the meeting back.
    assert.equal((await c.post(`${manage}/exceptions/undo`, { original: one })).statusCode, 303);
    assert.doesNotMatch(textOf((await new Client(t.app).get(`/groups/${g.slug}`)).body), /Feiertag/);
  });
});

describe('calendars and API', () => {
  test('/calendar.ics and /api/v1/events follow the filters of /events; bad filters are 400 naming the field', async () => {
    await newEvent({ title: 'Online für alle', format: 'online', lat: null, lon: null, area: '', topics: ['depression'] });
    await newEvent({ title: 'Nur in Berlin', format: 'in_person', lat: 52.52, lon: 13.4, area: 'Berlin-Mitte', topics: ['trauer'] });
    const near = await t.app.inject({ url: '/api/v1/events?near=Leipzig&radius=25' });
    assert.equal(near.statusCode, 200);
    const titles = (near.json().items as Array<{ title: string }>).map((i) => i.title);
    assert.ok(titles.includes('Online für alle'));
    assert.ok(!titles.includes('Nur in Berlin'));
    assert.equal(typeof near.json().total, 'number');
    const topic = await t.app.inject({ url: '/api/v1/events?topic=trauer' });
    assert.deepEqual((topic.json().items as Array<{ title: string }>).map((i) => i.title), ['Nur in Berlin']);
    const bad = await t.app.inject({ url: '/api/v1/events?near=Xyzabcdorf' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'near');
    assert.equal((await t.app.inject({ url: '/api/v1/events?format=boat' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/api/v1/events?from=2026-13-45' })).statusCode, 400);
    const page = await new Client(t.app).get('/events?near=Xyzabcdorf&from=morgen');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /value="Xyzabcdorf"/);
    const ics = await new Client(t.app).get('/calendar.ics?topic=trauer');
    assert.equal(ics.statusCode, 200);
    assert.match(ics.body, /SUMMARY:Nur in Berlin/);
    assert.doesNotMatch(ics.body, /SUMMARY:Online für alle/);
    assert.doesNotMatch(ics.body, new RegExp(SECRET_PLACE));
    const all = await new Client(t.app).get('/calendar.ics');
    const parsed = new ICAL.Component(ICAL.parse(all.body));
    assert.ok(parsed.getAllSubcomponents('vevent').length >= 2);
    const openapi = await t.app.inject({ url: '/api/openapi.json' });
    for (const path of ['/api/v1/events', '/api/v1/events/{id}', '/api/v1/events/{id}/registration']) assert.ok(openapi.json().paths[path], path);
    const month = await new Client(t.app).get('/events?view=month&month=2026-13');
    assert.equal(month.statusCode, 400);
  });
});

describe('permission grid', () => {
  test('every role and relation × every events action, both ways; participant lists only for organisers', async () => {
    const g = f.groups.leipzigGroup;
    const id = await newEvent({ title: 'Gitter', capacity: 50 }, groupOrganiser);
    const participant = await member('Gitter Teilnehmer');
    await participant.client.submit(`/events/${id}`, `/events/${id}/register`, {});
    // Someone else registered: their name is what nobody but the organisers may see.
    const other = await member('Gitter Andere');
    await other.client.submit(`/events/${id}`, `/events/${id}/register`, {});
    const clients: Record<string, Client> = {
      visitor: new Client(t.app), stranger: f.people.member.client, admitted: f.people.admitted.client, facilitator: f.people.facilitator.client,
      regionStaff: f.people.staff.client, otherStaff: f.people.otherStaff.client, moderator: f.people.moderator.client, admin: f.people.admin.client,
      participant: participant.client,
    };
    const ACTORS = Object.keys(clients);
    const page = (url: string) => (c: Client) => c.get(url);
    const organisers = ['facilitator', 'regionStaff', 'admin'];
    const everyone = ACTORS;
    const members = ACTORS.filter((a) => a !== 'visitor');
    const start = isoToLocal(inDays(10));
    const actions: Array<GridAction<string>> = [
      { name: 'read the list', allowed: everyone, run: page('/events') },
      { name: 'read the month', allowed: everyone, run: page('/events?view=month') },
      { name: 'read the event', allowed: everyone, run: page(`/events/${id}`) },
      { name: 'event .ics', allowed: everyone, run: page(`/events/${id}.ics`) },
      { name: 'group calendar', allowed: everyone, run: page(`/groups/${g.slug}/calendar.ics`) },
      { name: 'see the exact place', allowed: [...organisers, 'participant'], run: async (c) => (await c.get(`/events/${id}`)).body.includes(SECRET_PLACE) },
      { name: 'see the link in the API', allowed: [...organisers, 'participant'], run: async (c) => (await c.get(`/api/v1/events/${id}`)).json().onlineUrl === SECRET_LINK },
      { name: 'see participants', allowed: organisers, run: page(`/events/${id}/participants`) },
      { name: 'export participants', allowed: organisers, run: page(`/events/${id}/participants.csv`) },
      { name: 'see who registered anywhere on the event page', allowed: organisers, run: async (c) => (await c.get(`/events/${id}/participants`)).body.includes('Gitter Andere') || (await c.get(`/events/${id}`)).body.includes('Gitter Andere') },
      { name: 'open the edit form', allowed: organisers, run: page(`/events/${id}/edit`) },
      { name: 'save the event', allowed: organisers, redirectsTo: `/events/${id}`, run: async (c) => { await c.get('/events'); return (await c.post(`/events/${id}/edit`, { organiser: `group:${g.slug}`, title: 'Gitter', date: start.date, startTime: start.time, endTime: isoToLocal(inDays(10, 18)).time, format: 'online', audience: 'everyone', registration: 'open', capacity: '50' })); } },
      { name: 'open the cancel form', allowed: organisers, run: page(`/events/${id}/cancel`) },
      { name: 'new event for the group', allowed: organisers, run: page(`/events/new?group=${g.slug}`) },
      { name: 'publish for the group', allowed: organisers, run: async (c) => { await c.get('/events'); const res = await c.post('/events/new', { organiser: `group:${g.slug}` }); return res.statusCode === 400; } },
      { name: 'new event for the contact point', allowed: ['regionStaff', 'admin'], run: page(`/events/new?organisation=${f.point.slug}`) },
      { name: 'manage meetings', allowed: organisers, run: page(`/groups/${g.slug}/meetings`) },
      { name: 'save the meeting rhythm', allowed: organisers, redirectsTo: `/groups/${g.slug}/meetings`, run: async (c) => { await c.get('/events'); return (await c.post(`/groups/${g.slug}/meetings/schedule`, { pattern: 'monthly', weekday: 'TU', nth: '2', startTime: '19:00', duration: '120' })); } },
      { name: 'my registrations', allowed: members, run: page('/events/mine') },
      { name: 'choose an organiser', allowed: members, run: page('/events/new') },
    ];
    const wrong = await runPermissionGrid({ app: t.app, clients, actions });
    assert.deepEqual(wrong, []);
    // No GET route of the whole app shows a participant's name to anyone but the organisers.
    for (const actor of ['visitor', 'stranger', 'moderator', 'otherStaff', 'participant']) {
      for (const r of t.app.routeList.filter((x) => x.method === 'GET' && (x.url.startsWith('/events') || x.url.startsWith('/api/v1/events')))) {
        const url = r.url.replace(':id', id).replace(':rid', id).replace(':token', 'x').replace(/:[a-z]+/gi, 'x');
        const res = await clients[actor]!.get(url);
        assert.ok(res.statusCode < 500, `${actor} ${url} ${res.statusCode}`);
        assert.ok(!res.body.includes('Gitter Andere'), `${actor} sees a participant at ${url}`);
      }
    }
  });

  test('account deletion gives the place back to the waiting list', async () => {
    const id = await newEvent({ capacity: 1, title: 'Löschen' });
    const a = await member('Geht', 'geht@example.org');
    const b = await member('Wartet', 'wartet@example.org');
    await a.client.submit(`/events/${id}`, `/events/${id}/register`, {});
    await b.client.submit(`/events/${id}`, `/events/${id}/register`, { waitlist: 'yes' });
    await t.app.deps.db.transaction().execute(async (trx) => {
      await t.app.deps.accountData.deleteAll(trx, a.userId, 'anonymise');
      await trx.deleteFrom('users').where('id', '=', a.userId).execute();
    });
    assert.match(textOf((await b.client.get(`/events/${id}`)).body), /Sie sind angemeldet/);
    const exported = await t.app.deps.accountData.exportAll(t.app.deps.db, b.userId);
    assert.equal((exported.events as { registrations: unknown[] }).registrations.length, 1);
  });
});

describe('reactions to other features', () => {
  test('a renamed group is the organiser\'s new name at once in the cached list and calendar (group.changed)', async () => {
    const g = f.groups.halle;
    await newEvent({ title: 'Treffen mit Veranstalter', registration: 'none' }, { kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` });
    const list = `/events?group=${g.slug}`;
    const calendar = `/calendar.ics?group=${g.slug}`;
    assert.match(textOf((await new Client(t.app).get(list)).body), new RegExp(`Treffen mit Veranstalter.*${g.name}`));
    assert.match((await new Client(t.app).get(calendar)).body, new RegExp(g.name));
    const group = (await getGroupBySlug(t.app.deps.db, g.slug))!;
    const dir = t.app.ports.directory?.directory;
    assert.ok(dir);
    await updateGroup(dir, { by: { id: null, label: 'Test' }, group, input: { ...inputFromGroup(group), name: 'Umbenannte Gruppe Halle' }, mayChange: () => true });
    // No event changed, so the events version is the same: only the reaction to group.changed empties the caches.
    assert.match(textOf((await new Client(t.app).get(list)).body), /Treffen mit Veranstalter.*Umbenannte Gruppe Halle/);
    const ics = (await new Client(t.app).get(calendar)).body;
    assert.match(ics, /Umbenannte Gruppe Halle/);
    assert.doesNotMatch(ics, new RegExp(g.name));
  });
});

describe('reactions in every process', () => {
  test('on PostgreSQL a group renamed through one process is the new name in the kept calendar and list of another', { skip: !onPostgres }, async () => {
    const g = f.groups.leipzigGroup;
    await newEvent({ title: 'Treffen über zwei Prozesse', registration: 'none' }, { kind: 'group', id: g.id, slug: g.slug, name: g.name, url: `/groups/${g.slug}` });
    // A second process of the same instance: same database schema and data key, its own caches.
    const other = await buildApp(t.config, { logger: false });
    try {
      const calendar = `/calendar.ics?group=${g.slug}`;
      const list = `/events?group=${g.slug}`;
      const group = (await getGroupBySlug(t.app.deps.db, g.slug))!;
      assert.match((await new Client(other).get(calendar)).body, new RegExp(group.name), 'the other process keeps the calendar with the old name');
      assert.match(textOf((await new Client(other).get(list)).body), new RegExp(group.name));
      // The other process's listening connection opens with its first subscription; let it settle.
      await (other.deps.live as { ready?: () => Promise<void> }).ready?.();
      const dir = t.app.ports.directory?.directory;
      assert.ok(dir);
      await updateGroup(dir, { by: { id: null, label: 'Test' }, group, input: { ...inputFromGroup(group), name: 'Leipzig über den Bus' }, mayChange: () => true });
      // NOTIFY arrives asynchronously: ask until the other process has heard of it (bounded).
      let ics = '';
      for (let i = 0; i < 50; i++) {
        ics = (await new Client(other).get(calendar)).body;
        if (ics.includes('Leipzig über den Bus')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(ics, /Leipzig über den Bus/, 'the other process dropped its calendar');
      assert.match(textOf((await new Client(other).get(list)).body), /Leipzig über den Bus/, 'and its list');
    } finally {
      await other.close();
    }
  });
});

describe('one guardian per request', () => {
  test('the organiser relation asks the directory\'s group relation through the request guardian, so it is loaded once', async () => {
    const g = f.groups.leipzigGroup;
    const facilitator = new UserActor(f.people.facilitator.userId, f.people.facilitator.pseudonym, 'member', 'de', '', true);
    let loads = 0;
    // A database handle that counts how often the membership of the group is read.
    const counting = new Proxy(t.app.deps.db, {
      get(target, prop, receiver) {
        if (prop === 'selectFrom') return (table: string) => { if (table === 'memberships') loads++; return target.selectFrom(table as 'memberships'); };
        return Reflect.get(target, prop, receiver);
      },
    });
    const deps = { ...t.app.deps, db: counting };
    const guardian = t.app.deps.guardian.for(facilitator);
    const owner = { groupId: g.id, organisationId: null };
    assert.equal(await events.organiserRelation(deps, guardian, owner), true);
    const first = loads;
    assert.ok(first >= 1, 'the relation was read');
    // The event page, the schedule and the group page's section ask again within the same request.
    assert.equal(await events.organiserRelation(deps, guardian, owner), true);
    assert.equal((await groupGuardOnce(guardian, deps, (await getGroupBySlug(t.app.deps.db, g.slug))!)).manages, true);
    assert.equal(loads, first, 'no second read of the relation in the same request');
    // A new request (a new guardian) reads it again.
    await events.organiserRelation(deps, t.app.deps.guardian.for(facilitator), owner);
    assert.ok(loads > first);
  });
});

describe('commands write their audit row with the change', () => {
  test('publishing, cancelling, deciding and meeting changes each leave one row naming the actor, and a refused change leaves none', async () => {
    const audit = async (action: string) => t.app.deps.db.selectFrom('audit_log').select(['actor_id', 'subject_type', 'subject_id', 'details']).where('action', '=', action).execute();
    const c = f.people.facilitator.client;
    const before = (await audit('event.created')).length;
    const formUrl = `/events/new?group=${f.groups.leipzigGroup.slug}`;
    assert.equal((await c.submit(formUrl, '/events/new', eventForm({ endTime: '18:00' }))).statusCode, 400);
    assert.equal((await audit('event.created')).length, before, 'bad input changes nothing and writes no row');
    const ok = await c.submit(formUrl, '/events/new', eventForm({ title: 'Mit Protokoll' }));
    assert.equal(ok.statusCode, 303);
    const id = String(ok.headers.location).split('/').pop() as string;
    const created = (await audit('event.created')).filter((r) => r.subject_id === id);
    assert.deepEqual(created.map((r) => [r.actor_id, r.subject_type]), [[f.people.facilitator.userId, 'event']]);
    assert.equal((await c.submit(`/events/${id}/cancel`, `/events/${id}/cancel`, { reason: 'Krank' })).statusCode, 303);
    assert.deepEqual((await audit('event.cancelled')).filter((r) => r.subject_id === id).map((r) => r.actor_id), [f.people.facilitator.userId]);
    // Meetings: cancelling one and taking it back, both recorded against the group.
    const g = f.groups.leipzigGroup;
    const manage = `/groups/${g.slug}/meetings`;
    const original = /name="original" value="([^"]+)"/.exec((await c.get(manage)).body)?.[1];
    assert.ok(original);
    assert.equal((await c.post(`${manage}/exceptions`, { original, kind: 'cancelled', reason: 'Ferien' })).statusCode, 303);
    assert.equal((await c.post(`${manage}/exceptions/undo`, { original })).statusCode, 303);
    for (const action of ['meeting.cancelled', 'meeting.restored']) {
      const all: Array<{ actor_id: string | null; subject_type: string; subject_id: string | null; details: string }> = await audit(action);
      const rows: typeof all = all.filter((r) => (JSON.parse(r.details) as { original?: string }).original === original);
      assert.deepEqual(rows.map((r) => [r.actor_id, r.subject_type, r.subject_id]), [[f.people.facilitator.userId, 'group', g.id]], action);
    }
  });
});

describe('saving a schedule goes through the app\'s one directory', () => {
  test('it does not rebuild the search index and stores the rhythm in the facilitator\'s language', async () => {
    const g = f.groups.markkleeberg;
    const port = t.app.ports.directory;
    assert.ok(port, 'the directory offers its port');
    // The facilitator reads the site in English (their account's language).
    const { client, userId } = await signedInAs(t.app, 'member', 'Facilitator Fiona');
    await t.app.deps.db.insertInto('memberships').values({ group_id: g.id, user_id: userId, role: 'facilitator', status: 'admitted', listed: 1, request_message: '', decision_message: '', requested_at: new Date().toISOString(), decided_at: null }).execute();
    await t.app.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', userId).execute();
    assert.equal((await client.get('/groups?q=Depression')).statusCode, 200, 'the search builds the index once');
    const rebuilds = port.directory.rebuilds;
    assert.ok(rebuilds >= 1);
    for (const nth of ['2', '3']) {
      await client.get(`/groups/${g.slug}/meetings`);
      const saved = await client.post(`/groups/${g.slug}/meetings/schedule`, { pattern: 'monthly', weekday: 'TU', nth, startTime: '19:00', duration: '120' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    }
    assert.equal(port.directory.rebuilds, rebuilds, 'no save built the index again');
    const stored = await getGroupBySlug(t.app.deps.db, g.slug);
    assert.equal(stored?.rrule, 'FREQ=MONTHLY;BYDAY=3TU');
    assert.match(stored?.rhythm ?? '', /^Every 3\. Tuesday of the month, 19:00–21:00$/);
    assert.doesNotMatch(stored?.rhythm ?? '', /Dienstag|Jeden|Uhr/);
    // The change reached the shared index at once: searching finds the group with its new rhythm.
    assert.equal(port.directory.index.get(g.id)?.rhythm, stored?.rhythm);
  });
});

describe('answer caches of the lists, month view and calendars', () => {
  test('a day of the month view shows four events and how many more; the month follows changes made behind the app', async () => {
    const day = 33;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await newEvent({ title: `Monatstermin ${i}`, startsAt: inDays(day, 8 + i), endsAt: inDays(day, 9 + i), registration: 'none' }));
    const month = isoToLocal(inDays(day)).date.slice(0, 7);
    const url = `/events?view=month&month=${month}&organiser=${f.point.slug}`;
    const first = textOf((await new Client(t.app).get(url)).body);
    const shown = [0, 1, 2, 3, 4, 5].filter((i) => first.includes(`Monatstermin ${i}`));
    assert.equal(shown.length, 4, 'four of the six events of the day are in the grid');
    assert.match(first, /\+2 weitere/);
    // Another process (here: a plain UPDATE, not the app's service) renames one: the month shows it at once.
    await t.app.deps.db.updateTable('events').set({ title: 'Umbenannter Monatstermin' }).where('id', '=', ids[0] as string).execute();
    assert.match(textOf((await new Client(t.app).get(url)).body), /Umbenannter Monatstermin/);
  });

  test('the list shows the places left as they are now, although registrations leave its cached events alone', async () => {
    const id = await newEvent({ title: 'Platzzähltermin', startsAt: inDays(35), endsAt: inDays(35, 18), capacity: 3, registration: 'open' });
    const url = `/events?organiser=${f.point.slug}&from=${isoToLocal(inDays(35)).date}&to=${isoToLocal(inDays(35)).date}`;
    const before = await events.eventsVersion(t.app.deps.db);
    assert.match(textOf((await new Client(t.app).get(url)).body), /Platzzähltermin[\s\S]*Noch 3 Plätze frei/);
    await t.app.deps.db.updateTable('events').set((eb) => ({ taken: eb('taken', '+', 1) })).where('id', '=', id).execute();
    assert.equal(await events.eventsVersion(t.app.deps.db), before, 'a place taken does not change the events version');
    assert.match(textOf((await new Client(t.app).get(url)).body), /Platzzähltermin[\s\S]*Noch 2 Plätze frei/);
    await t.app.deps.db.updateTable('events').set({ taken: 3 }).where('id', '=', id).execute();
    assert.match(textOf((await new Client(t.app).get(url)).body), /Platzzähltermin[\s\S]*Ausgebucht – Warteliste/);
  });

  test('/calendar.ics is written once per filter and version, and a changed event gives a new tag', async () => {
    const c = new Client(t.app);
    const a = await c.get('/calendar.ics?topic=depression');
    const tag = String(a.headers.etag);
    assert.equal((await t.app.inject({ method: 'GET', url: '/calendar.ics?topic=depression', headers: { 'if-none-match': tag } })).statusCode, 304);
    const brotli = await t.app.inject({ method: 'GET', url: '/calendar.ics?topic=depression', headers: { 'accept-encoding': 'br' } });
    assert.equal(brotli.headers['content-encoding'], 'br');
    await newEvent({ title: 'Neuer Kalendertermin', startsAt: inDays(36), endsAt: inDays(36, 18) });
    const b = await c.get('/calendar.ics?topic=depression');
    assert.notEqual(String(b.headers.etag), tag);
    assert.match(b.body, /Neuer Kalendertermin/);
  });
});

describe('whole pages kept for visitors', () => {
  test('a visitor\'s list carries an ETag and is 304 when unchanged; a member gets their own page, not the kept one', async () => {
    await newEvent({ title: 'Seitentermin', startsAt: inDays(40), endsAt: inDays(40, 18), registration: 'none' });
    const url = `/events?organiser=${f.point.slug}&from=${isoToLocal(inDays(40)).date}&to=${isoToLocal(inDays(40)).date}`;
    const first = await t.app.inject({ method: 'GET', url });
    const tag = String(first.headers.etag);
    assert.match(tag, /^"[\w-]{22}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    assert.equal((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': tag } })).statusCode, 304);
    // The same address in English is another page with another tag.
    const english = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
    assert.notEqual(String(english.headers.etag), tag);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': tag, 'accept-language': 'en' } })).statusCode, 200);
    // A member's page names them and is never the kept visitor page.
    const m = await member('Seitenleserin');
    const mine = await m.client.get(url);
    assert.equal(mine.headers.etag, undefined);
    assert.match(mine.body, /Seitenleserin/);
    assert.doesNotMatch((await t.app.inject({ method: 'GET', url })).body, /Seitenleserin/);
  });

  test('a changed event gives the visitor the new page and a new tag at the next request', async () => {
    const id = await newEvent({ title: 'Vorher-Termin', startsAt: inDays(41), endsAt: inDays(41, 18), registration: 'none' });
    const url = `/events?organiser=${f.point.slug}&from=${isoToLocal(inDays(41)).date}&to=${isoToLocal(inDays(41)).date}`;
    const first = await t.app.inject({ method: 'GET', url });
    assert.match(first.body, /Vorher-Termin/);
    // Written behind the app's back (as another process would): the events version moves.
    await t.app.deps.db.updateTable('events').set({ title: 'Nachher-Termin' }).where('id', '=', id).execute();
    const second = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /Nachher-Termin/);
    assert.notEqual(second.headers.etag, first.headers.etag);
  });

  test('on PostgreSQL an event changed through another process is in this process\'s kept page at once', { skip: !onPostgres }, async () => {
    const id = await newEvent({ title: 'Zwei-Prozesse-Termin', startsAt: inDays(42), endsAt: inDays(42, 18), registration: 'none' });
    const month = `/events?view=month&month=${isoToLocal(inDays(42)).date.slice(0, 7)}&organiser=${f.point.slug}`;
    const other = await buildApp(t.config, { logger: false });
    try {
      assert.match((await t.app.inject({ method: 'GET', url: month })).body, /Zwei-Prozesse-Termin/);
      const event = (await events.getEvent(other.deps.db, id))!;
      await events.updateEvent(other.deps, { actor: { id: null }, event, input: { ...events.inputFromEvent(event), title: 'Anderswo umbenannt' } });
      const again = (await t.app.inject({ method: 'GET', url: month })).body;
      assert.match(again, /Anderswo umbenannt/);
      assert.doesNotMatch(again, /Zwei-Prozesse-Termin/);
    } finally {
      await other.close();
    }
  });
});

describe('the kept calendar for every client', () => {
  test('brotli, gzip and plain clients get the same calendar text', async () => {
    const url = '/calendar.ics?topic=depression';
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    const plain = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(plain.headers['content-encoding'], undefined);
    const text = brotliDecompressSync(br.rawPayload).toString('utf8');
    assert.match(text, /^BEGIN:VCALENDAR/);
    assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), text);
    assert.equal(plain.body, text);
  });
});
