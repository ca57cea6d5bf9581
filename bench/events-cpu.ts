// CPU time per request of the events pages, in process (app.inject, brotli on), over a copy of a data
// directory with generated events. Busy machines inflate wall time; CPU time of the process much less.
//
//   node --import tsx bench/events-cpu.ts --data-dir DIR [--rounds N] [--only NAME]
//
// Each row: N requests to addresses made afresh (the mixed load's kinds) after a warm-up pass, the
// CPU median/p95 per request (process.cpuUsage), and the longest event-loop delay seen meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' }, cold: { type: 'boolean' }, prof: { type: 'string' }, bump: { type: 'boolean' } } });
const config = loadConfig({ DATA_DIR: values['data-dir'] ?? '/tmp/events-data', LOG_LEVEL: 'silent', BASE_URL: 'http://127.0.0.1' }, { runJobs: false });
config.rateLimits = { ...config.rateLimits, globalPerMinute: 10_000_000 };
const app = await buildApp(config);
const db = app.deps.db;
const rounds = Number(values.rounds ?? 200);

const PLACES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Dresden', 'Bremen', 'Kiel', 'Jena', 'Passau', 'Görlitz', '04109', '80331'];
const now = new Date().toISOString();
const ids = (await db.selectFrom('events').select('id').where('starts_at', '>', now).where('status', '=', 'scheduled').execute()).map((r) => r.id);
const topics = [...new Set((await db.selectFrom('event_topics').select('topic_slug').execute()).map((r) => r.topic_slug))];
const months: string[] = [];
const d = new Date();
for (let i = 0; i < 12; i++) months.push(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 15)).toISOString().slice(0, 7));
let n = 0;
const pick = <T,>(list: T[]): T => list[n++ % list.length] as T;
const q = encodeURIComponent;

const targets: Array<{ name: string; url: () => string; headers?: Record<string, string> }> = [
  { name: 'month view (12 months)', url: () => `/events?view=month&month=${pick(months)}` },
  { name: 'month 2027-05 (one URL)', url: () => '/events?view=month&month=2027-05' },
  { name: 'list near place', url: () => `/events?near=${q(pick(PLACES))}&radius=50` },
  { name: 'list near Leipzig (one URL)', url: () => '/events?near=Leipzig&radius=50' },
  { name: 'list by topic', url: () => `/events?topic=${q(pick(topics))}` },
  { name: 'list by page', url: () => `/events?page=${1 + (n++ % 20)}` },
  // Addresses no one asked before (the kept lists and pages miss; the event index is warm).
  { name: 'new list near place (radius 1-200)', url: () => `/events?near=${q(pick(PLACES))}&radius=${1 + ((n * 37) % 200)}` },
  { name: 'new month near place', url: () => `/events?view=month&month=${months[n % 12]}&near=${q(pick(PLACES))}&radius=${1 + ((n * 53) % 200)}` },
  { name: 'event page', url: () => `/events/${ids[Math.floor(Math.random() * ids.length)]}` },
  { name: 'calendar.ics', url: () => '/calendar.ics' },
  { name: 'calendar.ics filtered', url: () => '/calendar.ics?topic=depression&near=Leipzig&radius=50' },
];

const rows: string[] = [];
for (const t of targets) {
  if (values.only && !t.name.includes(values.only)) continue;
  const times: number[] = [];
  let bytes = 0;
  // Warm-up: one pass of every address kind (caches as a running process has them), unless --cold.
  if (!values.cold) for (let i = 0; i < 24; i++) await app.inject({ url: t.url(), headers: { 'accept-encoding': 'br, gzip' } });
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // The longest stretch without a turn of the event loop (wall time: inflated on a busy machine).
  let running = true;
  let lastTurn = performance.now();
  let longestTurn = 0;
  const ticker = () => {
    const now = performance.now();
    longestTurn = Math.max(longestTurn, now - lastTurn);
    lastTurn = now;
    if (running) setImmediate(ticker);
  };
  setImmediate(ticker);
  const session = values.prof ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  for (let i = 0; i < rounds; i++) {
    // A turn of the loop between requests, so the longest turn is one request's, not the row's.
    await new Promise((resolve) => setImmediate(resolve));
    const url = t.url();
    // --bump: every request finds the caches out of date (as after any change of an event).
    if (values.bump) await sql`UPDATE change_counters SET version = version + 1 WHERE name = 'events'`.execute(db);
    const c = process.cpuUsage();
    const r = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip', ...t.headers } });
    const u = process.cpuUsage(c);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
    bytes = r.rawPayload.length;
    times.push((u.user + u.system) / 1000);
  }
  h.disable();
  running = false;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${values.prof}-${t.name.replace(/\W+/g, '_')}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
  rows.push(`| ${t.name} | ${at(50)} | ${at(95)} | ${at(99)} | ${(h.max / 1e6).toFixed(1)} | ${longestTurn.toFixed(1)} | ${bytes} |`);
  console.log(rows.at(-1));
}
console.log('\n| target | CPU p50 ms | p95 | p99 | loop delay max ms | longest turn ms | body bytes |\n|---|---:|---:|---:|---:|---:|---:|');
console.log(rows.join('\n'));
await app.close();
