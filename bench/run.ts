// `npm run bench`: how fast Miteinander answers compared with a bare Fastify hello world, measured
// with autocannon on loopback in one run, and written to bench/RESULTS.md (overwritten each run).
//
//   npm run bench [-- --duration 10] [--warmup 3] [--connections 50] [--groups N] [--network [N]] [--events N]
//                   [--mix] [--mix-duration 60] [--only-mix] [--cpu-prof]
//   npm run bench -- --crisis   (only the crisis-check fuzz and timing, bench/crisis.ts; no servers)
//   npm run bench -- --forum    (only the forum at scale, bench/forum.ts: 1 M posts, live listeners on PostgreSQL)
//   npm run bench -- --capped   (only: a member at the network cap against another person's page)
//
// Both servers run in child processes of their own (bench/hello.ts; Miteinander seeded by
// bench/app-server.ts --seed-only, then served by `sh -c "<package.json start script>"` as npm starts
// it); the load generator runs here. Children are ended by their PID when the run ends, also on errors and Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Options, Result } from 'autocannon';
import Database from 'better-sqlite3';
import { mixRoutes, runMix, type MixResult } from './mix.ts';
import { MAX_ENTRIES } from '../src/features/network/service.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
// Seeding 100 000 groups, 20 000 events and 21 networks takes minutes on a busy machine.
const STARTUP_TIMEOUT_MS = 20 * 60_000;
const STOP_TIMEOUT_MS = 5_000;

// ---------------------------------------------------------------- options

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    groups: { type: 'string' },
    events: { type: 'string' },
    network: { type: 'boolean' },
    crisis: { type: 'boolean' },
    forum: { type: 'boolean' },
    capped: { type: 'boolean' },
    members: { type: 'string' },
    threads: { type: 'string' },
    posts: { type: 'string' },
    listeners: { type: 'string' },
    'data-dir': { type: 'string' },
    'network-size': { type: 'string' },
    mix: { type: 'boolean' },
    'mix-duration': { type: 'string' },
    'only-mix': { type: 'boolean' },
    'cpu-prof': { type: 'boolean' },
  },
});
const settings = {
  /** Seconds measured per target. */
  duration: positiveInteger('duration', args.duration, 10),
  /** Seconds of load before each measurement, not counted. */
  warmup: positiveInteger('warmup', args.warmup, 3),
  connections: positiveInteger('connections', args.connections, 50),
  groups: args.groups === undefined ? undefined : positiveInteger('groups', args.groups, 0),
  /** Generated events; undefined leaves the events scenario out. */
  events: args.events === undefined ? undefined : positiveInteger('events', args.events, 0),
  /** Entries of the bench member's support network; undefined leaves the network scenario out. */
  network: args.network || args['network-size'] !== undefined ? positiveInteger('network-size', args['network-size'], 150) : undefined,
  /** Seconds of the mixed load; undefined leaves it out. */
  mix: args.mix || args['only-mix'] || args['mix-duration'] !== undefined ? positiveInteger('mix-duration', args['mix-duration'], 60) : undefined,
  /** Only the mixed load (and hello world as the baseline), no single-address rows. */
  onlyMix: !!args['only-mix'],
  /** Write a V8 CPU profile of the app server to bench/profiles/ (for --cpu-prof analysis). */
  cpuProf: !!args['cpu-prof'],
};
/** Members whose maps the mixed load opens and who write (contact messages, registrations, logged contacts). */
const MIX_MEMBERS = 20;
/**
 * Members who send the mix's contact messages. One member may send 20 an hour (a limit the bench
 * keeps), and the mix sends about 3 % of its requests as contact messages: 150 writers take
 * 3 000 an hour, so a minute at well over 1 000 requests a second measures sending, not refusals.
 */
const MIX_WRITERS = 150;

// ---------------------------------------------------------------- child processes

interface Server {
  name: string;
  child: ChildProcess;
  exited: Promise<unknown>;
  port?: number;
  /** "name=value" of a session cookie the server printed (the network scenario's member). */
  cookie?: string;
  /** What the network scenario seeded, as the server reported it. */
  seeded?: string;
  /** Timings of never-asked searches over the generated directory, as the server reported them. */
  coldSearches?: string;
  /** How long building the search index took, as the server reported it. */
  indexBuild?: string;
  /** Members for the mixed load: user id and "name=value" session cookie. */
  members: Array<{ userId: string; cookie: string }>;
  /** Members who send the mixed load's contact messages: user id and "name=value" session cookie. */
  writers: Array<{ userId: string; cookie: string }>;
  /** Sessions the server printed by role ("CAPPED", "OTHER"): "name=value" cookies. */
  sessions: Record<string, string>;
}

const servers: Server[] = [];

