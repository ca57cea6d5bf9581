// Daily clean-up removes what has expired and nothing else, and schedules itself again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, register } from '../../test/helpers.ts';
import { HOUSEKEEPING_JOB, runHousekeeping } from './housekeeping.ts';

const DAY = 86_400_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

test('removes expired sessions, tokens, counters, old jobs and old mails; keeps the rest', async () => {
  const t = await createTestApp();
  const db = t.app.deps.db;
  try {
    const c = new Client(t.app);
    await register(c, 'Aufraeumen');
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await db.insertInto('sessions').values({ id: 'old', handle: 'h-old', user_id: user.id, device: 'x', created_at: at(-40 * DAY), last_seen_at: at(-31 * DAY), expires_at: at(-DAY) }).execute();
    await db.insertInto('tokens').values([
      { token_hash: 'expired', purpose: 'reset_password', user_id: user.id, email: null, created_at: at(-2 * DAY), expires_at: at(-DAY), used_at: null },
      { token_hash: 'used', purpose: 'verify_email', user_id: user.id, email: null, created_at: at(-3 * DAY), expires_at: at(DAY), used_at: at(-2 * DAY) },
      { token_hash: 'valid', purpose: 'verify_email', user_id: user.id, email: null, created_at: at(0), expires_at: at(DAY), used_at: null },
    ]).execute();
    await db.insertInto('throttles').values([{ key: 'stale', count: 3, reset_at: at(-1000) }, { key: 'live', count: 1, reset_at: at(60_000) }]).execute();
    await db.insertInto('outbox').values([
      { to_address: 'a@example.org', subject: 'alt', text_body: 't', html_body: 'h', created_at: at(-31 * DAY) },
      { to_address: 'b@example.org', subject: 'neu', text_body: 't', html_body: 'h', created_at: at(-DAY) },
    ]).execute();
    await db.insertInto('jobs').values({ kind: 'x', payload: '{}', status: 'done', run_at: at(-20 * DAY), attempts: 1, max_attempts: 1, created_at: at(-20 * DAY), finished_at: at(-20 * DAY) }).execute();

    const result = await runHousekeeping(db);
    assert.deepEqual(result, { sessions: 1, tokens: 2, throttles: 1, jobs: 1, mails: 1 });
    assert.deepEqual((await db.selectFrom('tokens').select('token_hash').execute()).map((r) => r.token_hash).filter((h) => ['expired', 'used', 'valid'].includes(h)), ['valid']);
    assert.deepEqual((await db.selectFrom('outbox').select('subject').execute()).map((r) => r.subject), ['neu']);
    assert.equal((await c.get('/account')).statusCode, 200, 'the live session stays');
  } finally {
    await t.close();
  }
});

test('the housekeeping job schedules its next run a day later, once', async () => {
  const t = await createTestApp();
  try {
    const { jobs, db } = t.app.deps;
    await jobs.ensureScheduled(HOUSEKEEPING_JOB, new Date());
    await jobs.ensureScheduled(HOUSEKEEPING_JOB, new Date());
    assert.equal((await db.selectFrom('jobs').select('id').where('kind', '=', HOUSEKEEPING_JOB).execute()).length, 1, 'no second one while one waits');
    assert.equal(await jobs.runDue(), 1);
    const rows = await db.selectFrom('jobs').selectAll().where('kind', '=', HOUSEKEEPING_JOB).orderBy('id').execute();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.status, 'done');
    assert.equal(rows[1]?.status, 'pending');
    const delay = Date.parse(rows[1]?.run_at ?? '') - Date.now();
    assert.ok(delay > 23 * 3_600_000 && delay <= 24 * 3_600_000, `next run in ${delay} ms`);
  } finally {
    await t.close();
  }
});
