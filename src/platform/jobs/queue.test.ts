// The job queue: runs a job once, never twice across processes, retries with backoff, takes over
// expired leases, honours transactions. Runs on SQLite and (TEST_DB=postgres) on PostgreSQL.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import type { Job } from '../../db/types.ts';
import { JobQueue, backoffMs } from './queue.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
});

after(async () => {
  await t?.close();
});

// Every test starts with an empty table, so one test's jobs are never picked up by another's queue.
beforeEach(async () => {
  await t.app.deps.db.deleteFrom('jobs').execute();
});

/** A fresh queue on the test database: a stand-in for another process. */
function newQueue(): JobQueue {
  return new JobQueue(t.app.deps.db, t.app.log);
}

async function allJobs(): Promise<Job[]> {
  return t.app.deps.db.selectFrom('jobs').selectAll().orderBy('id').execute();
}

async function onlyJob(): Promise<Job> {
  const jobs = await allJobs();
  assert.equal(jobs.length, 1, 'exactly one job in the table');
  return jobs[0]!;
}

const HOUR = 60 * 60_000;
const TIMEOUT = 15_000;

test('an enqueued job runs once and is marked done', async () => {
  const queue = newQueue();
  const calls: Array<{ payload: unknown; id: number }> = [];
  queue.register('test.once', async (payload, job) => {
    calls.push({ payload, id: job.id });
  });

  await queue.enqueue('test.once', { hello: 'world', n: 7 });
  const pending = await onlyJob();
  assert.equal(pending.status, 'pending');
  assert.equal(pending.attempts, 0);
  assert.equal(pending.max_attempts, 8);

  assert.equal(await queue.runDue(), 1);
  assert.deepEqual(calls, [{ payload: { hello: 'world', n: 7 }, id: pending.id }]);

  const done = await onlyJob();
  assert.equal(done.status, 'done');
  assert.equal(done.attempts, 1);
  assert.equal(done.locked_by, null);
  assert.equal(done.locked_until, null);
  assert.equal(done.last_error, null);
  assert.ok(done.finished_at, 'finished_at is set');

  // Nothing is left to do: a second pass runs nothing.
  assert.equal(await queue.runDue(), 0);
  assert.equal(calls.length, 1);
});

test('a job that is not due yet waits', async () => {
  const queue = newQueue();
  let calls = 0;
  queue.register('test.later', async () => {
    calls++;
  });
  await queue.enqueue('test.later', {}, { runAt: new Date(Date.now() + HOUR) });
  assert.equal(await queue.runDue(), 0);
  assert.equal(calls, 0);
  assert.equal((await onlyJob()).status, 'pending');
});

test('two queues running concurrently run each of 20 jobs exactly once', { timeout: TIMEOUT }, async (ctx) => {
  const calls = new Map<number, number>();
  const byQueue = [0, 0];
  const makeQueue = (index: number) => {
    const queue = newQueue();
    queue.register('test.shared', async (_payload, job) => {
      calls.set(job.id, (calls.get(job.id) ?? 0) + 1);
      byQueue[index]!++;
      // Yield, so the other queue gets to claim while this one works.
      await sleep(2);
    });
    return queue;
  };
  const a = makeQueue(0);
  const b = makeQueue(1);
  assert.notEqual(a.workerId, b.workerId);

  for (let n = 0; n < 20; n++) await a.enqueue('test.shared', { n });
  const ids = (await allJobs()).map((j) => j.id);
  assert.equal(ids.length, 20);

  const [ranA, ranB] = await Promise.all([a.runDue(20), b.runDue(20)]);
  assert.equal(ranA + ranB, 20, `ran ${ranA} + ${ranB}`);
  // Both queues saw the same 20 candidates; the claim decided who ran which.
  assert.ok(ranA > 0 && ranB > 0, `both queues took part (a ran ${ranA}, b ran ${ranB})`);
  assert.deepEqual(byQueue, [ranA, ranB]);
  ctx.diagnostic(`queue a ran ${ranA} jobs, queue b ran ${ranB}`);

  for (const id of ids) assert.equal(calls.get(id), 1, `job ${id} ran exactly once`);
  assert.equal(calls.size, 20);

  const jobs = await allJobs();
  assert.ok(jobs.every((j) => j.status === 'done' && j.attempts === 1), 'all done after one attempt');

  // A further concurrent pass finds nothing to do.
  assert.deepEqual(await Promise.all([a.runDue(), b.runDue()]), [0, 0]);
});

