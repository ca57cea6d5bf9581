// Opens the database (SQLite file in DATA_DIR, or PostgreSQL when DATABASE_URL is set) and migrates it.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { MigrationProvider, MigrationResultSet } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from './types.ts';
import { TransactionalSqliteAdapter, rememberEngine } from './adapter.ts';
import type { Engine } from './adapter.ts';
import { migrations } from './migrations/index.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** The SQLite connection, for the online backup; undefined on PostgreSQL. */
  sqlite: SQLite.Database | undefined;
  /**
   * Told about a connection the database dropped outside any query (a restart, an administrator
   * ending it). Such a connection is discarded and the next query opens a new one; the app logs it.
   */
  onConnectionLost: (error: Error) => void;
  close(): Promise<void>;
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): TransactionalSqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** Prepared statements kept per SQL text (most used last); a bound keeps `in (?, ?, …)` variants from piling up. */
const STATEMENTS_KEPT = 500;

/**
 * The connection as Kysely sees it, with prepared statements kept: Kysely prepares every query
 * afresh, and preparing (parsing and planning the SQL) cost about as much as running the small
 * queries a page makes. SQLite re-prepares a kept statement by itself after a schema change. A
 * statement that is still being iterated (a streamed select) is busy and is not handed out twice.
 */
export function withStatementCache(connection: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const kept = new Map<string, SQLite.Statement>();
  return {
    prepare(sqlText: string) {
      const found = kept.get(sqlText);
      if (found && !found.busy) {
        // Most recently used last, so the first key is the one to drop when the map is full.
        kept.delete(sqlText);
        kept.set(sqlText, found);
        return found;
      }
      const statement = connection.prepare(sqlText);
      if (!found) {
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
        kept.set(sqlText, statement);
      }
      return statement;
    },
    close: () => connection.close(),
  };
}

export function sqliteFile(config: Config): string {
  return join(config.dataDir, 'miteinander.sqlite');
}

export function openDatabase(config: Config): DatabaseHandle {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      // A database that does not answer must not hold requests (and /healthz) for ever.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      application_name: config.databaseSchema ? `miteinander-${config.databaseSchema}` : 'miteinander',
      ...(config.databaseSchema ? { options: `-c search_path=${config.databaseSchema}` } : {}),
    });
    const handle: DatabaseHandle = {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      engine: 'postgres',
      sqlite: undefined,
      onConnectionLost: (error) => console.error(`database connection lost: ${error.message}`),
      close: () => handle.db.destroy(),
    };
    // Without these listeners one connection ended by the server (pg_terminate_backend, a restart)
    // is an unhandled 'error' event that ends the whole process. The pool drops the broken
    // connection by itself; a client in use reports the failure to its query.
    pool.on('error', (error) => handle.onConnectionLost(error));
    pool.on('connect', (client) => client.on('error', (error) => handle.onConnectionLost(error)));
    rememberEngine(handle.db, 'postgres');
    return handle;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const connection = new SQLite(sqliteFile(config));
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new TransactionalSqliteDialect({ database: withStatementCache(connection) }) });
  rememberEngine(db, 'sqlite');
  return { db, engine: 'sqlite', sqlite: connection, onConnectionLost: () => undefined, close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs every pending migration, each in its own transaction. Throws when one fails. */
export async function migrateToLatest(db: Db, schema?: string): Promise<MigrationResultSet> {
  // With a schema of its own (tests), the bookkeeping tables live there too. Features are built on
  // parallel branches, so a migration may land after a later-numbered one: run it anyway.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

/** True when the database answers a trivial query. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: shutting down, starting up, crashed, too many connections.
  '57P01', '57P02', '57P03', '53300',
  // SQLite: another process held the write lock longer than busy_timeout.
  'SQLITE_BUSY',
]);

/**
 * True for errors that mean "the database cannot be reached right now" rather than a fault in the
 * request or the code: these are answered with 503 and go away when the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = (e as Error & { cause?: unknown }).cause, depth++) {
    const code = String((e as Error & { code?: unknown }).code ?? '');
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    if (/^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(e.message)) return true;
  }
  return false;
}

/**
 * A consistent copy of a live SQLite database in one step. VACUUM INTO reads one snapshot (WAL lets
 * writers go on meanwhile) and writes a compact copy; the page-by-page online backup instead starts
 * over whenever another connection writes, and on a busy database it never finished. The copy is
 * written beside the target and renamed, so a target file is always complete.
 */
export function backupSqlite(connection: SQLite.Database, target: string): void {
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    connection.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}
