// The rules of the network without HTTP: when someone is due or quiet, how a balance reads, what the
// check finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceTone, networkCheck, schedule, touchLists } from './service.ts';
import { csvCell } from '../../platform/download.ts';
import type { EntrySummary } from './service.ts';

const row = (over: Partial<{ rhythm_days: number | null; last_contact_on: string | null; snoozed_until: string | null; created_at: string }>) => ({
  rhythm_days: null, last_contact_on: null, snoozed_until: null, created_at: '2026-01-01T10:00:00.000Z', ...over,
});

test('the countdown runs from the latest contact; a snooze moves it; quiet means overdue by a whole rhythm', () => {
  assert.deepEqual(schedule(row({ rhythm_days: 14, last_contact_on: '2026-11-01' }), '2026-11-14'), { nextOn: '2026-11-15', due: false, quiet: false });
  assert.deepEqual(schedule(row({ rhythm_days: 14, last_contact_on: '2026-11-01' }), '2026-11-15'), { nextOn: '2026-11-15', due: true, quiet: false });
  assert.equal(schedule(row({ rhythm_days: 14, last_contact_on: '2026-11-01' }), '2026-11-29').quiet, true);
  assert.deepEqual(schedule(row({ rhythm_days: 14, last_contact_on: '2026-11-01', snoozed_until: '2026-12-01' }), '2026-11-20'), { nextOn: '2026-12-01', due: false, quiet: false });
  // Without a contact, the countdown starts when the entry was made.
  assert.equal(schedule(row({ rhythm_days: 7 }), '2026-01-08').due, true);
  // Without a rhythm nothing is ever due, but half a year of silence is quiet.
  assert.deepEqual(schedule(row({ last_contact_on: '2026-01-01' }), '2026-06-01'), { nextOn: null, due: false, quiet: false });
  assert.equal(schedule(row({ last_contact_on: '2026-01-01' }), '2026-07-15').quiet, true);
});

test('a balance names a lean only when it is clear', () => {
  assert.equal(balanceTone({ received: 1, given: 0 }), 'little');
  assert.equal(balanceTone({ received: 4, given: 1 }), 'mostlyReceive');
  assert.equal(balanceTone({ received: 0, given: 2 }), 'mostlyGive');
  assert.equal(balanceTone({ received: 3, given: 2 }), 'balanced');
});

const entry = (over: Partial<EntrySummary>): EntrySummary => ({
  id: 'e', userId: 'u', kind: 'person', name: 'X', sector: 'friends', circle: 'middle', support: ['emotional'], rhythmDays: null, lastContactOn: null,
  snoozedUntil: null, createdAt: '2026-01-01T00:00:00.000Z', nextOn: null, due: false, quiet: false, snoozed: false, balance: { received: 0, given: 0 }, ...over,
});

test('the network check: only work, taking and giving, due and quiet', () => {
  const work = networkCheck([entry({ sector: 'work', circle: 'inner' }), entry({ sector: 'work' })], { received: 0, given: 0 }).map((f) => f.id);
  assert.ok(work.includes('onlyWork') && !work.includes('onlyFamily') && !work.includes('oneSector'));
  const taking = networkCheck([entry({ circle: 'inner' })], { received: 6, given: 1 }).map((f) => f.id);
  assert.ok(taking.includes('onlyTaking') && !taking.includes('onlyGiving'));
  assert.ok(networkCheck([entry({ circle: 'inner' })], { received: 0, given: 5 }).some((f) => f.id === 'onlyGiving'));
  const lists = touchLists([entry({ id: 'a', due: true, nextOn: '2026-11-01' }), entry({ id: 'b', due: true, quiet: true, nextOn: '2026-01-01' }), entry({ id: 'c', nextOn: '2026-11-25' })], '2026-11-21');
  assert.deepEqual([lists.due.map((e) => e.id), lists.quiet.map((e) => e.id), lists.upcoming.map((e) => e.id)], [['a'], ['b'], ['c']]);
});

test('CSV cells are quoted and formulas defused', () => {
  assert.equal(csvCell('=1+1'), `"'=1+1"`);
  assert.equal(csvCell('Sag "Hallo"'), '"Sag ""Hallo"""');
  assert.equal(csvCell(null), '""');
});
