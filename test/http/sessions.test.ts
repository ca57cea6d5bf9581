// Session cookies and their lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, register } from '../helpers.ts';

test('behind https the session cookie is Secure, host-only and HttpOnly', async () => {
  const t = await createTestApp({ baseUrl: 'https://miteinander.example', secureCookies: true });
  try {
    const c = new Client(t.app);
    const res = await register(c, 'Sicherheit');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]);
    const session = cookies.find((x) => x.startsWith('__Host-sid='));
    assert.ok(session, cookies.join('\n'));
    assert.match(session, /; Secure/i);
    assert.match(session, /; HttpOnly/i);
    assert.match(session, /; Path=\//);
    assert.doesNotMatch(session, /Domain=/i);
    assert.equal((await c.get('/account')).statusCode, 200);
    assert.match(String((await c.get('/')).headers['strict-transport-security']), /max-age=31536000/);
  } finally {
    await t.close();
  }
});

test('a session ends after the idle time and is removed', async () => {
  const t = await createTestApp();
  try {
    const c = new Client(t.app);
    await register(c, 'Schlaefer');
    assert.equal((await c.get('/account')).statusCode, 200);
    await t.app.deps.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const res = await c.get('/account');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/login/);
    const left = await t.app.deps.db.selectFrom('sessions').select('id').execute();
    assert.equal(left.length, 0);
  } finally {
    await t.close();
  }
});

test('using a session moves its end forward', async () => {
  const t = await createTestApp({ sessionIdleDays: 30 });
  try {
    const c = new Client(t.app);
    await register(c, 'Aktiv');
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await t.app.deps.db.updateTable('sessions').set({ last_seen_at: old, expires_at: new Date(Date.now() + 20 * 86_400_000).toISOString() }).execute();
    await c.get('/account');
    const row = await t.app.deps.db.selectFrom('sessions').select(['last_seen_at', 'expires_at']).executeTakeFirstOrThrow();
    assert.ok(Date.parse(row.expires_at) > Date.now() + 29 * 86_400_000);
    assert.ok(Date.parse(row.last_seen_at) > Date.now() - 60_000);
  } finally {
    await t.close();
  }
});
