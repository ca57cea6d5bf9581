// Miteinander as `npm run bench` measures it: SQLite in a fresh data directory, seeded with the demo
// content, no job loop, no logging, and a global rate limit so high it never triggers (the limiter
// still runs on every request, as in production). Listens on 127.0.0.1 on a free port and prints
// "PORT <n>" for bench/run.ts to read.
//
//   node --import tsx bench/app-server.ts [--data-dir DIR] [--groups N] [--network N] [--events N] [--capped]
//
// With --events N it adds N generated events of the demo organisations over the next twelve months.
//
// With --groups N it adds N generated groups to the directory and builds the search index.
//
// With --network N it also gives a bench member a support network of N entries with five years of
// history and prints "COOKIE <name>=<value>" (a session of that member) before the port line.
//
// With --members N (and --network) it gives N members such a network and prints one
// "MEMBER <user id> <name>=<value>" line per member (the mixed load of `--mix` signs in as them).
// With --writers N it also makes N members without a network who send the mix's contact messages
// ("WRITER <user id> <name>=<value>"): a member may send 20 an hour, so the mix spreads them.
//
// With --capped it gives one member a network at the cap (MAX_ENTRIES entries) and another an ordinary
// one, and prints "CAPPED <name>=<value>" and "OTHER <name>=<value>" (their sessions).
//
// With --seed-only (and --data-dir) it seeds, prints the lines above and "SEEDED", and exits: `npm run
// bench` then serves the data directory from a process started as `npm start` starts one (the
// built bundle and the flags of package.json's "start"), so what is measured is what production runs.
//
// Without --data-dir it makes a temporary one and removes it on exit; with it, the caller cleans up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed.ts';
import { createAccount } from '../src/features/accounts/service.ts';
import { seedNetworkHistory, syntheticNetwork } from '../src/features/network/demo.ts';
import { MAX_ENTRIES } from '../src/features/network/service.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { sessionCookieName } from '../src/platform/http.tsx';
import { translator } from '../src/platform/i18n/index.ts';

import { generateGroups } from './generate-groups.ts';
import { generateEvents } from './generate-events.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, network: { type: 'string' }, groups: { type: 'string' }, events: { type: 'string' }, members: { type: 'string' }, writers: { type: 'string' }, capped: { type: 'boolean' }, 'seed-only': { type: 'boolean' } } });
const ownDir = values['data-dir'] === undefined;
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'miteinander-bench-'));

