// For tests: what an accepted rule must look like, asserted.
import assert from 'node:assert/strict';

const SAFE_RULE = /^FREQ=|;FREQ=/;

/** Plain RRULE grammar: known parts, no line break, colon or other property. */
export function assertPlainRule(rule: string): void {
  assert.match(rule, /^[A-Z0-9=;,+-]+$/, `rule ${JSON.stringify(rule)} carries other characters`);
  assert.match(rule, SAFE_RULE);
  for (const part of rule.split(';')) assert.match(part, /^(FREQ|INTERVAL|COUNT|UNTIL|BYDAY|BYMONTHDAY|BYMONTH|BYSETPOS|BYWEEKNO|BYYEARDAY|WKST)=[A-Z0-9,+-]+$/, `part ${part}`);
}
