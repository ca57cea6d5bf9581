// The directory over HTTP: search (page and API), bad input, first contact, joining, the members'
// space, founding, notes for rare topics, editing with history, JSON-LD. Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, outbox, textOf } from '../../../test/helpers.ts';
import { buildFixture, EXACT_ADDRESS, baseInput } from './fixture.test-support.ts';
import * as directory from './service.ts';

async function withFixture(fn: (f: Awaited<ReturnType<typeof buildFixture>>, app: Awaited<ReturnType<typeof createTestApp>>['app']) => Promise<void>) {
  const t = await createTestApp();
  try {
    await fn(await buildFixture(t.app), t.app);
  } finally {
    await t.close();
  }
}

const names = (html: string) => [...html.matchAll(/<h3 class="result__title"><a href="\/groups\/([^"]+)"/g)].map((m) => m[1]);

test('search "Depression" near Leipzig within 25 km: nearest first, with distances, online groups after', async () => {
  await withFixture(async (f) => {
    const visitor = f.people.visitor.client;
    const res = await visitor.get('/groups?q=Depression&near=Leipzig&radius=25');
    assert.equal(res.statusCode, 200);
    const slugs = names(res.body);
    const g = f.groups;
    assert.deepEqual(slugs, [g.leipzigGroup.slug, g.markkleeberg.slug, g.online.slug]);
    const text = textOf(res.body);
    assert.match(text, /\d,\d km/);
    assert.ok(!slugs.includes(g.halle.slug), 'Halle is more than 25 km away');
    assert.ok(!slugs.includes(g.proposal.slug));
    // 50 km takes in Halle, between Markkleeberg and the online group.
    const wider = names((await visitor.get('/groups?q=Depression&near=04103&radius=50')).body);
    assert.deepEqual(wider, [g.leipzigGroup.slug, g.markkleeberg.slug, g.halle.slug, g.online.slug]);
  });
});

test('the API answers the same search with slug, name, distanceKm and total', async () => {
  await withFixture(async (f) => {
    const c = f.people.visitor.client;
    const res = await c.get('/api/v1/groups?q=Depression&near=Leipzig&radius=25');
    assert.equal(res.statusCode, 200);
    const body = res.json() as { items: Array<{ slug: string; name: string; distanceKm: number | null }>; total: number };
    assert.equal(body.total, 3);
    assert.deepEqual(body.items.map((i) => i.slug), [f.groups.leipzigGroup.slug, f.groups.markkleeberg.slug, f.groups.online.slug]);
    assert.ok((body.items[0]?.distanceKm ?? 99) < (body.items[1]?.distanceKm ?? 0));
    assert.equal(body.items[2]?.distanceKm, null);
    // Filters and umlaut-free spelling.
    const relatives = (await c.get('/api/v1/groups?q=Angehoerige&audience=relatives')).json() as { items: Array<{ slug: string }> };
    assert.deepEqual(relatives.items.map((i) => i.slug), [f.groups.relatives.slug]);
    const founding = (await c.get('/api/v1/groups?founding=true')).json() as { items: Array<{ slug: string }> };
    assert.deepEqual(founding.items.map((i) => i.slug), [f.groups.grief.slug]);
    const access = (await c.get('/api/v1/groups?accessibility=step_free&near=Leipzig')).json() as { items: Array<{ slug: string }> };
    assert.deepEqual(access.items.map((i) => i.slug), [f.groups.leipzigGroup.slug]);
    const topic = (await c.get('/api/v1/groups?topic=trauer')).json() as { total: number };
    assert.equal(topic.total, 1);
  });
});

