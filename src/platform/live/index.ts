// The live bus for the configured engine.
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/index.ts';
import { InProcessBus, PostgresBus, type LiveBus } from './bus.ts';

export type { LiveBus, LiveHandler } from './bus.ts';
export { InProcessBus, PostgresBus } from './bus.ts';

export function createLiveBus(config: Config, database: DatabaseHandle, log?: FastifyBaseLogger): LiveBus {
  if (database.engine !== 'postgres' || !config.databaseUrl) return new InProcessBus();
  return new PostgresBus(
    config.databaseUrl,
    async (channel, payload) => {
      await sql`select pg_notify(${channel}, ${payload})`.execute(database.db);
    },
    config.databaseSchema,
    log,
  );
}
