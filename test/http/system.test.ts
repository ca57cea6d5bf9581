// Operations and contracts: health, metrics, OpenAPI, problem+json, languages, page weight, backup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client, createTestApp, onPostgres, register, textOf } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

describe('health and metrics', () => {
  test('/healthz answers ok while the database answers, and 503 when it does not', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
    const broken = await createTestApp();
    await broken.app.deps.database.close();
    const down = await broken.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    await broken.app.close().catch(() => undefined);
  });

  test('/metrics reports request durations by route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/help' });
    await t.app.inject({ method: 'GET', url: '/admin/pages/help/de' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /http_request_duration_seconds_bucket\{[^}]*route="\/help"/);
    assert.match(res.body, /route="\/admin\/pages\/:slug\/:locale"/, 'routes are labelled by pattern, not by URL');
    assert.match(res.body, /process_resident_memory_bytes/);
  });

  test('/metrics reports the event-loop delay since the last scrape (max and p99)', async () => {
    await t.app.inject({ method: 'GET', url: '/metrics' });
    // The sampler (every 10 ms) measures from its previous tick, so let it tick once after the reset,
    // then hold the loop for 60 ms and let it see that.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const until = Date.now() + 60;
    while (Date.now() < until) { /* busy on purpose */ }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(res.body)?.[1]);
    assert.ok(value('nodejs_eventloop_lag_max_seconds') >= 0.04, 'the blocked 60 ms show as the maximum delay');
    assert.ok(value('nodejs_eventloop_lag_p99_seconds') > 0);
  });

  test('/metrics can be closed with a token', async () => {
    const closed = await createTestApp({ metricsToken: 'geheim-123' });
    try {
      assert.equal((await closed.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
      assert.equal((await closed.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer geheim-123' } })).statusCode, 200);
    } finally {
      await closed.close();
    }
  });
});

describe('API', () => {
  test('OpenAPI 3.1 describes the JSON API and not the HTML forms', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/me']?.get, 'GET /api/v1/me is described');
    assert.ok(doc.paths['/healthz']?.get);
    assert.equal(doc.paths['/register'], undefined);
  });

  test('/api/v1/me answers for visitors and members', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    assert.deepEqual(res.json(), { authenticated: false, locale: 'de' });
    const c = new Client(t.app);
    await register(c, 'ApiNutzerin');
    res = await c.get('/api/v1/me');
    assert.equal(res.json().pseudonym, 'ApiNutzerin');
    assert.equal(res.json().role, 'member');
  });

  test('errors under /api are problem+json, in the asker’s language', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json();
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'not_found');
    assert.match(problem.title, /does not exist/);
  });
});

describe('languages', () => {
  test('German by default, English by Accept-Language, the cookie over the header', async () => {
    assert.match((await t.app.inject({ method: 'GET', url: '/' })).body, /<html lang="de"/);
    assert.match((await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en-US,en;q=0.8' } })).body, /<html lang="en"/);
    assert.match((await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'fr, de;q=0.5' } })).body, /<html lang="de"/);
    const c = new Client(t.app);
    c.headers['accept-language'] = 'en';
    await c.get('/help');
    const switched = await c.post('/language', { locale: 'de', back: '/help' });
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, '/help');
    const page = await c.get('/help');
    assert.match(page.body, /<html lang="de"/);
    assert.match(textOf(page.body), /TelefonSeelsorge/);
    const away = await c.post('/language', { locale: 'en', back: 'https://evil.example/' });
    assert.equal(away.headers.location, '/', 'the switch never sends people elsewhere');
  });

  test('the header switches the language by a GET form, so a visitor page without other forms carries no CSRF token and sets no cookie', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/help' });
    assert.match(home.body, /<form method="get" action="\/language"/);
    assert.doesNotMatch(home.body, /name="_csrf"/);
    assert.equal(home.headers['set-cookie'], undefined, 'no CSRF secret cookie for a page without a posting form');
    const switched = await t.app.inject({ method: 'GET', url: '/language?locale=en&back=%2Fhelp' });
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, '/help');
    assert.match(String(switched.headers['set-cookie']), /lang=en|locale=en|=en;/);
    const away = await t.app.inject({ method: 'GET', url: '/language?locale=en&back=https%3A%2F%2Fevil.example%2F' });
    assert.equal(away.headers.location, '/', 'the switch never sends people elsewhere');
    // A page with a form that posts still gets its token.
    assert.match((await t.app.inject({ method: 'GET', url: '/login' })).body, /name="_csrf" value="[^"]+"/);
  });
});