test('fixed searches give fixed answers (the same on SQLite and PostgreSQL)', async () => {
  await withFixture(async (f, app) => {
    const c = new Client(app);
    const ask = async (qs: string) => ((await c.get(`/api/v1/groups?${qs}`)).json() as { items: Array<{ name: string }> }).items.map((i) => i.name);
    assert.deepEqual(await ask('q=depresion'), ['Depression Berlin-Mitte', 'Depression und Burnout Markkleeberg', 'Depressionen Halle', 'Online-Gesprächskreis Depression', 'Selbsthilfegruppe Depression Leipzig-Süd']);
    assert.deepEqual(await ask('q=Trauer&near=Leipzig'), ['Trauercafé Leipzig']);
    assert.deepEqual(await ask('format=online'), ['Online-Gesprächskreis Depression']);
    assert.deepEqual(await ask('near=Berlin&radius=10'), ['Depression Berlin-Mitte', 'Online-Gesprächskreis Depression']);
    assert.deepEqual(await ask('q=Burnout&sort=name'), ['Depression Berlin-Mitte', 'Depression und Burnout Markkleeberg', 'Depressionen Halle', 'Online-Gesprächskreis Depression', 'Selbsthilfegruppe Depression Leipzig-Süd']);
  });
});

test('bad search input: clear messages in the person\'s language, input kept, never a 5xx', async () => {
  await withFixture(async (_f, app) => {
    const c = new Client(app);
    const unknown = await c.get('/groups?q=Depression&near=Xyzabcdorf&radius=25');
    assert.equal(unknown.statusCode, 400);
    assert.match(textOf(unknown.body), /Xyzabcdorf/);
    assert.match(unknown.body, /value="Depression"/);
    assert.match(unknown.body, /value="Xyzabcdorf"/);
    const typo = await c.get('/groups?near=Lepzig');
    assert.match(typo.body, /near=Leipzig/, 'suggests Leipzig');
    const ambiguous = await c.get('/groups?near=Neustadt');
    assert.equal(ambiguous.statusCode, 400);
    assert.ok((ambiguous.body.match(/near=Neustadt/g) ?? []).length >= 2, 'offers the Neustadts to choose from');
    const radius = await c.get('/groups?q=Depression&near=Leipzig&radius=5000');
    assert.equal(radius.statusCode, 400);
    assert.match(radius.body, /id="radius-error"/);
    const long = await c.get(`/groups?q=${'a'.repeat(500)}`);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /id="q-error"/);
    const empty = await c.get('/groups?q=');
    assert.equal(empty.statusCode, 200);
    const byTopic = await c.get('/groups?topic=trauer');
    assert.match(byTopic.body, /<option value="trauer" selected>/);
    assert.doesNotMatch(byTopic.body, /<option value="depression" selected>/);
    assert.doesNotMatch((await c.get('/groups?topic=depression')).body, /<option value="trauer" selected>/, 'the rendered list is not changed by a request');
    const junk = await c.get('/groups?format=teleport&audience=x&accessibility=wings&language=zz&page=-3&topic=nope');
    assert.equal(junk.statusCode, 400);
    const en = new Client(app);
    en.headers['accept-language'] = 'en';
    assert.match(textOf((await en.get('/groups?near=Xyzabcdorf')).body), /Xyzabcdorf/);
    // The API names the field.
    for (const qs of ['radius=500', 'near=Xyzabcdorf', `q=${'a'.repeat(500)}`, 'format=teleport', 'page=0']) {
      const res = await c.get(`/api/v1/groups?${qs}`);
      assert.equal(res.statusCode, 400, qs);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.ok((res.json() as { errors: unknown[] }).errors.length > 0, qs);
    }
  });
});

