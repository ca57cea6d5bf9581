import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLru } from './byte-lru.ts';

test('keeps values up to its bytes, dropping the least recently used first', () => {
  const lru = new ByteLru<string>(10);
  lru.set('a', 'A', 4);
  lru.set('b', 'B', 4);
  assert.equal(lru.get('a'), 'A'); // a is now the most recently used
  lru.set('c', 'C', 4); // 12 > 10: b goes, not a
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 'A');
  assert.equal(lru.get('c'), 'C');
  assert.equal(lru.bytes, 8);
  lru.set('a', 'A2', 1); // a replaced, its old bytes no longer counted
  assert.equal(lru.bytes, 5);
  assert.equal(lru.count, 2);
});

test('a value heavier than the per-value bound is not kept, and replaces nothing but its own key', () => {
  const lru = new ByteLru<string>(100, 50);
  lru.set('small', 's', 10);
  lru.set('big', 'old', 5);
  lru.set('big', 'new', 60);
  assert.equal(lru.get('big'), undefined);
  assert.equal(lru.get('small'), 's');
  assert.equal(lru.bytes, 10);
});

test('later bytes count only for the value still kept under the key', () => {
  const lru = new ByteLru<{ n: number }>(20);
  const first = { n: 1 };
  const second = { n: 2 };
  lru.set('k', first, 5);
  lru.set('k', second, 5);
  lru.grow('k', first, 100); // the replaced value: nothing counted
  assert.equal(lru.bytes, 5);
  lru.grow('k', second, 10);
  assert.equal(lru.bytes, 15);
  lru.set('other', { n: 3 }, 10); // 25 > 20: k (older) goes
  assert.equal(lru.get('k'), undefined);
  assert.equal(lru.bytes, 10);
  lru.clear();
  assert.equal(lru.bytes, 0);
  assert.equal(lru.count, 0);
});
