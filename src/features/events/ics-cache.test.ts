// The calendar cache keeps compressed bytes within its bound, least recently used out, and writes a
// calendar once for all who ask while it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CalendarCache } from './ics-cache.ts';

// Random text barely compresses, so its brotli bytes are about as long as the text.
const text = (kb: number) => randomBytes(kb * 768).toString('base64');

test('kept bytes stay within the bound; the least recently used calendar goes first', async () => {
  const cache = new CalendarCache(100 * 1024);
  await cache.write('a', 'v1', async () => text(40));
  await cache.write('b', 'v1', async () => text(40));
  await cache.write('c', 'v1', async () => text(40));
  assert.ok(cache.get('a', 'v1'), 'a is asked again: now the most recently used');
  await cache.write('d', 'v1', async () => text(40));
  await cache.write('e', 'v1', async () => text(40));
  assert.ok(cache.bytes <= 100 * 1024, `${cache.bytes} bytes kept`);
  assert.equal(cache.get('b', 'v1'), undefined, 'b, used least recently, was dropped');
  assert.ok(cache.get('a', 'v1'));
  assert.ok(cache.get('e', 'v1'));
  assert.equal(cache.get('e', 'v2'), undefined, 'another version is not this calendar');
  cache.clear();
  assert.equal(cache.bytes, 0);
});

test('requests while a calendar is written share the one writing', async () => {
  const cache = new CalendarCache();
  let written = 0;
  const render = async () => {
    written++;
    await new Promise((resolve) => setImmediate(resolve));
    return 'BEGIN:VCALENDAR\r\nEND:VCALENDAR';
  };
  const [one, two] = await Promise.all([cache.write('x', 'v', render), cache.write('x', 'v', render)]);
  assert.equal(written, 1);
  assert.equal(one, two);
});
