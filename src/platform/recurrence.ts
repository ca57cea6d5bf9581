// A group's meetings from its rule: RFC 5545 recurrence (rrule package) in Europe/Berlin wall-clock
// time. The rule is expanded on "wall time written as UTC" (so 19:00 stays 19:00 whatever the
// season), and each meeting is then turned into real UTC with the Berlin offset of its own date.
import rrule from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import { TIME_ZONE } from './time.ts';
import { checkRuleText } from './recurrence-rule.ts';

const { RRule } = rrule;
const MINUTE = 60_000;
const DAY = 86_400_000;

// --- Europe/Berlin wall time ----------------------------------------------------------------

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** The Berlin wall-clock time of an instant, as milliseconds of the same digits in UTC. */
export function utcToWall(utcMs: number): number {
  return utcMs + berlinOffsetMinutes(utcMs) * MINUTE;
}

function wallByIntl(utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (utcMs % 1000 + 1000) % 1000;
}

const HOUR = 3_600_000;
const offsetByHour = new Map<number, number>();

/** Minutes Berlin is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function berlinOffsetMinutes(utcMs: number): number {
  // Berlin changes its offset only on a full UTC hour, so one answer per hour serves every instant in it.
  const hour = Math.floor(utcMs / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = Math.round((wallByIntl(hour * HOUR) - hour * HOUR) / MINUTE);
    if (offsetByHour.size > 200_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/**
 * The instant at which Berlin clocks show this wall time. A time skipped in March (02:30) is read
 * as the same clock time after the change; a time that happens twice in October takes the first.
 */
export function wallToUtc(wallMs: number): number {
  let utc = wallMs - berlinOffsetMinutes(wallMs - 120 * MINUTE) * MINUTE;
  utc = wallMs - berlinOffsetMinutes(utc) * MINUTE;
  return utc;
}

/** "2026-03-29T19:00" (Berlin) → ISO UTC; undefined for anything that is not such a date and time. */
export function localToIso(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time.trim());
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const back = new Date(wall);
  if (back.getUTCDate() !== Number(d[3]) || back.getUTCMonth() !== Number(d[2]) - 1) return undefined;
  return new Date(wallToUtc(wall)).toISOString();
}

/** ISO UTC → Berlin { date: "2026-03-29", time: "19:00" } for forms and calendars. */
export function isoToLocal(iso: string): { date: string; time: string } {
  const w = new Date(utcToWall(Date.parse(iso))).toISOString();
  return { date: w.slice(0, 10), time: w.slice(11, 16) };
}

/** The Berlin calendar day (YYYY-MM-DD) of an instant. */
export const berlinDay = (iso: string): string => isoToLocal(iso).date;

// --- Rules ----------------------------------------------------------------------------------------

export interface Schedule {
  rrule: string;
  /** "HH:MM", Berlin */
  startTime: string;
  durationMinutes: number;
  /** From when the rule counts (the group's creation): fixes the weeks of a fortnightly rule. */
  anchor: string;
}

export type RuleProblem = 'syntax' | 'never';
export type RuleCheck = { ok: true; options: Partial<RRuleOptions> } | { ok: false; problem: RuleProblem };


/** Reads a rule as stored (without "RRULE:"); times of day come from the start time, not the rule. */
export function parseRule(text: string): RuleCheck {
  // The one grammar every way in shares; the rrule package only answers what it means.
  const checked = checkRuleText(text);
  if (!checked.ok) return { ok: false, problem: 'syntax' };
  const rule = checked.rule;
  try {
    const options = RRule.parseString(rule);
    // Building it once finds what parseString lets through (e.g. BYDAY=9XX).
    new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) }).after(new Date(Date.UTC(2026, 0, 1)), true);
    return { ok: true, options };
  } catch {
    return { ok: false, problem: 'syntax' };
  }
}

const timeOf = (startTime: string): [number, number] => {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(startTime.trim());
  return m ? [Number(m[1]), Number(m[2])] : [19, 0];
};

interface Series {
  rule: InstanceType<typeof RRule>;
  /** First meeting, as wall time written in UTC. */
  first: Date;
}

const seriesCache = new Map<string, Series | null>();

/** The rule starting at its first real meeting (RFC 5545: DTSTART is the first instance). Null when it never meets. */
function seriesOf(schedule: Schedule): Series | null {
  const key = `${schedule.rrule}|${schedule.startTime}|${schedule.anchor.slice(0, 10)}`;
  if (seriesCache.has(key)) return seriesCache.get(key) ?? null;
  let series: Series | null = null;
  const parsed = parseRule(schedule.rrule);
  if (parsed.ok) {
    const [h, m] = timeOf(schedule.startTime);
    const day = berlinDay(schedule.anchor);
    const anchorWall = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), h, m));
    const probe = new RRule({ ...parsed.options, dtstart: anchorWall, byhour: [h], byminute: [m], bysecond: [0] });
    const first = probe.after(anchorWall, true);
    if (first) series = { rule: new RRule({ ...parsed.options, dtstart: first, byhour: [h], byminute: [m], bysecond: [0] }), first };
  }
  if (seriesCache.size > 5000) seriesCache.clear();
  seriesCache.set(key, series);
  return series;
}