test('nothing found: wider radius, related topics, the region\'s contact point, and a note for a topic without groups', async () => {
  await withFixture(async (f, app) => {
    const c = new Client(app);
    const res = await c.get('/groups?q=Trauer&near=Leipzig&radius=5&format=online');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /radius=10/);
    assert.match(res.body, new RegExp(`/organisations/${f.point.slug}`));
    const rare = await c.get('/groups?topic=huntington');
    assert.match(res.body + rare.body, /action="\/topics\/watch"/);
    // Leave a note as a visitor; it counts after confirmation; a new group for the topic sends one mail.
    await c.post('/topics/watch', { topic: 'huntington', email: 'wartend@example.org' });
    const confirm = (await outbox(app)).find((m) => m.to_address === 'wartend@example.org');
    assert.ok(confirm);
    const link = /\/topics\/watch\/[\w-]+\?key=[\w-]+/.exec(confirm.text_body)?.[0] as string;
    const page = await c.get(link);
    assert.equal(page.statusCode, 200);
    const [path, key] = link.split('?key=') as [string, string];
    assert.equal((await c.post(`${path}/confirm`, { key })).statusCode, 303);
    const before = (await outbox(app)).length;
    await directory.createGroup(f.dir, { by: { id: null, label: 'Test' }, input: baseInput({ name: 'Huntington Gesprächskreis', formats: ['online'], topics: ['huntington'] }) });
    await f.dir.deps.jobs.runDue();
    const after = await outbox(app);
    const found = after.slice(0, after.length - before).concat(after).find((m) => m.to_address === 'wartend@example.org' && m.text_body.includes('/groups/huntington'));
    assert.ok(found, 'the waiting person is told');
    // Only once.
    await directory.createGroup(f.dir, { by: { id: null, label: 'Test' }, input: baseInput({ name: 'Huntington Zwei', formats: ['online'], topics: ['huntington'] }) });
    await f.dir.deps.jobs.runDue();
    assert.equal((await outbox(app)).filter((m) => m.to_address === 'wartend@example.org').length, 2);
    // A wrong key reaches nothing.
    assert.equal((await c.get(`${path}?key=wrong`)).statusCode, 404);
  });
});

test('a visitor writes to a group: address confirmed first, never shown; the facilitator answers on the platform', async () => {
  await withFixture(async (f, app) => {
    const g = f.groups.leipzigGroup;
    const visitor = new Client(app);
    await app.deps.jobs.runDue();
    const toLena = async () => (await outbox(app)).filter((m) => m.to_address === 'lena@example.org').length;
    const lenaBefore = await toLena();
    const form = await visitor.get(`/groups/${g.slug}/contact`);
    assert.equal(form.statusCode, 200);
    const sent = await visitor.post(`/groups/${g.slug}/contact`, { name: 'Mara', email: 'mara@example.org', message: 'Darf ich einfach kommen?', consent: 'yes' });
    assert.equal(sent.statusCode, 200);
    await app.deps.jobs.runDue();
    const mails = await outbox(app);
    const confirmMail = mails.find((m) => m.to_address === 'mara@example.org');
    assert.ok(confirmMail, 'confirmation mail to the visitor');
    assert.equal(await toLena(), lenaBefore, 'nothing reaches the group before confirmation');
    const link = /\/conversations\/[\w-]+\?key=[\w-]+/.exec(confirmMail.text_body)?.[0] as string;
    const [path, key] = link.split('?key=') as [string, string];
    const lena = f.people.facilitator.client;
    assert.equal((await lena.get(path)).statusCode, 404, 'unconfirmed conversations are hidden from the group');
    await visitor.get(link);
    assert.equal((await visitor.post(`${path}/confirm`, { key })).statusCode, 303);
    await app.deps.jobs.runDue();
    assert.equal(await toLena(), lenaBefore + 1, 'the facilitator is told');
    const seen = await lena.get(path);
    assert.equal(seen.statusCode, 200);
    assert.match(textOf(seen.body), /Darf ich einfach kommen\?/);
    assert.ok(!seen.body.includes('mara@example.org'), 'the address is never shown');
    assert.equal((await lena.post(`${path}/reply`, { message: 'Ja, gern! Dienstag um sieben.' })).statusCode, 303);
    await app.deps.jobs.runDue();
    const reply = (await outbox(app)).filter((m) => m.to_address === 'mara@example.org');
    assert.equal(reply.length, 2);
    assert.ok(!reply.some((m) => m.text_body.includes('lena@example.org')));
    const thread = await visitor.get(link);
    assert.match(textOf(thread.body), /Dienstag um sieben/);
    // Strangers and other staff see nothing, with or without a wrong key.
    assert.equal((await f.people.member.client.get(path)).statusCode, 404);
    assert.equal((await f.people.admin.client.get(path)).statusCode, 404);
    assert.equal((await new Client(app).get(`${path}?key=${key.slice(0, -2)}xx`)).statusCode, 404);
    // The inbox lists it.
    assert.match(textOf((await lena.get(`/groups/${g.slug}/inbox`)).body), /Mara/);
  });
});

