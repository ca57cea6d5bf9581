// Kept compressed pages are counted by their length, so they must not hold more than that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ownBytes } from './http.tsx';

test('bytes kept past a request hold only their own size, with the same content', () => {
  for (const made of [brotliCompressSync(Buffer.from('Gemeinsam statt allein')), gzipSync('Selbsthilfe '.repeat(300))]) {
    // What zlib hands back: a view of a larger chunk (the reason ownBytes exists).
    assert.ok(made.buffer.byteLength > made.length);
    const kept = ownBytes(made);
    assert.equal(kept.buffer.byteLength, kept.length);
    assert.ok(kept.equals(made));
  }
  const exact = Buffer.allocUnsafeSlow(10).fill(1);
  assert.equal(ownBytes(exact), exact, 'bytes that already own their store are not copied');
});