/** Whether a rule yields at least one meeting from `from` on (a rule may be valid and still never meet). */
export function ruleProblem(rule: string, startTime: string, from = new Date().toISOString()): RuleProblem | undefined {
  const parsed = parseRule(rule);
  if (!parsed.ok) return parsed.problem;
  const series = seriesOf({ rrule: rule, startTime, durationMinutes: 60, anchor: from });
  if (!series) return 'never';
  return undefined;
}

export interface Occurrence {
  /** The meeting as the rule has it (ISO UTC): its identity, also after it is moved. */
  original: string;
  start: string;
  end: string;
}

/** The rule's meetings starting in [from, to), in real UTC. */
export function ruleOccurrences(schedule: Schedule, from: string, to: string, limit = 1000): Occurrence[] {
  const series = seriesOf(schedule);
  if (!series) return [];
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  // Wall time and UTC differ by at most two hours: widen by a day, then filter exactly.
  const walls = series.rule.between(new Date(fromMs - DAY), new Date(toMs + DAY), true, (_d, i) => i < limit + 4);
  const out: Occurrence[] = [];
  const duration = Math.max(0, schedule.durationMinutes) * MINUTE;
  for (const wall of walls) {
    const utc = wallToUtc(wall.getTime());
    if (utc < fromMs || utc >= toMs) continue;
    out.push({ original: new Date(utc).toISOString(), start: new Date(utc).toISOString(), end: new Date(wallToUtc(wall.getTime() + duration)).toISOString() });
    if (out.length >= limit) break;
  }
  return out;
}

/** The first meeting of the series in real UTC (DTSTART of the calendar), or null. */
export function firstOccurrence(schedule: Schedule): string | null {
  const series = seriesOf(schedule);
  return series ? new Date(wallToUtc(series.first.getTime())).toISOString() : null;
}

// --- Exceptions ---------------------------------------------------------------------------------

export interface MeetingException {
  id: string;
  original: string;
  kind: 'cancelled' | 'moved';
  start: string | null;
  end: string | null;
  place: string;
  reason: string;
}

export interface Meeting extends Occurrence {
  status: 'scheduled' | 'cancelled' | 'moved';
  reason: string;
  /** A moved meeting's place (members only); empty: the usual place. */
  place: string;
  exceptionId: string | null;
}

/** Meetings whose (possibly moved) start lies in [from, to), cancelled ones included, by start. */
export function meetingsBetween(schedule: Schedule, exceptions: MeetingException[], from: string, to: string): Meeting[] {
  const byOriginal = new Map(exceptions.map((e) => [e.original, e]));
  // A meeting may be moved into the window from up to two months away.
  const widen = 62 * DAY;
  const occurrences = ruleOccurrences(schedule, new Date(Date.parse(from) - widen).toISOString(), new Date(Date.parse(to) + widen).toISOString(), 2000);
  const meetings: Meeting[] = [];
  for (const o of occurrences) {
    const e = byOriginal.get(o.original);
    const m: Meeting = e?.kind === 'moved' && e.start && e.end
      ? { ...o, start: e.start, end: e.end, status: 'moved', reason: e.reason, place: e.place, exceptionId: e.id }
      : e?.kind === 'cancelled'
        ? { ...o, status: 'cancelled', reason: e.reason, place: '', exceptionId: e.id }
        : { ...o, status: 'scheduled', reason: '', place: '', exceptionId: null };
    if (m.start >= from && m.start < to) meetings.push(m);
  }
  return meetings.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** The next `count` meetings from `from` (cancelled ones shown too, with their reason). */
export function nextMeetings(schedule: Schedule, exceptions: MeetingException[], from: string, count: number): Meeting[] {
  return meetingsBetween(schedule, exceptions, from, new Date(Date.parse(from) + 400 * DAY).toISOString()).slice(0, count);
}

// --- The simple rule builder of the schedule form ------------------------------------------------

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const PATTERNS = ['weekly', 'fortnightly', 'monthly'] as const;
export const NTHS = ['1', '2', '3', '4', '-1'] as const;
export type Pattern = (typeof PATTERNS)[number];

export function buildRule(pattern: Pattern, weekday: string, nth: string): string {
  if (pattern === 'weekly') return `FREQ=WEEKLY;BYDAY=${weekday}`;
  if (pattern === 'fortnightly') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekday}`;
  return `FREQ=MONTHLY;BYDAY=${nth}${weekday}`;
}

/** The builder's fields for a stored rule, or null when the rule is more than the builder says. */
export function readRule(rule: string): { pattern: Pattern; weekday: string; nth: string } | null {
  let m = /^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(rule);
  if (m) return { pattern: 'weekly', weekday: m[1]!, nth: '1' };
  m = /^FREQ=WEEKLY;INTERVAL=2;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(rule);
  if (m) return { pattern: 'fortnightly', weekday: m[1]!, nth: '1' };
  m = /^FREQ=MONTHLY;BYDAY=(1|2|3|4|-1)(MO|TU|WE|TH|FR|SA|SU)$/.exec(rule);
  if (m) return { pattern: 'monthly', weekday: m[2]!, nth: m[1]! };
  return null;
}
