// My support network over HTTP: the owner's journey, bad input, encryption at rest, the permission
// grid over the route table, logs, vCard import, exports, account data, the weekly digest, the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Client, createTestApp, outbox, runPermissionGrid, signedInAs, textOf, type GridAction } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { setConfirmedEmail } from '../accounts/service.ts';
import { setDirectoryResolver } from './directory-link.ts';
import { addDays, today } from '../../platform/time.ts';
import { exportNetwork, sendDigests } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const SECRETS = {
  name: 'Zebrafink Geheimname',
  notes: 'Notiz-Geheimnis-4711',
  phone: '0171 9998887',
  email: 'geheim.kontakt@example.org',
  contactNote: 'Kontaktnotiz-Geheimnis',
  ledgerNote: 'Hilfe-Geheimnis-Umzug',
  thanks: 'Dank-Geheimnis-Suppe',
  checkin: 'Befinden-Geheimnis-Rücken',
};

type Member = Awaited<ReturnType<typeof signedInAs>>;

async function addEntry(c: Client, form: Record<string, string | string[]>) {
  return c.submit('/network/entries/new', '/network/entries', { kind: 'person', sector: 'friends', circle: 'middle', ...form });
}

async function entryIdByName(app: App, c: Client, name: string): Promise<string> {
  const res = await c.get('/api/v1/network/entries');
  const entry = (res.json() as { entries: Array<{ id: string; name: string }> }).entries.find((e) => e.name === name);
  assert.ok(entry, `${name} is in the network`);
  void app;
  return entry.id;
}

