// Command line: start, demo, migrate, create-admin, backup.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { sql } from 'kysely';
import { backupSqlite, migrateToLatest, openDatabase } from './db/index.ts';
import type { DatabaseHandle } from './db/index.ts';
import { describeDatabaseUrl, describeStartupError, isDatabaseNotUpYet } from './startup-errors.ts';
import { createSetupToken, needsSetup } from './features/setup/service.ts';
import { seedDemo } from './demo/seed.ts';
import { createAccount } from './features/accounts/service.ts';
import { translator } from './platform/i18n/index.ts';
import type { Deps } from './platform/deps.ts';
import { placeById } from './platform/geo/index.ts';

const USAGE = `Usage: node dist/main.js <command>   (or: npm start, npm run demo, npm run migrate, …)

  start          run the platform (PORT, HOST, DATA_DIR, DATABASE_URL, …)
  demo           run with a fresh demo data directory and print demo logins
  migrate        bring the database schema up to date and exit
  create-admin   create an administrator: --pseudonym NAME [--email ADDRESS];
                 the password is read from ADMIN_PASSWORD or asked for
  backup [FILE]  SQLite: copy the live database to FILE (default DATA_DIR/backups/…)
`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the database; PostgreSQL that is not up yet (a container started beside it, a host
 * rebooting) is waited for with growing pauses for DB_WAIT_SECONDS (60) before giving up.
 */
async function openWhenReady(config: Config): Promise<DatabaseHandle> {
  const handle = openDatabase(config);
  if (!config.databaseUrl) return handle;
  const waitSeconds = Number(process.env.DB_WAIT_SECONDS ?? 60);
  const until = Date.now() + (Number.isFinite(waitSeconds) ? waitSeconds : 60) * 1000;
  const { where } = describeDatabaseUrl(config.databaseUrl);
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await sql`select 1`.execute(handle.db);
      return handle;
    } catch (error) {
      if (!isDatabaseNotUpYet(error) || Date.now() + delay > until) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      console.error(`PostgreSQL at ${where} does not answer yet (${(error as { code?: string }).code ?? (error as Error).message}); trying again in ${delay / 1000} s`);
      await pause(delay);
    }
  }
}

/**
 * Waits until the event loop has turned a few times without work and every connection accepted in
 * the last second has started its request: connections the kernel accepted while a heavy page was
 * being rendered, and requests that arrived but were not read yet, are then taken in and count as in
 * flight. Closing the server before would drop them as idle connections without an answer.
 */
async function loopSettled(maxMs: number, unread: Map<object, number>): Promise<void> {
  const until = Date.now() + maxMs;
  let quiet = 0;
  const recentUnread = () => {
    let n = 0;
    for (const since of unread.values()) if (Date.now() - since < 1000) n += 1;
    return n;
  };
  while ((quiet < 3 || recentUnread() > 0) && Date.now() < until) {
    const before = performance.now();
    await pause(5);
    quiet = performance.now() - before < 25 ? quiet + 1 : 0;
  }
}

/**
 * SQLite's page cache of a serving process, in KiB. better-sqlite3 builds SQLite with 16 MiB per
 * connection; the file's pages are in the operating system's cache anyway, and a page found there
 * costs microseconds, so a serving process keeps 4 MiB of hot pages (the upper levels of the
 * indexes) and leaves the rest to the system: 18–24 MiB less resident with 100 000 groups.
 */
const SQLITE_CACHE_KIB = 4096;

async function serve(config: Config, afterListen?: (deps: Deps) => Promise<void>): Promise<void> {
  const database = await openWhenReady(config);
  database.sqlite?.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const app = await buildApp(config, { database });
  // Connections that have not yet sent (or had read) their first request, with the time they came.
  const unread = new Map<object, number>();
  app.server.on('connection', (socket: Socket) => {
    unread.set(socket, Date.now());
    socket.once('close', () => unread.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage) => unread.delete(req.socket));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    timer.unref();
    app.deps.draining = true;
    await loopSettled(2000, unread);
    // Fastify stops accepting connections, waits for requests in flight, then runs onClose (jobs).
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // The places table (searches near a place, the home page) is read and indexed once, ≈200 ms at
  // once: before listening, not inside the first request that names a place.
  placeById(0);
  await app.listen({ port: config.port, host: config.host });
  if (afterListen) await afterListen(app.deps);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const answer = await rl.question('Password (at least 10 characters): ');
  rl.close();
  return answer.trim();
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const config = loadConfig();
      await serve(config, async (deps) => {
        if (await needsSetup(deps.db)) {
          const token = await createSetupToken(deps.db);
          console.log(`\nMiteinander has no administrator yet. Open this one-time link to create one:\n\n  ${config.baseUrl}/setup?token=${token}\n`);
        }
        console.log(`Miteinander runs at ${config.baseUrl}`);
      });
      return -1;
    }
    case 'demo': {
      const dataDir = resolve(process.env.DATA_DIR || './data/demo');
      // A demo always starts fresh, so it shows the demo content of this version.
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' });
      await serve(config, async (deps) => {
        const logins = await seedDemo(deps);
        console.log(`\nMiteinander demo runs at ${config.baseUrl}  (data: ${dataDir})\n\nDemo logins (pseudonym / password):`);
        for (const l of logins) console.log(`  ${l.role.padEnd(10)} ${l.pseudonym.padEnd(16)} ${l.password}`);
        console.log(`\nMails go to the outbox: log in as an administrator and open ${config.baseUrl}/admin/outbox\n`);
      });
      return -1;
    }
    case 'migrate': {
      const config = loadConfig();
      const handle = await openWhenReady(config);
      const result = await migrateToLatest(handle.db);
      for (const r of result.results ?? []) console.log(`${r.status}: ${r.migrationName}`);
      if (!result.results?.length) console.log('The database is up to date.');
      await handle.close();
      return 0;
    }
    case 'create-admin': {
      const pseudonym = option(args, 'pseudonym');
      if (!pseudonym) {
        console.error('create-admin needs --pseudonym NAME');
        return 2;
      }
      const config = loadConfig(process.env, { runJobs: false });
      const app = await buildApp(config, { logger: false });
      const password = await readPassword();
      const t = translator('en');
      const result = await createAccount(app.deps, { pseudonym, password, email: option(args, 'email') ?? '', locale: 'de', role: 'admin' }, t);
      await app.deps.jobs.runDue();
      await app.close();
      if (!result.ok) {
        for (const e of result.errors) console.error(`${e.field}: ${e.message}`);
        return 1;
      }
      console.log(`Administrator "${pseudonym}" created.`);
      return 0;
    }
    case 'backup': {
      const config = loadConfig();
      if (config.databaseUrl) {
        console.error('This instance uses PostgreSQL. Back it up with pg_dump, e.g.:\n  pg_dump --format=custom --file=miteinander.dump "$DATABASE_URL"');
        return 2;
      }
      const handle = openDatabase(config);
      const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
      const target = resolve(args[0] ?? join(config.dataDir, 'backups', `miteinander-${stamp}.sqlite`));
      mkdirSync(resolve(target, '..'), { recursive: true });
      const started = Date.now();
      if (handle.sqlite) backupSqlite(handle.sqlite, target);
      await handle.close();
      console.log(`Backup written to ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    default:
      console.log(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const line = describeStartupError(error, process.env);
    if (line) console.error(`Miteinander cannot start: ${line}`);
    else console.error(error);
    process.exit(1);
  },
);