test('a failing job is retried with backoff and fails for good after max_attempts', async () => {
  const queue = newQueue();
  let calls = 0;
  queue.register('test.fails', async () => {
    calls++;
    throw new Error(`boom ${calls}`);
  });
  await queue.enqueue('test.fails', {}, { maxAttempts: 3 });

  const before1 = Date.now();
  assert.equal(await queue.runDue(), 1, 'a failed run still counts as run');
  const after1 = Date.now();
  let job = await onlyJob();
  assert.equal(job.status, 'pending');
  assert.equal(job.attempts, 1);
  assert.equal(job.last_error, 'boom 1');
  assert.equal(job.locked_by, null);
  assert.equal(job.locked_until, null);
  assert.equal(job.finished_at, null);
  assert.equal(backoffMs(1), 30_000);
  const runAt = Date.parse(job.run_at);
  assert.ok(runAt >= before1 + backoffMs(1) && runAt <= after1 + backoffMs(1), `run_at is ~30 s ahead (${runAt - after1} ms)`);

  // Not due again yet: a second pass leaves it alone.
  assert.equal(await queue.runDue(), 0);
  assert.equal(calls, 1);

  // Make it due (instead of waiting 30 s) and fail it again: attempt 2, a longer backoff.
  const makeDue = () => t.app.deps.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', job.id).execute();
  await makeDue();
  const before2 = Date.now();
  assert.equal(await queue.runDue(), 1);
  job = await onlyJob();
  assert.equal(job.status, 'pending');
  assert.equal(job.attempts, 2);
  assert.equal(job.last_error, 'boom 2');
  assert.ok(Date.parse(job.run_at) >= before2 + backoffMs(2), 'second backoff is 1 min');

  // Third and last attempt: failed for good.
  await makeDue();
  assert.equal(await queue.runDue(), 1);
  job = await onlyJob();
  assert.equal(job.status, 'failed');
  assert.equal(job.attempts, 3);
  assert.equal(job.last_error, 'boom 3');
  assert.ok(job.finished_at, 'finished_at is set when it fails for good');
  assert.equal(job.locked_by, null);

  // A failed job is never picked up again, even when its run_at is in the past.
  await makeDue();
  assert.equal(await queue.runDue(), 0);
  assert.equal(calls, 3);
});

test('a job without a handler fails like a throwing one', async () => {
  const queue = newQueue();
  await queue.enqueue('test.nobody', {}, { maxAttempts: 1 });
  assert.equal(await queue.runDue(), 1);
  const job = await onlyJob();
  assert.equal(job.status, 'failed');
  assert.match(job.last_error ?? '', /no handler for job kind test\.nobody/);
});

test('an expired lease is taken over by another queue; a valid lease is respected', async () => {
  const queue = newQueue();
  const ran: number[] = [];
  queue.register('test.lease', async (_payload, job) => {
    ran.push(job.id);
  });
  await queue.enqueue('test.lease', { which: 'crashed' });
  await queue.enqueue('test.lease', { which: 'busy' });
  const [crashed, busy] = await allJobs();
  assert.ok(crashed && busy);

  // A worker that claimed the first job and died: its lease ran out a minute ago.
  await t.app.deps.db
    .updateTable('jobs')
    .set({ locked_by: 'dead', locked_until: new Date(Date.now() - 60_000).toISOString(), attempts: 1 })
    .where('id', '=', crashed.id)
    .execute();
  // A worker that is still busy with the second job: its lease is valid for another minute.
  const validUntil = new Date(Date.now() + 60_000).toISOString();
  await t.app.deps.db
    .updateTable('jobs')
    .set({ locked_by: 'alive', locked_until: validUntil, attempts: 1 })
    .where('id', '=', busy.id)
    .execute();

  assert.equal(await queue.runDue(), 1);
  assert.deepEqual(ran, [crashed.id]);

  const [crashedAfter, busyAfter] = await allJobs();
  assert.equal(crashedAfter?.status, 'done');
  assert.equal(crashedAfter?.attempts, 2, 'the taken-over run counts as a second attempt');
  assert.equal(crashedAfter?.locked_by, null);

  assert.equal(busyAfter?.status, 'pending');
  assert.equal(busyAfter?.locked_by, 'alive');
  assert.equal(busyAfter?.locked_until, validUntil);
  assert.equal(busyAfter?.attempts, 1);

  // Once the live worker's lease runs out too, the job is picked up.
  await t.app.deps.db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1).toISOString() }).where('id', '=', busy.id).execute();
  assert.equal(await queue.runDue(), 1);
  assert.deepEqual(ran, [crashed.id, busy.id]);
});

// A regression that enqueues outside the transaction would wait for SQLite's single connection
// forever; the timeout turns that into a failure.
test('a job enqueued in a rolled-back transaction does not exist; in a committed one it does', { timeout: TIMEOUT }, async () => {
  const queue = newQueue();
  await assert.rejects(
    t.app.deps.db.transaction().execute(async (trx) => {
      await queue.enqueue('test.trx', { n: 1 }, { trx });
      // Inside the transaction the job is visible...
      const inside = await trx.selectFrom('jobs').select('id').where('kind', '=', 'test.trx').execute();
      assert.equal(inside.length, 1);
      throw new Error('roll back');
    }),
    /roll back/,
  );
  // ...and after the rollback it is gone.
  assert.deepEqual(await allJobs(), []);
  assert.equal(await queue.runDue(), 0);

  await t.app.deps.db.transaction().execute(async (trx) => {
    await queue.enqueue('test.trx', { n: 2 }, { trx });
  });
  const job = await onlyJob();
  assert.equal(job.kind, 'test.trx');
  assert.deepEqual(JSON.parse(job.payload), { n: 2 });
});

test('backoffMs doubles from 30 s and is capped at 6 hours', () => {
  assert.equal(backoffMs(0), 30_000);
  assert.equal(backoffMs(1), 30_000);
  assert.equal(backoffMs(2), 60_000);
  assert.equal(backoffMs(3), 120_000);
  assert.equal(backoffMs(4), 240_000);
  for (let n = 2; n <= 50; n++) assert.ok(backoffMs(n) >= backoffMs(n - 1), `backoff never shrinks (${n})`);
  // 30 s * 2^9 = 4.27 h; 2^10 would be 8.5 h, so the cap applies from attempt 11.
  assert.equal(backoffMs(10), 30_000 * 2 ** 9);
  assert.ok(backoffMs(10) < 6 * HOUR);
  assert.equal(backoffMs(11), 6 * HOUR);
  assert.equal(backoffMs(100), 6 * HOUR);
  assert.equal(backoffMs(10_000), 6 * HOUR, 'huge attempt counts stay at the cap');
});
