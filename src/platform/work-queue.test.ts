// The bound on heavy work: one place per person, a few at once, a short line, 429 beyond it, and a
// streamed piece of work gives its place back however the stream ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AppError } from './errors.ts';
import { WorkQueue } from './work-queue.ts';

const refused = (e: unknown) => e instanceof AppError && e.status === 429 && e.code === 'busy';

test('one place per person, a few at once, the rest wait in a bounded line', async () => {
  const q = new WorkQueue(1, 1, 'busy');
  let finish!: () => void;
  const first = q.run('a', () => new Promise<string>((resolve) => (finish = () => resolve('a done'))));
  await assert.rejects(q.run('a', async () => 'again'), refused, 'the same person twice at once');
  const second = q.run('b', async () => 'b done');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(q.state, { running: 1, waiting: 1 });
  await assert.rejects(q.run('c', async () => 'c'), refused, 'the line is full');
  finish();
  assert.deepEqual(await Promise.all([first, second]), ['a done', 'b done']);
  assert.deepEqual(q.state, { running: 0, waiting: 0 });
  assert.equal(await q.run('a', async () => 'later'), 'later', 'a place given back can be taken again');
});

test('a failing piece of work gives its place back', async () => {
  const q = new WorkQueue(1, 0, 'busy');
  await assert.rejects(q.run('a', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await q.run('a', async () => 1), 1);
});

test('a stream keeps its place until it ends, and gives it back when the reader goes away early', async () => {
  const q = new WorkQueue(1, 0, 'busy');
  async function* pieces() {
    yield 'x';
    yield 'y';
  }
  const read = Readable.from(await q.stream('a', pieces));
  await assert.rejects(q.run('b', async () => 0), refused, 'held while the stream runs');
  const chunks: string[] = [];
  for await (const c of read) chunks.push(String(c));
  assert.deepEqual(chunks, ['x', 'y']);
  assert.deepEqual(q.state, { running: 0, waiting: 0 });

  // Destroyed before a single piece was read.
  const early = Readable.from(await q.stream('a', pieces));
  early.destroy();
  await new Promise((resolve) => early.on('close', resolve));
  assert.deepEqual(q.state, { running: 0, waiting: 0 });
  assert.equal(await q.run('b', async () => 2), 2);
});