/** An owner with one entry holding every kind of secret. */
async function ownerWithSecrets(): Promise<{ owner: Member; entryId: string }> {
  const owner = await signedInAs(t.app, 'member');
  const res = await addEntry(owner.client, { name: SECRETS.name, sector: 'family', circle: 'inner', support: ['emotional', 'practical'], phone: SECRETS.phone, email: SECRETS.email, notes: SECRETS.notes, rhythmEvery: '2', rhythmUnit: 'weeks' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const entryId = await entryIdByName(t.app, owner.client, SECRETS.name);
  const page = `/network/entries/${entryId}`;
  assert.equal((await owner.client.submit(page, `${page}/contacts`, { contactKind: 'call', contactDate: '', contactNote: SECRETS.contactNote })).statusCode, 303);
  assert.equal((await owner.client.submit(page, `${page}/give-and-take`, { ledgerDirection: 'received', ledgerType: 'practical', ledgerNote: SECRETS.ledgerNote })).statusCode, 303);
  assert.equal((await owner.client.submit(page, `${page}/gratitude`, { thanksText: SECRETS.thanks })).statusCode, 303);
  assert.equal((await owner.client.submit('/network/check-ins', '/network/check-ins', { mood: '3', energy: '2', checkinNote: SECRETS.checkin })).statusCode, 303);
  return { owner, entryId };
}

describe('the owner', () => {
  test('adds people, sees them on the map and in the table, logs a contact and the countdown starts again', async () => {
    const { client } = await signedInAs(t.app, 'member');
    const empty = await client.get('/network');
    assert.equal(empty.statusCode, 200);
    assert.match(textOf(empty.body), /Ihr Netz ist noch leer/);
    assert.equal((await addEntry(client, { name: 'Oma Ilse', sector: 'family', circle: 'inner', rhythmEvery: '1', rhythmUnit: 'days' })).statusCode, 303);
    const map = await client.get('/network');
    assert.match(map.body, /<svg class="netmap"/);
    assert.match(map.body, /aria-label="1. Oma Ilse: Familie, innerer Kreis"/);
    assert.match(textOf(map.body), /1 Oma Ilse Familie innerer Kreis jeden Tag/);
    assert.doesNotMatch(map.body, /alle 1 Tage/);
    const id = await entryIdByName(t.app, client, 'Oma Ilse');
    // Created today with a daily rhythm: due tomorrow, not yet now.
    let touch = await client.get('/network/stay-in-touch');
    assert.match(textOf(touch.body), /Gerade ist niemand dran/);
    // Pretend the entry was made ten days ago: now it is due.
    await t.app.deps.db.updateTable('network_entries').set({ created_at: `${addDays(today(), -10)}T08:00:00.000Z` }).where('id', '=', id).execute();
    touch = await client.get('/network/stay-in-touch');
    assert.match(textOf(touch.body), /Jetzt dran Oma Ilse/);
    assert.match(textOf((await client.get('/network/check')).body), /Kontakte ist|Kontakte sind|ruhig|still/);
    // Logging a contact restarts the countdown.
    const res = await client.submit(`/network/entries/${id}`, `/network/entries/${id}/contacts`, { contactKind: 'meeting', contactDate: '' });
    assert.equal(res.statusCode, 303);
    touch = await client.get('/network/stay-in-touch');
    assert.match(textOf(touch.body), /Gerade ist niemand dran/);
    const entry = await client.get(`/network/entries/${id}`);
    assert.match(textOf(entry.body), /Treffen/);
  });

  test('snoozing moves a due entry out of the due list; a long silence shows in the gentle list', async () => {
    const { client } = await signedInAs(t.app, 'member');
    await addEntry(client, { name: 'Kollegin Bea', sector: 'work', circle: 'outer', rhythmEvery: '1', rhythmUnit: 'weeks' });
    await addEntry(client, { name: 'Schulfreund Ole', sector: 'friends', circle: 'outer' });
    const bea = await entryIdByName(t.app, client, 'Kollegin Bea');
    const ole = await entryIdByName(t.app, client, 'Schulfreund Ole');
    await t.app.deps.db.updateTable('network_entries').set({ created_at: `${addDays(today(), -9)}T08:00:00.000Z` }).where('id', '=', bea).execute();
    await t.app.deps.db.updateTable('network_entries').set({ last_contact_on: addDays(today(), -400) }).where('id', '=', ole).execute();
    let touch = textOf((await client.get('/network/stay-in-touch')).body);
    assert.match(touch, /Jetzt dran Kollegin Bea/);
    assert.match(touch, /Länger nichts gehört .*Schulfreund Ole/);
    assert.equal((await client.submit(`/network/entries/${bea}`, `/network/entries/${bea}/snooze`, { snoozeDays: '14' })).statusCode, 303);
    touch = textOf((await client.get('/network/stay-in-touch')).body);
    assert.doesNotMatch(touch, /Jetzt dran Kollegin Bea/);
    assert.match(textOf((await client.get(`/network/entries/${bea}`)).body), /Erinnerung pausiert bis/);
  });

  test('the network check names gaps and they change as the network grows', async () => {
    const { client } = await signedInAs(t.app, 'member');
    const check = async () => [...(await client.get('/network/check')).body.matchAll(/data-finding="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(await check(), ['empty']);
    await addEntry(client, { name: 'Schwester Jana', sector: 'family', circle: 'middle' });
    const familyOnly = await check();
    for (const id of ['innerEmpty', 'fewPeople', 'onlyFamily', 'noProfessional', 'noGroup', 'noEmotional']) assert.ok(familyOnly.includes(id), `${id} in ${familyOnly}`);
    assert.match((await client.get('/network/check')).body, /href="\/groups"/);
    await addEntry(client, { name: 'Freund Can', sector: 'friends', circle: 'inner', support: 'emotional' });
    await addEntry(client, { kind: 'organisation', name: 'Kontaktstelle Nord', sector: 'professional', circle: 'outer' });
    const after = await check();
    for (const id of ['innerEmpty', 'onlyFamily', 'noProfessional', 'noGroup', 'noEmotional']) assert.ok(!after.includes(id), `${id} should be gone: ${after}`);
  });

  test('give and take is shown without judgement; gratitude offers the person’s own mail and messenger', async () => {
    const { client } = await signedInAs(t.app, 'member');
    await addEntry(client, { name: 'Nachbar Udo', sector: 'neighbourhood', circle: 'middle', email: 'udo@example.org', phone: '+49 30 123' });
    const id = await entryIdByName(t.app, client, 'Nachbar Udo');
    for (let i = 0; i < 3; i++) await client.submit(`/network/entries/${id}`, `/network/entries/${id}/give-and-take`, { ledgerDirection: 'received', ledgerType: 'practical' });
    const give = textOf((await client.get('/network/give-and-take')).body);
    assert.match(give, /Sie bekommen vor allem von Nachbar Udo\. Gibt es etwas, das Sie schenken könnten/);
    assert.match(textOf((await client.get('/network/check')).body), /./);
    const res = await client.submit('/network/gratitude', '/network/gratitude', { thanksEntry: id, thanksText: 'Danke fürs Tragen der Kisten' });
    assert.equal(res.statusCode, 303);
    const journal = (await client.get('/network/gratitude')).body;
    assert.match(journal, /href="mailto:udo%40example.org\?subject=Danke!&(amp;)?body=Danke%20f%C3%BCrs%20Tragen%20der%20Kisten"/);
    assert.match(journal, /href="sms:\+4930123\?body=/);
    assert.equal((await outbox(t.app)).filter((m) => m.text_body.includes('Kisten')).length, 0, 'the platform sends nothing');
  });

  test('check-ins draw a private chart', async () => {
    const { client } = await signedInAs(t.app, 'member');
    for (const [mood, energy] of [['2', '3'], ['4', '4']] as const) await client.submit('/network/check-ins', '/network/check-ins', { mood, energy });
    const page = await client.get('/network/check-ins');
    assert.match(page.body, /<svg class="chart"[^>]*role="img"/);
    assert.equal((page.body.match(/<polyline/g) ?? []).length, 2);
    assert.match(textOf(page.body), /4 – eher gut/);
  });
});

describe('bad input', () => {
  test('empty name, rhythm 0 and future dates get messages at their fields, and the input stays', async () => {
    const { client } = await signedInAs(t.app, 'member');
    const res = await addEntry(client, { name: '  ', notes: 'bleibt stehen', rhythmEvery: '0', rhythmUnit: 'days', phone: '0171 1' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#name">Bitte geben Sie einen Namen ein/);
    assert.match(res.body, /id="rhythmEvery-error"[^>]*>Bitte geben Sie bei „Alle“ eine ganze Zahl ab 1 ein/);
    assert.match(res.body, />bleibt stehen<\/textarea>/);
    assert.match(res.body, /value="0171 1"/);
    const tooLong = await addEntry(client, { name: 'X', rhythmEvery: '200', rhythmUnit: 'months' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /höchstens 10 Jahre/);
    await addEntry(client, { name: 'Cousine Mia' });
    const id = await entryIdByName(t.app, client, 'Cousine Mia');
    const future = await client.submit(`/network/entries/${id}`, `/network/entries/${id}/contacts`, { contactKind: 'letter', contactDate: addDays(today(), 3), contactNote: 'Notiz bleibt' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /id="contactDate-error"[^>]*>Das Datum liegt in der Zukunft/);
    assert.match(future.body, />Notiz bleibt<\/textarea>/);
    assert.match(future.body, /value="letter" checked/);
    const broken = await client.submit(`/network/entries/${id}`, `/network/entries/${id}/contacts`, { contactKind: 'call', contactDate: '31.02.2026' });
    assert.match(broken.body, /in der Form 21\.11\.2026/);
    const checkin = await client.submit('/network/check-ins', '/network/check-ins', { mood: '9', checkinDate: '1.1.2999', checkinNote: 'bleibt' });
    assert.equal(checkin.statusCode, 400);
    assert.match(checkin.body, /href="#mood"/);
    assert.match(checkin.body, /href="#energy"/);
    assert.match(checkin.body, /href="#checkinDate"/);
  });

  test('an unknown or malformed entry id is a 404 page, not a crash', async () => {
    const { client } = await signedInAs(t.app, 'member');
    for (const id of ['00000000-0000-0000-0000-000000000000', 'x', '%27%20or%201%3D1']) {
      const res = await client.get(`/network/entries/${id}`);
      assert.equal(res.statusCode, 404, id);
    }
  });
});

describe('privacy', () => {
  test('notes, contact data, names and every private text are not in the database in plain text', async () => {
    await ownerWithSecrets();
    const tables = ['network_entries', 'network_contacts', 'network_ledger', 'network_gratitude', 'network_checkins', 'jobs', 'outbox', 'audit_log'] as const;
    const dump: string[] = [];
    for (const table of tables) dump.push(JSON.stringify(await t.app.deps.db.selectFrom(table).selectAll().execute()));
    const all = dump.join('\n');
    assert.match(all, /v1\./, 'sealed values are there');
    for (const [what, secret] of Object.entries(SECRETS)) assert.equal(all.includes(secret), false, `${what} is stored in plain text`);
  });

  test('permission grid: on every network route, only the owner reaches the entry; every other role gets nothing', async () => {
    const { owner, entryId } = await ownerWithSecrets();
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/network') || r.url.startsWith('/api/v1/network'));
    assert.ok(routes.length >= 30, `found ${routes.length} network routes`);
    const secretsIn = (body: string) => Object.values(SECRETS).filter((s) => body.includes(s) || body.includes(encodeURIComponent(s)));

    // The owner reaches every page of their network, and the entry's secrets are on its pages.
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const res = await owner.client.get(r.url.replace(':id', entryId));
      assert.equal(res.statusCode, 200, `owner: GET ${r.url} answered ${res.statusCode}`);
    }
    assert.deepEqual(secretsIn((await owner.client.get(`/network/entries/${entryId}`)).body).sort(), [SECRETS.name, SECRETS.notes, SECRETS.phone, SECRETS.email, SECRETS.contactNote, SECRETS.ledgerNote, SECRETS.thanks].sort());
    assert.ok(secretsIn((await owner.client.get('/network/export.json')).body).length === Object.keys(SECRETS).length);

    // The owner's own changes in the grid go to a second entry of theirs, so the one with the
    // secrets stays as it was and every other role's attempts on it can be checked afterwards.
    assert.equal((await addEntry(owner.client, { name: 'Probe-Eintrag', sector: 'friends', circle: 'middle' })).statusCode, 303);
    const scratchId = await entryIdByName(t.app, owner.client, 'Probe-Eintrag');
    assert.equal((await addEntry(owner.client, { name: 'Zweiter Probe-Eintrag', sector: 'friends', circle: 'outer' })).statusCode, 303);
    const scratchForApiDelete = await entryIdByName(t.app, owner.client, 'Zweiter Probe-Eintrag');
    // "Add from the directory" needs an entry the directory knows; the grid lends it one for its run.
    setDirectoryResolver(t.app.deps, async (ref) => (ref.slug === 'grid-gruppe' ? { name: 'Gruppe im Raster', kind: 'group', url: '/groups/grid-gruppe' } : undefined));
    const clients = { owner: owner.client, visitor: new Client(t.app) } as Record<'owner' | 'visitor' | 'member' | 'staff' | 'moderator' | 'admin', Client>;
    for (const role of ['member', 'staff', 'moderator', 'admin'] as const) clients[role] = (await signedInAs(t.app, role)).client;
    type Role = keyof typeof clients;
    const ownerOnly: Role[] = ['owner'];
    // Pages and commands without an entry id work on the asker's own network: every signed-in person may.
    const signedIn: Role[] = ['owner', 'member', 'staff', 'moderator', 'admin'];
    // The owner's entries as they were before the grid (the scratch entries are theirs to change).
    const ownedBefore = (await t.app.deps.db.selectFrom('network_entries').select('id').where('user_id', '=', owner.userId).where('id', 'not in', [scratchId, scratchForApiDelete]).execute()).map((r) => r.id);
    const before = JSON.stringify(await t.app.deps.db.selectFrom('network_entries').selectAll().where('user_id', '=', owner.userId).where('id', 'in', ownedBefore).orderBy('id').execute());
    const counts = async () => {
      const n = async (table: 'network_contacts' | 'network_ledger' | 'network_gratitude') => (await t.app.deps.db.selectFrom(table).select('id').where('entry_id', '=', entryId).execute()).length;
      return [await n('network_contacts'), await n('network_ledger'), await n('network_gratitude')];
    };
    const countsBefore = await counts();
    const form = { name: 'Übernommen', kind: 'person', sector: 'family', circle: 'inner', contactKind: 'call', ledgerDirection: 'given', ledgerType: 'practical', thanksText: 'x', thanksEntry: entryId, snoozeDays: '90', weeklyDigest: 'yes', mood: '3', energy: '3', ref: 'group:x' };

    // Every network route with who may use it and where the owner's success leads. A new route
    // without a line here fails the grid (runPermissionGrid's route check).
    interface Expectation { allowed: Role[]; redirectsTo?: string | RegExp; alsoAllowed?: number[] }
    const expectations: Record<string, Expectation> = {
      'GET /network': { allowed: signedIn },
      'GET /network/check': { allowed: signedIn },
      'GET /network/check-ins': { allowed: signedIn },
      'GET /network/entries/new': { allowed: signedIn },
      'GET /network/entries/:id': { allowed: ownerOnly },
      'GET /network/entries/:id/edit': { allowed: ownerOnly },
      'GET /network/entries/:id/delete': { allowed: ownerOnly },
      'GET /network/export.csv': { allowed: signedIn },
      'GET /network/export.json': { allowed: signedIn },
      'GET /network/give-and-take': { allowed: signedIn },
      'GET /network/gratitude': { allowed: signedIn },
      'GET /network/import-export': { allowed: signedIn },
      'GET /network/map.png': { allowed: signedIn },
      'GET /network/map.svg': { allowed: signedIn },
      'GET /network/stay-in-touch': { allowed: signedIn },
      'GET /api/v1/network/entries': { allowed: signedIn },
      'GET /api/v1/network/entries/:id': { allowed: ownerOnly },
      'POST /network/entries': { allowed: signedIn, redirectsTo: /^\/network($|[?#])/ },
      'POST /network/entries/from-directory': { allowed: signedIn, redirectsTo: '/network/entries/' },
      'POST /network/entries/:id/edit': { allowed: ownerOnly, redirectsTo: '/network/entries/' },
      'POST /network/entries/:id/contacts': { allowed: ownerOnly, redirectsTo: '/network/entries/' },
      'POST /network/entries/:id/give-and-take': { allowed: ownerOnly, redirectsTo: '/network/entries/' },
      'POST /network/entries/:id/gratitude': { allowed: ownerOnly, redirectsTo: '/network/entries/' },
      'POST /network/entries/:id/snooze': { allowed: ownerOnly, redirectsTo: '/network/' },
      'POST /network/entries/:id/delete': { allowed: ownerOnly, redirectsTo: '/network' },
      // Others may thank in their own network, but not name the owner's entry: the form comes back (400).
      'POST /network/gratitude': { allowed: signedIn, redirectsTo: '/network/gratitude', alsoAllowed: [400] },
      'POST /network/check-ins': { allowed: signedIn, redirectsTo: '/network/check-ins' },
      'POST /network/digest': { allowed: signedIn, redirectsTo: '/network/' },
      'POST /network/import': { allowed: signedIn, alsoAllowed: [400] },
      'POST /api/v1/network/entries': { allowed: signedIn },
      'POST /api/v1/network/entries/:id/contacts': { allowed: ownerOnly },
      'DELETE /api/v1/network/entries/:id': { allowed: ownerOnly },
    };
    const leaks: string[] = [];
    const actions: Array<GridAction<Role>> = Object.entries(expectations)
      // Deleting the owner's scratch entry comes last, after everything else used it.
      .sort(([a], [b]) => Number(/delete|DELETE/.test(a)) - Number(/delete|DELETE/.test(b)))
      .map(([route, expected]) => {
        const [method, pattern] = route.split(' ') as [string, string];
        return {
          name: route, route, ...expected,
          async run(c: Client) {
            const own = route === 'DELETE /api/v1/network/entries/:id' ? scratchForApiDelete : scratchId;
            const url = pattern.replace(':id', c === owner.client ? own : entryId);
            const payload = route === 'POST /api/v1/network/entries' ? { kind: 'person', name: 'Über die Schnittstelle', sector: 'family', circle: 'inner' } : { kind: 'call' };
            let res;
            if (method === 'GET') res = await c.get(url);
            else {
              await c.get(c === clients.visitor ? '/' : '/network');
              res = url.startsWith('/api/')
                ? await t.app.inject({ method: method as 'POST', url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } })
                : await c.post(url, { ...form, thanksEntry: c === owner.client ? scratchId : entryId, ref: 'group:grid-gruppe' });
            }
            if (c !== owner.client && secretsIn(res.body).length) leaks.push(`${route} shows the owner's secrets`);
            return res;
          },
        };
      });
    const wrong = await runPermissionGrid({ app: t.app, clients, actions, routes: { include: (r) => r.url.startsWith('/network') || r.url.startsWith('/api/v1/network') } });
    setDirectoryResolver(t.app.deps, undefined);
    assert.deepEqual(wrong, []);
    assert.deepEqual(leaks, []);
    const afterRows = JSON.stringify(await t.app.deps.db.selectFrom('network_entries').selectAll().where('user_id', '=', owner.userId).where('id', 'in', ownedBefore).orderBy('id').execute());
    assert.equal(afterRows, before, 'nobody changed the owner\'s entries');
    assert.deepEqual(await counts(), countsBefore, 'nobody added to the owner\'s entry');
    const others = Object.entries(clients).filter(([role]) => role !== 'owner');

    // No other page of the whole route table shows it to an administrator either.
    const admin = others.find(([role]) => role === 'admin')![1];
    for (const r of t.app.routeList.filter((x) => x.method === 'GET')) {
      const url = r.url.replace(/:id/g, entryId).replace(/:[a-zA-Z]+/g, 'x').replace(/\*$/, 'x');
      const res = await admin.get(url);
      assert.deepEqual(secretsIn(res.body), [], `admin: GET ${url} shows the owner's secrets`);
    }
    // Another person's access key reaches nothing either.
    const stranger = await signedInAs(t.app, 'admin');
    const token = await createApiToken(t.app.deps.db, stranger.userId, 'test');
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/network/entries/${entryId}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 404);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/network/entries', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(list.json(), { entries: [] });
  });

  test('logs hold no names, notes or contact data', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp({ logLevel: 'trace' }, { logStream: sink });
    try {
      const { client } = await signedInAs(logged.app, 'member');
      await client.submit('/network/entries/new', '/network/entries', { kind: 'person', sector: 'family', circle: 'inner', name: SECRETS.name, notes: SECRETS.notes, phone: SECRETS.phone, email: SECRETS.email });
      await client.submit('/network/entries/new', '/network/entries', { kind: 'person', sector: 'family', circle: 'inner', name: '', notes: SECRETS.notes });
      const res = await client.get('/api/v1/network/entries');
      const id = (res.json() as { entries: Array<{ id: string }> }).entries[0]!.id;
      await client.submit(`/network/entries/${id}`, `/network/entries/${id}/contacts`, { contactKind: 'call', contactDate: '1.1.2999', contactNote: SECRETS.contactNote });
      await client.get(`/network/entries/${id}?q=${encodeURIComponent(SECRETS.name)}`);
      const all = lines.join('\n');
      assert.ok(lines.length > 10);
      for (const secret of [SECRETS.name, SECRETS.notes, SECRETS.phone, SECRETS.email, SECRETS.contactNote]) assert.equal(all.includes(secret), false, `the log contains ${secret}`);
    } finally {
      await logged.close();
    }
  });
});

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = '----netztest7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/vcard\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(c: Client, file?: { name: string; content: Buffer | string }) {
  await c.get('/network/import-export');
  const { payload, contentType } = multipart({ _csrf: c.csrf }, file);
  return t.app.inject({ method: 'POST', url: `/network/import?_csrf=${encodeURIComponent(c.csrf)}`, payload, headers: { 'content-type': contentType, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
}

describe('import and export', () => {
  test('a phone book of 10 000 contacts with broken cards and photos: the valid ones come in, the rest is reported', async () => {
    const { client } = await signedInAs(t.app, 'member');
    const cards: string[] = [];
    for (let i = 1; i <= 10_000; i++) {
      if (i === 17) cards.push('BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:123\r\nEND:VCARD');
      else if (i === 18) cards.push('BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Gr=C3=BC=\r\nn\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRg\r\n AAQEASABIAAD\r\n\r\nEND:VCARD');
      else cards.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kontakt ${i}\r\nTEL;TYPE=CELL:0171 ${i}\r\nEND:VCARD`);
    }
    const started = Date.now();
    const res = await upload(client, { name: 'kontakte.vcf', content: `${cards.join('\r\n')}\r\nBEGIN:VCARD\r\nFN:abgeschnitten` });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(textOf(res.body), /9999 Kontakte übernommen/);
    assert.match(textOf(res.body), /Kontakt 17: kein Name/);
    assert.match(textOf(res.body), /Kontakt 10001: die Datei endet mitten im Kontakt/);
    const rows = await client.get('/api/v1/network/entries');
    const entries = (rows.json() as { entries: Array<{ name: string; phone: string }> }).entries;
    assert.equal(entries.length, 9999);
    assert.ok(entries.some((e) => e.name === 'Grün'));
    assert.ok(Date.now() - started < 60_000, `the import took ${Date.now() - started} ms`);
  });

  test('no file, an empty file, a non-vCard and a broken upload get messages, never a 5xx', async () => {
    const { client } = await signedInAs(t.app, 'member');
    assert.match((await upload(client)).body, /Bitte wählen Sie eine vCard-Datei aus/);
    assert.match((await upload(client, { name: 'leer.vcf', content: '' })).body, /Bitte wählen Sie eine vCard-Datei aus/);
    const png = await upload(client, { name: 'bild.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff]) });
    assert.equal(png.statusCode, 400);
    assert.match(png.body, /keine vCard gefunden/);
    await client.get('/network/import-export');
    const broken = await t.app.inject({ method: 'POST', url: `/network/import?_csrf=${encodeURIComponent(client.csrf)}`, payload: 'kein multipart', headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.ok(broken.statusCode >= 400 && broken.statusCode < 500, String(broken.statusCode));
  });

  test('JSON and CSV exports hold everything, opened; CSV formulas are defused', async () => {
    const { owner } = await ownerWithSecrets();
    await addEntry(owner.client, { name: '=HYPERLINK("http://x")', notes: '+1' });
    const json = await owner.client.get('/network/export.json');
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(String(json.headers['content-disposition']), /attachment/);
    const data = json.json() as { entries: Array<{ name: string; contacts: unknown[]; gratitude: Array<{ text: string }> }>; checkins: Array<{ note: string }> };
    const secret = data.entries.find((e) => e.name === SECRETS.name)!;
    assert.equal(secret.contacts.length, 1);
    assert.equal(secret.gratitude[0]?.text, SECRETS.thanks);
    assert.equal(data.checkins[0]?.note, SECRETS.checkin);
    const csv = await owner.client.get('/network/export.csv');
    assert.match(csv.body, /^\uFEFF"Name";"Art";"Lebensbereich"/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/x""\)"/);
    assert.match(csv.body, new RegExp(SECRETS.notes));
    const svg = await owner.client.get('/network/map.svg');
    assert.match(svg.body, /^<\?xml[^]*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await owner.client.get('/network/map.png');
    assert.equal(png.headers['content-type'], 'image/png');
    assert.equal(png.rawPayload.subarray(1, 4).toString(), 'PNG');
  });

  test('the JSON export streams, and holds what the account export holds', async () => {
    const { owner } = await ownerWithSecrets();
    await addEntry(owner.client, { name: 'Zweite Person' });
    const json = await owner.client.get('/network/export.json');
    assert.equal(json.headers['content-length'], undefined, 'streamed, not built as one string');
    const { format, version, exportedAt, ...rest } = json.json() as Record<string, unknown>;
    assert.deepEqual([format, version, typeof exportedAt], ['miteinander-network-export', 1, 'string']);
    const app = t.app as App;
    const whole = await exportNetwork(app.deps, owner.userId);
    assert.deepEqual(rest, JSON.parse(JSON.stringify(whole)));
    assert.equal((rest.entries as unknown[]).length, 2);
    // An empty network is valid JSON too.
    const empty = await signedInAs(t.app, 'member');
    assert.deepEqual((await empty.client.get('/network/export.json')).json().entries, []);
  });

  test('the PNG map shows the names: renaming an entry changes the picture', async () => {
    const owner = await signedInAs(t.app, 'member');
    await addEntry(owner.client, { name: 'Ирина <Nachbarin>' });
    const before = (await owner.client.get('/network/map.png')).rawPayload;
    assert.equal(before.readUInt32BE(16), 1380, 'the stand-alone map’s width');
    assert.equal(before.readUInt32BE(20), 900, 'and height');
    const id = await entryIdByName(t.app, owner.client, 'Ирина <Nachbarin>');
    const edit = await owner.client.submit(`/network/entries/${id}/edit`, `/network/entries/${id}/edit`, { kind: 'person', sector: 'friends', circle: 'middle', name: 'سلمى & Co' });
    assert.equal(edit.statusCode, 303, edit.body.slice(0, 300));
    const after = (await owner.client.get('/network/map.png')).rawPayload;
    assert.equal(after.subarray(1, 4).toString(), 'PNG');
    assert.notDeepEqual(after, before);
  });

  test('the account export contains the network, and deleting the account removes all of it', async () => {
    const { owner } = await ownerWithSecrets();
    await owner.client.get('/account/export');
    const exported = await owner.client.post('/account/export', { currentPassword: 'Gartenzwerg Mondlicht Tulpe 7' });
    assert.equal(exported.statusCode, 200);
    const data = exported.json() as { supportNetwork: { entries: Array<{ notes: string }> } };
    assert.equal(data.supportNetwork.entries[0]?.notes, SECRETS.notes);
    await owner.client.get('/account/delete');
    const deleted = await owner.client.post('/account/delete', { posts: 'remove', confirm: 'yes', currentPassword: 'Gartenzwerg Mondlicht Tulpe 7' });
    assert.equal(deleted.statusCode, 303);
    for (const table of ['network_entries', 'network_contacts', 'network_ledger', 'network_gratitude', 'network_checkins', 'network_settings'] as const) {
      const left = await t.app.deps.db.selectFrom(table).select('user_id').where('user_id', '=', owner.userId).execute();
      assert.equal(left.length, 0, `${table} still holds rows`);
    }
  });
});

describe('weekly digest', () => {
  test('is off by default, needs a confirmed address, says how many but never who, and comes once a week', async () => {
    const member = await signedInAs(t.app, 'member');
    const { client } = member;
    await addEntry(client, { name: 'Tante Vera', sector: 'family', circle: 'middle', rhythmEvery: '1', rhythmUnit: 'days' });
    const id = await entryIdByName(t.app, client, 'Tante Vera');
    await t.app.deps.db.updateTable('network_entries').set({ created_at: `${addDays(today(), -5)}T08:00:00.000Z` }).where('id', '=', id).execute();
    const page = await client.get('/network/stay-in-touch');
    assert.match(page.body, /Dafür brauchen Sie eine bestätigte E-Mail-Adresse/);
    assert.equal(await sendDigests(t.app.deps), 0);
    await setConfirmedEmail(t.app.deps.db, member.userId, `${member.pseudonym}@example.org`);
    const fresh = new Client(t.app);
    const { login } = await import('../../../test/helpers.ts');
    await login(fresh, member.pseudonym);
    const on = await fresh.get('/network/stay-in-touch');
    assert.match(on.body, /id="weeklyDigest" name="weeklyDigest" value="yes"(?! checked)/);
    assert.equal((await fresh.post('/network/digest', { weeklyDigest: 'yes' })).statusCode, 303);
    assert.equal(await sendDigests(t.app.deps), 1);
    const mails = (await outbox(t.app)).filter((m) => m.to_address === `${member.pseudonym}@example.org`);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text_body, /1 Kontakte dran/);
    assert.equal(mails[0]!.text_body.includes('Tante Vera'), false, 'no names in mails');
    assert.equal(await sendDigests(t.app.deps), 0, 'not twice in a week');
    assert.equal(await sendDigests(t.app.deps, Date.now() + 7 * 86_400_000), 1, 'again a week later');
  });
});

describe('directory and API', () => {
  test('adding from the directory: a friendly 404 until the directory answers, then one click adds it', async () => {
    const { client } = await signedInAs(t.app, 'member');
    await client.get('/network');
    const missing = await client.post('/network/entries/from-directory', { ref: 'group:trauer-cafe' });
    assert.equal(missing.statusCode, 404);
    assert.match(textOf(missing.body), /Diesen Eintrag im Verzeichnis gibt es nicht/);
    setDirectoryResolver(t.app.deps, async (ref) => (ref.slug === 'trauer-cafe' ? { name: 'Trauer-Café Mitte', kind: 'group', url: '/groups/trauer-cafe' } : undefined));
    await client.get('/network');
    const added = await client.post('/network/entries/from-directory', { ref: 'group:trauer-cafe' });
    assert.equal(added.statusCode, 303);
    const entry = await client.get(String(added.headers.location));
    assert.match(textOf(entry.body), /Trauer-Café Mitte .*Organisation oder Gruppe .*Vereine und Gruppen/);
    assert.match(entry.body, /href="\/groups\/trauer-cafe"/);
    setDirectoryResolver(t.app.deps, undefined);
  });

  test('the API with a personal access key: create, list, log a contact, delete; bad input is a 400 naming the field', async () => {
    const member = await signedInAs(t.app, 'member');
    const token = await createApiToken(t.app.deps.db, member.userId, 'test');
    const auth = { authorization: `Bearer ${token}` };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/network/entries', headers: auth, payload: { kind: 'person', name: 'Paula', sector: 'friends', circle: 'inner', support: ['company'], rhythmDays: 14 } });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    const logged = await t.app.inject({ method: 'POST', url: `/api/v1/network/entries/${id}/contacts`, headers: auth, payload: { kind: 'call' } });
    assert.equal(logged.statusCode, 200);
    assert.equal((logged.json() as { lastContactOn: string }).lastContactOn, today());
    const future = await t.app.inject({ method: 'POST', url: `/api/v1/network/entries/${id}/contacts`, headers: auth, payload: { kind: 'call', date: '2999-01-01' } });
    assert.equal(future.statusCode, 400);
    assert.equal((future.json() as { errors: Array<{ field: string }> }).errors[0]?.field, 'date');
    const zero = await t.app.inject({ method: 'POST', url: '/api/v1/network/entries', headers: auth, payload: { kind: 'person', name: 'X', sector: 'friends', circle: 'inner', rhythmDays: 0 } });
    assert.equal(zero.statusCode, 400);
    assert.equal(zero.headers['content-type'], 'application/problem+json; charset=utf-8');
    const blank = await t.app.inject({ method: 'POST', url: '/api/v1/network/entries', headers: auth, payload: { kind: 'person', name: '   ', sector: 'friends', circle: 'inner' } });
    assert.equal((blank.json() as { errors: Array<{ field: string }> }).errors[0]?.field, 'name');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/network/entries/${id}`, headers: auth })).statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/network/entries/${id}`, headers: auth })).statusCode, 404);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/api/v1/network/entries']);
  });
});
