// iCalendar (RFC 5545) output with ical-generator: events, a group's recurring meetings (RRULE with
// EXDATE for cancelled meetings and RECURRENCE-ID overrides for moved ones) and the Europe/Berlin
// VTIMEZONE from timezones-ical-library (shipped in the package, nothing downloaded at run time), so
// every calendar shows local times that survive the clock changes.
import { checkRuleText } from '../../platform/recurrence-rule.ts';
import ical from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { TIME_ZONE } from '../../platform/time.ts';
import { isoToLocal } from '../../platform/recurrence.ts';

/**
 * The zone's VTIMEZONE as timezones-ical-library keeps it (generated from the IANA database and
 * updated with the package), not written by hand: a rule change reaches every calendar with an update.
 */
export const BERLIN_VTIMEZONE = vtimezone(TIME_ZONE);

function vtimezone(zone: string): string {
  const block = tzlib_get_ical_block(zone);
  const text = Array.isArray(block) ? block[0] : undefined;
  if (!text || !text.startsWith('BEGIN:VTIMEZONE')) throw new Error(`no VTIMEZONE for ${zone}`);
  return text;
}

/**
 * A date as ical-generator accepts Luxon dates: it asks for the wall time in the event's zone and
 * writes it after TZID=Europe/Berlin. (A plain Date would be written in the server's own zone.)
 */
function berlin(iso: string) {
  const { date, time } = isoToLocal(iso);
  const compact = { day: date.replace(/-/g, ''), time: `${time.replace(':', '')}00` };
  const zoned = { toFormat: (format: string) => (format === 'yyyyLLdd' ? compact.day : compact.time), zone: { type: 'iana' } };
  return { isValid: true, zone: { type: 'iana' }, toJSDate: () => new Date(iso), toJSON: () => iso, setZone: () => zoned, toFormat: zoned.toFormat } as never;
}

/** "20261013T190000" as EXDATE wants it for TZID=Europe/Berlin. */
export function berlinCompact(iso: string): string {
  const { date, time } = isoToLocal(iso);
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

export interface CalendarEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  cancelled: boolean;
  updatedAt: string;
}

export interface CalendarSeries {
  uid: string;
  /** The first meeting (ISO UTC); the rule counts from here. */
  firstStart: string;
  firstEnd: string;
  rrule: string;
  /** Cancelled meetings (their rule times). */
  exdates: string[];
  overrides: Array<{ original: string; start: string; end: string; description: string }>;
  summary: string;
  description: string;
  location: string;
  url: string;
  updatedAt: string;
}

type CalendarInput = { name: string; events: CalendarEvent[]; series?: CalendarSeries[] };

function newCalendar(name: string) {
  return ical({
    name,
    prodId: { company: 'Miteinander', product: 'Miteinander', language: 'DE' },
    // The zone's name stays off the calendar itself, so DTSTAMP and friends keep their UTC "Z".
    timezone: { name: null, generator: (zone) => (zone === TIME_ZONE ? BERLIN_VTIMEZONE : null) },
  });
}

type Calendar = ReturnType<typeof newCalendar>;

function addSeries(cal: Calendar, s: CalendarSeries, out: string[]): void {
  // Checked again where it is written: a rule that is not plain RRULE grammar never reaches a calendar.
  const checked = checkRuleText(s.rrule);
  if (!checked.ok) return;
  const lines = [`RRULE:${checked.rule}`];
  if (s.exdates.length) lines.push(`EXDATE;TZID=${TIME_ZONE}:${s.exdates.map(berlinCompact).join(',')}`);
  out.push(cal.createEvent({
    id: s.uid, start: berlin(s.firstStart), end: berlin(s.firstEnd), timezone: TIME_ZONE, repeating: lines.join('\n'),
    summary: s.summary, description: s.description, location: s.location || null, url: s.url, stamp: new Date(s.updatedAt), lastModified: new Date(s.updatedAt),
  }).toString());
  for (const o of s.overrides) {
    out.push(cal.createEvent({
      id: s.uid, start: berlin(o.start), end: berlin(o.end), timezone: TIME_ZONE, recurrenceId: berlin(o.original),
      summary: s.summary, description: o.description, location: s.location || null, url: s.url, stamp: new Date(s.updatedAt), sequence: 1,
    }).toString());
  }
}

