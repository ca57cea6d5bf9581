// The JSON API: bearer tokens from the account page, problem+json naming the field, CSRF rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { STRONG_PASSWORD, createTestApp, signedInAs, textOf } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

test('an access key made on the account page works for the API until it is revoked', async () => {
  const { client, pseudonym } = await signedInAs(t.app, 'member');
  let res = await client.submit('/account/api-tokens', '/account/api-tokens', { name: '' });
  assert.equal(res.statusCode, 400);
  assert.match(textOf(res.body), /wofür der Schlüssel ist/);
  res = await client.post('/account/api-tokens', { name: 'Kalender-App', currentPassword: STRONG_PASSWORD });
  assert.equal(res.statusCode, 201);
  const token = /<code class="token">(mt_[A-Za-z0-9_-]+)<\/code>/.exec(res.body)?.[1];
  assert.ok(token, 'the key is shown once');
  assert.doesNotMatch((await client.get('/account/api-tokens')).body, new RegExp(token), 'and never again');

  const api = (method: 'GET' | 'PATCH', payload?: unknown, auth = `Bearer ${token}`) =>
    t.app.inject({ method, url: '/api/v1/me', headers: { authorization: auth, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

  res = await api('GET');
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().pseudonym, pseudonym);

  res = await api('PATCH', { locale: 'en' });
  assert.equal(res.statusCode, 200, 'a bearer request needs no CSRF token');
  assert.equal(res.json().locale, 'en');

  res = await api('PATCH', { locale: 'klingonisch' });
  assert.equal(res.statusCode, 400);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.code, 'validation_failed');
  assert.ok(problem.errors.some((e: { field: string }) => e.field === 'locale'), JSON.stringify(problem));
  res = await api('PATCH', {});
  assert.ok(res.json().errors.some((e: { field: string }) => e.field === 'locale'), 'a missing field is named too');

  assert.equal((await api('GET', undefined, 'Bearer mt_wrong')).statusCode, 401);
  assert.match(String((await api('GET', undefined, 'Bearer mt_wrong')).headers['content-type']), /problem\+json/);

  const page = await client.get('/account/api-tokens');
  assert.match(textOf(page.body), /Kalender-App/);
  const id = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(id);
  assert.equal((await client.post('/account/api-tokens/revoke', { token: id })).statusCode, 303);
  assert.equal((await api('GET')).statusCode, 401, 'a revoked key stops working');
});

test('with a session cookie, a state-changing API call still needs the CSRF token', async () => {
  const { client } = await signedInAs(t.app, 'member');
  await client.get('/account');
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const without = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' }, headers: { cookie } });
  assert.equal(without.statusCode, 403);
  assert.match(String(without.headers['content-type']), /problem\+json/);
  const withToken = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' }, headers: { cookie, 'x-csrf-token': client.csrf } });
  assert.equal(withToken.statusCode, 200);
  const visitor = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer mt_x' } });
  assert.equal(visitor.statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/account', headers: { authorization: 'Bearer whatever' } })).statusCode, 303, 'bearer tokens count only under /api');
});

test('the OpenAPI document describes the API calls with their schemas', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const patch = doc.paths['/api/v1/me'].patch;
  assert.ok(patch.requestBody.content['application/json'].schema.properties.locale);
});