// Only these variables: an inherited DATABASE_URL or REDIS_URL must not change what is measured.
const config = loadConfig(
  { DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', BASE_URL: 'http://127.0.0.1' },
  { runJobs: false },
);
config.rateLimits = { ...config.rateLimits, globalPerMinute: 10_000_000 };

// Seeding runs in an app of its own; the app that serves is built afresh afterwards from the filled
// database, as a process that (re)starts in production, so its start-up and memory are measured as such.
let app = await buildApp(config);
let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void app
    .close()
    .catch((error: unknown) => console.error(error))
    .finally(() => {
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await seedDemo(app.deps);
if (values.groups) {
  const started = Date.now();
  const made = await generateGroups(app.deps.db, Number(values.groups));
  console.log(`generated ${made} groups in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (values.events) {
  const started = Date.now();
  const made = await generateEvents(app.deps.db, Number(values.events));
  console.log(`events seeded: ${made} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const memberLines: string[] = [];
if (values.network !== undefined) {
  const size = Number(values.network);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--network must be a whole number, got "${values.network}"`);
  const created = await createAccount(app.deps, { pseudonym: 'Bench Netz', password: DEMO_PASSWORD, email: '', locale: 'de' }, translator('de'));
  if (!created.ok) throw new Error('bench member could not be created');
  const rows = await seedNetworkHistory(app.deps, created.value.userId, syntheticNetwork(size), { years: 5 });
  console.log(`network seeded: ${JSON.stringify(rows)}`);
  const token = await createSession(app.deps.db, created.value.userId, 'autocannon', 1);
  memberLines.push(`COOKIE ${sessionCookieName(config.secureCookies)}=${token}`);
  const members = Number(values.members ?? 0);
  const started = Date.now();
  for (let i = 0; i < members; i++) {
    const member = await createAccount(app.deps, { pseudonym: `Bench Mitglied ${i + 1}`, password: DEMO_PASSWORD, email: '', locale: 'de' }, translator('de'));
    if (!member.ok) throw new Error('bench member could not be created');
    await seedNetworkHistory(app.deps, member.value.userId, syntheticNetwork(size), { years: 5, seed: 100 + i });
    const session = await createSession(app.deps.db, member.value.userId, 'bench mix', 1);
    memberLines.push(`MEMBER ${member.value.userId} ${sessionCookieName(config.secureCookies)}=${session}`);
  }
  const writers = Number(values.writers ?? 0);
  for (let i = 0; i < writers; i++) {
    const writer = await createAccount(app.deps, { pseudonym: `Bench Schreiberin ${i + 1}`, password: DEMO_PASSWORD, email: '', locale: 'de' }, translator('de'));
    if (!writer.ok) throw new Error('bench writer could not be created');
    const session = await createSession(app.deps.db, writer.value.userId, 'bench mix', 1);
    memberLines.push(`WRITER ${writer.value.userId} ${sessionCookieName(config.secureCookies)}=${session}`);
  }
  if (members || writers) {
    // The mix sends first-contact messages from these members far more often than a person does: a
    // new member may send three a day (trust levels). The bench lifts that one limit so it measures
    // the platform's work, not refusals.
    for (const level of [0, 1, 2, 3]) {
      await app.deps.db.insertInto('moderation_settings').values({ key: `trust.limit.contacts_per_day.${level}`, value: '0' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '0' })).execute();
    }
    console.log(`${members} more members with a network of ${size} entries and ${writers} writers seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
if (values.capped) {
  // A member at the entry cap (MAX_ENTRIES) spread over every part of life and circle, with the little
  // history a network filled by a phone-book import soon has, and another member with an ordinary
  // network whose page is measured while the first one's heavy requests run.
  const started = Date.now();
  const capped = await createAccount(app.deps, { pseudonym: 'Bench Voll', password: DEMO_PASSWORD, email: '', locale: 'de' }, translator('de'));
  const other = await createAccount(app.deps, { pseudonym: 'Bench Andere', password: DEMO_PASSWORD, email: '', locale: 'de' }, translator('de'));
  if (!capped.ok || !other.ok) throw new Error('bench members could not be created');
  const full = syntheticNetwork(MAX_ENTRIES, 23).map((e) => ({ ...e, since: 30 + (e.since % 60) }));
  const rows = await seedNetworkHistory(app.deps, capped.value.userId, full, { years: 1, seed: 5 });
  await seedNetworkHistory(app.deps, other.value.userId, syntheticNetwork(150), { years: 5, seed: 9 });
  console.log(`capped network seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(rows)}`);
  memberLines.push(`CAPPED ${sessionCookieName(config.secureCookies)}=${await createSession(app.deps.db, capped.value.userId, 'bench capped', 1)}`);
  memberLines.push(`OTHER ${sessionCookieName(config.secureCookies)}=${await createSession(app.deps.db, other.value.userId, 'bench other', 1)}`);
}
await app.close();
if (values['seed-only']) {
  for (const line of memberLines) console.log(line);
  console.log('SEEDED');
  process.exit(0);
}
app = await buildApp(config);
if (values.groups) {
  // The first search builds this process's search index from the tables; timed before the clock starts.
  const started = Date.now();
  await app.inject({ method: 'GET', url: '/api/v1/groups?q=Depression' });
  const buildSeconds = (Date.now() - started) / 1000;
  console.log(`index built: ${buildSeconds.toFixed(2)} s for ${values.groups} generated groups and the demo directory, by a freshly started app`);
  // Searches nobody asked before (so no cached answer helps): every topic word × ten towns, timed in-process.
  const words = ['Depression', 'Trauer', 'Diabetes', 'Alkohol', 'Angehörige', 'Krebs', 'Demenz', 'Tinnitus', 'Alleinerziehende', 'Sprachcafé'];
  const towns = ['Leipzig', '20095', 'München', 'Köln', 'Görlitz', 'Rostock', 'Freiburg im Breisgau', 'Erfurt', 'Kassel', 'Heidelberg'];
  const times: number[] = [];
  for (const w of words) {
    for (const town of towns) {
      const t0 = performance.now();
      await app.inject({ method: 'GET', url: `/api/v1/groups?q=${encodeURIComponent(w)}&near=${encodeURIComponent(town)}&radius=25` });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => (times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] as number).toFixed(2);
  console.log(`cold searches: ${times.length} distinct searches (words + place + 25 km) answered in p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms, one at a time in-process; index built in ${buildSeconds.toFixed(2)} s`);
}
for (const line of memberLines) console.log(line);
await app.listen({ host: config.host, port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
console.log(`PORT ${address.port}`);