describe('pages and weight', () => {
  test('every page has the skip link, crisis help, and the footer links', async () => {
    for (const url of ['/', '/help', '/rules', '/privacy', '/accessibility', '/imprint', '/login', '/register', '/forgot-password', '/nope']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.match(res.body, /<a class="skip-link" href="#main">/, url);
      assert.match(res.body, /href="\/help"/, url);
      for (const href of ['/privacy', '/accessibility', '/imprint']) assert.match(res.body, new RegExp(`href="${href}"`), `${url} links ${href}`);
    }
  });

  test('the crisis page lists the numbers', async () => {
    const text = textOf((await t.app.inject({ method: 'GET', url: '/help' })).body);
    for (const number of ['0800 111 0 111', '0800 111 0 222', '116 111', '0800 111 0 550', '116 117', '112']) assert.ok(text.includes(number), number);
  });

  test('the home page with all its CSS and JS is at most 60 KB compressed', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br, gzip' } });
    const html = (await t.app.inject({ method: 'GET', url: '/' })).body;
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(assets.some((a) => a.includes('.css')) && assets.some((a) => a.includes('.js')));
    let total = home.rawPayload.length;
    assert.ok(['br', 'gzip'].includes(String(home.headers['content-encoding'])), 'the page is sent compressed');
    for (const asset of assets) {
      const res = await t.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(res.statusCode, 200, asset);
      assert.match(String(res.headers['cache-control']), /immutable/);
      // Small files are sent as they are; count what goes over the wire.
      total += res.headers['content-encoding'] ? res.rawPayload.length : Math.min(res.rawPayload.length, brotliCompressSync(res.rawPayload).length, gzipSync(res.rawPayload).length);
    }
    assert.ok(total <= 60 * 1024, `home page weighs ${total} bytes`);
  });
});

describe('backup', { skip: onPostgres ? 'SQLite only' : false }, () => {
  test('the online backup is a complete, readable SQLite file', async () => {
    await register(new Client(t.app), 'Sicherung');
    const target = join(mkdtempSync(join(tmpdir(), 'miteinander-backup-')), 'copy.sqlite');
    await t.app.deps.database.sqlite?.backup(target);
    assert.ok(existsSync(target));
    const copy = new Database(target, { readonly: true });
    const row = copy.prepare('select pseudonym from users where pseudonym = ?').get('Sicherung') as { pseudonym: string } | undefined;
    copy.close();
    assert.equal(row?.pseudonym, 'Sicherung');
  });
});

describe('compression', () => {
  test('pages honour Accept-Encoding, including q=0', async () => {
    const { preferredEncoding } = await import('../../src/platform/http.tsx');
    assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
    assert.equal(preferredEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(preferredEncoding('identity'), undefined);
    assert.equal(preferredEncoding('*'), 'br');
    assert.equal(preferredEncoding(undefined), undefined);
    const res = await t.app.inject({ method: 'GET', url: '/privacy', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(String(res.headers.vary), /accept-encoding/i);
    const { gunzipSync } = await import('node:zlib');
    assert.match(gunzipSync(res.rawPayload).toString('utf8'), /<html lang="(de|en)"/);
    const plain = await t.app.inject({ method: 'GET', url: '/privacy' });
    assert.equal(plain.headers['content-encoding'], undefined);
  });
});
