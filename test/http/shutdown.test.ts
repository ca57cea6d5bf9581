// Stopping the platform as a supervisor or a container runtime does: SIGTERM while requests are in
// flight answers every one of them, and SIGTERM to `npm start` stops the server itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPostgres } from '../helpers.ts';
import { ROOT, freePort, startServer, waitHealthy } from '../cli-support.ts';

const once = onPostgres ? 'runs once, on SQLite' : false;

/** Sends a raw request on its own connection; resolves with what came back before the connection closed. */
function rawRequest(port: number, request: string): { sent: Promise<void>; answer: Promise<string> } {
  let sent!: () => void;
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<string>((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request, () => sent()));
    socket.on('data', (c) => (data += c));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
  });
  return { sent: sentPromise, answer };
}

test('SIGTERM with requests in flight: every accepted request is answered, then the process exits 0', { skip: once, timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'miteinander-stop-'));
  const port = await freePort();
  const server = startServer(['start'], { DATA_DIR: dir, PORT: String(port), DATABASE_URL: '' });
  try {
    await waitHealthy(port, server);
    const host = `Host: 127.0.0.1:${port}\r\n`;
    const form = 'pseudonym=Jemand&password=irgendein-langes-Passwort';
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => `GET /groups?q=Selbsthilfe${i} HTTP/1.1\r\n${host}Connection: close\r\n\r\n`),
      ...Array.from({ length: 4 }, () => `GET / HTTP/1.1\r\n${host}Connection: close\r\n\r\n`),
      ...Array.from({ length: 4 }, (_, i) => `GET /api/v1/groups?q=Gruppe${i} HTTP/1.1\r\n${host}Connection: close\r\n\r\n`),
      ...Array.from({ length: 6 }, () => `POST /login HTTP/1.1\r\n${host}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`),
    ];
    const inFlight = requests.map((r) => rawRequest(port, r));
    await Promise.all(inFlight.map((r) => r.sent));
    // The signal arrives while the requests are still being read and rendered.
    server.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight.map((r) => r.answer));
    const unanswered = answers.filter((a) => !/^HTTP\/1\.1 \d{3} /.test(a)).length;
    assert.equal(unanswered, 0, `${unanswered} of ${answers.length} requests got no answer`);
    assert.equal(answers.filter((a) => a.startsWith('HTTP/1.1 5')).length, 0, 'no request was refused with 5xx');
    assert.equal(await server.exited, 0, server.output());
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function descendants(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  const children = out.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('SIGTERM to `npm start` stops the server: nothing keeps running or holds the port', { skip: once, timeout: 120_000 }, async () => {
  // What `npm install` does through `prepare`.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'miteinander-npm-'));
  const port = await freePort();
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.on('data', (c) => (out += c));
  npm.stderr.on('data', (c) => (out += c));
  const started = { child: npm, output: () => out, exited: new Promise<number | null>((resolve) => npm.on('exit', resolve)) };
  let family: number[] = [];
  try {
    await waitHealthy(port, started, 60_000);
    family = descendants(npm.pid as number);
    assert.ok(family.length > 0);
    npm.kill('SIGTERM');
    await started.exited;
    const until = Date.now() + 10_000;
    while (family.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(family.filter(alive), [], `still running after npm ended:\n${spawnSync('ps', ['-o', 'pid,args', '-p', family.join(',')], { encoding: 'utf8' }).stdout}`);
    const portFree = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => (s.destroy(), resolve(false)));
      s.on('error', () => resolve(true));
    });
    assert.ok(portFree, 'the port is still held');
  } finally {
    for (const pid of family) if (alive(pid)) process.kill(pid, 'SIGKILL');
    npm.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
