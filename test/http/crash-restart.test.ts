// kill -9 in the middle of writes: after a restart, every write the platform acknowledged is there.
// Runs on SQLite and, with TEST_DB=postgres, on PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/app.ts';
import { createAccount } from '../../src/features/accounts/service.ts';
import { createApiToken } from '../../src/platform/auth/api-tokens.ts';
import { translator } from '../../src/platform/i18n/index.ts';
import { onPostgres } from '../helpers.ts';
import { freePort, startServer, waitHealthy } from '../cli-support.ts';

test('killed with SIGKILL during acknowledged writes and restarted: every acknowledged write is there', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'miteinander-crash-'));
  const url = process.env.TEST_DATABASE_URL;
  const schema = onPostgres ? `t_${randomBytes(6).toString('hex')}` : '';
  const env: Record<string, string> = onPostgres
    ? { DATA_DIR: dir, DATABASE_URL: url as string, DATABASE_SCHEMA: schema }
    : { DATA_DIR: dir, DATABASE_URL: '' };
  const admin = onPostgres ? new pg.Client({ connectionString: url }) : undefined;
  if (admin) {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  let server: ReturnType<typeof startServer> | undefined;
  try {
    // A member with a personal access key, made the way the platform makes them.
    const prepared = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }, { runJobs: false }), { logger: false });
    const made = await createAccount(prepared.deps, { pseudonym: 'Absturztest', password: 'Ein langes sicheres Passwort', email: '', locale: 'de', role: 'member' }, translator('de'));
    assert.ok(made.ok);
    const token = await createApiToken(prepared.deps.db, made.value.userId, 'Absturz');
    await prepared.close();

    const port = await freePort();
    server = startServer(['start'], { ...env, PORT: String(port) });
    await waitHealthy(port, server);
    const base = `http://127.0.0.1:${port}/api/v1/network/entries`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const acknowledged: string[] = [];
    let running = true;
    const writer = async (w: number) => {
      for (let i = 0; running; i++) {
        const name = `Eintrag ${w}-${i}`;
        try {
          const res = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ kind: 'person', name, sector: 'friends', circle: 'middle', notes: `Notiz ${i}` }) });
          if (res.status === 201) acknowledged.push(name);
          else if (res.status !== 429) assert.fail(`unexpected ${res.status}: ${await res.text()}`);
        } catch {
          return; // The connection died with the process.
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    await server.exited;
    running = false;
    await Promise.all(writers);

    server = startServer(['start'], { ...env, PORT: String(port) });
    await waitHealthy(port, server);
    const res = await fetch(base, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const stored = new Set(((await res.json()) as { entries: Array<{ name: string }> }).entries.map((e) => e.name));
    const lost = acknowledged.filter((name) => !stored.has(name));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes are missing`);
    assert.ok(acknowledged.length >= 40);
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (admin) {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
