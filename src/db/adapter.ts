// The one place where SQLite and PostgreSQL differ. Everything else is written once for both.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { SqliteAdapter } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

const engines = new WeakMap<object, Engine>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rememberEngine(db: Kysely<any>, engine: Engine): void {
  engines.set(db, engine);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function engineOf(db: Kysely<any>): Engine {
  // A transaction object is a different Kysely instance; it shares the executor's adapter.
  const known = engines.get(db);
  if (known) return known;
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/** Column type for auto-incrementing integer keys. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function idColumn(db: Kysely<any>): 'integer' | 'serial' {
  return engineOf(db) === 'sqlite' ? 'integer' : 'serial';
}

/** Primary-key constraint for auto-incrementing keys (PostgreSQL's serial needs no keyword). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function autoIncrementKey(db: Kysely<any>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return engineOf(db) === 'sqlite' ? (c) => c.primaryKey().autoIncrement() : (c) => c.primaryKey();
}

/**
 * SQLite supports DDL inside transactions; Kysely's stock adapter says it does not,
 * which would run migrations outside one. This adapter tells the truth.
 */
export class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
