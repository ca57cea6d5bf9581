#!/usr/bin/env node
// Time from `npm start` to the first 200 from /healthz, as after a restart: the data directory is
// migrated once before (first start), then the measured start runs on it. Prints milliseconds.
// `--tsx` starts the TypeScript sources through tsx instead, for comparison.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const viaTsx = process.argv.includes('--tsx');
const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'miteinander-start-'));
const port = String(3900 + Math.floor(Math.random() * 90));
const env = { ...process.env, DATA_DIR: dataDir, PORT: port, DATABASE_URL: '', LOG_LEVEL: 'warn' };
if (!process.env.BENCH_DATA_DIR) spawnSync(process.execPath, [join(root, 'dist', 'main.js'), 'migrate'], { env, stdio: 'ignore' });

const started = performance.now();
const child = viaTsx
  ? spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), 'start'], { cwd: root, env, stdio: 'ignore' })
  : spawn('npm', ['start'], { cwd: root, env, stdio: 'ignore' });
for (;;) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (res.status === 200) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 10));
}
const ms = performance.now() - started;
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
console.log(`${viaTsx ? 'tsx' : 'npm start'}: healthy after ${Math.round(ms)} ms`);
