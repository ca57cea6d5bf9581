// The recurrence-rule gate, fuzzed: whatever text comes in, an accepted rule is plain RRULE grammar
// (no line break, colon or second property), and the ordinary rules of the platform pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRuleText } from './recurrence-rule.ts';
import { assertPlainRule } from './recurrence-rule.test-support.ts';

test('rules: the platform\'s own rules pass and come back in stored form', () => {
  for (const rule of ['FREQ=WEEKLY;BYDAY=TU', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', 'FREQ=MONTHLY;BYDAY=2TU', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=MONTHLY;BYMONTHDAY=1,15', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY;UNTIL=20271231T000000Z']) {
    assert.deepEqual(checkRuleText(rule), { ok: true, rule });
  }
  assert.deepEqual(checkRuleText(' rrule:freq=weekly;byday=tu '), { ok: true, rule: 'FREQ=WEEKLY;BYDAY=TU' });
});

test('rules: line breaks, extra properties and unknown parts are refused', () => {
  for (const rule of [
    'FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY;BYDAY=TU\r\nRRULE:FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=TU\rX', 'FREQ=WEEKLY;BYDAY=TU\u2028X',
    'FREQ=WEEKLY;BYDAY=TU;X-EVIL=1', 'FREQ=WEEKLY;BYDAY=TU=WE', 'FREQ=WEEKLY;BYDAY=TU;BYDAY=WE', 'FREQ=HOURLY', 'FREQ=WEEKLY;BYHOUR=3',
    'BYDAY=TU', 'FREQ=WEEKLY;;BYDAY=TU', 'FREQ=WEEKLY;BYDAY=', 'FREQ=WEEKLY;BYDAY=9XX', 'FREQ=WEEKLY;COUNT=3;UNTIL=20270101',
    'FREQ=WEEKLY;BYDAY=TU:DESCRIPTION', 'FREQ=WEEKLY;BYDAY=TU,', 'FREQ=WEEKLY\tBYDAY=TU', `FREQ=WEEKLY;BYMONTHDAY=${'1,'.repeat(120)}1`,
  ]) {
    assert.equal(checkRuleText(rule).ok, false, JSON.stringify(rule));
  }
});

test('rules: fuzz — whatever is accepted is plain grammar', () => {
  const pieces = ['FREQ=', 'WEEKLY', 'DAILY', 'MONTHLY', ';', '=', 'BYDAY=', 'TU', '2TU', '-1FR', ',', 'COUNT=', '3', 'UNTIL=', '20270101', 'T000000Z',
    '\n', '\r\n', '\r', 'RRULE:', ':', 'X-', 'BYHOUR=', '\u2028', '\u0085', ' ', '\t', 'ü', '\u0000', 'INTERVAL=', '2', 'BYMONTHDAY=', '15', '+', '-', 'rrule:', 'byday=we'];
  let seed = 9;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    let s = random() < 0.8 ? 'FREQ=WEEKLY' : '';
    const n = Math.floor(random() * 7);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(random() * pieces.length)];
    const checked = checkRuleText(s);
    if (checked.ok) {
      accepted++;
      assertPlainRule(checked.rule);
    }
  }
  assert.ok(accepted > 100, `the fuzz reached accepted rules only ${accepted} times`);
});
