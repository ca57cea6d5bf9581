// Proves at start that DATA_KEY is the key this database's private data was sealed with. The first
// start stores a known text sealed with its key; every later start, in any process, must open it.
// Without this, a wrong or missing key starts healthy, seals new entries with itself and fails on
// every old one.
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError, forgetGeneratedSecret } from '../config.ts';
import type { Db } from '../db/index.ts';
import { sealerFor } from './crypto.ts';
import { nowIso } from './time.ts';

const CHECK = 'data_key';
const CONTEXT = 'instance:data-key-check';
const KNOWN_TEXT = 'miteinander data key check';

export async function verifyDataKey(db: Db, config: Config): Promise<void> {
  const sealer = sealerFor(config.dataKey);
  // Two processes starting at once on an empty database: the first row wins, both check against it.
  await db
    .insertInto('instance_checks')
    .values({ name: CHECK, value: sealer.seal(KNOWN_TEXT, CONTEXT), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('instance_checks').select('value').where('name', '=', CHECK).executeTakeFirstOrThrow();
  try {
    if (sealer.open(row.value, CONTEXT) === KNOWN_TEXT) return;
  } catch {
    // Refused below.
  }
  if (config.dataKeySource === 'generated') {
    forgetGeneratedSecret(config.dataDir, 'dataKey');
    throw new ConfigError(
      'DATA_KEY is not set, and this database already holds data sealed with a key: give this process the same DATA_KEY as the others (a new key would seal new data unreadably for them and read none of the old).',
    );
  }
  const from = config.dataKeySource === 'file' ? ` (read from ${join(config.dataDir, 'secrets.json')})` : '';
  throw new ConfigError(
    `DATA_KEY${from} is not the key this database's private data was sealed with: set DATA_KEY to the key used before (from your backup of secrets.json or your secret store).`,
  );
}
