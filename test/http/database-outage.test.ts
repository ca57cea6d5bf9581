// The database going away and coming back: connections ended by the server, and an outage under
// load. The process must live through both, answer 503 meanwhile and serve again after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import pg from 'pg';
import { createTestApp, onPostgres } from '../helpers.ts';
import type { App } from '../../src/app.ts';

const skip = onPostgres ? false : 'PostgreSQL only (SQLite has no connections to lose)';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP proxy in front of PostgreSQL that the test can cut and restore, like a database restart. */
class Proxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Every connection is cut and new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

async function status(app: App, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers });
  return res;
}

test('connections ended by PostgreSQL do not end the process; the next requests are served', { skip, timeout: 60_000 }, async () => {
  const t = await createTestApp();
  try {
    // Fill the pool with several idle connections.
    await Promise.all(Array.from({ length: 8 }, () => status(t.app, '/api/v1/groups?q=Depression')));
    assert.equal((await status(t.app, '/healthz')).statusCode, 200);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    // Only this app's connections: other test files share the role.
    const ended = await admin.query(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where usename = current_user and pid <> pg_backend_pid() and application_name = $1',
      [`miteinander-${t.config.databaseSchema}`],
    );
    await admin.end();
    assert.ok(ended.rowCount && ended.rowCount > 0, 'no connection of the app was found to end');
    // An unhandled 'error' event would end this test process here.
    await pause(500);
    assert.equal((await status(t.app, '/healthz')).statusCode, 200);
    assert.equal((await status(t.app, '/api/v1/groups?q=Depression')).statusCode, 200);
    assert.equal((await status(t.app, '/groups?q=Depression')).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('while the database is away: 503 (problem+json for the API, a calm page otherwise); served again within seconds after', { skip, timeout: 90_000 }, async () => {
  const real = new URL(process.env.TEST_DATABASE_URL as string);
  const proxy = new Proxy({ host: real.hostname, port: Number(real.port || 5432) });
  await proxy.open();
  const viaProxy = new URL(real);
  viaProxy.port = String(proxy.port);
  const t = await createTestApp({ databaseUrl: viaProxy.toString() });
  const statuses = new Map<number, number>();
  let load = true;
  // Requests keep coming during the whole outage, as they would from visitors.
  const loadDone = (async () => {
    while (load) {
      const answers = await Promise.all([
        status(t.app, '/api/v1/groups?q=Depression'),
        status(t.app, '/healthz'),
        status(t.app, '/login'),
      ]);
      for (const a of answers) statuses.set(a.statusCode, (statuses.get(a.statusCode) ?? 0) + 1);
      await pause(20);
    }
  })();
  try {
    await pause(500);
    assert.equal((await status(t.app, '/healthz')).statusCode, 200);

    await proxy.cut();
    await pause(300);
    const health = await status(t.app, '/healthz');
    assert.equal(health.statusCode, 503);
    assert.deepEqual(health.json(), { status: 'unavailable' });

    // A personal access key is looked up in the database.
    const api = await status(t.app, '/api/v1/me', { authorization: 'Bearer mt_abcdefghijklmnopqrstuvwxyz' });
    assert.equal(api.statusCode, 503);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    assert.equal((api.json() as { code: string }).code, 'database_unavailable');
    assert.ok(api.headers['retry-after']);

    const page = await status(t.app, '/groups/eine-gruppe', { 'accept-language': 'de' });
    assert.equal(page.statusCode, 503);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /Gleich wieder da/);
    assert.doesNotMatch(page.body, /Fehlernummer/);
    await pause(1500);

    // The database comes back on the same address.
    await proxy.open();
    const back = Date.now();
    let healthy = false;
    while (Date.now() - back < 10_000) {
      if ((await status(t.app, '/healthz')).statusCode === 200) {
        healthy = true;
        break;
      }
      await pause(100);
    }
    assert.ok(healthy, '/healthz did not answer 200 within 10 s after the database came back');
    assert.equal((await status(t.app, '/api/v1/groups?q=Depression')).statusCode, 200);
    assert.equal((await status(t.app, '/login')).statusCode, 200);
    load = false;
    await loadDone;
    // Under load the answers were 200 or 503 and nothing else: no 500, no hang.
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 200 && s !== 503), [], JSON.stringify([...statuses]));
    assert.ok((statuses.get(503) ?? 0) > 0);
  } finally {
    load = false;
    await loadDone;
    await t.close();
    await proxy.cut();
  }
});
