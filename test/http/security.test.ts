// Security baseline, proven over the app's own route table rather than a hand-kept list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Client, STRONG_PASSWORD, createTestApp, encodeForm, login, outbox, register, signedInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

/** Fills route parameters with plausible values. */
function concrete(url: string): string {
  return url.replace(/:slug/g, 'help').replace(/:locale/g, 'de').replace(/:id/g, '1').replace(/:[a-zA-Z]+/g, 'x').replace(/\*$/, 'x');
}

describe('CSRF', () => {
  test('every state-changing route in the route table refuses a request without a valid token', async () => {
    const unsafe = t.app.routeList.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    assert.ok(unsafe.length >= 20, `expected the app's forms in the route table, found ${unsafe.length}`);
    const { client } = await signedInAs(t.app, 'admin');
    await client.get('/account');
    for (const route of unsafe) {
      assert.equal(route.csrf, true, `${route.method} ${route.url} is not protected`);
      const url = concrete(route.url);
      for (const token of [undefined, 'forged-token']) {
        const res = await t.app.inject({
          method: route.method as 'POST',
          url,
          payload: encodeForm(token ? { _csrf: token } : {}),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(res.statusCode, 403, `${route.method} ${url} answered ${res.statusCode} without a valid token`);
      }
    }
  });

  test('a token from one session does not work in another', async () => {
    const a = await signedInAs(t.app, 'member');
    const b = await signedInAs(t.app, 'member');
    await a.client.get('/account');
    await b.client.get('/account');
    b.client.csrf = a.client.csrf;
    const res = await b.client.post('/account/sessions/end-others');
    assert.equal(res.statusCode, 403);
  });
});

describe('headers and limits', () => {
  test('pages carry a strict content security policy and no third-party sources', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id']);
    assert.doesNotMatch(res.body, /(src|href)="(https?:)?\/\//, 'nothing is loaded from another host');
    assert.doesNotMatch(res.body, /<script>|style="/, 'no inline script or style');
  });

  test('a body over the limit is refused with 413, not a crash', async () => {
    const c = new Client(t.app);
    await c.get('/register');
    const res = await c.post('/register', { pseudonym: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(res.statusCode, 413);
  });

  test('over-long fields get a message at the field', async () => {
    const c = new Client(t.app);
    const res = await c.submit('/register', '/register', { pseudonym: 'a'.repeat(31), password: STRONG_PASSWORD, rules: 'yes', health: 'yes' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /höchstens 30 Zeichen/);
  });

  test('registration is limited per address', async () => {
    const limited = await createTestApp({ rateLimits: { globalPerMinute: 10_000, loginPerIp: 20, loginFailuresPerAccount: 5, registerPerIp: 2, resetPerIp: 10, resetPerAccount: 3 } });
    try {
      const c = new Client(limited.app);
      assert.equal((await register(c, 'Erste1')).statusCode, 303);
      assert.equal((await register(new Client(limited.app), 'Zweite2')).statusCode, 303);
      const third = await register(new Client(limited.app), 'Dritte3');
      assert.equal(third.statusCode, 400);
      assert.match(third.body, /zu viele Versuche/i);
    } finally {
      await limited.close();
    }
  });

  test('the global limit answers 429', async () => {
    const limited = await createTestApp({ rateLimits: { globalPerMinute: 5, loginPerIp: 20, loginFailuresPerAccount: 5, registerPerIp: 10, resetPerIp: 10, resetPerAccount: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/help' })).statusCode);
      assert.deepEqual(codes.slice(0, 5), [200, 200, 200, 200, 200]);
      assert.equal(codes[6], 429);
    } finally {
      await limited.close();
    }
  });
});

describe('bad input never causes a 5xx', () => {
  const nasty = [
    '', ' ', 'x'.repeat(5000), '\u0000', '😀'.repeat(300), '\u202Eevil', 'ÄÖÜß'.repeat(200), "' OR 1=1 --", '<svg onload=alert(1)>',
    '%00', '../../etc/passwd', '{"a":1}', 'null', '-1', '1e309', 'ｆｕｌｌｗｉｄｔｈ',
  ];
  function randomForm(seed: number): Record<string, string | string[]> {
    const fields = ['pseudonym', 'password', 'email', 'identifier', 'token', 'locale', 'back', 'next', 'posts', 'confirm', 'currentPassword', 'session', 'role', 'title', 'body', 'rules', 'health', 'q', 'page'];
    const form: Record<string, string | string[]> = {};
    fields.forEach((f, i) => {
      const pick = (seed * 31 + i * 17) % (nasty.length + 3);
      if (pick === nasty.length) return; // missing
      form[f] = pick === nasty.length + 1 ? ['a', 'b'] : (nasty[pick % nasty.length] as string);
    });
    return form;
  }

  test('random, oversized, Unicode-heavy and missing fields on every route, as visitor and as admin', async () => {
    const admin = await signedInAs(t.app, 'admin');
    const visitor = new Client(t.app);
    for (const c of [visitor, admin.client]) {
      for (const route of t.app.routeList) {
        const url = concrete(route.url);
        for (let seed = 0; seed < 4; seed++) {
          const form = randomForm(seed);
          if (route.method === 'GET') {
            const query = encodeForm(form);
            const res = await c.get(`${url}?${query}`);
            assert.ok(res.statusCode < 500, `GET ${url}?… answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
          } else {
            await c.get(c === visitor ? '/' : '/account');
            const res = await c.post(url, form);
            assert.ok(res.statusCode < 500, `${route.method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
          }
        }
        // Broken encodings and content types.
        const raw = await t.app.inject({ method: route.method as 'POST', url, payload: '%E0%A4%A', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.ok(raw.statusCode < 500, `${route.method} ${url} with a broken body answered ${raw.statusCode}`);
        const json = await t.app.inject({ method: route.method as 'POST', url, payload: '{not json', headers: { 'content-type': 'application/json' } });
        assert.ok(json.statusCode < 500, `${route.method} ${url} with broken JSON answered ${json.statusCode}`);
      }
    }
    // The admin survived the fuzzing; still signed in or cleanly logged out, never a crash.
    assert.ok((await admin.client.get('/')).statusCode < 500);
  });

  test('odd URLs get 404 pages', async () => {
    for (const url of ['/%', '/..%2f..%2fetc', '/account/%00', '/assets/../package.json', `/${'a'.repeat(3000)}`, '/admin/outbox/99999999999999999999']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`);
      assert.notEqual(res.statusCode, 200, `${url} answered 200`);
    }
  });
});

describe('logs', () => {
  test('never hold passwords, tokens, cookies or what people typed', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp({ logLevel: 'trace' }, { logStream: sink });
    try {
      const c = new Client(logged.app);
      await register(c, 'Geheimnistraeger', { email: 'geheim@example.org' });
      await c.get('/account');
      await c.post('/logout');
      await login(new Client(logged.app), 'Geheimnistraeger', 'falsches geheimes Wort');
      const mails = await outbox(logged.app);
      const token = /token=([A-Za-z0-9_-]+)/.exec(mails[0]?.text_body ?? '')?.[1];
      assert.ok(token);
      await new Client(logged.app).get(`/verify-email?token=${token}`);
      const all = lines.join('\n');
      assert.ok(lines.length > 10, 'requests were logged');
      for (const secret of [STRONG_PASSWORD, 'falsches geheimes Wort', token, 'geheim@example.org', ...c.cookies.values()]) {
        assert.equal(all.includes(secret as string), false, `the log contains ${secret}`);
      }
      assert.doesNotMatch(all, /"cookie"|"authorization"/i);
    } finally {
      await logged.close();
    }
  });
});
