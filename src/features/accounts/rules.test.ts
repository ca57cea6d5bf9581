// Versioned community rules: an administrator publishes a new version; signed-in members are asked on
// their next visit, may go on reading, cannot write (pages send them to the rules, the API answers 403
// problem+json) until they agree; new accounts agree to the version in force. SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, register, signedInAs, textOf } from '../../../test/helpers.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { createCategory } from '../forum/index.ts';

test('a new rules version: asked once on the next visit, reading stays open, writing waits for agreement (pages and API)', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    await createCategory(app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 10, readAccess: 'members' });
    const admin = await signedInAs(app, 'admin', 'Verwaltung');
    const member = await signedInAs(app, 'member', 'Lesende');
    const key = await createApiToken(app.deps.db, member.userId, 'test');
    const api = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });

    // Before: nothing stands in the way.
    assert.equal((await member.client.get('/forum')).statusCode, 200);
    assert.equal((await api('GET', '/api/v1/rules')).json().version, 'rules-1');

    // Publishing needs a summary; the form keeps what was typed.
    assert.equal((await member.client.get('/admin/rules')).statusCode, 403);
    const empty = await admin.client.submit('/admin/rules', '/admin/rules', { summary: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /class="error-summary"/);
    const published = await admin.client.submit('/admin/rules', '/admin/rules', { summary: 'Neu: Keine Werbung für Heilmittel.' });
    assert.equal(published.statusCode, 303);
    assert.equal((await app.deps.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'rules.publish').executeTakeFirstOrThrow()).subject_id, 'rules-2');
    // The administrator agreed by publishing.
    assert.equal((await admin.client.get('/forum')).statusCode, 200);

    // The member's next visit: the rules first, once; then reading goes on.
    const first = await member.client.get('/forum');
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/rules/accept?next=%2Fforum');
    const acceptPage = await member.client.get('/rules/accept?next=%2Fforum');
    assert.equal(acceptPage.statusCode, 200);
    assert.match(textOf(acceptPage.body), /Keine Werbung für Heilmittel/);
    assert.match(acceptPage.body, /href="\/forum"[^>]*>Erst weiterlesen/);
    assert.equal((await member.client.get('/forum')).statusCode, 200, 'reading stays possible');
    assert.equal((await member.client.get('/forum/c/austausch')).statusCode, 200);

    // Writing waits: a form goes to the rules page, the API answers 403 problem+json.
    await member.client.get('/forum/c/austausch/new');
    const write = await member.client.post('/forum/c/austausch/new', { title: 'Eine Frage zum Schlafen', body: 'Wie macht ihr das?' });
    assert.equal(write.statusCode, 303);
    assert.match(String(write.headers.location), /^\/rules\/accept\?next=.*&blocked=1$/);
    const threads = async () => Number((await app.deps.db.selectFrom('forum_threads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(await threads(), 0);
    const apiWrite = await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Eine Frage zum Schlafen', body: 'Wie macht ihr das?' });
    assert.equal(apiWrite.statusCode, 403);
    assert.equal(apiWrite.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(apiWrite.json().type, /\/problems\/rules-not-accepted$/);
    assert.equal(apiWrite.json().rulesVersion, 'rules-2');
    assert.equal((await api('GET', '/api/v1/forum/categories')).statusCode, 200, 'API reading stays possible');
    assert.equal((await api('GET', '/api/v1/rules')).json().accepted, false);

    // Agreeing: without the tick the page comes back with a message; with it, writing works again.
    await member.client.get('/rules/accept?next=%2Fforum%2Fc%2Faustausch%2Fnew');
    const noTick = await member.client.post('/rules/accept', { next: '/forum/c/austausch/new' });
    assert.equal(noTick.statusCode, 400);
    assert.match(noTick.body, /class="error-summary"/);
    const agreed = await member.client.post('/rules/accept', { next: '/forum/c/austausch/new', agree: 'yes' });
    assert.equal(agreed.statusCode, 303);
    assert.equal(agreed.headers.location, '/forum/c/austausch/new');
    const again = await member.client.submit('/forum/c/austausch/new', '/forum/c/austausch/new', { title: 'Eine Frage zum Schlafen', body: 'Wie macht ihr das?' });
    assert.equal(again.statusCode, 303);
    assert.equal(await threads(), 1);
    assert.equal((await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Noch eine Frage', body: 'Und tagsüber?' })).statusCode, 201);

    // The API way to agree: the version read must be the one in force.
    const other = await signedInAs(app, 'member', 'Andere');
    await app.deps.db.deleteFrom('consents').where('user_id', '=', other.userId).where('kind', '=', 'community_rules').execute();
    const otherKey = await createApiToken(app.deps.db, other.userId, 'test');
    const otherApi = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${otherKey}` } });
    assert.equal((await otherApi('/api/v1/forum/threads', { category: 'austausch', title: 'Hallo in die Runde', body: 'Ich bin neu.' })).statusCode, 403);
    assert.equal((await otherApi('/api/v1/rules/accept', { version: 'rules-1' })).statusCode, 409);
    assert.equal((await otherApi('/api/v1/rules/accept', { version: 'rules-2' })).statusCode, 200);
    assert.equal((await otherApi('/api/v1/forum/threads', { category: 'austausch', title: 'Hallo in die Runde', body: 'Ich bin neu.' })).statusCode, 201);

    // Someone registering now agrees to the version in force and is not asked again.
    const newcomer = new Client(app);
    assert.equal((await register(newcomer, 'Neuling')).statusCode, 303);
    assert.equal((await newcomer.get('/forum')).statusCode, 200);
    const consent = await app.deps.db.selectFrom('consents').innerJoin('users', 'users.id', 'consents.user_id').select('consents.version').where('users.pseudonym', '=', 'Neuling').where('consents.kind', '=', 'community_rules').executeTakeFirstOrThrow();
    assert.equal(consent.version, 'rules-2');
  } finally {
    await t.close();
  }
});
