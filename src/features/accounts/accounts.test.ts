// Accounts through HTTP, as a person would use them: register, log in, change, export, delete.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, STRONG_PASSWORD, createTestApp, login, outbox, register, signedInAs, textOf } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

function linkFrom(text: string, path: string): string {
  const match = new RegExp(`http://localhost:3000(${path}\\?token=[A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `no ${path} link in mail:\n${text}`);
  return match[1] as string;
}

describe('registration', () => {
  test('creates an account, logs the person in and records both consents', async () => {
    const c = new Client(t.app);
    const res = await register(c, 'Regenbogen');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/account');
    const account = await c.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(textOf(account.body), /Regenbogen/);
    assert.match(textOf(account.body), /Willkommen bei Miteinander/);
    const consents = await t.app.deps.db.selectFrom('consents').innerJoin('users', 'users.id', 'consents.user_id').select(['kind', 'version', 'given_at']).where('users.pseudonym', '=', 'Regenbogen').execute();
    assert.deepEqual(consents.map((x) => x.kind).sort(), ['community_rules', 'health_data']);
    assert.ok(consents.every((x) => x.version && !Number.isNaN(Date.parse(x.given_at))));
  });

  test('refuses a pseudonym taken in another case, keeping what was typed', async () => {
    await register(new Client(t.app), 'Leuchtturm');
    const c = new Client(t.app);
    const res = await register(c, 'LEUCHTTURM', { email: 'kept@example.org' });
    assert.equal(res.statusCode, 400);
    const text = textOf(res.body);
    assert.match(text, /Bitte prüfen Sie Ihre Eingaben/);
    assert.match(text, /schon vergeben/);
    assert.match(res.body, /value="LEUCHTTURM"/);
    assert.match(res.body, /value="kept@example.org"/);
    assert.doesNotMatch(res.body, new RegExp(STRONG_PASSWORD), 'passwords are never sent back');
    assert.match(res.body, /<a href="#pseudonym">/, 'the error summary links to the field');
    assert.match(res.body, /aria-describedby="pseudonym-hint pseudonym-error"/);
  });

  test('refuses short and common passwords and missing consents, each at its field', async () => {
    const c = new Client(t.app);
    let res = await c.submit('/register', '/register', { pseudonym: 'Kurz', password: 'abc' });
    assert.equal(res.statusCode, 400);
    const text = textOf(res.body);
    assert.match(text, /mindestens 10 Zeichen/);
    assert.match(text, /Gemeinschaftsregeln halten/);
    assert.match(text, /Einwilligung/);
    res = await c.submit('/register', '/register', { pseudonym: 'Gemein', password: 'password123', rules: 'yes', health: 'yes' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /leicht zu erraten/);
    res = await c.submit('/register', '/register', { pseudonym: 'ab', password: STRONG_PASSWORD, rules: 'yes', health: 'yes' });
    assert.match(textOf(res.body), /mindestens 3 Zeichen/);
    res = await c.submit('/register', '/register', { pseudonym: '"><script>x', password: STRONG_PASSWORD, rules: 'yes', health: 'yes' });
    assert.equal(res.statusCode, 400);
    assert.doesNotMatch(res.body, /"><script>x/, 'typed text comes back escaped');
  });

  test('speaks English when the browser asks for it', async () => {
    const c = new Client(t.app);
    c.headers['accept-language'] = 'en-GB,en;q=0.9';
    const res = await c.submit('/register', '/register', { pseudonym: '' });
    assert.match(textOf(res.body), /Please enter a pseudonym/);
    assert.match(res.body, /<html lang="en"/);
  });
});

describe('log in and out', () => {
  test('logs in by pseudonym in any case, gives a new session id, and logs out', async () => {
    const first = new Client(t.app);
    await register(first, 'Wanderer');
    const oldSid = first.cookies.get('sid');
    const c = new Client(t.app);
    const res = await login(c, 'wanderer');
    assert.equal(res.statusCode, 303);
    assert.ok(c.cookies.get('sid'));
    assert.notEqual(c.cookies.get('sid'), oldSid);
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /sid=[^;]+;.*HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    await c.get('/account');
    const out = await c.post('/logout');
    assert.equal(out.statusCode, 303);
    assert.equal((await c.get('/account')).statusCode, 303, 'the account page sends visitors to log in');
  });

  test('says the same thing for an unknown account and a wrong password', async () => {
    await register(new Client(t.app), 'Gleich');
    const a = await login(new Client(t.app), 'Gleich', 'falsches Passwort 123');
    const b = await login(new Client(t.app), 'NiemandHier', 'falsches Passwort 123');
    assert.equal(a.statusCode, 400);
    assert.equal(b.statusCode, 400);
    const message = (html: string) => /<ul class="error-summary__list">(.*?)<\/ul>/s.exec(html)?.[1];
    assert.equal(message(a.body), message(b.body));
    assert.match(a.body, /value="Gleich"/, 'the identifier stays filled in');
  });

  test('pauses an account after repeated failures, even with the right password', async () => {
    await register(new Client(t.app), 'Geduld');
    for (let i = 0; i < 5; i++) await login(new Client(t.app), 'Geduld', `falsch-${i}-passwort`);
    const res = await login(new Client(t.app), 'Geduld');
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /zu viele Versuche/i);
  });

  test('a visitor is sent to log in and comes back afterwards', async () => {
    await register(new Client(t.app), 'Rueckkehr');
    const c = new Client(t.app);
    const res = await c.get('/account/password');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login?next=%2Faccount%2Fpassword');
    await c.get(res.headers.location as string);
    const done = await c.post('/login', { identifier: 'Rueckkehr', password: STRONG_PASSWORD, next: '/account/password' });
    assert.equal(done.headers.location, '/account/password');
    const evil = await new Client(t.app).submit('/login', '/login', { identifier: 'Rueckkehr', password: STRONG_PASSWORD, next: '//evil.example/' });
    assert.equal(evil.headers.location, '/', 'no redirect to another site');
  });
});

describe('e-mail and password reset', () => {
  test('confirms an address through the mailed link, then resets a forgotten password', async () => {
    const c = new Client(t.app);
    await register(c, 'Postbote', { email: 'postbote@example.org' });
    const account = await c.get('/account');
    assert.match(textOf(account.body), /noch nicht bestätigt/);
    const [mail] = await outbox(t.app);
    assert.ok(mail);
    assert.equal(mail.to_address, 'postbote@example.org');
    assert.match(mail.html_body, /<a href="http:\/\/localhost:3000\/verify-email\?token=/);
    const verifyPath = linkFrom(mail.text_body, '/verify-email');
    const page = await c.get(verifyPath);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /postbote@example.org/);
    const confirmed = await c.post('/verify-email', { token: new URL(verifyPath, 'http://x').searchParams.get('token') ?? '' });
    assert.equal(confirmed.statusCode, 303);
    assert.doesNotMatch(textOf((await c.get('/account')).body), /noch nicht bestätigt/);
    assert.equal((await c.get(verifyPath)).statusCode, 410, 'a link works once');

    // Forgotten password: the answer never tells whether the account exists.
    const stranger = new Client(t.app);
    const unknown = await stranger.submit('/forgot-password', '/forgot-password', { identifier: 'nobody@example.org' });
    const known = await stranger.submit('/forgot-password', '/forgot-password', { identifier: 'POSTBOTE@example.org' });
    assert.equal(unknown.statusCode, 303);
    assert.equal(known.statusCode, 303);
    assert.equal(unknown.headers.location, known.headers.location);
    const reset = (await outbox(t.app)).find((m) => m.subject.includes('Neues Passwort'));
    assert.ok(reset);
    const resetPath = linkFrom(reset.text_body, '/reset-password');
    const token = new URL(resetPath, 'http://x').searchParams.get('token') ?? '';
    const form = await stranger.get(resetPath);
    assert.equal(form.statusCode, 200);
    const weak = await stranger.post('/reset-password', { token, password: 'qwertyuiop' });
    assert.equal(weak.statusCode, 400);
    const done = await stranger.post('/reset-password', { token, password: 'Neues langes Passwort 7' });
    assert.equal(done.statusCode, 303);
    assert.equal((await c.get('/account')).statusCode, 303, 'old sessions end with a reset');
    assert.equal((await login(new Client(t.app), 'Postbote', 'Neues langes Passwort 7')).statusCode, 303);
    assert.equal((await stranger.get(resetPath)).statusCode, 410, 'the reset link works once');
    const notice = (await outbox(t.app)).find((m) => m.subject.includes('geändert'));
    assert.ok(notice, 'the person is told that the password changed');
  });

  test('an address confirmed by one account cannot be confirmed by another', async () => {
    const a = new Client(t.app);
    await register(a, 'ErsteAdresse', { email: 'shared@example.org' });
    const b = new Client(t.app);
    await register(b, 'ZweiteAdresse', { email: 'shared@example.org' });
    const mails = (await outbox(t.app)).filter((m) => m.to_address === 'shared@example.org');
    assert.equal(mails.length, 2, 'registration does not reveal that an address is in use');
    const [forB, forA] = mails.map((m) => new URL(linkFrom(m.text_body, '/verify-email'), 'http://x').searchParams.get('token') ?? '');
    await a.get('/account');
    assert.equal((await a.post('/verify-email', { token: forA as string })).statusCode, 303);
    await b.get('/account');
    const res = await b.post('/verify-email', { token: forB as string });
    assert.equal(res.statusCode, 409);
    assert.match(textOf(res.body), /anderen Konto/);
  });
});

describe('the account page', () => {
  test('changes pseudonym, e-mail, password and language; asks for the current password', async () => {
    const { client: c } = await signedInAs(t.app, 'member', 'Aenderung');
    let res = await c.submit('/account/pseudonym', '/account/pseudonym', { pseudonym: 'Neuer Name', currentPassword: 'falsch falsch falsch' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /jetzige Passwort stimmt nicht/);
    assert.match(res.body, /value="Neuer Name"/);
    res = await c.post('/account/pseudonym', { pseudonym: 'Neuer Name', currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.match(textOf((await c.get('/account')).body), /Neuer Name/);

    res = await c.submit('/account/email', '/account/email', { email: 'kein-at-zeichen', currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /name@beispiel.de/);
    res = await c.post('/account/email', { email: 'neu@example.org', currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'neu@example.org'));

    const other = new Client(t.app);
    await login(other, 'Neuer Name');
    res = await c.submit('/account/password', '/account/password', { currentPassword: STRONG_PASSWORD, password: 'Ganz neues Passwort 42' });
    assert.equal(res.statusCode, 303);
    assert.equal((await other.get('/account')).statusCode, 303, 'other devices are logged out');
    assert.equal((await c.get('/account')).statusCode, 200, 'this device stays logged in');

    res = await c.submit('/account/language', '/account/language', { locale: 'en', back: '/account' });
    assert.equal(res.statusCode, 303);
    const english = await c.get('/account');
    assert.match(english.body, /<html lang="en"/);
    assert.match(textOf(english.body), /My account/);
    // The account setting wins over the browser's wish.
    assert.match((await c.get('/', { 'accept-language': 'de' })).body, /<html lang="en"/);
  });

  test('lists sessions and ends one of them', async () => {
    const { client: a, pseudonym } = await signedInAs(t.app, 'member');
    const b = new Client(t.app);
    b.headers['user-agent'] = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    await login(b, pseudonym);
    const page = await a.get('/account');
    assert.match(textOf(page.body), /Firefox \(Linux\)/);
    assert.match(textOf(page.body), /dieses Gerät/);
    const handle = /name="session" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(handle);
    assert.equal((await a.post('/account/sessions/end', { session: handle })).statusCode, 303);
    assert.equal((await b.get('/account')).statusCode, 303);
    assert.equal((await a.get('/account')).statusCode, 200);
  });

  test('exports everything stored about the person, behind the password', async () => {
    const c = new Client(t.app);
    await register(c, 'Exporteur', { email: 'export@example.org' });
    let res = await c.submit('/account/export', '/account/export', { currentPassword: 'nicht richtig 12345' });
    assert.equal(res.statusCode, 400);
    res = await c.submit('/account/export', '/account/export', { currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="miteinander-export-\d{4}-\d{2}-\d{2}\.json"/);
    const data = JSON.parse(res.body);
    assert.equal(data.account.pseudonym, 'Exporteur');
    assert.equal(data.account.emailPending, 'export@example.org');
    assert.equal(data.consents.length, 2);
    assert.equal(data.sessions.length, 1);
    assert.equal(JSON.stringify(data).includes('argon2'), false, 'no password hash in the export');
  });

  test('deletes the account with the person’s choice, after confirmation', async () => {
    const c = new Client(t.app);
    await register(c, 'Abschied');
    let res = await c.submit('/account/delete', '/account/delete', { currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /was mit Ihren Beiträgen geschehen soll/);
    assert.match(textOf(res.body), /Konto löschen möchten/);
    res = await c.post('/account/delete', { posts: 'anonymise', confirm: 'yes', currentPassword: STRONG_PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.match(textOf((await c.get('/')).body), /Ihr Konto ist gelöscht/);
    assert.equal((await login(new Client(t.app), 'Abschied')).statusCode, 400);
    const left = await t.app.deps.db.selectFrom('users').select('id').where('pseudonym', '=', 'Abschied').execute();
    assert.equal(left.length, 0);
    const sessions = await t.app.deps.db.selectFrom('sessions').select('id').execute();
    assert.ok(sessions.length > 0);
    const audit = await t.app.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.deleted').execute();
    assert.ok(audit.length >= 1);
    assert.equal(audit.some((a) => a.details.includes('Abschied')), false, 'the audit trail does not keep the name');
  });

  test('the last administrator cannot delete the account', async () => {
    const fresh = await createTestApp();
    try {
      const { client } = await signedInAs(fresh.app, 'admin', 'EinzigerAdmin');
      const res = await client.submit('/account/delete', '/account/delete', { posts: 'remove', confirm: 'yes', currentPassword: STRONG_PASSWORD });
      assert.equal(res.statusCode, 400);
      assert.match(textOf(res.body), /letzte Person mit Administrationsrechten/);
    } finally {
      await fresh.close();
    }
  });
});
