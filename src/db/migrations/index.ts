// Ordered list of migrations. Add new ones at the end; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
