// Files streamed to disk by the app's multipart parser: a route that asks for it gets temporary files
// (others keep Buffers), a file over the route's limit is refused with 413, and no temporary file
// outlives its request, whether the handler succeeds, fails or refuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { fileHandler, isUploadedFile, registerUploadCleanup } from './uploads.ts';
import { AppError } from './errors.ts';

let app: FastifyInstance;
let dataDir: string;
const seen: Record<string, { kind: string; content?: string; bytes?: number }> = {};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'uploads-test-'));
  app = Fastify();
  await app.register(multipart, { attachFieldsToBody: 'keyValues', onFile: fileHandler(dataDir), limits: { fileSize: 1000, files: 2 } });
  registerUploadCleanup(app);
  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error instanceof AppError ? error.status : error.statusCode ?? 500;
    return reply.status(status).send({ code: error instanceof AppError ? error.code : error.message });
  });
  app.post('/memory', async (req) => {
    const body = req.body as Record<string, unknown>;
    seen.memory = { kind: Buffer.isBuffer(body.file) ? 'buffer' : typeof body.file };
    return { ok: true };
  });
  app.post('/disk', { config: { uploadToDisk: true, multipartOptions: { limits: { fileSize: 16 } } } }, async (req) => {
    const body = req.body as Record<string, unknown>;
    const file = body.file;
    if (!isUploadedFile(file)) return { ok: false };
    seen.disk = { kind: 'uploaded-file', content: readFileSync(file.path, 'utf8'), bytes: file.bytes };
    if (body.fail === 'yes') throw new AppError(400, 'refused_on_purpose', 'error.badRequest');
    return { ok: true, title: body.title };
  });
  await app.ready();
});

after(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function form(fields: Record<string, string>, content: string) {
  const boundary = '----uploadtest';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { payload: parts.join(''), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const temporary = () => (existsSync(join(dataDir, 'uploads-tmp')) ? readdirSync(join(dataDir, 'uploads-tmp')) : []);

test('routes without uploadToDisk keep files in memory, as before', async () => {
  const res = await app.inject({ method: 'POST', url: '/memory', ...form({}, 'klein') });
  assert.equal(res.statusCode, 200);
  assert.equal(seen.memory?.kind, 'buffer');
  assert.deepEqual(temporary(), []);
});

test('a route with uploadToDisk gets a temporary file with its size, deleted once the response is out', async () => {
  const res = await app.inject({ method: 'POST', url: '/disk', ...form({ title: 'Probe' }, '0123456789') });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { ok: true, title: 'Probe' });
  assert.deepEqual(seen.disk, { kind: 'uploaded-file', content: '0123456789', bytes: 10 });
  assert.deepEqual(temporary(), []);
});

test('a file over the route’s limit is refused with 413; a failing handler leaves no file either', async () => {
  const big = await app.inject({ method: 'POST', url: '/disk', ...form({}, 'x'.repeat(17)) });
  assert.equal(big.statusCode, 413);
  assert.deepEqual(temporary(), []);
  const failed = await app.inject({ method: 'POST', url: '/disk', ...form({ fail: 'yes' }, 'abc') });
  assert.equal(failed.statusCode, 400);
  assert.equal(seen.disk?.content, 'abc');
  assert.deepEqual(temporary(), []);
});
