// Meetings from a rule in Berlin wall time across the clock changes (the .ics of the same meetings
// is read back with ical.js in features/events/ical.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berlinOffsetMinutes, localToIso, parseRule, ruleProblem, ruleOccurrences, type Schedule } from './recurrence.ts';

const weekly: Schedule = { rrule: 'FREQ=WEEKLY;BYDAY=SU', startTime: '19:00', durationMinutes: 120, anchor: '2026-01-01T10:00:00.000Z' };

test('offsets: CET in winter, CEST in summer, the change on the last Sundays of March and October', () => {
  assert.equal(berlinOffsetMinutes(Date.parse('2026-01-15T12:00:00Z')), 60);
  assert.equal(berlinOffsetMinutes(Date.parse('2026-07-15T12:00:00Z')), 120);
  assert.equal(berlinOffsetMinutes(Date.parse('2026-03-29T00:59:00Z')), 60);
  assert.equal(berlinOffsetMinutes(Date.parse('2026-03-29T01:00:00Z')), 120);
  assert.equal(berlinOffsetMinutes(Date.parse('2026-10-25T00:59:00Z')), 120);
  assert.equal(berlinOffsetMinutes(Date.parse('2026-10-25T01:00:00Z')), 60);
  assert.equal(localToIso('2026-03-29', '19:00'), '2026-03-29T17:00:00.000Z');
  assert.equal(localToIso('2026-03-28', '19:00'), '2026-03-28T18:00:00.000Z');
  assert.equal(localToIso('2026-10-25', '19:00'), '2026-10-25T18:00:00.000Z');
  assert.equal(localToIso('2026-10-24', '19:00'), '2026-10-24T17:00:00.000Z');
  assert.equal(localToIso('2026-02-30', '19:00'), undefined);
});

test('a Sunday 19:00 meeting stays 19:00 local on both sides of the March and October changes', () => {
  const march = ruleOccurrences(weekly, '2026-03-20T00:00:00Z', '2026-04-07T00:00:00Z').map((o) => o.start);
  assert.deepEqual(march, ['2026-03-22T18:00:00.000Z', '2026-03-29T17:00:00.000Z', '2026-04-05T17:00:00.000Z']);
  const october = ruleOccurrences(weekly, '2026-10-15T00:00:00Z', '2026-11-03T00:00:00Z').map((o) => o.start);
  assert.deepEqual(october, ['2026-10-18T17:00:00.000Z', '2026-10-25T18:00:00.000Z', '2026-11-01T18:00:00.000Z']);
  const [first] = ruleOccurrences(weekly, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z');
  assert.equal(first?.end, '2026-03-29T19:00:00.000Z');
});

test('rules: syntax errors and rules that never meet are told apart', () => {
  assert.equal(parseRule('FREQ=MONTHLY;BYDAY=2TU').ok, true);
  assert.equal(ruleProblem('FREQ=SOMETIMES', '19:00'), 'syntax');
  assert.equal(ruleProblem('BYDAY=TU', '19:00'), 'syntax');
  assert.equal(ruleProblem('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '19:00'), 'never');
  assert.equal(ruleProblem('FREQ=WEEKLY;BYDAY=TU;UNTIL=20200101T000000Z', '19:00'), 'never');
  assert.equal(ruleProblem('FREQ=MONTHLY;BYDAY=-1TH', '19:00'), undefined);
});
