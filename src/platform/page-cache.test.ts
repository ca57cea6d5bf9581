// The visitor page cache on its own: kept per version and language, ETag and 304, never for a
// member, a flash message or a page with a CSRF token, and within its byte bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymous, UserActor } from './auth/actor.ts';
import { csrfToken } from './http.tsx';
import { VisitorPageCache } from './page-cache.ts';

async function appWith(cache: VisitorPageCache) {
  const app = Fastify();
  await app.register(cookie, { secret: 'a secret for signing test cookies only' });
  app.decorateRequest('actor', null as never);
  app.decorateRequest('locale', 'de');
  app.decorateReply('generateCsrf', function (this: FastifyReply) {
    this.setCookie('csrf', 'secret');
    return 'token';
  } as never);
  let renders = 0;
  let version = '1';
  let text = 'Erste Fassung';
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = req.headers['x-member'] ? new UserActor('u1', 'Kranich', 'member', null, 's1', true) : anonymous;
    req.locale = req.headers['accept-language'] === 'en' ? 'en' : 'de';
  });
  app.get('/page', async (req, reply) =>
    cache.send(req, reply, version, async () => {
      renders++;
      const who = req.actor.kind === 'user' ? 'Kranich' : 'Gast';
      // A long, varied page, so that its compressed bytes are some kilobytes.
      const filler = Array.from({ length: 400 }, (_, i) => `<li>${i * 7919}</li>`).join('');
      return { html: `<!doctype html><p>${text} ${req.locale} ${who} ${req.query && (req.query as { n?: string }).n}</p><ul>${filler}</ul>` };
    }));
  app.get('/form', async (req, reply) => cache.send(req, reply, version, async () => ({ html: `<form><input name="_csrf" value="${csrfToken(req, reply)}"></form>` })));
  app.get('/uncacheable', async (req, reply) => cache.send(req, reply, version, async () => ({ html: `<p>${renders++}</p>`, cacheable: false })));
  return {
    app,
    renders: () => renders,
    change(next: string) {
      version = next;
      text = `Fassung ${next}`;
    },
  };
}

const br = { 'accept-encoding': 'br, gzip' };

test('a visitor page is rendered once per version and language and answered from bytes meanwhile', async () => {
  const cache = new VisitorPageCache();
  const { app, renders, change } = await appWith(cache);
  const first = await app.inject({ url: '/page?n=1', headers: br });
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['content-encoding'], 'br');
  assert.equal(first.headers['cache-control'], 'private, no-cache');
  assert.match(brotliDecompressSync(first.rawPayload).toString(), /Erste Fassung de Gast 1/);
  const again = await app.inject({ url: '/page?n=1', headers: br });
  assert.deepEqual(again.rawPayload, first.rawPayload);
  assert.equal(renders(), 1);

  // Another address and another language are other pages.
  assert.match(brotliDecompressSync((await app.inject({ url: '/page?n=2', headers: br })).rawPayload).toString(), /de Gast 2/);
  assert.match(brotliDecompressSync((await app.inject({ url: '/page?n=1', headers: { ...br, 'accept-language': 'en' } })).rawPayload).toString(), /en Gast 1/);
  assert.equal(renders(), 3);

  // gzip and no encoding are made from the same kept page.
  assert.match(gunzipSync((await app.inject({ url: '/page?n=1', headers: { 'accept-encoding': 'gzip' } })).rawPayload).toString(), /Erste Fassung de Gast 1/);
  assert.match((await app.inject({ url: '/page?n=1' })).body, /Erste Fassung de Gast 1/);
  assert.equal(renders(), 3);

  // A browser that has the page is told so; after a change it gets the new page.
  const tag = String(first.headers.etag);
  assert.equal((await app.inject({ url: '/page?n=1', headers: { ...br, 'if-none-match': tag } })).statusCode, 304);
  change('2');
  const changed = await app.inject({ url: '/page?n=1', headers: { ...br, 'if-none-match': tag } });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, tag);
  assert.match(brotliDecompressSync(changed.rawPayload).toString(), /Fassung 2 de Gast/);
  await app.close();
});

test('pages of a member, with a flash message or with a CSRF token are rendered every time and never kept', async () => {
  const cache = new VisitorPageCache();
  const { app, renders } = await appWith(cache);
  await app.inject({ url: '/page?n=1', headers: br });
  const member = await app.inject({ url: '/page?n=1', headers: { 'x-member': '1' } });
  assert.match(member.body, /Kranich/);
  assert.equal(member.headers['cache-control'], 'no-store');
  assert.equal(renders(), 2);
  // The member's page did not replace the visitors' one.
  assert.match(brotliDecompressSync((await app.inject({ url: '/page?n=1', headers: br })).rawPayload).toString(), /Gast/);
  assert.equal(renders(), 2);

  const withFlash = await app.inject({ url: '/page?n=1', cookies: { flash: 'x' } });
  assert.match(withFlash.body, /Gast/);
  assert.equal(renders(), 3);

  await app.inject({ url: '/form' });
  await app.inject({ url: '/form' });
  await app.inject({ url: '/uncacheable' });
  await app.inject({ url: '/uncacheable' });
  assert.equal(cache.count, 1, 'only the visitor page is kept');
  await app.close();
});

test('the kept bytes stay within the bound, the least recently used page goes first', async () => {
  const cache = new VisitorPageCache(4000);
  const { app } = await appWith(cache);
  const size = (await app.inject({ url: '/page?n=0', headers: br })).rawPayload.length;
  assert.ok(size > 500 && size < 2000, `a page of ${size} bytes`);
  await app.inject({ url: '/page?n=1', headers: br });
  await app.inject({ url: '/page?n=0', headers: br });
  for (let n = 2; n < 10; n++) {
    await app.inject({ url: `/page?n=${n}`, headers: br });
    assert.ok(cache.bytes <= 4000, `${cache.bytes} bytes kept`);
  }
  assert.ok(cache.count >= 2);
  const hits = cache.hits;
  await app.inject({ url: '/page?n=9', headers: br });
  assert.equal(cache.hits, hits + 1, 'the newest page is kept');
  await app.inject({ url: '/page?n=1', headers: br });
  assert.equal(cache.hits, hits + 1, 'the oldest page is gone');
  await app.close();
});
