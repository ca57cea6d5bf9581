// Start-up as an operator meets it: each bad setting ends the start with one line that names the
// setting and what to do, and a non-zero exit; a PostgreSQL that comes up late is waited for; a
// DATA_KEY that does not open this database's data is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { ConfigError } from '../../src/config.ts';
import { createTestApp, onPostgres } from '../helpers.ts';
import { freePort, runMain, startServer, waitHealthy } from '../cli-support.ts';

const once = onPostgres ? 'runs once, on SQLite' : false;
const pgOnly = onPostgres ? false : 'needs PostgreSQL';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'miteinander-start-'));
}

/** The one line an operator reads, and the exit code. */
function refused(result: { status: number | null; stderr: string; stdout: string }): string {
  assert.equal(result.status, 1, `${result.stdout}${result.stderr}`);
  const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('Miteinander cannot start:'));
  assert.equal(lines.length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  return lines[0] as string;
}

test('a port in use, a DATA_DIR that is a file or not writable, a damaged secrets.json, a file that is not SQLite: one clear line each', { skip: once, timeout: 120_000 }, async () => {
  const dir = tempDir();
  const blocker: Server = createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const base = { DATABASE_URL: '', PORT: String(port) };
    assert.match(refused(runMain(['start'], { ...base, DATA_DIR: join(dir, 'a') })), new RegExp(`PORT ${port} on HOST 127\\.0\\.0\\.1 is already in use.*set PORT`));

    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    assert.match(refused(runMain(['start'], { ...base, DATA_DIR: file })), /DATA_DIR \(.*plain-file\) is not a directory.*set DATA_DIR/);

    // /sys refuses new directories even to root, as a read-only mount would.
    assert.match(refused(runMain(['start'], { ...base, DATA_DIR: '/sys/miteinander-test' })), /DATA_DIR \(\/sys\/miteinander-test\) is not writable.*write access/);

    const damaged = join(dir, 'damaged');
    runMain(['migrate'], { ...base, DATA_DIR: damaged });
    const secrets = readFileSync(join(damaged, 'secrets.json'), 'utf8');
    writeFileSync(join(damaged, 'secrets.json'), secrets.slice(0, secrets.length / 2));
    assert.match(refused(runMain(['start'], { ...base, DATA_DIR: damaged })), /secrets\.json is damaged.*DATA_KEY/);

    const notSqlite = join(dir, 'not-sqlite');
    runMain(['migrate'], { ...base, DATA_DIR: notSqlite });
    writeFileSync(join(notSqlite, 'miteinander.sqlite'), randomBytes(8192));
    rmSync(join(notSqlite, 'miteinander.sqlite-wal'), { force: true });
    rmSync(join(notSqlite, 'miteinander.sqlite-shm'), { force: true });
    assert.match(refused(runMain(['start'], { ...base, DATA_DIR: notSqlite })), /miteinander\.sqlite is not a SQLite database.*restore it from a backup/);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a DATA_KEY that does not open the data is refused at start, naming DATA_KEY', { skip: once, timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const env = { DATABASE_URL: '', DATA_DIR: dir, ADMIN_PASSWORD: 'Ein langes sicheres Passwort' };
    assert.equal(runMain(['create-admin', '--pseudonym', 'Betrieb'], env).status, 0);
    const wrong = randomBytes(32).toString('base64url');
    const line = refused(runMain(['start'], { ...env, PORT: String(await freePort()), DATA_KEY: wrong }));
    assert.match(line, /DATA_KEY is not the key this database's private data was sealed with/);
    // The key in secrets.json still opens it.
    const port = await freePort();
    const server = startServer(['start'], { ...env, PORT: String(port) });
    try {
      await waitHealthy(port, server);
    } finally {
      server.child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('another process with a different key, or with none, is refused; the check value is stored once', { timeout: 60_000 }, async () => {
  const first = await createTestApp();
  try {
    const rows = await first.app.deps.db.selectFrom('instance_checks').selectAll().execute();
    assert.equal(rows.length, 1);
    const other = randomBytes(32).toString('base64url');
    await assert.rejects(buildApp({ ...first.config, dataKey: other, dataKeySource: 'setting' }, { logger: false }), (e: unknown) => e instanceof ConfigError && /^DATA_KEY is not the key/.test(e.message));
    // Started without DATA_KEY beside processes that have it: it must not seal with a key of its own.
    await assert.rejects(
      buildApp({ ...first.config, dataKey: randomBytes(32).toString('base64url'), dataKeySource: 'generated' }, { logger: false }),
      (e: unknown) => e instanceof ConfigError && /^DATA_KEY is not set, and this database already holds data sealed with a key/.test(e.message),
    );
    // The key generated by the refused start is not kept.
    assert.equal((JSON.parse(readFileSync(join(first.config.dataDir, 'secrets.json'), 'utf8')) as { dataKey?: string }).dataKey, undefined);
    // The right key still starts.
    const again = await buildApp(first.config, { logger: false });
    await again.close();
  } finally {
    await first.close();
  }
});

test('PostgreSQL: a wrong password is one clear line', { skip: pgOnly, timeout: 60_000 }, () => {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.password = 'not-the-password';
  const line = refused(runMain(['start'], { DATABASE_URL: url.toString(), DATA_DIR: tempDir(), PORT: '0' }));
  assert.match(line, new RegExp(`PostgreSQL at .* refused the password for user "${url.username}".*DATABASE_URL`));
});

test('PostgreSQL not up at start: retried with growing pauses, then one clear line; served when it comes up in time', { skip: pgOnly, timeout: 90_000 }, async () => {
  const real = new URL(process.env.TEST_DATABASE_URL as string);
  const port = await freePort();
  const viaPort = new URL(real);
  viaPort.port = String(port);
  const dir = tempDir();
  try {
    const gaveUp = runMain(['start'], { DATABASE_URL: viaPort.toString(), DATA_DIR: dir, DB_WAIT_SECONDS: '1', PORT: '0' });
    assert.match(gaveUp.stderr, /does not answer yet \(ECONNREFUSED\); trying again in 0\.25 s/);
    assert.match(refused(gaveUp), /PostgreSQL at 127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\): start PostgreSQL/);

    // Second start: the database appears on that port while the server waits for it.
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: real.toString() });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const httpPort = await freePort();
    const server = startServer(['start'], { DATABASE_URL: viaPort.toString(), DATA_DIR: dir, PORT: String(httpPort), DB_WAIT_SECONDS: '30', DATABASE_SCHEMA: schema });
    // The database appears once the server has found it missing.
    for (let i = 0; i < 300 && !/does not answer yet/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 100));
    const proxy = createServer((client) => {
      const upstream = connect(Number(real.port || 5432), real.hostname);
      client.on('error', () => upstream.destroy()).pipe(upstream).on('error', () => client.destroy()).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    try {
      assert.match(server.output(), /does not answer yet/);
      await waitHealthy(httpPort, server);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      proxy.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
