// Background jobs in a table with leases: any number of processes may run the loop; a job is
// claimed by a conditional update, so two processes never run it at once, and a crashed
// process's lease runs out so another picks the job up.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/index.ts';
import { isDatabaseUnavailable } from '../../db/index.ts';
import type { Job } from '../../db/types.ts';
import { nowIso } from '../time.ts';

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue inside the caller's transaction, so the job exists only if the change commits. */
  trx?: Db;
}

const LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/** 30 s, 1 min, 2 min, … up to 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export class JobQueue {
  readonly workerId = randomUUID();
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {}

  private readonly recurring: Array<{ kind: string; firstAfterMs: number }> = [];

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Recurring work: each run schedules its successor `everyMs` later (running twice must be harmless,
   * see ensureScheduled). The first run is scheduled by scheduleRecurring(), which only a process that
   * runs jobs calls, `firstAfterMs` after start.
   */
  every(kind: string, timing: { everyMs: number; firstAfterMs: number }, run: () => Promise<unknown>): void {
    this.register(kind, async () => {
      await run();
      await this.ensureScheduled(kind, new Date(Date.now() + timing.everyMs), { ignoreRunningId: true });
    });
    this.recurring.push({ kind, firstAfterMs: timing.firstAfterMs });
  }

  /** Puts every recurring job on the table unless one is already waiting. */
  async scheduleRecurring(): Promise<void> {
    for (const { kind, firstAfterMs } of this.recurring) await this.ensureScheduled(kind, new Date(Date.now() + firstAfterMs));
  }

  async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const now = nowIso();
    await (options.trx ?? this.db)
      .insertInto('jobs')
      .values({
        kind,
        payload: JSON.stringify(payload),
        status: 'pending',
        run_at: (options.runAt ?? new Date()).toISOString(),
        attempts: 0,
        max_attempts: options.maxAttempts ?? 8,
        created_at: now,
      })
      .execute();
  }

  /**
   * Enqueues a job of this kind unless one is already waiting, for recurring work. Several processes
   * starting at once may each add one; recurring jobs are written so that running twice is harmless.
   */
  async ensureScheduled(kind: string, runAt: Date, options: { ignoreRunningId?: boolean } = {}): Promise<void> {
    let q = this.db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', '=', 'pending');
    // The job that schedules its successor is itself still pending while it runs.
    if (options.ignoreRunningId) q = q.where((eb) => eb.or([eb('locked_by', 'is', null), eb('locked_by', '!=', this.workerId)]));
    if (await q.executeTakeFirst()) return;
    await this.enqueue(kind, {}, { runAt, maxAttempts: 3 });
  }

  /** Claims one job by a conditional update; true when this worker got it. */
  private async claim(id: number, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        locked_by: this.workerId,
        locked_until: new Date(Date.parse(now) + LEASE_MS).toISOString(),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Runs the jobs that are due now, up to `limit`; returns how many ran (succeeded or failed). */
  async runDue(limit = 20): Promise<number> {
    const now = nowIso();
    const candidates = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at')
      .limit(limit)
      .execute();
    let ran = 0;
    for (const { id } of candidates) {
      if (this.stopped) break;
      if (!(await this.claim(id, now))) continue;
      const job = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await this.execute(job);
      ran++;
    }
    return ran;
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload), job);
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: nowIso(), locked_by: null, locked_until: null, last_error: null })
        .where('id', '=', job.id)
        // Only while this worker still holds the lease; a job that outlived it belongs to another worker now.
        .where('locked_by', '=', this.workerId)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      const failed = job.attempts >= job.max_attempts;
      this.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, failed, err: message }, 'job failed');
      await this.db
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'pending',
          run_at: new Date(Date.now() + backoffMs(job.attempts)).toISOString(),
          finished_at: failed ? nowIso() : null,
          locked_by: null,
          locked_until: null,
          last_error: message,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
    }
  }

  /** Polls for due jobs every `intervalMs` until stop(). */
  start(intervalMs = 2000): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runDue()
        .catch((error: unknown) => {
          // The database being away is logged in one line; the loop tries again on the next tick.
          if (isDatabaseUnavailable(error)) this.log.warn({ reason: (error as Error).message }, 'job loop: database unavailable');
          else this.log.error({ err: error }, 'job loop failed');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 100);
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
