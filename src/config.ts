// Environment -> one typed, validated configuration object.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RateLimitSettings {
  /** Requests a client may make to any route per minute (all routes together). */
  globalPerMinute: number;
  /** Log-in attempts per IP per 15 minutes. */
  loginPerIp: number;
  /** Failed log-ins per account per 15 minutes before it is paused. */
  loginFailuresPerAccount: number;
  /** Registrations per IP per hour. */
  registerPerIp: number;
  /** Password-reset requests per IP per hour. */
  resetPerIp: number;
  /** Password-reset mails per account per hour. */
  resetPerAccount: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; undefined selects SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** Extra PostgreSQL schema to use (tests isolate themselves with it). */
  databaseSchema: string | undefined;
  baseUrl: string;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: LogLevel;
  trustProxy: boolean;
  metricsToken: string | undefined;
  /** True when BASE_URL is https: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  /** Secret that signs cookies; generated once and kept in dataDir when not given. */
  cookieSecret: string;
  /** Key (32 bytes, base64url) that encrypts private data at rest (the support network); generated once into dataDir when not given. */
  dataKey: string;
  sessionIdleDays: number;
  /** Run the background job loop in this process. */
  runJobs: boolean;
  rateLimits: RateLimitSettings;
  /** Cost of argon2id; tests lower it, production keeps the default. */
  passwordHashing: { memoryCost: number; timeCost: number };
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Secrets that are not given are generated once and kept in DATA_DIR (mode 600). */
function loadOrCreateSecret(dataDir: string, name: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  let value = secrets[name];
  if (!value) {
    value = randomBytes(32).toString('base64url');
    secrets[name] = value;
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const dataDir = resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const baseUrl = (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  let parsedBase: URL;
  try {
    parsedBase = new URL(baseUrl);
  } catch {
    throw new ConfigError(`BASE_URL is not a URL: "${baseUrl}"`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');

  const config: Config = {
    port,
    host,
    dataDir,
    databaseUrl,
    databaseSchema: undefined,
    baseUrl,
    redisUrl: env.REDIS_URL || undefined,
    smtpUrl,
    mailFrom: env.MAIL_FROM || `Miteinander <no-reply@${parsedBase.hostname}>`,
    logLevel,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    metricsToken: env.METRICS_TOKEN || undefined,
    secureCookies: parsedBase.protocol === 'https:',
    cookieSecret: env.COOKIE_SECRET || '',
    dataKey: env.DATA_KEY || '',
    sessionIdleDays: integer(env, 'SESSION_IDLE_DAYS', 30, 1, 365),
    runJobs: env.RUN_JOBS !== '0',
    rateLimits: {
      globalPerMinute: 600,
      loginPerIp: 20,
      loginFailuresPerAccount: 5,
      registerPerIp: 10,
      resetPerIp: 10,
      resetPerAccount: 3,
    },
    passwordHashing: { memoryCost: 19456, timeCost: 2 },
    ...overrides,
  };
  if (!config.cookieSecret) config.cookieSecret = loadOrCreateSecret(config.dataDir, 'cookieSecret');
  if (!config.dataKey) config.dataKey = loadOrCreateSecret(config.dataDir, 'dataKey');
  if (Buffer.from(config.dataKey, 'base64url').length !== 32) throw new ConfigError('DATA_KEY must be 32 bytes in base64url (43 characters)');
  return config;
}
