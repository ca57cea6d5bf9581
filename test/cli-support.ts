// For tests that run the platform as an operator does: the built server (the same bundle
// `npm start` runs), started as a child process on a free port.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
let built: string | undefined;

/**
 * Builds the server once per test process into its own folder under dist/ (beside node_modules, so
 * its packages resolve; a folder per process, so test files running at once do not share one).
 */
export function builtMain(): string {
  if (built) return built;
  const dir = join(ROOT, 'dist', `test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'main.js');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}${r.stdout}`);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  built = out;
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `node dist/main.js <args>` with the environment given (on top of this process's). */
export function startServer(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [builtMain(), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits until /healthz answers 200; returns the milliseconds it took. */
export async function waitHealthy(port: number, started: Started, timeoutMs = 30_000): Promise<number> {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`the server ended (${started.child.exitCode}):\n${started.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return Date.now() - begin;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${started.output()}`);
}

/** Runs the built command line to its end. */
export function runMain(args: string[], env: Record<string, string>, timeout = 60_000) {
  return spawnSync(process.execPath, [builtMain(), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout });
}