/** Starts `node --import tsx bench/<script>` and waits for the "PORT <n>" line it prints. */
async function startServer(name: string, script: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<Required<Server>> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'bench', script), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const server: Server = { name, child, exited: once(child, 'exit'), members: [], writers: [], sessions: {} };
  servers.push(server); // registered before anything can fail, so cleanup always finds it

  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} printed no port within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    lines.on('line', (line) => {
      const match = /^PORT (\d+)$/.exec(line);
      const cookie = /^COOKIE (\S+)$/.exec(line);
      const seeded = /^network seeded: (.+)$/.exec(line);
      if (seeded) server.seeded = seeded[1];
      const cold = /^cold searches: (.+)$/.exec(line);
      if (cold) server.coldSearches = cold[1];
      const built = /^index built: (.+)$/.exec(line);
      if (built) server.indexBuild = built[1];
      const member = /^(MEMBER|WRITER) (\S+) (\S+)$/.exec(line);
      const session = /^(CAPPED|OTHER) (\S+)$/.exec(line);
      if (session) {
        server.sessions[session[1]!] = session[2]!;
      } else if (member) {
        (member[1] === 'WRITER' ? server.writers : server.members).push({ userId: member[2]!, cookie: member[3]! });
      } else if (cookie) {
        server.cookie = cookie[1];
      } else if ((match || line === 'SEEDED') && server.port === undefined) {
        // A seeding run (--seed-only) listens nowhere: it prints SEEDED and exits.
        clearTimeout(timer);
        resolve(match ? Number(match[1]) : 0);
      } else {
        console.log(`[${name}] ${line}`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening (code ${code}, signal ${signal})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  server.port = port;
  return server as Required<Server>;
}

// ---------------------------------------------------------------- the app as production starts it

/** What `npm start` runs (package.json "start"); npm runs it with `sh -c`, and so does the bench. */
function startScript(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts.start;
  if (!script) throw new Error('package.json has no "start" script');
  return script;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One GET on loopback through a kept-alive connection; resolves with the status once the body is read. */
function get(port: number, path: string, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Seeds a data directory in a process of its own (bench/app-server.ts --seed-only), then serves it from
 * a fresh process started as `npm start` starts one: the built bundle, the flags and environment of the
 * "start" script, with only the settings the bench needs (no inherited DATABASE_URL or REDIS_URL).
 * What it measures after start-up (memory, the index build) is what a restarted production process does.
 */
async function startApp(dataDir: string, seedArgs: string[], nodeOptions: string[]): Promise<Required<Server>> {
  const seeding = await startServer('miteinander (seeding)', 'app-server.ts', [...seedArgs, '--seed-only']);
  await seeding.exited;
  if (seeding.child.exitCode !== 0) throw new Error(`seeding exited with code ${seeding.child.exitCode}`);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}${build.stdout}`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    RUN_JOBS: '0',
    // High enough that it never triggers; the limiter still runs on every request, as in production.
    RATE_LIMIT_PER_MINUTE: '10000000',
  };
  // Node refuses --cpu-prof in NODE_OPTIONS: the flags go onto the start script's node command.
  const command = nodeOptions.length ? startScript().replace(/\bnode\b/, `node ${nodeOptions.join(' ')}`) : startScript();
  const child = spawn('sh', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const server: Server = { name: 'miteinander', child, exited: once(child, 'exit'), port, members: seeding.members, writers: seeding.writers, sessions: seeding.sessions, cookie: seeding.cookie, seeded: seeding.seeded };
  servers.push(server);
  createInterface({ input: child.stdout! }).on('line', (line) => console.log(`[miteinander] ${line}`));
  const until = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (!isRunning(child)) throw new Error(`miteinander exited before answering (code ${child.exitCode})`);
    if ((await get(port, '/healthz').catch(() => 0)) === 200) break;
    if (Date.now() > until) throw new Error('miteinander did not answer /healthz in time');
    await sleep(100);
  }
  if (settings.groups) {
    // The first search builds the process's search index from the tables; timed before the clock starts.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const started = performance.now();
    await get(port, '/api/v1/groups?q=Depression', agent);
    const buildSeconds = (performance.now() - started) / 1000;
    server.indexBuild = `${buildSeconds.toFixed(2)} s for ${settings.groups} generated groups and the demo directory, by a freshly started app (from starting the first search to its answer)`;
    console.log(`index built: ${server.indexBuild}`);
    // Searches nobody asked before (so no cached answer helps): every topic word × ten towns, over HTTP.
    const words = ['Depression', 'Trauer', 'Diabetes', 'Alkohol', 'Angehörige', 'Krebs', 'Demenz', 'Tinnitus', 'Alleinerziehende', 'Sprachcafé'];
    const towns = ['Leipzig', '20095', 'München', 'Köln', 'Görlitz', 'Rostock', 'Freiburg im Breisgau', 'Erfurt', 'Kassel', 'Heidelberg'];
    const list: number[] = [];
    for (const w of words) {
      for (const town of towns) {
        const t0 = performance.now();
        await get(port, `/api/v1/groups?q=${encodeURIComponent(w)}&near=${encodeURIComponent(town)}&radius=25`, agent);
        list.push(performance.now() - t0);
      }
    }
    agent.destroy();
    const times = Float64Array.from(list).sort();
    server.coldSearches = `${times.length} distinct searches (words + place + 25 km) answered in p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms, p99 ${ms(percentile(times, 99))} ms, one at a time over HTTP (kept-alive connection); index built in ${buildSeconds.toFixed(2)} s`;
    console.log(`cold searches: ${server.coldSearches}`);
  }
  return server as Required<Server>;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends a signal to a PID; a process that has exited meanwhile (ESRCH) is fine. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Ends a child by its PID: SIGTERM, then SIGKILL if it has not exited after a few seconds. */
async function stopServer(server: Server): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined || !isRunning(server.child)) return;
  signal(pid, 'SIGTERM');
  const exited = await Promise.race([server.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!exited && isRunning(server.child)) {
    console.error(`${server.name} (PID ${pid}) did not stop on SIGTERM; sending SIGKILL`);
    signal(pid, 'SIGKILL');
    await server.exited;
  }
}

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function rssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- measuring

interface Target {
  label: string;
  server: Required<Server>;
  path: string;
  headers: Record<string, string>;
}

interface Probe {
  status: number;
  contentType: string;
  contentEncoding: string;
  bytes: number;
}

interface Measurement {
  target: Target;
  probe: Probe;
  result: Result;
  p50: number;
  p95: number;
  p99: number;
  /** Event-loop delay of the app process during the measured run (none for hello world). */
  loop?: LoopDelay;
}

interface LoopDelay {
  maxMs: number;
  p99Ms: number;
}

/**
 * The app's event-loop delay since the last scrape, read from its own /metrics (prom-client's
 * monitorEventLoopDelay histogram, which every scrape reads and resets): scraped once before a
 * measured run to start afresh and once after it.
 */
async function loopDelay(port: number): Promise<LoopDelay> {
  const text = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const value = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) * 1000 : Number.NaN;
  };
  return { maxMs: value('nodejs_eventloop_lag_max_seconds'), p99Ms: value('nodejs_eventloop_lag_p99_seconds') };
}

/** One request, to check the target answers as expected before it is measured. */
function probe(port: number, path: string, headers: Record<string, string>): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          contentEncoding: String(res.headers['content-encoding'] ?? 'identity'),
          bytes,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function runAutocannon(options: Options, onResponse?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse) instance.on('response', (_client, _status, _bytes, ms) => onResponse(ms));
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

async function measure(target: Target): Promise<Measurement> {
  const url = `http://127.0.0.1:${target.server.port}${target.path}`;
  const checked = await probe(target.server.port, target.path, target.headers);
  if (checked.status < 200 || checked.status > 299) throw new Error(`${target.label}: expected a 2xx answer before measuring, got ${checked.status}`);

  const options: Options = { url, connections: settings.connections, headers: target.headers, timeout: 10 };
  console.log(`${target.label}: warming up for ${settings.warmup} s …`);
  await runAutocannon({ ...options, duration: settings.warmup });

  console.log(`${target.label}: measuring for ${settings.duration} s …`);
  const isApp = target.server.name === 'miteinander';
  if (isApp) await loopDelay(target.server.port);
  // autocannon reports p50, p90, p97.5 and p99 but no p95, so every response time is kept here.
  const times: number[] = [];
  const result = await runAutocannon({ ...options, duration: settings.duration }, (ms) => times.push(ms));
  const loop = isApp ? await loopDelay(target.server.port) : undefined;
  const sorted = Float64Array.from(times).sort();
  return { target, probe: checked, result, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), loop };
}

// ---------------------------------------------------------------- the mixed load

/** Fifty places of every size for the mixed load's searches and lists (names and postcodes). */
const MIX_PLACES = [
  'Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dortmund', 'Essen',
  'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Duisburg', 'Bochum', 'Wuppertal', 'Bielefeld', 'Bonn', 'Heidelberg',
  'Mannheim', 'Karlsruhe', 'Augsburg', 'Wiesbaden', 'Kiel', 'Aachen', 'Chemnitz', 'Halle (Saale)', 'Magdeburg', 'Freiburg im Breisgau',
  'Lübeck', 'Erfurt', 'Rostock', 'Kassel', 'Potsdam', 'Saarbrücken', 'Jena', 'Osnabrück', 'Regensburg', 'Würzburg',
  'Görlitz', 'Stralsund', 'Passau', 'Flensburg', 'Greifswald', '20095', '04109', '80331', '01067', '99084',
];

interface Mix {
  result: MixResult;
  loop: LoopDelay;
  /** The same mix over one connection: each request alone, so its time is its own work. */
  alone: { result: MixResult; loop: LoopDelay };
}

/** A member's CSRF token and the cookie it is bound to, read from a page as a browser would get them. */
async function memberForms(port: number, cookie: string): Promise<{ csrf: string; cookie: string }> {
  let secret = '';
  const body = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/network', headers: { cookie } }, (res) => {
      let text = '';
      const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => /^(__Host-)?csrf=/.test(c));
      if (set) secret = set.split(';')[0]!;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error('the network page of a bench member carries no CSRF token');
  return { csrf: match[1]!, cookie: secret ? `${cookie}; ${secret}` : cookie };
}

function memberEntries(dir: string, userId: string): string[] {
  const db = new Database(join(dir, 'miteinander.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id FROM network_entries WHERE user_id = ?').pluck().all(userId) as string[];
  } finally {
    db.close();
  }
}

function mixTable(mix: Mix, hello: Measurement): string {
  const r = mix.result;
  const sortedAll = Float64Array.from(r.all).sort();
  const perSecond = r.total / r.seconds;
  const statuses = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([code, n]) => `${code}: ${integer(n)}`).join(', ');
  const rows = r.routes.map((route) => {
    const sorted = Float64Array.from(route.times).sort();
    return `| ${route.name} | ${route.weight} % | ${integer(route.requests / r.seconds)} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(percentile(sorted, 99))} | ${integer(route.requests)} | ${statuses(route.statuses)} | ${route.errors} | ${route.unexpected} |`;
  });
  return [
    '| Route | share | req/s | p50 ms | p95 ms | p99 ms | requests | statuses | errors | unexpected |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    `| **all routes** | 100 % | **${integer(perSecond)}** (${((perSecond / hello.result.requests.average) * 100).toFixed(1)} % of hello world) | ${ms(percentile(sortedAll, 50))} | ${ms(percentile(sortedAll, 95))} | ${ms(percentile(sortedAll, 99))} | ${integer(r.total)} | | ${r.errors} | ${r.unexpected} |`,
    ...rows,
    '',
    `Event-loop delay of the app process during the mixed load: max ${ms(mix.loop.maxMs)} ms, p99 ${ms(mix.loop.p99Ms)} ms.`,
  ].join('\n');
}

/**
 * The mix over one connection: a request then has the process to itself, so its time is the work it
 * does (on SQLite, all of it holds the event loop), and the loop delay's maximum is the longest piece
 * of work one request (or a collection of the heap) did at once. Under the fifty connections of the
 * mix, the loop delay is instead about fifty requests' work: the requests that arrive together are
 * answered one after another in one turn of the loop.
 */
function aloneTable(mix: Mix): string {
  const r = mix.alone.result;
  const rows = r.routes.filter((route) => route.requests > 0).map((route) => {
    const sorted = Float64Array.from(route.times).sort();
    return `| ${route.name} | ${integer(route.requests)} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted[sorted.length - 1] ?? 0)} | ${route.errors + route.unexpected} |`;
  });
  return [
    `One request at a time (the same mix over one connection for ${r.seconds.toFixed(1)} s, ${integer(r.total)} requests): time per request, which is its own work; the loop delay's maximum is the longest stretch one request held the event loop.`,
    '',
    '| Route | requests | p50 ms | p99 ms | max ms | errors + unexpected |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Event-loop delay of the app process, one request at a time: max ${ms(mix.alone.loop.maxMs)} ms, p99 ${ms(mix.alone.loop.p99Ms)} ms.`,
  ].join('\n');
}

function mixSection(mix: Mix | undefined, hello: Measurement): string {
  if (!mix) return '';
  return `
## Mixed load (\`--mix\`): the headline

${settings.connections} connections for ${mix.result.seconds.toFixed(1)} s, each sending one request after another, every
request to an address made afresh (bench/mix.ts): searches for 100 words × 50 places, group pages
across all groups, event pages, event lists near places, by topic and by page, month views of the
next twelve months, the network maps of ${MIX_MEMBERS} members, the home page, and about 10 % writes by
those members (registrations for events, logged contacts) and by ${MIX_WRITERS} more members (contact
messages to groups, spread so that no member reaches the hourly limit of 20). A contact message beyond
that limit and a registration for an event the member is already registered for answer 400 with the
form: both are counted as correct answers, listed by status.

${mixTable(mix, hello)}

${aloneTable(mix)}
`;
}

// ---------------------------------------------------------------- report

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a (no /proc)' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

function resultsTable(measurements: Measurement[]): string {
  const baseline = measurements[0]!.result.requests.average;
  const rows = measurements.map((m) => {
    const ratio = m === measurements[0] ? '100 % (baseline)' : `${((m.result.requests.average / baseline) * 100).toFixed(1)} %`;
    const loop = m.loop ? `${ms(m.loop.maxMs)} / ${ms(m.loop.p99Ms)}` : '—';
    return `| ${m.target.label} | ${integer(m.result.requests.average)} | ${ratio} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${loop} | ${integer(m.result.requests.total ?? 0)} | ${m.result.errors + m.result.timeouts} | ${m.result.non2xx} |`;
  });
  return [
    '| Target | req/s (avg) | vs. hello world | p50 ms | p95 ms | p99 ms | loop delay max / p99 ms | requests | errors | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function describeResponses(measurements: Measurement[]): string {
  return measurements
    .map((m) => {
      const headers = Object.entries(m.target.headers).map(([k, v]) => (k === 'cookie' ? '`cookie:` (a session of the bench member)' : `\`${k}: ${v}\``)).join(', ') || 'no extra headers';
      return `- ${m.target.label}: sent with ${headers}; answered ${m.probe.status} \`${m.probe.contentType}\`, encoding \`${m.probe.contentEncoding}\`, ${integer(m.probe.bytes)} bytes of body.`;
    })
    .join('\n');
}

interface Load {
  before: number[];
  after: number[];
}

const loadText = (l: number[]) => l.map((n) => n.toFixed(2)).join(' / ');

/** Load from other processes skews every figure; say so instead of hiding it. */
function loadWarning(load: Load): string | undefined {
  const busy = load.before[0]!;
  return busy >= 1 ? `The 1-minute load average was ${busy.toFixed(2)} before the servers started (${cpus().length} CPUs): other processes were busy, so these figures are lower and noisier than on an idle machine.` : undefined;
}

/** The section on the support-network map, when that scenario ran. */
function networkSection(measurements: Measurement[], seeded: string | undefined): string {
  const m = measurements.find((x) => x.target.path === '/network');
  if (!m || !settings.network) return '';
  const base = measurements[0]!.result.requests.average;
  const home = measurements.find((x) => x.target.path === '/' && x.target.server === m.target.server)!;
  let rows = '';
  try {
    const r = JSON.parse(seeded ?? '{}') as Record<string, number>;
    rows = ` The bench member's network: ${r.entries} entries across all six parts of life and three circles, ${integer(r.contacts ?? 0)} logged contacts, ${integer(r.ledger ?? 0)} give-and-take notes, ${integer(r.gratitude ?? 0)} thank-you notes and ${integer(r.checkins ?? 0)} check-ins over five years; names, notes and contact data sealed (AES-256-GCM) as in production.`;
  } catch {
    rows = '';
  }
  return `
## Support network map (\`--network\`)

\`GET /network\` as a signed-in member: the SVG map with one focusable, labelled point per entry, the
table of all entries and the due count, rendered on the server for every request (no cache); every
name is decrypted per request.${rows}

| Page | req/s (avg) | vs. hello world | vs. home page | p50 ms | p95 ms | p99 ms | body (br) |
|---|---:|---:|---:|---:|---:|---:|---:|
| ${m.target.label} | ${integer(m.result.requests.average)} | ${((m.result.requests.average / base) * 100).toFixed(1)} % | ${((m.result.requests.average / home.result.requests.average) * 100).toFixed(1)} % | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${integer(m.probe.bytes)} bytes |
`;
}

function report(measurements: Measurement[], memory: { appIdle?: number; appAfter?: number; helloAfter?: number }, startedAt: Date, load: Load, app: Server, mix?: Mix): string {
  const { seeded, coldSearches } = app;
  const cpuList = cpus();
  const cpuModel = cpuList[0]?.model.trim() ?? 'unknown';
  const seconds = (m: Measurement) => m.result.duration;
  return `# Benchmark results

## How to run

    npm run bench                      # 3 s warm-up + 10 s measured per target, 50 connections
    npm run bench -- --duration 30     # longer measurements (also --warmup N, --connections N)
    npm run bench -- --groups 100000   # adds 100 000 generated groups and measures search and group pages
    npm run bench -- --events 20000    # adds 20 000 generated events over twelve months and measures the
                                       # month view, a list near a place and /calendar.ics
    npm run bench -- --network         # adds the support-network map of a member with 150 entries
                                       # and five years of history (--network-size N for another size)
    npm run bench -- --capped          # only: another person's page while a member at the network cap
                                       # (12 000 entries) loads their map, PNG and exports (own section)

The run starts a bare Fastify hello world (bench/hello.ts) and Miteinander (bench/app-server.ts:
SQLite in a fresh temporary data directory, seeded with the demo content by a process of its own,
then served by a process started as \`npm start\` starts one — the built bundle with the flags and
environment of package.json's "start" — with no job loop, logging off and the global rate limit
raised so it never triggers but still runs) as child processes on 127.0.0.1, loads
each target with autocannon from the parent process, prints the table and overwrites this file.
Both servers and the load generator share one machine, so the absolute numbers say more about this
machine than about a deployment. Compare runs by the percentages against hello world, and only runs
made on an otherwise idle machine (see the load average below): other busy processes move every
figure, the percentages included.

## Latest run

- Date: ${startedAt.toISOString()}
- Node ${process.version} on ${osType()} ${release()}
- CPU: ${cpuModel} × ${cpuList.length}
- Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB
- Load average (1 / 5 / 15 min): ${loadText(load.before)} before, ${loadText(load.after)} after
${mixSection(mix, measurements[0]!)}
## Single addresses

- Method: autocannon, ${settings.connections} connections, ${settings.warmup} s warm-up (not counted) then ${settings.duration} s measured per target (actual: ${measurements.map((m) => `${seconds(m)} s`).join(', ')})

${resultsTable(measurements)}
${loadWarning(load) ? `\n**Note:** ${loadWarning(load)}\n` : ''}
req/s is autocannon's average of the per-second samples; latencies are nearest-rank percentiles over
every response of the measured run; errors are connection errors plus timeouts.

Memory (resident set size, from /proc/<pid>/status):

- Miteinander after start-up (seeded by a process of its own, then served by a fresh one started as \`npm start\` starts it), before load: ${mib(memory.appIdle)}
- Miteinander after its measured runs${mix ? ' and the mixed load' : ''}: ${mib(memory.appAfter)}
- Hello world after its measured run: ${mib(memory.helloAfter)}

${app.indexBuild ? `Search index: ${app.indexBuild}.

` : ''}Responses as checked before measuring:

${describeResponses(measurements)}
${networkSection(measurements, seeded)}${settings.events === undefined ? '' : `
## Events (\`--events\`)

${integer(settings.events)} generated events (bench/generate-events.ts) of the demo organisations over the next twelve
months, in person at German towns, online, hybrid and by phone. The month view renders a full month
(every event of it in the grid, at most four per day shown with a link to the rest); \`/calendar.ics\`
without filters covers a year from today and is capped at 5 000 events per answer (the cap keeps one
request bounded; filters narrow it). The events of a filter (and the finished .ics) are kept until any
event changes or a place is taken or given back, which one small query checks on every request (the
lists also at least once a minute); the pages themselves are rendered afresh every time, and autocannon
asks the same address again and again, so these rows measure that path.
`}${settings.groups === undefined ? '' : `
## Directory (\`--groups\`)

${integer(settings.groups)} generated groups (bench/generate-groups.ts) on top of the demo content, spread
over German places by population; the search index is built before measuring.

The search API keeps each serialised answer until the directory changes, and autocannon asks the
same search again and again, so its row measures answers from that cache after the first. The search
pages render afresh every time (each carries its own CSRF token) but take the search result from the
index's own answer cache the same way. Searches that nobody asked before: ${coldSearches ?? 'not reported'}.
`}`;
}

// ---------------------------------------------------------------- sections of their own

/**
 * Sections that runs of their own write between markers (`<!-- NAME-bench:start -->` …
 * `<!-- NAME-bench:end -->`, e.g. the forum's and the capped network's): a full run rewrites the
 * file but keeps them.
 */
function keptSections(): string {
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const kept = current.match(/<!-- [\w-]+-bench:start -->[\s\S]*?<!-- [\w-]+-bench:end -->/g) ?? [];
  return kept.map((section) => `\n${section}\n`).join('');
}

/** Puts `section` (with its markers) in place of the marked section of the same name, or at the end. */
function writeSection(name: string, section: string): void {
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const marked = new RegExp(`<!-- ${name}-bench:start -->[\\s\\S]*?<!-- ${name}-bench:end -->`);
  const text = `<!-- ${name}-bench:start -->\n${section.trim()}\n<!-- ${name}-bench:end -->`;
  writeFileSync(RESULTS_FILE, marked.test(current) ? current.replace(marked, () => text) : `${current.trimEnd()}\n\n${text}\n`);
}

// ---------------------------------------------------------------- a member at the network cap

interface Leg {
  label: string;
  path: string;
  connections: number;
  cookie: string;
}

interface LegResult {
  leg: Leg;
  result: Result;
  p50: number;
  p95: number;
  p99: number;
  statuses: Map<number, number>;
}

/** Loads one address for `seconds`, keeping every response time and status. */
async function loadLeg(port: number, leg: Leg, seconds: number): Promise<LegResult> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${port}${leg.path}`, connections: leg.connections, duration: seconds, timeout: 60, headers: { cookie: leg.cookie, 'accept-encoding': 'br, gzip' } },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on('response', (client, status, _bytes, ms) => {
      void client;
      times.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  const sorted = Float64Array.from(times).sort();
  return { leg, result, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), statuses };
}

/**
 * Issue 12, finding 4: "a member with a network at the cap cannot make another person's page slower
 * than 100 ms p99". One app process serves; the other person's map page (an ordinary network of 150
 * entries) is measured alone, then again while autocannon drives the capped member's map page,
 * PNG map and both exports in parallel. Reports the other person's latencies, the capped member's
 * answers and the app's event-loop delay during each phase.
 */
async function cappedMain(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  dataDir = mkdtempSync(join(tmpdir(), 'miteinander-bench-'));
  console.log('starting the app with a member at the network cap (seeding takes a while) …');
  const app = await startServer('miteinander', 'app-server.ts', ['--data-dir', dataDir, '--capped']);
  const capped = app.sessions.CAPPED;
  const other = app.sessions.OTHER;
  if (!capped || !other) throw new Error('the app server printed no sessions for the capped scenario');
  const otherLeg: Leg = { label: "other person's `/network`", path: '/network', connections: 2, cookie: other };
  const heavy: Leg[] = [
    { label: 'capped member `/network`', path: '/network', connections: 2, cookie: capped },
    { label: 'capped member `/network/map.png`', path: '/network/map.png', connections: 4, cookie: capped },
    { label: 'capped member `/network/export.csv`', path: '/network/export.csv', connections: 2, cookie: capped },
    { label: 'capped member `/network/export.json`', path: '/network/export.json', connections: 2, cookie: capped },
  ];
  for (const leg of [otherLeg, ...heavy]) {
    const checked = await probe(app.port, leg.path, { cookie: leg.cookie });
    if (checked.status !== 200) throw new Error(`${leg.label}: expected 200 before measuring, got ${checked.status}`);
    console.log(`${leg.label}: ${integer(checked.bytes)} bytes`);
  }
  console.log(`warming up for ${settings.warmup} s …`);
  await loadLeg(app.port, otherLeg, settings.warmup);

  console.log(`other person alone for ${settings.duration} s …`);
  await loopDelay(app.port);
  const alone = await loadLeg(app.port, otherLeg, settings.duration);
  const aloneLoop = await loopDelay(app.port);

  console.log(`other person while the capped member's requests run, ${settings.duration} s …`);
  await loopDelay(app.port);
  const [under, ...attack] = await Promise.all([loadLeg(app.port, otherLeg, settings.duration), ...heavy.map((leg) => loadLeg(app.port, leg, settings.duration))]);
  const underLoop = await loopDelay(app.port);
  const load = { before: loadBefore, after: loadavg() };

  const statusText = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([code, n]) => `${code}: ${integer(n)}`).join(', ');
  const row = (r: LegResult, phase: string) => `| ${r.leg.label} | ${phase} | ${r.leg.connections} | ${integer(r.result.requests.total ?? 0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${statusText(r.statuses)} | ${r.result.errors + r.result.timeouts} |`;
  const met = under.p99 <= 100;
  const section = `## A member at the network cap (\`npm run bench -- --capped\`)

Issue 12, finding 4: a member with a network at the cap (12 000 entries) must not make another
person's page slower than 100 ms p99. One app process (bench/app-server.ts \`--capped\`, SQLite, names
and notes sealed as in production) serves both members; the capped member's ${integer(MAX_ENTRIES)} entries
spread over all parts of life and circles with a month or two of logged contacts. First the other
person's map page (150 entries, five years of history) is loaded alone, then again while autocannon
drives the capped member's map page, PNG map and both exports in parallel (${heavy.map((l) => `${l.connections}`).join(' + ')} connections).
The global request limit is raised so it never triggers; in production the per-address limit would
also slow the capped member down.

- Date: ${startedAt.toISOString()}; ${settings.warmup} s warm-up, ${settings.duration} s per phase
- Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB
- Load average (1 / 5 / 15 min): ${loadText(load.before)} before, ${loadText(load.after)} after${loadWarning(load) ? ` — ${loadWarning(load)}` : ''}

| Requests | phase | connections | answered | p50 ms | p95 ms | p99 ms | statuses | errors |
|---|---|---:|---:|---:|---:|---:|---|---:|
${row(alone, 'alone')}
${row(under, '**with the capped member**')}
${attack.map((r) => row(r, 'at the same time')).join('\n')}

- Event-loop delay of the app process: alone max ${ms(aloneLoop.maxMs)} ms, p99 ${ms(aloneLoop.p99Ms)} ms; with the capped member max ${ms(underLoop.maxMs)} ms, p99 ${ms(underLoop.p99Ms)} ms.
- Other person's p99 with the capped member: **${ms(under.p99)} ms** (goal ≤ 100 ms: ${met ? 'met' : 'not met in this run'}).
- \`429\` is the work queue (platform/work-queue.ts) refusing a second map drawing or export of the same person while one runs: drawings one at a time per process, exports two, one per person each. Requests still running when a phase ends are not counted.
`;
  writeSection('capped', section);
  console.log(`\n${section}`);
  console.log(`written to ${RESULTS_FILE}`);
}

