// Days people type into the network's forms: "YYYY-MM-DD" in Europe/Berlin.
import { daysBetween, today } from '../../platform/time.ts';

// today, addDays and daysBetween are the platform's Berlin-day helpers (platform/time.ts).
/**
 * Reads a date as people type it: "2026-11-21" (date fields) or "21.11.2026" / "21.11.26".
 * Undefined when it is not a real calendar date.
 */
export function parseDay(input: string): string | undefined {
  const value = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})$/.exec(value);
    if (!match) return undefined;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += 2000;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

export type DayProblem = 'invalid' | 'future' | 'tooOld';

/** A past (or today's) date from a form; empty means today. */
export function pastDay(input: string, now: string = today()): { day: string } | { problem: DayProblem } {
  if (!input.trim()) return { day: now };
  const day = parseDay(input);
  if (!day) return { problem: 'invalid' };
  if (day > now) return { problem: 'future' };
  if (daysBetween(day, now) > 36_525) return { problem: 'tooOld' };
  return { day };
}