test('first contact: 100 000 characters, missing consent, honeypot, rate limit', async () => {
  await withFixture(async (f, app) => {
    const g = f.groups.leipzigGroup;
    const c = new Client(app);
    await c.get(`/groups/${g.slug}/contact`);
    const long = await c.post(`/groups/${g.slug}/contact`, { name: 'Mara', email: 'mara@example.org', message: 'x'.repeat(100_000), consent: 'yes' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /id="message-error"/);
    assert.match(long.body, /value="mara@example.org"/);
    const noConsent = await c.post(`/groups/${g.slug}/contact`, { name: 'Mara', email: 'mara@example.org', message: 'Hallo' });
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, />Hallo<\/textarea>/);
    const bot = await c.post(`/groups/${g.slug}/contact`, { name: 'Bot', email: 'bot@example.org', message: 'Buy now', consent: 'yes', website: 'http://spam.example' });
    assert.equal(bot.statusCode, 200);
    const stored = await app.deps.db.selectFrom('conversations').select('id').where('visitor_email', '=', 'bot@example.org').execute();
    assert.equal(stored.length, 0);
    let limited = false;
    for (let i = 0; i < 7; i++) {
      const res = await c.post(`/groups/${g.slug}/contact`, { name: 'Mara', email: 'mara@example.org', message: `Nachricht ${i}`, consent: 'yes' });
      if (res.statusCode === 400) limited = true;
    }
    assert.ok(limited, 'the sixth message within an hour is refused');
  });
});

test('a member asks to join, the facilitator admits, the member sees the exact place and can leave', async () => {
  await withFixture(async (f, app) => {
    const g = f.groups.leipzigGroup;
    const sonne = f.people.member.client;
    const page = await sonne.get(`/groups/${g.slug}`);
    assert.ok(!page.body.includes(EXACT_ADDRESS), 'not before admission');
    assert.equal((await sonne.submit(`/groups/${g.slug}/join`, `/groups/${g.slug}/join`, { message: 'Ich möchte gern dazukommen.', listed: 'yes' })).statusCode, 303);
    await app.deps.jobs.runDue();
    assert.ok((await outbox(app)).some((m) => m.to_address === 'lena@example.org'));
    const lena = f.people.facilitator.client;
    const members = await lena.get(`/groups/${g.slug}/members`);
    assert.match(textOf(members.body), /Ich möchte gern dazukommen/);
    assert.equal((await lena.post(`/groups/${g.slug}/members`, { user: f.people.member.userId, decision: 'admit', message: 'Willkommen!' })).statusCode, 303);
    await app.deps.jobs.runDue();
    assert.ok((await outbox(app)).some((m) => m.to_address === 'sonne@example.org' && m.text_body.includes('Willkommen!')));
    assert.ok((await sonne.get(`/groups/${g.slug}`)).body.includes(EXACT_ADDRESS));
    const space = await sonne.get(`/groups/${g.slug}/space`);
    assert.equal(space.statusCode, 200);
    assert.ok(space.body.includes(EXACT_ADDRESS));
    assert.match(textOf(space.body), /Kranich/);
    // The facilitator posts an announcement; members read it.
    await lena.get(`/groups/${g.slug}/space`);
    assert.equal((await lena.post(`/groups/${g.slug}/announcements`, { body: 'Nächstes Mal im **Raum 5**.' })).statusCode, 303);
    assert.match((await sonne.get(`/groups/${g.slug}/space`)).body, /<strong>Raum 5<\/strong>/);
    // Leaving ends access.
    assert.equal((await sonne.post(`/groups/${g.slug}/leave`)).statusCode, 303);
    assert.equal((await sonne.get(`/groups/${g.slug}/space`)).statusCode, 403);
    assert.ok(!(await sonne.get(`/groups/${g.slug}`)).body.includes(EXACT_ADDRESS));
    // Declining with a message.
    await sonne.submit(`/groups/${g.slug}/join`, `/groups/${g.slug}/join`, { message: 'Noch einmal?' });
    await lena.get(`/groups/${g.slug}/members`);
    await lena.post(`/groups/${g.slug}/members`, { user: f.people.member.userId, decision: 'decline', message: 'Die Gruppe ist gerade voll.' });
    assert.match(textOf((await sonne.get(`/groups/${g.slug}`)).body), /Die Gruppe ist gerade voll/);
  });
});

