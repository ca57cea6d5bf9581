// The live bus and server-sent events: delivery, Last-Event-ID replay, permission on connect,
// and on PostgreSQL a post made through one process reaching a listener on another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { Client, createTestApp, onPostgres, signedInAs } from '../../../test/helpers.ts';
import { InProcessBus } from './bus.ts';
import { createCategory } from '../../features/forum/admin.ts';

test('in-process bus delivers to subscribers until they leave', async () => {
  const bus = new InProcessBus();
  const got: unknown[] = [];
  const stop = bus.subscribe('a', (d) => got.push(d));
  bus.subscribe('b', () => got.push('wrong channel'));
  await bus.publish('a', { n: 1 });
  await new Promise((r) => setImmediate(r));
  stop();
  await bus.publish('a', { n: 2 });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, [{ n: 1 }]);
  assert.equal(bus.listenerCount(), 1);
});

interface Stream {
  res: IncomingMessage;
  events: Array<{ id: string; event: string; data: Record<string, unknown> }>;
  next(): Promise<{ id: string; event: string; data: Record<string, unknown> }>;
  close(): void;
}

/** Opens an SSE stream and parses its events. */
function openStream(port: number, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: Stream['events'] = [];
      const waiting: Array<(e: Stream['events'][number]) => void> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
          if (!fields.data) continue;
          const e = { id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) as Record<string, unknown> };
          const w = waiting.shift();
          if (w) w(e);
          else events.push(e);
        }
      });
      resolve({
        res,
        events,
        next: () => {
          const queued = events.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((r, j) => {
            const timer = setTimeout(() => j(new Error('no event within 5 s')), 5000);
            waiting.push((e) => {
              clearTimeout(timer);
              r(e);
            });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('thread stream: new posts arrive, reconnects replay what was missed, unreadable threads refuse', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    await createCategory(app.deps, { slug: 'offen', nameDe: 'Offen', nameEn: 'Open', position: 1, readAccess: 'everyone' });
    await createCategory(app.deps, { slug: 'intern', nameDe: 'Intern', nameEn: 'Internal', position: 2, readAccess: 'members' });
    const a = await signedInAs(app, 'member', 'Amsel');
    const res = await a.client.submit('/forum/c/offen/new', '/forum/c/offen/new', { title: 'Live-Thema', body: 'Erster Beitrag' });
    const threadId = Number(/\/forum\/t\/(\d+)/.exec(String(res.headers.location))?.[1]);
    const internal = await a.client.submit('/forum/c/intern/new', '/forum/c/intern/new', { title: 'Internes Thema', body: 'Nur für Mitglieder' });
    const internalId = Number(/\/forum\/t\/(\d+)/.exec(String(internal.headers.location))?.[1]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;

    const refused = await openStream(port, `/forum/t/${internalId}/live`);
    assert.equal(refused.res.statusCode, 404);
    refused.close();

    const stream = await openStream(port, `/forum/t/${threadId}/live`);
    assert.equal(stream.res.statusCode, 200);
    assert.match(String(stream.res.headers['content-type']), /^text\/event-stream/);
    await new Promise((r) => setTimeout(r, 100));
    await a.client.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Zweiter Beitrag, live' });
    const event = await stream.next();
    assert.equal(event.event, 'post');
    assert.equal(event.id, '2');
    assert.equal(event.data.threadId, threadId);
    assert.equal(event.data.number, 2);
    assert.equal(typeof event.data.id, 'number');
    stream.close();

    // Two posts while away: a reconnect with Last-Event-ID gets both, in order.
    await a.client.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Dritter' });
    await a.client.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Vierter' });
    const again = await openStream(port, `/forum/t/${threadId}/live`, { 'last-event-id': '2' });
    assert.deepEqual([(await again.next()).data.number, (await again.next()).data.number], [3, 4]);
    again.close();

    // The category stream announces new threads.
    const category = await openStream(port, '/forum/c/offen/live');
    await new Promise((r) => setTimeout(r, 100));
    await a.client.submit('/forum/c/offen/new', '/forum/c/offen/new', { title: 'Noch ein Thema', body: 'Hallo' });
    const announced = await category.next();
    assert.equal(announced.event, 'thread');
    assert.equal(announced.data.number, 1);
    category.close();

    // The fragment a live page fetches holds the new posts, as the page shows them.
    const visitor = new Client(app);
    const fragment = await visitor.get(`/forum/t/${threadId}/posts?after=2`);
    assert.match(fragment.body, /id="p3"[\s\S]*Dritter[\s\S]*id="p4"/);
    assert.doesNotMatch(fragment.body, /id="p2"/);
  } finally {
    await t.close();
  }
});

test('two processes on PostgreSQL: a post through process 1 reaches a listener on process 2', { skip: !onPostgres }, async () => {
  const t = await createTestApp();
  const schema = t.config.databaseSchema ?? '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/live-process.ts'], {
    // Every process of one instance shares the data key (the second process refuses to start without it).
    env: { ...process.env, LIVE_DATABASE_URL: process.env.TEST_DATABASE_URL, LIVE_SCHEMA: schema, LIVE_DATA_KEY: t.config.dataKey },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const app = t.app;
    await createCategory(app.deps, { slug: 'offen', nameDe: 'Offen', nameEn: 'Open', position: 1, readAccess: 'everyone' });
    const a = await signedInAs(app, 'member', 'Biber');
    const res = await a.client.submit('/forum/c/offen/new', '/forum/c/offen/new', { title: 'Über zwei Prozesse', body: 'Erster Beitrag' });
    const threadId = Number(/\/forum\/t\/(\d+)/.exec(String(res.headers.location))?.[1]);
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      const timer = setTimeout(() => reject(new Error('second process did not start')), 30_000);
      lines.on('line', (line) => {
        const m = /^port (\d+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const stream = await openStream(port, `/forum/t/${threadId}/live`);
    assert.equal(stream.res.statusCode, 200);
    // The second process's listening connection is opened by the first subscription; give it a moment.
    await new Promise((r) => setTimeout(r, 500));
    await a.client.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Aus Prozess 1' });
    const event = await stream.next();
    assert.equal(event.data.threadId, threadId);
    assert.equal(event.data.number, 2);
    stream.close();
  } finally {
    child.stdin?.end();
    await new Promise((r) => child.once('exit', r));
    await t.close();
  }
});
