// Start-up failures as one line an operator can act on: which setting, what is wrong, what to do.
// Anything not recognised here is a bug and keeps its stack trace.
import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import { sqliteFile } from './db/index.ts';

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

/** Where PostgreSQL was asked for, without the password. */
export function describeDatabaseUrl(url: string): { where: string; user: string; database: string } {
  try {
    const u = new URL(url);
    return { where: `${u.hostname}:${u.port || 5432}`, user: decodeURIComponent(u.username), database: decodeURIComponent(u.pathname.slice(1)) };
  } catch {
    return { where: 'the address in DATABASE_URL', user: '', database: '' };
  }
}

/** Errors worth waiting out at start: PostgreSQL not (yet) listening, starting up, or its name not resolvable yet. */
export function isDatabaseNotUpYet(error: unknown): boolean {
  const code = (error as SystemError | undefined)?.code ?? '';
  return ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P03'].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated/.test((error as Error | undefined)?.message ?? '');
}

export function describeStartupError(error: unknown, env: NodeJS.ProcessEnv, config?: Config): string | undefined {
  if (error instanceof ConfigError) return error.message;
  if (!(error instanceof Error)) return undefined;
  const e = error as SystemError;
  const code = e.code ?? '';
  const dataDir = config?.dataDir ?? env.DATA_DIR ?? './data';

  if (code === 'EADDRINUSE') {
    return `PORT ${e.port ?? env.PORT ?? 3000} on HOST ${e.address ?? env.HOST ?? '127.0.0.1'} is already in use by another program: stop that program or set PORT to a free port.`;
  }
  if (code === 'EADDRNOTAVAIL') return `HOST ${env.HOST} is not an address of this machine: set HOST to one of its addresses (0.0.0.0 for all).`;
  if (code === 'EACCES' && e.syscall === 'listen') return `PORT ${e.port ?? env.PORT} needs privileges this user does not have: set PORT to 1024 or above and let the reverse proxy use port 80/443.`;

  if (code.startsWith('SQLITE_')) {
    const file = config ? sqliteFile(config) : `${dataDir}/miteinander.sqlite`;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      return `${file} is not a SQLite database (or is damaged): restore it from a backup (see "Backup and restore" in the README), or set DATA_DIR to the directory that holds the right one.`;
    }
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
      return `${file} cannot be opened for writing (${code}): give the user running Miteinander write access to DATA_DIR (${dataDir}) and the files in it.`;
    }
  }

  if (['EACCES', 'EPERM', 'EROFS'].includes(code) && e.path) {
    return `DATA_DIR (${dataDir}) is not writable for this user (${code} on ${e.path}): give the user running Miteinander write access, or set DATA_DIR to another directory.`;
  }
  if ((code === 'ENOTDIR' || code === 'EEXIST') && e.path) {
    return `DATA_DIR (${dataDir}) is not a directory (${code} on ${e.path}): set DATA_DIR to a directory; Miteinander creates it when it is missing.`;
  }

  if (env.DATABASE_URL) {
    const { where, user, database } = describeDatabaseUrl(env.DATABASE_URL);
    if (code === '28P01') return `PostgreSQL at ${where} refused the password for user "${user}": correct the user name and password in DATABASE_URL.`;
    if (code === '28000') return `PostgreSQL at ${where} does not let user "${user}" in (${e.message}): allow the login in pg_hba.conf or correct DATABASE_URL.`;
    if (code === '3D000') return `PostgreSQL at ${where} has no database "${database}": create it (createdb -O ${user || 'USER'} ${database || 'NAME'}) or correct DATABASE_URL.`;
    if (code === '42501') return `User "${user}" may not create tables in database "${database}" at ${where} (${e.message}): grant it (GRANT CREATE ON SCHEMA public TO ${user || 'USER'}) or use the owner in DATABASE_URL.`;
    if (code === 'ENOTFOUND') return `The PostgreSQL host in DATABASE_URL (${where}) is not known to the name service: correct DATABASE_URL.`;
    if (isDatabaseNotUpYet(error)) return `PostgreSQL at ${where} does not answer (${code || e.message}): start PostgreSQL, or correct the host and port in DATABASE_URL.`;
  }
  return undefined;
}
