// Ordered list of migrations. Add new ones at the end; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_api_tokens.ts';
import * as m0003 from './0003_directory.ts';
import * as m0004 from './0004_network.ts';
import * as m0005 from './0005_events.ts';
import * as m0010 from './0010_reliability.ts';
import * as m0006 from './0006_forum.ts';
import * as m0012 from './0012_performance.ts';
import * as m0008 from './0008_moderation.ts';
import * as m0007 from './0007_learning.ts';
import * as m0009 from './0009_security.ts';
import * as m0013 from './0013_video_captions.ts';
import * as m0015 from './0015_modqueue.ts';
import * as m0018 from './0018_network_pages.ts';
import * as m0014 from './0014_trust.ts';
import * as m0023 from './0023_network_versions.ts';
import * as m0024 from './0024_network_balances.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_api_tokens': m0002,
  '0003_directory': m0003,
  '0004_network': m0004,
  '0005_events': m0005,
  '0010_reliability': m0010,
  '0006_forum': m0006,
  '0012_performance': m0012,
  '0008_moderation': m0008,
  '0007_learning': m0007,
  '0009_security': m0009,
  '0013_video_captions': m0013,
  '0015_modqueue': m0015,
  '0018_network_pages': m0018,
  '0014_trust': m0014,
  '0023_network_versions': m0023,
  '0024_network_balances': m0024,
};
