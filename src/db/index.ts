// Opens the database (SQLite file in DATA_DIR, or PostgreSQL when DATABASE_URL is set) and migrates it.
import { mkdirSync } from 'node:fs';
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
  close(): Promise<void>;
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): TransactionalSqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export function sqliteFile(config: Config): string {
  return join(config.dataDir, 'miteinander.sqlite');
}

export function openDatabase(config: Config): DatabaseHandle {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...(config.databaseSchema ? { options: `-c search_path=${config.databaseSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    rememberEngine(db, 'postgres');
    return { db, engine: 'postgres', sqlite: undefined, close: () => db.destroy() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const connection = new SQLite(sqliteFile(config));
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new TransactionalSqliteDialect({ database: connection }) });
  rememberEngine(db, 'sqlite');
  return { db, engine: 'sqlite', sqlite: connection, close: () => db.destroy() };
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
