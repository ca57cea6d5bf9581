// Sealed values open only with the same key and context, and tampering is detected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Sealer } from './crypto.ts';

const key = () => randomBytes(32).toString('base64url');

test('seals and opens; every sealing differs; the plain text is not visible', () => {
  const s = new Sealer(key());
  const a = s.seal('Telefon 0171 2345678 – Ärztin', 'user-1');
  const b = s.seal('Telefon 0171 2345678 – Ärztin', 'user-1');
  assert.notEqual(a, b);
  assert.doesNotMatch(a, /0171|Ärztin/);
  assert.equal(s.open(a, 'user-1'), 'Telefon 0171 2345678 – Ärztin');
  assert.equal(s.sealOptional('', 'user-1'), null);
  assert.equal(s.openOptional(null, 'user-1'), '');
});

test('another context, another key or a changed byte does not open', () => {
  const s = new Sealer(key());
  const sealed = s.seal('geheim', 'user-1');
  assert.throws(() => s.open(sealed, 'user-2'));
  assert.throws(() => new Sealer(key()).open(sealed, 'user-1'));
  const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
  assert.throws(() => s.open(flipped, 'user-1'));
  assert.throws(() => s.open('plain text', 'user-1'));
  assert.throws(() => new Sealer('short'));
});
