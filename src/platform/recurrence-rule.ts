// The one gate for recurrence rules (RFC 5545 RRULE values) from outside: forms, the API and
// imports all pass a rule through checkRuleText before it is stored or written into a calendar.
// A rule is a short list of KEY=VALUE parts; each key has its own value grammar, so no line break,
// colon or second property can ride along into an .ics file.

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const list = (item: string) => new RegExp(`^${item}(,${item}){0,30}$`);

/** The parts a rule may have and what each value may look like. BYHOUR and the like stay out: times come from the start time. */
const PART_GRAMMAR: Readonly<Record<string, RegExp>> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9][0-9]{0,2}$/,
  COUNT: /^[1-9][0-9]{0,3}$/,
  UNTIL: /^[0-9]{8}(T[0-9]{6}Z?)?$/,
  BYDAY: list(`([+-]?[1-5])?${WEEKDAY}`),
  BYMONTHDAY: list('-?([1-9]|[12][0-9]|3[01])'),
  BYMONTH: list('([1-9]|1[0-2])'),
  BYSETPOS: list('-?([1-9]|[1-9][0-9]|[1-3][0-9]{2})'),
  BYWEEKNO: list('-?([1-9]|[1-4][0-9]|5[0-3])'),
  BYYEARDAY: list('-?([1-9]|[1-9][0-9]|[1-3][0-9]{2})'),
  WKST: new RegExp(`^${WEEKDAY}$`),
};

export const RULE_MAX_LENGTH = 200;

export type RuleText = { ok: true; rule: string } | { ok: false };

/**
 * Checks a rule's text and returns it in its stored form (upper case, without "RRULE:").
 * Only the grammar is checked here; whether the rule ever meets is the calendar's question.
 */
export function checkRuleText(text: string): RuleText {
  const rule = text.trim().replace(/^RRULE:/i, '').toUpperCase();
  // Only these characters can appear in an allowed rule: nothing that could end a line or start a property.
  if (!rule || rule.length > RULE_MAX_LENGTH || !/^[A-Z0-9=;,+-]+$/.test(rule)) return { ok: false };
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false };
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    const grammar = PART_GRAMMAR[key];
    if (!grammar || seen.has(key) || !grammar.test(value)) return { ok: false };
    seen.add(key);
  }
  if (!seen.has('FREQ') || (seen.has('COUNT') && seen.has('UNTIL'))) return { ok: false };
  return { ok: true, rule };
}

/** True for an empty rule (no regular meetings) or a valid one. */
export const isAcceptableRule = (text: string): boolean => text.trim() === '' || checkRuleText(text).ok;
