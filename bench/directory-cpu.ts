// CPU time of the directory's pages, one request at a time in process (app.inject, brotli accepted):
// many different searches, many different group pages, and one address asked again and again. CPU
// time (process.cpuUsage) rather than wall time, because a shared machine makes wall time noise.
//
//   node --import tsx bench/directory-cpu.ts --data-dir /tmp/copy-of-a-bench-data-dir [--count 400]
//
// The data directory must hold a database that `npm run bench -- --groups N` seeded (bench-N slugs);
// use a copy: the app migrates and writes to it.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, count: { type: 'string' }, only: { type: 'string' }, profile: { type: 'string' } } });
if (!values['data-dir']) throw new Error('--data-dir is required');
const count = Number(values.count ?? 400);

const WORDS = ['Depression', 'Trauer', 'Diabetes', 'Alkohol', 'Angehörige', 'Krebs', 'Demenz', 'Tinnitus', 'Angst', 'Sucht', 'Burnout', 'Einsamkeit', 'Rheuma', 'Parkinson', 'Pflege', 'Eltern', 'Trauma', 'Schulden', 'Senioren', 'Migration'];
const PLACES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Dresden', 'Bonn', 'Kiel', 'Jena', 'Görlitz', 'Passau', '20095', '04109', '80331'];

// A fixed sequence, so two runs (before and after a change) ask the same addresses.
let seed = 42;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};

const config = loadConfig({ DATA_DIR: values['data-dir'], LOG_LEVEL: 'silent', BASE_URL: 'http://127.0.0.1' }, { runJobs: false });
config.rateLimits = { ...config.rateLimits, globalPerMinute: 10_000_000 };
const app = await buildApp(config);
const headers = { 'accept-encoding': 'br, gzip' };

const groupCount = Number((await app.deps.db.selectFrom('groups').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const benchGroups = Number((await app.deps.db.selectFrom('groups').select((eb) => eb.fn.countAll().as('n')).where('slug', 'like', 'bench-%').executeTakeFirstOrThrow()).n);

async function measure(name: string, urls: string[]): Promise<void> {
  const times: number[] = [];
  let bytes = 0;
  const total = process.cpuUsage();
  for (const url of urls) {
    const before = process.cpuUsage();
    const res = await app.inject({ method: 'GET', url, headers });
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    bytes += res.rawPayload.length;
  }
  const all = process.cpuUsage(total);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
  console.log(
    `${name.padEnd(34)} n=${urls.length} cpu/request mean ${((all.user + all.system) / 1000 / urls.length).toFixed(2)} ms` +
      ` p50 ${at(50)} p95 ${at(95)} p99 ${at(99)} ms, ${Math.round(bytes / urls.length)} bytes sent`,
  );
}

// Every search address once (words × places × radii, in a fixed shuffled order): none is answered
// from a kept page the first time; a group shown by several of them is the common case, as in a crowd.
const combos = WORDS.flatMap((w) => PLACES.flatMap((p) => [10, 25, 50].map((r) => `/groups?q=${encodeURIComponent(w)}&near=${encodeURIComponent(p)}&radius=${r}`)));
for (let i = combos.length - 1; i > 0; i--) {
  const j = random(i + 1);
  [combos[i], combos[j]] = [combos[j]!, combos[i]!];
}
const searches = combos.slice(0, Math.min(count, combos.length));
const groups = Array.from({ length: count }, () => `/groups/bench-${1 + random(benchGroups)}`);

console.log(`${groupCount} groups (${benchGroups} generated)`);
const started = process.cpuUsage();
await app.inject({ method: 'GET', url: '/groups?q=Depression', headers });
const build = process.cpuUsage(started);
console.log(`first search (index build) ${((build.user + build.system) / 1000).toFixed(0)} ms CPU`);
// Warm-up: code paths compiled, statement caches filled (addresses not among those measured).
for (let i = 0; i < 100; i++) await app.inject({ method: 'GET', url: `/groups?q=Hilfe&near=Bonn&radius=${[5, 100][i % 2]}&page=${1 + (i % 50)}`, headers });
for (let i = 0; i < 100; i++) await app.inject({ method: 'GET', url: `/groups/bench-${90_000 + i}`, headers });

// --profile FILE: a V8 CPU profile of the measured requests only (not of the build or the warm-up).
const session = values.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const only = values.only;
if (!only || only === 'search') {
  await measure('search page, each address once', searches);
  await measure('search page, the same again', searches);
}
if (!only || only === 'group') {
  await measure('group page, different groups', groups);
  await measure('group page, the same again', groups);
}
if (!only) {
  await measure('search page, one address', Array.from({ length: count }, () => '/groups?q=Depression&near=Leipzig&radius=25'));
  await measure('group page, one address', Array.from({ length: count }, () => '/groups/bench-4242'));
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile!, JSON.stringify(profile));
  session.disconnect();
}
const mem = process.memoryUsage();
console.log(`resident ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
await app.close();
