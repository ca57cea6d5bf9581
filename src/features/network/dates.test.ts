import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDay, pastDay } from './dates.ts';
import { addDays, daysBetween } from '../../platform/time.ts';

test('reads ISO and German dates and refuses impossible ones', () => {
  assert.equal(parseDay('2026-11-21'), '2026-11-21');
  assert.equal(parseDay('21.11.2026'), '2026-11-21');
  assert.equal(parseDay('1.2.26'), '2026-02-01');
  assert.equal(parseDay('31.02.2026'), undefined);
  assert.equal(parseDay('gestern'), undefined);
  assert.equal(parseDay(''), undefined);
});

test('past dates: empty is today, the future and the far past are refused', () => {
  assert.deepEqual(pastDay('', '2026-11-21'), { day: '2026-11-21' });
  assert.deepEqual(pastDay('22.11.2026', '2026-11-21'), { problem: 'future' });
  assert.deepEqual(pastDay('1.1.1900', '2026-11-21'), { problem: 'tooOld' });
  assert.deepEqual(pastDay('xx', '2026-11-21'), { problem: 'invalid' });
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
});
