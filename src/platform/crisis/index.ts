// Crisis-language check for every text a person submits (posts, first contact, registration messages,
// notes). It never blocks and never logs the text: it only says whether help should be shown first.
import { clauseClasses, pastAndOver, REFUSAL } from './clauses.ts';
import { foldText } from './normalize.ts';
import { anchored, FIGURES_OF_SPEECH, REPORTING_CONTEXT, RULES } from './rules.ts';
import type { CrisisClass, Rule } from './rules.ts';

export type { CrisisClass } from './rules.ts';

export interface CrisisCheck {
  /** Classes found, most serious first; empty when nothing matched. */
  classes: CrisisClass[];
  /** Explicit intent or self-harm: an item for moderators jumps to the top of the queue. */
  urgent: boolean;
}

const SEVERITY: CrisisClass[] = ['explicit_intent', 'self_harm', 'implicit_distress'];

/** Help numbers shown with every match (Germany; free and around the clock). */
export const HELP_NUMBERS = [
  { id: 'telefonseelsorge-1', number: '0800 111 0 111', tel: '08001110111' },
  { id: 'telefonseelsorge-2', number: '0800 111 0 222', tel: '08001110222' },
  { id: 'telefonseelsorge-3', number: '116 123', tel: '116123' },
  { id: 'emergency', number: '112', tel: '112' },
] as const;

/** Texts longer than this are checked in their first part only, which keeps the check bounded. */
export const CHECKED_LENGTH = 20_000;

function matchingRules(sentence: string): Rule[] {
  const list = sentence.trim().split(' ');
  const words = new Set(list);
  return RULES.filter((rule) => anchored(rule.anchors, words, list) && rule.re.test(sentence));
}

function withoutFigures(sentence: string): string {
  let s = sentence;
  for (const figure of FIGURES_OF_SPEECH) {
    if (figure.test(s)) s = s.replace(new RegExp(figure.source, 'g'), ' ~ ');
  }
  return s;
}

function sentenceClasses(sentence: string, found: Set<CrisisClass>): void {
  let s: string | undefined;
  // Most sentences match no phrase rule at all; only those that do are looked at more closely.
  if (matchingRules(sentence).length > 0) {
    s = withoutFigures(sentence);
    // A crisis told as past and over ("vor zwei Jahren hatte ich Suizidgedanken, heute geht es mir
    // besser") is not one now, nor is a refusal ("ich würde nie springen"); distress still counts.
    const over = pastAndOver(s) || REFUSAL.test(s);
    let reporting: boolean | undefined;
    for (const rule of matchingRules(s)) {
      if (found.has(rule.cls)) continue;
      if (rule.unless?.test(s)) continue;
      if (over && rule.cls !== 'implicit_distress') continue;
      // A bare keyword in a sentence that reports, teaches or tells a story does not count; the
      // strong rules (the writer's own intent) still do.
      if (rule.weak && (reporting ??= REPORTING_CONTEXT.test(s))) continue;
      found.add(rule.cls);
    }
  }
  // The clause rules catch what no fixed phrase says: families of meaning near each other, any order.
  if (found.size < SEVERITY.length) for (const cls of clauseClasses(s ?? withoutFigures(sentence))) found.add(cls);
}

/** Checks a text for crisis language. Pure and synchronous; safe for any input. */
export function checkCrisisText(text: string): CrisisCheck {
  if (typeof text !== 'string' || text.length === 0) return { classes: [], urgent: false };
  const found = new Set<CrisisClass>();
  for (const sentence of foldText(text.length > CHECKED_LENGTH ? text.slice(0, CHECKED_LENGTH) : text)) {
    sentenceClasses(sentence, found);
    if (found.size === SEVERITY.length) break;
  }
  const classes = SEVERITY.filter((c) => found.has(c));
  return { classes, urgent: classes.includes('explicit_intent') || classes.includes('self_harm') };
}

/** True when any text of the list needs the help page first. */
export function anyCrisisText(...texts: Array<string | null | undefined>): CrisisCheck {
  const found = new Set<CrisisClass>();
  for (const text of texts) if (text) for (const c of checkCrisisText(text).classes) found.add(c);
  const classes = SEVERITY.filter((c) => found.has(c));
  return { classes, urgent: classes.includes('explicit_intent') || classes.includes('self_harm') };
}