test('founding: a member proposes, the region\'s contact point publishes, others say they are interested', async () => {
  await withFixture(async (f, app) => {
    const sonne = f.people.member.client;
    await sonne.get('/groups/new');
    const bad = await sonne.post('/groups/new', { name: 'x', description: '', kind: 'self_help', audience: 'affected', place: 'Xyzabcdorf' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Xyzabcdorf"/);
    const res = await sonne.post('/groups/new', { name: 'Gesprächskreis Huntington Leipzig', description: 'Wir möchten uns austauschen.', kind: 'self_help', audience: 'both', place: '04103', topics: 'huntington', rhythm: 'Einmal im Monat' });
    assert.equal(res.statusCode, 303);
    const slug = String(res.headers.location).replace('/groups/', '');
    assert.equal((await new Client(app).get(`/groups/${slug}`)).statusCode, 404, 'proposals are not public');
    assert.equal(((await new Client(app).get('/api/v1/groups?q=Huntington')).json() as { total: number }).total, 0);
    await app.deps.jobs.runDue();
    assert.ok((await outbox(app)).some((m) => m.to_address === 'karl@example.org'), 'the contact point is told');
    const karl = f.people.staff.client;
    assert.match(textOf((await karl.get(`/organisations/${f.point.slug}/manage`)).body), /Gesprächskreis Huntington Leipzig/);
    assert.equal((await f.people.otherStaff.client.get(`/groups/${slug}`)).statusCode, 404, 'other regions do not see it');
    assert.equal((await karl.post(`/groups/${slug}/publish`)).statusCode, 303);
    const published = (await new Client(app).get('/api/v1/groups?q=Huntington&founding=true')).json() as { items: Array<{ slug: string; status: string }> };
    assert.deepEqual(published.items.map((i) => [i.slug, i.status]), [[slug, 'founding']]);
    const kranich = f.people.admitted.client;
    await kranich.get(`/groups/${slug}`);
    assert.equal((await kranich.post(`/groups/${slug}/interest`, { interested: '1' })).statusCode, 303);
    assert.match(textOf((await kranich.get(`/groups/${slug}`)).body), /1/);
  });
});

test('editing: facilitators and the region\'s staff change a group; every change is in the history; the API too', async () => {
  await withFixture(async (f, app) => {
    const g = f.groups.leipzigGroup;
    const lena = f.people.facilitator.client;
    const form = await lena.get(`/groups/${g.slug}/edit`);
    assert.equal(form.statusCode, 200);
    const values = {
      name: 'Depression Leipzig-Süd (Dienstag)', description: g.description, kind: 'self_help', audience: 'affected', formats: ['in_person', 'online'],
      place: 'Leipzig', area: 'Leipzig-Südvorstadt', address: EXACT_ADDRESS, rhythm: g.rhythm, rrule: g.rrule, startTime: '19:00', duration: '120',
      languages: ['de', 'en'], accessibility: ['step_free', 'hearing_loop'], status: 'active', accepting: 'yes', topics: ['depression'],
    };
    const bad = await lena.post(`/groups/${g.slug}/edit`, { ...values, startTime: '25:99', topics: [], place: 'Xyzabcdorf' });
    assert.equal(bad.statusCode, 400);
    for (const field of ['startTime', 'topics', 'place']) assert.match(bad.body, new RegExp(`id="${field}-error"`), field);
    assert.match(bad.body, /value="Depression Leipzig-Süd \(Dienstag\)"/);
    assert.equal((await lena.post(`/groups/${g.slug}/edit`, values)).statusCode, 303);
    const found = (await new Client(app).get('/api/v1/groups?q=Dienstag&accessibility=hearing_loop')).json() as { items: Array<{ slug: string }> };
    assert.deepEqual(found.items.map((i) => i.slug), [g.slug]);
    const karl = f.people.staff.client;
    await karl.get(`/groups/${g.slug}/edit`);
    assert.equal((await karl.post(`/groups/${g.slug}/edit`, { ...values, accepting: '' })).statusCode, 303);
    const history = textOf((await lena.get(`/groups/${g.slug}/history`)).body);
    assert.match(history, /Leitung Lena/);
    assert.match(history, /Kontakt Karl/);
    assert.match(history, /accepting/);
    // The API: facilitators PATCH with their session and CSRF token; others are refused.
    await lena.get(`/groups/${g.slug}`);
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { rhythm: 'Jeden Dienstag, 19 Uhr', topics: ['depression', 'angststoerung'] }, headers: { cookie: [...lena.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': lena.csrf } });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal((patch.json() as { rhythm: string }).rhythm, 'Jeden Dienstag, 19 Uhr');
    assert.equal((patch.json() as { address: string }).address, EXACT_ADDRESS);
    const badPatch = await app.inject({ method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { topics: ['no-such-topic'], place: 'Xyzabcdorf' }, headers: { cookie: [...lena.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': lena.csrf } });
    assert.equal(badPatch.statusCode, 400);
    assert.deepEqual((badPatch.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort(), ['place', 'topics']);
    const sonne = f.people.member.client;
    await sonne.get('/groups');
    const refused = await app.inject({ method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { name: 'Gekapert' }, headers: { cookie: [...sonne.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': sonne.csrf } });
    assert.equal(refused.statusCode, 403);
    const anonymous = (await new Client(app).get(`/api/v1/groups/${g.slug}`)).json() as { address: string | null };
    assert.equal(anonymous.address, null);
  });
});

test('group and organisation pages carry schema.org JSON-LD without the exact place', async () => {
  await withFixture(async (f, app) => {
    const c = new Client(app);
    const page = await c.get(`/groups/${f.groups.leipzigGroup.slug}`);
    const json = /<script type="application\/ld\+json">([^<]+)<\/script>/.exec(page.body)?.[1] as string;
    const data = JSON.parse(json) as Record<string, unknown>;
    assert.equal(data['@type'], 'Organization');
    assert.equal(data.name, f.groups.leipzigGroup.name);
    assert.ok(!json.includes('Mühlenweg'));
    const org = await c.get(`/organisations/${f.point.slug}`);
    assert.equal(org.statusCode, 200);
    const orgData = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(org.body)?.[1] as string) as Record<string, unknown>;
    assert.equal(orgData.name, 'Kontaktstelle Leipzig');
    assert.match(textOf(org.body), /Selbsthilfegruppe Depression Leipzig-Süd/);
    assert.equal((await c.get('/organisations')).statusCode, 200);
    assert.equal((await c.get('/api/v1/organisations')).statusCode, 200);
    const topics = (await c.get('/api/v1/topics')).json() as { items: unknown[] };
    assert.ok(topics.items.length >= 150);
  });
});

test('administrators edit topics; the search uses the new synonym at once', async () => {
  await withFixture(async (f, app) => {
    const anke = f.people.admin.client;
    const form = await anke.get('/admin/topics/trauer');
    assert.equal(form.statusCode, 200);
    assert.equal((await anke.post('/admin/topics/trauer', { slug: 'trauer', area: 'life', nameDe: 'Trauer', nameEn: 'Grief', synonymsDe: 'Verlust\nAbschiednehmen', synonymsEn: 'grief' })).statusCode, 303);
    const found = (await new Client(app).get('/api/v1/groups?q=Abschiednehmen')).json() as { items: Array<{ slug: string }> };
    assert.deepEqual(found.items.map((i) => i.slug), [f.groups.grief.slug]);
    await anke.get('/admin/topics/new');
    const dup = await anke.post('/admin/topics/new', { slug: 'trauer', area: 'life', nameDe: 'X', nameEn: 'X' });
    assert.equal(dup.statusCode, 400);
    assert.equal((await f.people.staff.client.get('/admin/topics')).statusCode, 403);
  });
});

test('clean-up: unconfirmed visitor messages and notes go after 7 days, with their addresses', async () => {
  await withFixture(async (f, app) => {
    const { purgeDirectory } = await import('./watches.ts');
    const c = new Client(app);
    await c.get(`/groups/${f.groups.leipzigGroup.slug}/contact`);
    await c.post(`/groups/${f.groups.leipzigGroup.slug}/contact`, { name: 'Mara', email: 'mara@example.org', message: 'Hallo', consent: 'yes' });
    await c.post('/topics/watch', { topic: 'huntington', email: 'wartend@example.org' });
    const count = async () => (await app.deps.db.selectFrom('conversations').select('id').where('visitor_email', '=', 'mara@example.org').execute()).length
      + (await app.deps.db.selectFrom('topic_watches').select('id').where('email', '=', 'wartend@example.org').execute()).length;
    assert.equal(await count(), 2);
    assert.equal((await purgeDirectory(app.deps.db)).conversations, 0);
    assert.equal(await count(), 2);
    const result = await purgeDirectory(app.deps.db, Date.now() + 8 * 86_400_000);
    assert.deepEqual([result.conversations, result.notes], [1, 1]);
    assert.equal(await count(), 0);
  });
});

test('a group or contact point goes into one\'s own support network with one click; proposals do not', async () => {
  await withFixture(async (f) => {
    const sonne = f.people.member.client;
    await sonne.get(`/groups/${f.groups.markkleeberg.slug}`);
    const added = await sonne.post('/network/entries/from-directory', { ref: `group:${f.groups.markkleeberg.slug}` });
    assert.ok([200, 303].includes(added.statusCode), String(added.statusCode));
    await sonne.get(`/organisations/${f.point.slug}`);
    await sonne.post('/network/entries/from-directory', { ref: `organisation:${f.point.slug}` });
    const network = textOf((await sonne.get('/network')).body);
    assert.match(network, /Depression und Burnout Markkleeberg/);
    assert.match(network, /Kontaktstelle Leipzig/);
    await f.people.admitted.client.get('/groups');
    const hidden = await f.people.admitted.client.post('/network/entries/from-directory', { ref: `group:${f.groups.proposal.slug}` });
    assert.equal(hidden.statusCode, 404);
  });
});

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----miteinander-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('import: a Windows-1252 CSV from a spreadsheet shows a preview with reasons; only good rows go in; export reads back', async () => {
  await withFixture(async (f, app) => {
    const karl = f.people.staff.client;
    await karl.get(`/organisations/${f.point.slug}/manage`);
    const csv = [
      'Name;Beschreibung;Themen;Format;Ort;Stadtteil;Rhythmus',
      'Trauergruppe Görlitz;Wir sind für Sie da.;Trauer;Präsenz;Görlitz;Görlitz-Altstadt;Jeden Montag',
      'Angehörigengruppe Demenz;Austausch für Angehörige.;Angehörige von Menschen mit Demenz;Präsenz;Xyzabcdorf;;',
      'Online-Runde Tinnitus;Wir treffen uns per Video.;Tinnitus;online;;;',
      'X;;Unbekanntes Thema;Präsenz;Leipzig;;',
    ].join('\r\n');
    const body = multipart({ _csrf: karl.csrf }, { name: 'gruppen.csv', type: 'text/csv', bytes: Buffer.from(csv, 'latin1') });
    const cookie = [...karl.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const preview = await app.inject({ method: 'POST', url: `/organisations/${f.point.slug}/import?_csrf=${encodeURIComponent(karl.csrf)}`, payload: body.payload, headers: { 'content-type': body.contentType, cookie } });
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 300));
    const text = textOf(preview.body);
    assert.match(text, /Trauergruppe Görlitz/, 'umlauts decoded from Windows-1252');
    assert.match(text, /Xyzabcdorf/, 'the unknown place is named');
    assert.match(text, /Unbekanntes Thema/);
    const payload = /name="payload" value="([^"]*)"/.exec(preview.body)?.[1];
    assert.ok(payload);
    const before = await app.deps.db.selectFrom('groups').select('id').execute();
    await karl.get(`/organisations/${f.point.slug}/manage`);
    const confirm = await karl.post(`/organisations/${f.point.slug}/import/confirm`, { payload });
    assert.equal(confirm.statusCode, 303, textOf(confirm.body).slice(0, 600));
    const after = await app.deps.db.selectFrom('groups').select(['name', 'contact_point_id']).execute();
    assert.equal(after.length - before.length, 2, 'the two good rows, nothing else');
    assert.ok(after.some((g) => g.name === 'Trauergruppe Görlitz' && g.contact_point_id === f.point.id));
    // The audit row was written in the import's transaction: actor, organisation and how many groups.
    const audit = await app.deps.db.selectFrom('audit_log').select(['actor_id', 'subject_id', 'details']).where('action', '=', 'organisation.import').execute();
    assert.deepEqual(audit.map((r) => [r.actor_id, r.subject_id, JSON.parse(r.details)]), [[f.people.staff.userId, f.point.id, { groups: 2 }]]);
    const found = (await new Client(app).get('/api/v1/groups?q=Tinnitus')).json() as { total: number };
    assert.equal(found.total, 1);
    // A binary file gets a clear message, never a 5xx.
    await karl.get(`/organisations/${f.point.slug}/manage`);
    const junk = multipart({ _csrf: karl.csrf }, { name: 'bild.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 9]) });
    const bad = await app.inject({ method: 'POST', url: `/organisations/${f.point.slug}/import?_csrf=${encodeURIComponent(karl.csrf)}`, payload: junk.payload, headers: { 'content-type': junk.contentType, cookie } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="file-error"/);
    // Export as CSV (UTF-8 with BOM, semicolons) lists the contact point's groups.
    const exported = await karl.get(`/organisations/${f.point.slug}/export.csv`);
    assert.equal(exported.statusCode, 200);
    assert.match(exported.body, /Trauergruppe Görlitz/);
    assert.match(exported.body, /;/);
    const json = await karl.get(`/organisations/${f.point.slug}/export.json`);
    assert.ok((json.json() as { groups: unknown[] }).groups.length >= 5);
    // Other staff cannot import into this contact point.
    const bea = f.people.otherStaff.client;
    await bea.get('/groups');
    const refused = multipart({ _csrf: bea.csrf }, { name: 'gruppen.csv', type: 'text/csv', bytes: Buffer.from(csv, 'latin1') });
    const r = await app.inject({ method: 'POST', url: `/organisations/${f.point.slug}/import?_csrf=${encodeURIComponent(bea.csrf)}`, payload: refused.payload, headers: { 'content-type': refused.contentType, cookie: [...bea.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(r.statusCode, 403);
  });
});

test('answers are never staler than the directory: a new group shows in the very next search', async () => {
  await withFixture(async (f, app) => {
    const c = new Client(app);
    const url = '/api/v1/groups?q=Huntington&near=Leipzig&radius=25';
    assert.equal(((await c.get(url)).json() as { total: number }).total, 0);
    assert.equal(((await c.get(url)).json() as { total: number }).total, 0);
    const lena = f.people.facilitator.client;
    await lena.get('/groups/new');
    await lena.post('/groups/new', { name: 'Huntington Leipzig', description: 'Neu.', kind: 'self_help', audience: 'both', place: 'Leipzig', topics: 'huntington' });
    const proposal = await app.deps.db.selectFrom('groups').select('slug').where('name', '=', 'Huntington Leipzig').executeTakeFirstOrThrow();
    await f.people.staff.client.get('/groups');
    await f.people.staff.client.post(`/groups/${proposal.slug}/publish`);
    const after = (await c.get(url)).json() as { total: number; items: Array<{ slug: string }> };
    assert.equal(after.total, 1);
    assert.equal(after.items[0]?.slug, proposal.slug);
  });
});

test('with results the search form is one compact bar before the count; the start page keeps the hints', async () => {
  await withFixture(async (f) => {
    const visitor = f.people.visitor.client;
    const start = await visitor.get('/groups');
    assert.match(start.body, /class="finder" role="search"/);
    assert.match(start.body, /id="q-hint"/, 'the start page explains the fields');
    const res = await visitor.get('/groups?q=Depression&near=Leipzig&radius=25');
    assert.match(res.body, /class="finder finder--compact" role="search"/);
    assert.doesNotMatch(res.body, /id="q-hint"|id="near-hint"/, 'no hints between the form and the results');
    assert.doesNotMatch(res.body, /<p class="lead"/);
    assert.ok(res.body.indexOf('id="results-title"') < res.body.indexOf('class="result"'), 'the count comes before the first result');
  });
});
