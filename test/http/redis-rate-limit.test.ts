// The shared rate limit through Redis (REDIS_URL), as several app processes behind a proxy use it:
// two apps on one Redis count one client's requests together, and the 429 says when to retry.
// The test starts its own redis-server on a free loopback port and stops it. Without redis-server
// the test is skipped, unless REQUIRE_ALL=1, when that is a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from '../helpers.ts';

const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => spawnSync(p, ['--version']).status === 0);
if (!redisServer && process.env.REQUIRE_ALL === '1') throw new Error('REQUIRE_ALL=1 but redis-server was not found');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let redis: ChildProcess | undefined;
let client: Redis | undefined;
let url = '';
const apps: TestApp[] = [];

before(async () => {
  if (!redisServer) return;
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  redis = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Wait until the server takes connections, then talk to it with one client.
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  client = new Redis(url, { maxRetriesPerRequest: 1 });
  assert.equal(await client.ping(), 'PONG');
});

after(async () => {
  for (const t of apps) await t.close();
  client?.disconnect();
  redis?.kill('SIGTERM');
});

test('two apps on one Redis share the global rate limit', { skip: redisServer ? false : 'redis-server not found' }, async () => {
  const rateLimits = { globalPerMinute: 5, loginPerIp: 20, loginFailuresPerAccount: 5, registerPerIp: 10, resetPerIp: 10, resetPerAccount: 3 };
  const a = await createTestApp({ redisUrl: url, rateLimits });
  apps.push(a);
  const b = await createTestApp({ redisUrl: url, rateLimits });
  apps.push(b);
  const from = { remoteAddress: '127.0.0.9' };
  const statuses: number[] = [];
  for (const app of [a.app, b.app, a.app, b.app, a.app]) statuses.push((await app.inject({ method: 'GET', url: '/', ...from })).statusCode);
  assert.deepEqual(statuses, [200, 200, 200, 200, 200], 'five requests across both apps are within the limit');
  const refused = await b.app.inject({ method: 'GET', url: '/', ...from });
  assert.equal(refused.statusCode, 429, 'the sixth, on the other app, is refused: the count is shared');
  assert.ok(Number(refused.headers['retry-after']) > 0, 'the answer says when to try again');
  // Another client is counted on its own.
  assert.equal((await a.app.inject({ method: 'GET', url: '/', remoteAddress: '127.0.0.10' })).statusCode, 200);
  // The counts live in Redis, not in either process.
  const keys = await client!.keys('*');
  assert.ok(keys.some((k) => k.includes('127.0.0.9')), `keys in Redis: ${keys.join(', ')}`);
});

test('when Redis goes away the app logs it once, stays up and answers; when it is back the limit counts again', { skip: redisServer ? false : 'redis-server not found' }, async () => {
  // A Redis of its own, so stopping it does not touch the other test's server.
  const port = await freePort();
  const own = spawn(redisServer as string, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const started = Date.now();
  while (!(await accepts(port))) {
    if (Date.now() - started > 10_000) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const lines: Array<{ level: number; msg: string }> = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  const rateLimits = { globalPerMinute: 3, loginPerIp: 20, loginFailuresPerAccount: 5, registerPerIp: 10, resetPerIp: 10, resetPerAccount: 3 };
  const a = await createTestApp({ redisUrl: `redis://127.0.0.1:${port}`, rateLimits, logLevel: 'info' }, { logStream });
  let again: ChildProcess | undefined;
  try {
    const from = { remoteAddress: '127.0.0.20' };
    assert.equal((await a.app.inject({ method: 'GET', url: '/', ...from })).statusCode, 200);
    // Redis stops: the client's reconnects fail again and again, which would be unhandled 'error' events.
    // SIGKILL: a server shutting down gracefully still accepts a reconnect for a moment.
    const exited = new Promise((r) => own.once('exit', r));
    own.kill('SIGKILL');
    await exited;
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push((await a.app.inject({ method: 'GET', url: '/', ...from })).statusCode);
    assert.deepEqual(during, [200, 200, 200, 200, 200], 'pages are served while the shared limit is unreachable');
    // Several reconnects have failed by now; the outage is one line.
    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => /redis is unreachable/.test(l.msg)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(lines.filter((l) => /redis is unreachable/.test(l.msg)).length, 1, lines.map((l) => l.msg).join(' | '));
    // Redis is back on the same port: the client reconnects and the limit counts again.
    again = spawn(redisServer as string, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const back = Date.now() + 15_000;
    while (!lines.some((l) => /reachable again/.test(l.msg)) && Date.now() < back) await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines.some((l) => /reachable again/.test(l.msg)), 'the end of the outage is logged');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await a.app.inject({ method: 'GET', url: '/', remoteAddress: '127.0.0.21' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429], 'the fourth request within the minute is refused again');
  } finally {
    // The app closes its client while a Redis still answers, then the Redis of this test stops.
    await a.close();
    own.kill('SIGTERM');
    again?.kill('SIGTERM');
  }
});