// ---------------------------------------------------------------- main

let dataDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const server of servers) {
      try {
        await stopServer(server);
      } catch (error) {
        console.error(`could not stop ${server.name}:`, error);
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}

process.on('SIGINT', () => {
  console.error('\ninterrupted; stopping the servers');
  void cleanup().finally(() => process.exit(130));
});

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();

  console.log('starting the servers …');
  dataDir = mkdtempSync(join(tmpdir(), 'miteinander-bench-'));
  const hello = await startServer('hello-world', 'hello.ts');
  const appArgs = ['--data-dir', dataDir, ...(settings.groups ? ['--groups', String(settings.groups)] : []), ...(settings.network ? ['--network', String(settings.network)] : []), ...(settings.events ? ['--events', String(settings.events)] : [])];
  if (settings.mix && settings.network) appArgs.push('--members', String(MIX_MEMBERS), '--writers', String(MIX_WRITERS));
  const profileDir = join(ROOT, 'bench', 'profiles');
  const app = await startApp(dataDir, appArgs, settings.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const appIdle = rssBytes(app.child.pid);

  const targets: Target[] = [
    { label: 'hello world `/`', server: hello, path: '/', headers: {} },
    { label: 'Miteinander `/` (home page)', server: app, path: '/', headers: { 'accept-encoding': 'br, gzip' } },
    { label: 'Miteinander `/healthz`', server: app, path: '/healthz', headers: {} },
    // A course and one of its lessons as a visitor reads them (shipped course: the page is rendered
    // and compressed once per process and language, no query).
    { label: 'course page `/learn/unterstuetzungsnetz`', server: app, path: '/learn/unterstuetzungsnetz', headers: { 'accept-encoding': 'br, gzip' } },
    { label: 'lesson page `/learn/unterstuetzungsnetz/familie-und-freunde`', server: app, path: '/learn/unterstuetzungsnetz/familie-und-freunde', headers: { 'accept-encoding': 'br, gzip' } },
  ];
  if (settings.groups) {
    const html = { 'accept-encoding': 'br, gzip' };
    targets.push(
      { label: 'search API `/api/v1/groups?q=Depression&near=Leipzig&radius=25`', server: app, path: '/api/v1/groups?q=Depression&near=Leipzig&radius=25', headers: {} },
      { label: 'search page `/groups?q=Depression&near=Leipzig&radius=25`', server: app, path: '/groups?q=Depression&near=Leipzig&radius=25', headers: html },
      { label: 'search page `/groups?q=Trauer&near=20095&radius=50`', server: app, path: '/groups?q=Trauer&near=20095&radius=50', headers: html },
      { label: `group page \`/groups/bench-${Math.min(4242, settings.groups - 1)}\``, server: app, path: `/groups/bench-${Math.min(4242, settings.groups - 1)}`, headers: html },
    );
  }
  if (settings.events) {
    const html = { 'accept-encoding': 'br, gzip' };
    // A month in the middle of the generated year, so it is as full as any.
    const month = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 7);
    targets.push(
      { label: `events month view \`/events?view=month&month=${month}\``, server: app, path: `/events?view=month&month=${month}`, headers: html },
      { label: 'events list `/events?near=Leipzig&radius=50`', server: app, path: '/events?near=Leipzig&radius=50', headers: html },
      { label: 'iCalendar `/calendar.ics`', server: app, path: '/calendar.ics', headers: html },
      { label: 'iCalendar `/calendar.ics?topic=depression&near=Leipzig&radius=50`', server: app, path: '/calendar.ics?topic=depression&near=Leipzig&radius=50', headers: html },
    );
  }
  if (settings.network) {
    if (!app.cookie) throw new Error('the app server printed no session cookie for the network scenario');
    targets.push({ label: `Miteinander \`/network\` (map, ${settings.network} entries, 5 years)`, server: app, path: '/network', headers: { 'accept-encoding': 'br, gzip', cookie: app.cookie } });
  }
  const measurements: Measurement[] = [];
  let helloAfter: number | undefined;
  for (const target of settings.onlyMix ? targets.slice(0, 1) : targets) {
    measurements.push(await measure(target));
    if (target.server === hello) helloAfter = rssBytes(hello.child.pid);
  }
  let mix: Mix | undefined;
  if (settings.mix) {
    const members = await Promise.all(app.members.map(async (m) => ({ ...m, ...(await memberForms(app.port, m.cookie)), entryIds: memberEntries(dataDir!, m.userId) })));
    const writers = await Promise.all(app.writers.map(async (m) => ({ ...m, ...(await memberForms(app.port, m.cookie)), entryIds: [] })));
    const routes = mixRoutes(dataDir, members, MIX_PLACES, writers);
    console.log(`mixed load: warming up for ${settings.warmup} s …`);
    await runMix(app.port, routes, settings.connections, settings.warmup);
    console.log(`mixed load: ${routes.length} routes over ${settings.connections} connections for ${settings.mix} s …`);
    await loopDelay(app.port);
    const result = await runMix(app.port, routes, settings.connections, settings.mix);
    const loop = await loopDelay(app.port);
    const aloneSeconds = Math.max(5, Math.round(settings.mix / 4));
    console.log(`mixed load: one request at a time for ${aloneSeconds} s …`);
    const alone = await runMix(app.port, routes, 1, aloneSeconds);
    mix = { result, loop, alone: { result: alone, loop: await loopDelay(app.port) } };
  }
  const appAfter = rssBytes(app.child.pid);

  const load = { before: loadBefore, after: loadavg() };
  const markdown = report(measurements, { appIdle, appAfter, helloAfter }, startedAt, load, app, mix);
  writeFileSync(RESULTS_FILE, `${markdown.trimEnd()}\n${keptSections()}`);
  if (mix) console.log(`\n${mixTable(mix, measurements[0]!)}\n\n${aloneTable(mix)}\n`);
  console.log(`\n${resultsTable(measurements)}\n`);
  console.log(`Miteinander RSS: ${mib(appIdle)} before load, ${mib(appAfter)} after; hello world RSS after: ${mib(helloAfter)}`);
  console.log(`load average (1 / 5 / 15 min): ${loadText(load.before)} before, ${loadText(load.after)} after`);
  const warning = loadWarning(load);
  if (warning) console.log(warning);
  console.log(`written to ${RESULTS_FILE}`);
}

let exitCode = 0;
try {
  if (args.forum) {
    const { runForumBench } = await import('./forum.ts');
    await runForumBench();
  } else if (args.capped) {
    await cappedMain();
  } else if (args.crisis) {
    const { printDatasetFigures, runCrisisBench } = await import('./crisis.ts');
    printDatasetFigures(false);
    if (runCrisisBench().errors > 0) exitCode = 1;
  } else await main();
} catch (error) {
  console.error('bench failed:', error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
