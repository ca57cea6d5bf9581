// The home page: the visitors' page kept per language, never shown to a member, never hiding a message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { Client, createTestApp, signedInAs, textOf, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('visitors get the same page in their language, compressed when asked, and no cookie', async () => {
  const visitor = new Client(t.app);
  const first = await visitor.get('/', { 'accept-language': 'de' });
  const again = await visitor.get('/', { 'accept-language': 'de', 'accept-encoding': 'br' });
  assert.equal(first.statusCode, 200);
  assert.match(textOf(first.body), /Gemeinsam statt allein/);
  assert.equal(again.headers['content-encoding'], 'br');
  assert.equal(brotliDecompressSync(again.rawPayload).toString('utf8'), first.body);
  assert.equal(first.headers['set-cookie'], undefined);
  assert.equal(again.headers['set-cookie'], undefined);
  assert.doesNotMatch(first.body, /name="_csrf"/);

  const english = await new Client(t.app).get('/', { 'accept-language': 'en' });
  assert.match(textOf(english.body), /Together, not alone/);
  const german = await new Client(t.app).get('/', { 'accept-language': 'de' });
  assert.equal(german.body, first.body);
});

test('a member gets a page of their own, and visitors never get it', async () => {
  await new Client(t.app).get('/', { 'accept-language': 'de' });
  const { client, pseudonym } = await signedInAs(t.app, 'member', 'Heimkehrerin');
  const own = await client.get('/');
  assert.match(textOf(own.body), new RegExp(`Schön, dass Sie da sind, ${pseudonym}`));
  assert.match(own.body, /action="\/logout"/);
  const visitorPage = await new Client(t.app).get('/', { 'accept-language': 'de' });
  assert.doesNotMatch(visitorPage.body, /Heimkehrerin/);
  assert.doesNotMatch(visitorPage.body, /action="\/logout"/);
  assert.match(visitorPage.body, /href="\/register"/);
});

test('a waiting message is shown on the home page although the page is kept', async () => {
  await new Client(t.app).get('/', { 'accept-language': 'de' });
  const { client } = await signedInAs(t.app, 'member');
  await client.get('/');
  const out = await client.post('/logout');
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/');
  const home = await client.get('/', { 'accept-language': 'de' });
  assert.match(textOf(home.body), /abgemeldet/i);
  assert.doesNotMatch(home.body, /action="\/logout"/);
  // The message is shown once; afterwards the visitors' page is back.
  const next = await client.get('/', { 'accept-language': 'de' });
  assert.doesNotMatch(textOf(next.body), /abgemeldet/i);
});

test('another address of the page keeps its own language-switch target', async () => {
  const page = await new Client(t.app).get('/?from=mail', { 'accept-language': 'de' });
  assert.match(page.body, /name="back" value="\/\?from=mail"/);
  const plain = await new Client(t.app).get('/', { 'accept-language': 'de' });
  assert.match(plain.body, /name="back" value="\/"/);
});