/** One event's VEVENT, unfolded, as ical-generator writes it. */
function eventText(cal: Calendar, e: CalendarEvent): string {
  return cal.createEvent({
    id: e.uid, start: berlin(e.start), end: berlin(e.end), timezone: TIME_ZONE,
    summary: e.summary, description: e.description, location: e.location || null, url: e.url,
    status: (e.cancelled ? 'CANCELLED' : 'CONFIRMED') as never, stamp: new Date(e.updatedAt), lastModified: new Date(e.updatedAt),
  }).toString();
}

/**
 * Lines longer than 75 octets folded as RFC 5545 asks and as ical-generator folds them (a break
 * before the character that would pass 74 octets, a surrogate pair counted as one character of four).
 * ical-generator folds the whole calendar at once with a TextEncoder call per character, which was
 * four fifths of the time a year of events took to write; this counts the octets from the char codes.
 */
export function foldLines(text: string): string {
  const lines = text.split('\r\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as string;
    // 24 characters are at most 72 octets: such a line never folds.
    if (line.length <= 24) continue;
    let out = '';
    let from = 0;
    let octets = 0;
    for (let i = 0; i < line.length; i++) {
      const at = i;
      const c = line.charCodeAt(i);
      let k: number;
      if (c < 0x80) k = 1;
      else if (c < 0x800) k = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length) {
        // ical-generator takes the next code unit with a high surrogate, whatever it is.
        const d = line.charCodeAt(++i);
        k = d >= 0xdc00 && d <= 0xdfff ? 4 : 3 + (d < 0x80 ? 1 : d < 0x800 ? 2 : 3);
      } else k = 3;
      octets += k;
      if (octets > 74) {
        out += `${line.slice(from, at)}\r\n `;
        from = at;
        octets = k;
      }
    }
    if (from > 0) lines[li] = out + line.slice(from);
  }
  return lines.join('\r\n');
}

/** The calendar's lines before its first event (with the VTIMEZONE its events use) and after its last. */
function frame(name: string): { head: string; tail: string } {
  const cal = newCalendar(name);
  const at = new Date(0).toISOString();
  cal.createEvent({ id: 'frame', start: berlin(at), end: berlin(at), timezone: TIME_ZONE, summary: 'frame', stamp: new Date(0) });
  const text = cal.toString();
  return { head: text.slice(0, text.indexOf('BEGIN:VEVENT')), tail: text.slice(text.lastIndexOf('END:VEVENT\r\n') + 'END:VEVENT\r\n'.length) };
}

/** The whole calendar at once: ical-generator's text, folded here instead of by its slow folder. */
export function renderCalendar(input: CalendarInput): string {
  const cal = newCalendar(input.name);
  const texts: string[] = [];
  for (const s of input.series ?? []) addSeries(cal, s, texts);
  for (const e of input.events) texts.push(eventText(cal, e));
  if (texts.length === 0) return cal.toString();
  const { head, tail } = frame(input.name);
  return head + foldLines(texts.join('')) + tail;
}

/** Events written per slice by renderCalendarInSlices; one slice takes a few milliseconds. */
const SLICE = 200;

/**
 * The same text as renderCalendar, written a slice of events at a time with a turn of the event loop
 * between slices: a year of events takes a while to write, and no other request may wait that long.
 */
export async function renderCalendarInSlices(input: CalendarInput, slice = SLICE): Promise<string> {
  if (input.events.length <= slice) return renderCalendar(input);
  const cal = newCalendar(input.name);
  const parts: string[] = [];
  const series: string[] = [];
  for (const s of input.series ?? []) addSeries(cal, s, series);
  if (series.length) parts.push(foldLines(series.join('')));
  for (let i = 0; i < input.events.length; i += slice) {
    const texts: string[] = [];
    for (const e of input.events.slice(i, i + slice)) texts.push(eventText(cal, e));
    parts.push(foldLines(texts.join('')));
    // The calendar object need not keep what is written already.
    cal.clear();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { head, tail } = frame(input.name);
  return head + parts.join('') + tail;
}
