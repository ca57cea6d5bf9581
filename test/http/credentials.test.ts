// Credentials and log-in abuse: a changed or reset password ends every other way in (sessions and
// access keys), a key needs the password, and failed log-ins slow attackers down without locking the
// owner out on a browser they have used before.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, STRONG_PASSWORD, createTestApp, login, outbox, signedInAs, textOf } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { setConfirmedEmail } from '../../src/features/accounts/service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const NEW_PASSWORD = 'Leuchtturm Regenbogen Kiesel 42';

async function makeKey(c: Client, password = STRONG_PASSWORD): Promise<string | undefined> {
  const res = await c.submit('/account/api-tokens', '/account/api-tokens', { name: 'Skript', currentPassword: password });
  return /<code class="token">(mt_[A-Za-z0-9_-]+)<\/code>/.exec(res.body)?.[1];
}

const keyWorks = async (key: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } })).statusCode === 200;
const signedIn = async (c: Client) => (await c.get('/account')).statusCode === 200;

describe('changing credentials ends every other way in (finding 3)', () => {
  test('a password change ends the other sessions and every access key, and keeps the current session', async () => {
    const owner = await signedInAs(t.app, 'member');
    const intruder = new Client(t.app);
    assert.equal((await login(intruder, owner.pseudonym)).statusCode, 303);
    const planted = await makeKey(intruder);
    assert.ok(planted && (await keyWorks(planted)), 'the planted key works at first');
    const res = await owner.client.submit('/account/password', '/account/password', { currentPassword: STRONG_PASSWORD, password: NEW_PASSWORD });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 300));
    assert.equal(await keyWorks(planted), false, 'the planted key ends with the password change');
    assert.equal(await signedIn(intruder), false, 'the other session ends');
    assert.equal(await signedIn(owner.client), true, 'the session that changed it stays');
  });

  test('a password reset ends every session and every access key', async () => {
    const owner = await signedInAs(t.app, 'member');
    await setConfirmedEmail(t.app.deps.db, owner.userId, `${owner.userId.slice(0, 8)}@example.org`);
    const planted = await makeKey(owner.client);
    assert.ok(planted && (await keyWorks(planted)));
    const stranger = new Client(t.app);
    await stranger.submit('/forgot-password', '/forgot-password', { identifier: `${owner.userId.slice(0, 8)}@example.org` });
    const mail = (await outbox(t.app)).find((m) => m.text_body.includes('/reset-password?token='));
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
    assert.ok(token, 'a reset link was sent');
    await stranger.get(`/reset-password?token=${token}`);
    const done = await stranger.post('/reset-password', { token, password: NEW_PASSWORD });
    assert.equal(done.statusCode, 303, textOf(done.body).slice(0, 300));
    assert.equal(await keyWorks(planted), false, 'the key ends with the reset');
    assert.equal(await signedIn(owner.client), false, 'every session ends with the reset');
  });

  test('making an access key asks for the password', async () => {
    const owner = await signedInAs(t.app, 'member');
    await owner.client.get('/account/api-tokens');
    const without = await owner.client.post('/account/api-tokens', { name: 'Ohne Passwort' });
    assert.equal(without.statusCode, 400);
    const wrong = await owner.client.post('/account/api-tokens', { name: 'Falsches Passwort', currentPassword: 'nicht mein Passwort' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /value="Falsches Passwort"/, 'the name stays filled in');
    assert.equal(await t.app.deps.db.selectFrom('api_tokens').select('id').where('user_id', '=', owner.userId).executeTakeFirst(), undefined);
    assert.ok(await makeKey(owner.client));
  });
});

describe('log-in limits slow attackers, not owners (finding 7)', () => {
  const wrong = (c: Client, identifier: string, i: number) => login(c, identifier, `falsch-${i}-kennwort`);

  test('e-mail address and pseudonym count as one account', async () => {
    const owner = await signedInAs(t.app, 'member');
    const email = `eins-${owner.userId.slice(0, 8)}@example.org`;
    await setConfirmedEmail(t.app.deps.db, owner.userId, email);
    for (let i = 0; i < 3; i++) await wrong(new Client(t.app), owner.pseudonym, i);
    for (let i = 0; i < 2; i++) await wrong(new Client(t.app), email, i);
    const res = await login(new Client(t.app), owner.pseudonym);
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /zu viele Versuche/i);
  });

  test('the owner on a known browser logs in at once while others hammer the account', async () => {
    const owner = await signedInAs(t.app, 'member');
    const device = owner.client.cookies.get('device');
    assert.ok(device, 'a successful log-in leaves a device cookie');
    await owner.client.post('/logout');
    for (let i = 0; i < 12; i++) await wrong(new Client(t.app), owner.pseudonym, i);
    assert.equal((await login(new Client(t.app), owner.pseudonym)).statusCode, 400, 'an unknown browser must wait');
    // A device cookie cannot be made up.
    const forger = new Client(t.app);
    forger.cookies.set('device', `${owner.userId}.selbstgemacht`);
    assert.equal((await login(forger, owner.pseudonym)).statusCode, 400);
    const res = await login(owner.client, owner.pseudonym);
    assert.equal(res.statusCode, 303, `the owner is not locked out: ${textOf(res.body).slice(0, 300)}`);
    assert.equal((await login(new Client(t.app), owner.pseudonym)).statusCode, 400, 'and the attack stays slowed down');
  });

  test('failures slow down, they do not lock for a quarter of an hour', async () => {
    const owner = await signedInAs(t.app, 'member');
    for (let i = 0; i < 5; i++) await wrong(new Client(t.app), owner.pseudonym, i);
    const paused = await login(new Client(t.app), owner.pseudonym);
    assert.equal(paused.statusCode, 400);
    assert.match(textOf(paused.body), /warten Sie \d+ Sekunden/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await login(new Client(t.app), owner.pseudonym)).statusCode, 303, 'after a short wait the right password works');
  });

  test('many failures from one address (a proxy without TRUST_PROXY) do not lock out the people behind it', async () => {
    const strict = await createTestApp({ rateLimits: { globalPerMinute: 100_000, loginPerIp: 5, loginFailuresPerAccount: 5, registerPerIp: 1000, resetPerIp: 1000, resetPerAccount: 3 } });
    try {
      const regular = await signedInAs(strict.app, 'member');
      await regular.client.post('/logout');
      const newcomer = await signedInAs(strict.app, 'member');
      const fresh = new Client(strict.app);
      for (let i = 0; i < 8; i++) await login(new Client(strict.app), `niemand-${i}`, 'falsches Kennwort hier');
      assert.equal((await login(regular.client, regular.pseudonym)).statusCode, 303, 'someone with a known browser gets in at once');
      const slowed = await login(fresh, newcomer.pseudonym);
      assert.equal(slowed.statusCode, 400, 'an unknown browser behind the busy address is slowed down');
      const wait = Number(/warten Sie (\d+) Sekunden/.exec(textOf(slowed.body))?.[1]);
      assert.ok(wait > 0 && wait <= 60, `and waits a minute at most, not ${wait}`);
    } finally {
      await strict.close();
    }
  });
});
