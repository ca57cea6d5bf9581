// A right taken away is gone at the next request, also when another process took it: the session, the
// role, a suspension and the rules in force are read with the session's one query on every request,
// never kept between requests. Two apps on one database stand for two processes (on SQLite the same
// file, on PostgreSQL the same schema).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildApp, type App } from '../../src/app.ts';
import { setRole } from '../../src/features/accounts/index.ts';
import { publishRules } from '../../src/features/accounts/rules.ts';
import { nowIso } from '../../src/platform/time.ts';
import { Client, createTestApp, signedInAs, textOf, type TestApp } from '../helpers.ts';

let t: TestApp;
let other: App;
before(async () => {
  t = await createTestApp();
  // A second process of the same instance: same database and keys, its own memory.
  other = await buildApp(t.config, { logger: false });
});
after(async () => {
  await other.close();
  await t.close();
});

/** The same browser talking to the other process (a balancer may send any request anywhere). */
function sameBrowserAt(app: App, client: Client): Client {
  const copy = new Client(app);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  copy.csrf = client.csrf;
  return copy;
}

describe('what another process takes away holds at the next request', () => {
  test('signing out through the other process ends the session here', async () => {
    const { client, pseudonym } = await signedInAs(t.app, 'member');
    assert.match(textOf((await client.get('/account')).body), new RegExp(pseudonym));
    const there = sameBrowserAt(other, client);
    await there.get('/account');
    assert.equal((await there.post('/logout')).statusCode, 303);
    const next = await client.get('/account');
    assert.equal(next.statusCode, 303);
    assert.match(String(next.headers.location), /^\/login/);
  });

  test('an administrator made a member by the other process no longer reaches the administration', async () => {
    const { client, userId } = await signedInAs(t.app, 'admin');
    const { userId: secondAdmin } = await signedInAs(t.app, 'admin');
    assert.equal((await client.get('/admin')).statusCode, 200);
    assert.equal(await setRole(other.deps, { actorId: secondAdmin, userId, role: 'member' }), 'done');
    assert.equal((await client.get('/admin')).statusCode, 403);
  });

  test('a suspension written by the other process refuses the next page, write and API call here', async () => {
    const { client, userId } = await signedInAs(t.app, 'member');
    assert.equal((await client.get('/account')).statusCode, 200);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await other.deps.db.insertInto('sanctions').values({ id: randomUUID(), user_id: userId, kind: 'suspend', reason: 'Mehrfach beleidigt.', until, created_by: null, created_at: nowIso(), lifted_at: null }).execute();
    const page = await client.get('/account');
    assert.equal(page.statusCode, 403);
    assert.match(textOf(page.body), /Mehrfach beleidigt\./);
    assert.equal((await client.get('/api/v1/me')).statusCode, 403);
    // Help in a crisis stays open.
    assert.equal((await client.get('/help')).statusCode, 200);
    // A lifted suspension lets the person in again at the next request.
    await other.deps.db.updateTable('sanctions').set({ lifted_at: nowIso() }).where('user_id', '=', userId).execute();
    assert.equal((await client.get('/account')).statusCode, 200);
  });

  test('rules published by the other process are asked for at the next page and write here', async () => {
    const { client, userId } = await signedInAs(t.app, 'member');
    const { userId: admin } = await signedInAs(t.app, 'admin');
    assert.equal((await client.get('/account')).statusCode, 200);
    const version = await publishRules(other.deps.db, { actorId: admin, summary: 'Neue Regeln für alle.' });
    const page = await client.get('/account');
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/rules\/accept\?next=%2Faccount/);
    const write = await client.post('/account/language', { locale: 'en' });
    assert.equal(write.statusCode, 303);
    assert.match(String(write.headers.location), /^\/rules\/accept\?.*blocked=1/);
    // Agreeing through the other process opens writing here at the next request.
    await other.deps.db.insertInto('consents').values({ user_id: userId, kind: 'community_rules', version, given_at: nowIso() }).execute();
    assert.equal((await client.get('/account')).statusCode, 200);
  });
});
