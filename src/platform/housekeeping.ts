// Daily clean-up: expired sessions, used or expired tokens, stale throttle counters, finished jobs
// and old outbox mails. Personal data is kept no longer than it serves.
import type { Db } from '../db/index.ts';
import type { JobQueue } from './jobs/queue.ts';
import { purgeExpiredSessions } from './auth/sessions.ts';

export const HOUSEKEEPING_JOB = 'housekeeping';
const DAY_MS = 86_400_000;
/** Mails in the outbox hold links with tokens; after this they are of no use to anyone. */
export const OUTBOX_KEEP_DAYS = 30;
const JOBS_KEEP_DAYS = 14;

export interface HousekeepingResult {
  sessions: number;
  tokens: number;
  throttles: number;
  jobs: number;
  mails: number;
}

export async function runHousekeeping(db: Db, now = Date.now()): Promise<HousekeepingResult> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const sessions = await purgeExpiredSessions(db);
  const tokens = await db
    .deleteFrom('tokens')
    .where((eb) => eb.or([eb('expires_at', '<=', iso(now)), eb('used_at', '<=', iso(now - DAY_MS))]))
    .executeTakeFirst();
  const throttles = await db.deleteFrom('throttles').where('reset_at', '<=', iso(now)).executeTakeFirst();
  const jobs = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<=', iso(now - JOBS_KEEP_DAYS * DAY_MS))
    .executeTakeFirst();
  const mails = await db.deleteFrom('outbox').where('created_at', '<=', iso(now - OUTBOX_KEEP_DAYS * DAY_MS)).executeTakeFirst();
  return {
    sessions,
    tokens: Number(tokens.numDeletedRows),
    throttles: Number(throttles.numDeletedRows),
    jobs: Number(jobs.numDeletedRows),
    mails: Number(mails.numDeletedRows),
  };
}

/** Registers the job: daily, the first run a minute after start. */
export function registerHousekeeping(jobs: JobQueue, db: Db): void {
  jobs.every(HOUSEKEEPING_JOB, { everyMs: DAY_MS, firstAfterMs: 60_000 }, () => runHousekeeping(db));
}
