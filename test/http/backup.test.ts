// `npm run backup` on a SQLite database that another process keeps writing: it finishes, and the
// copy is whole and consistent (every transaction in it completely or not at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onPostgres } from '../helpers.ts';
import { ROOT, builtMain, runMain } from '../cli-support.ts';

// Writes pairs (one row in each table, in one transaction) as fast as it can, like a busy instance.
const WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const a = db.prepare('insert into probe_a (n, body) values (?, randomblob(2000))');
const b = db.prepare('insert into probe_b (n) values (?)');
const pair = db.transaction((n) => { a.run(n); b.run(n); });
let n = 0;
const tick = () => { for (let i = 0; i < 5; i++) pair(++n); setTimeout(tick, 5); };
tick();
setInterval(() => process.stdout.write(n + '\\n'), 100);
`;

test('a backup under continuous writes finishes and restores to a consistent copy', { skip: onPostgres ? 'SQLite only (PostgreSQL: pg_dump)' : false, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'miteinander-backup-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '' };
  let writer: ReturnType<typeof spawn> | undefined;
  try {
    assert.equal(runMain(['migrate'], env).status, 0);
    const file = join(dir, 'miteinander.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('create table probe_a (n integer primary key, body blob); create table probe_b (n integer primary key)');
    // About 60 MB, so a copy takes long enough for many writes to land during it.
    db.prepare('create table ballast (body blob)').run();
    const fill = db.prepare('insert into ballast values (randomblob(60000))');
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) fill.run();
    })();
    db.close();

    writer = spawn(process.execPath, ['--input-type=module', '-e', WRITER, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let written = 0;
    writer.stdout?.on('data', (c: Buffer) => (written = Number(String(c).trim().split('\n').pop())));
    while (written < 200) await new Promise((r) => setTimeout(r, 100));

    const target = join(dir, 'copy.sqlite');
    const before = written;
    const started = Date.now();
    // Started beside the writer (not synchronously), so this process keeps reading its progress.
    const backup = spawn(process.execPath, [builtMain(), 'backup', target], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    backup.stdout.on('data', (c) => (out += c));
    backup.stderr.on('data', (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => backup.on('exit', resolve));
    const seconds = (Date.now() - started) / 1000;
    assert.equal(code, 0, out);
    assert.match(out, /Backup written to .*copy\.sqlite in \d+\.\d s/);
    const after = written;
    await new Promise((r) => setTimeout(r, 1200));
    assert.ok(written > after, 'the writer was never stopped');

    const copy = new Database(target, { readonly: true });
    try {
      assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(copy.pragma('foreign_key_check'), []);
      const a = (copy.prepare('select count(*) as c, max(n) as m from probe_a').get() as { c: number; m: number });
      const b = (copy.prepare('select count(*) as c, max(n) as m from probe_b').get() as { c: number; m: number });
      assert.deepEqual(a, b, 'every transaction is in the copy completely or not at all');
      assert.ok(a.c >= before, `the copy holds what was written before it began (${a.c} < ${before})`);
      assert.equal((copy.prepare('select count(*) as c from ballast').get() as { c: number }).c, 1000);
      assert.ok((copy.prepare("select count(*) as c from users").get() as { c: number }).c >= 0, 'the platform tables are there');
    } finally {
      copy.close();
    }
    console.log(`backup under writes: ${seconds.toFixed(1)} s (process start included), ${after - before} pairs written meanwhile`);
  } finally {
    writer?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
