// A second app process for the live test: same PostgreSQL schema, its own listening connection.
// Prints "port <n>" once it listens; ends when stdin closes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/app.ts';

const config = loadConfig(
  { DATA_DIR: mkdtempSync(join(tmpdir(), 'miteinander-live-')), LOG_LEVEL: 'silent', BASE_URL: 'http://localhost:3000', DATABASE_URL: process.env.LIVE_DATABASE_URL ?? '', DATA_KEY: process.env.LIVE_DATA_KEY ?? '' },
  { runJobs: false, databaseSchema: process.env.LIVE_SCHEMA, rateLimits: { globalPerMinute: 100_000, loginPerIp: 1000, loginFailuresPerAccount: 5, registerPerIp: 1000, resetPerIp: 1000, resetPerAccount: 3 } },
);
const app = await buildApp(config, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
process.stdin.resume();
process.stdin.on('end', () => void app.close().then(() => process.exit(0)));
