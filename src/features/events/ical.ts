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

export function renderCalendar(input: { name: string; events: CalendarEvent[]; series?: CalendarSeries[] }): string {
  const cal = ical({
    name: input.name,
    prodId: { company: 'Miteinander', product: 'Miteinander', language: 'DE' },
    // The zone's name stays off the calendar itself, so DTSTAMP and friends keep their UTC "Z".
    timezone: { name: null, generator: (zone) => (zone === TIME_ZONE ? BERLIN_VTIMEZONE : null) },
  });
  for (const s of input.series ?? []) {
    // Checked again where it is written: a rule that is not plain RRULE grammar never reaches a calendar.
    const checked = checkRuleText(s.rrule);
    if (!checked.ok) continue;
    const lines = [`RRULE:${checked.rule}`];
    if (s.exdates.length) lines.push(`EXDATE;TZID=${TIME_ZONE}:${s.exdates.map(berlinCompact).join(',')}`);
    cal.createEvent({
      id: s.uid, start: berlin(s.firstStart), end: berlin(s.firstEnd), timezone: TIME_ZONE, repeating: lines.join('\n'),
      summary: s.summary, description: s.description, location: s.location || null, url: s.url, stamp: new Date(s.updatedAt), lastModified: new Date(s.updatedAt),
    });
    for (const o of s.overrides) {
      cal.createEvent({
        id: s.uid, start: berlin(o.start), end: berlin(o.end), timezone: TIME_ZONE, recurrenceId: berlin(o.original),
        summary: s.summary, description: o.description, location: s.location || null, url: s.url, stamp: new Date(s.updatedAt), sequence: 1,
      });
    }
  }
  for (const e of input.events) {
    cal.createEvent({
      id: e.uid, start: berlin(e.start), end: berlin(e.end), timezone: TIME_ZONE,
      summary: e.summary, description: e.description, location: e.location || null, url: e.url,
      status: (e.cancelled ? 'CANCELLED' : 'CONFIRMED') as never, stamp: new Date(e.updatedAt), lastModified: new Date(e.updatedAt),
    });
  }
  return cal.toString();
}

/** Events written per slice by renderCalendarInSlices; one slice takes a few milliseconds. */
const SLICE = 200;

/**
 * The same text as renderCalendar, written a slice of events at a time with a turn of the event loop
 * between slices: a year of events takes over a second to write, and no other request may wait that
 * long. The calendar head (with the VTIMEZONE) comes from the first slice and the end from the last.
 */
export async function renderCalendarInSlices(input: { name: string; events: CalendarEvent[]; series?: CalendarSeries[] }, slice = SLICE): Promise<string> {
  if (input.events.length <= slice) return renderCalendar(input);
  let head = '';
  let tail = '';
  const parts: string[] = [];
  for (let i = 0; i < input.events.length; i += slice) {
    const text = renderCalendar({ name: input.name, events: input.events.slice(i, i + slice), series: i === 0 ? input.series : [] });
    const first = text.indexOf('BEGIN:VEVENT');
    const last = text.lastIndexOf('END:VCALENDAR');
    if (i === 0) {
      head = text.slice(0, first);
      tail = text.slice(last);
    }
    parts.push(text.slice(first, last));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return head + parts.join('') + tail;
}
