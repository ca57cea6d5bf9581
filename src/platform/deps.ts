// What every feature is handed when it registers its routes.
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db } from '../db/index.ts';
import type { MessageKey } from './i18n/index.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.tsx';
import type { Throttle } from './throttle.ts';
import type { AccountDataRegistry } from './account-data.ts';
import type { LiveBus } from './live/index.ts';
import type { AccountsPort } from './accounts-port.ts';
import type { GuardianRules } from './guardian.ts';
import type { SessionFacts } from './auth/sessions.ts';

export interface Deps {
  config: Config;
  db: Db;
  database: DatabaseHandle;
  jobs: JobQueue;
  mailer: Mailer;
  throttle: Throttle;
  log: FastifyBaseLogger;
  /** Main navigation; a feature adds its entry when it registers. */
  nav: Array<{ href: string; label: MessageKey }>;
  /** Features that hold personal data register how to export and delete it. */
  accountData: AccountDataRegistry;
  metrics: Registry;
  /** Live updates across processes (server-sent events subscribe here). */
  live: LiveBus;
  /** Mail address and language of people, from the accounts feature. */
  accounts: AccountsPort;
  /** Abilities features define in their policies; guardianOf(req, deps) answers them per request. */
  guardian: GuardianRules;
  /** Facts about the signed-in person that features ask with the session's query (req.sessionFacts). */
  sessionFacts: SessionFacts;
  /** Changes whenever files in public/ change; appended to asset URLs. */
  assetVersion: string;
  /** Set on SIGTERM: /healthz answers 503 so balancers stop sending, responses close their connection. */
  draining: boolean;
}
