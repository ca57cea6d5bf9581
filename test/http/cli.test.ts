// The command line as an operator uses it: start (setup link, health, SIGTERM), create-admin, backup, migrate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { onPostgres } from '../helpers.ts';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...env, DATABASE_URL: '' }, encoding: 'utf8', input, timeout: 60_000 });
}

test('start prints a setup link, serves, and finishes cleanly on SIGTERM', { skip: onPostgres ? 'runs once, on SQLite' : false, timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'miteinander-cli-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  try {
    const deadline = Date.now() + 30_000;
    while (!/runs at/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const link = /(http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]+)/.exec(out)?.[1];
    assert.ok(link, `no setup link in:\n${out}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const setup = await fetch(link.replace('localhost', '127.0.0.1'));
    assert.equal(setup.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('create-admin, migrate and backup work from the command line', { skip: onPostgres ? 'runs once, on SQLite' : false, timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'miteinander-cli-'));
  try {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    assert.equal(run(['migrate'], env).status, 0);
    const weak = run(['create-admin', '--pseudonym', 'Betrieb'], { ...env, ADMIN_PASSWORD: 'password1234' });
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /easy to guess/);
    const made = run(['create-admin', '--pseudonym', 'Betrieb'], { ...env, ADMIN_PASSWORD: 'Ein langes sicheres Passwort' });
    assert.equal(made.status, 0, made.stderr);
    const target = join(dataDir, 'copy.sqlite');
    const backup = run(['backup', target], env);
    assert.equal(backup.status, 0, backup.stderr);
    assert.ok(existsSync(target));
    const db = new Database(target, { readonly: true });
    const row = db.prepare("select role from users where pseudonym = 'Betrieb'").get() as { role: string } | undefined;
    db.close();
    assert.equal(row?.role, 'admin');
    assert.equal(run(['nonsense'], env).status, 2);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
