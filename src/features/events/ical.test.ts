// The .ics of a group's meetings read back with ical.js (Mozilla's parser) to exactly the instants
// the group page shows, the VTIMEZONE on its own, and calendars written in slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { firstOccurrence, meetingsBetween, type Schedule } from '../../platform/recurrence.ts';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import ical from 'ical-generator';
import { BERLIN_VTIMEZONE, foldLines, renderCalendar, renderCalendarInSlices, type CalendarEvent } from './ical.ts';

test('the group calendar expands in ical.js to the meetings the group page shows, moved and cancelled ones included', () => {
  const schedule: Schedule = { rrule: 'FREQ=WEEKLY;BYDAY=SU', startTime: '19:00', durationMinutes: 90, anchor: '2026-03-01T09:00:00.000Z' };
  const exceptions = [
    { id: 'a', original: '2026-03-29T17:00:00.000Z', kind: 'cancelled' as const, start: null, end: null, place: '', reason: 'Ostern' },
    { id: 'b', original: '2026-10-25T18:00:00.000Z', kind: 'moved' as const, start: '2026-10-26T18:30:00.000Z', end: '2026-10-26T20:00:00.000Z', place: 'Raum 5', reason: 'Umbau' },
  ];
  const page = meetingsBetween(schedule, exceptions, '2026-03-01T00:00:00Z', '2026-12-01T00:00:00Z');
  const first = firstOccurrence(schedule)!;
  const ics = renderCalendar({
    name: 'Test',
    events: [],
    series: [{
      uid: 'g1', firstStart: first, firstEnd: new Date(Date.parse(first) + 90 * 60_000).toISOString(), rrule: schedule.rrule,
      exdates: ['2026-03-29T17:00:00.000Z'], overrides: [{ original: exceptions[1]!.original, start: exceptions[1]!.start!, end: exceptions[1]!.end!, description: 'Umbau' }],
      summary: 'Treffen', description: '', location: 'Leipzig', url: 'http://x', updatedAt: '2026-01-01T00:00:00.000Z',
    }],
  });
  assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/);
  assert.match(ics, /DTSTART;TZID=Europe\/Berlin:20260301T190000/);
  assert.match(ics, /EXDATE;TZID=Europe\/Berlin:20260329T190000/);
  assert.match(ics, /RECURRENCE-ID;TZID=Europe\/Berlin:20261025T190000/);
  const occurrences = expandIcs(ics, '2026-03-01T00:00:00Z', '2026-12-01T00:00:00Z');
  const shown = page.filter((m) => m.status !== 'cancelled').map((m) => `${m.start}/${m.end}`);
  assert.deepEqual(occurrences, shown);
  assert.ok(shown.includes('2026-03-22T18:00:00.000Z/2026-03-22T19:30:00.000Z'));
  assert.ok(shown.includes('2026-04-05T17:00:00.000Z/2026-04-05T18:30:00.000Z'));
  assert.ok(shown.includes('2026-10-26T18:30:00.000Z/2026-10-26T20:00:00.000Z'));
  assert.ok(shown.includes('2026-11-01T18:00:00.000Z/2026-11-01T19:30:00.000Z'));
  assert.ok(!shown.some((s) => s.startsWith('2026-03-29')));
});

/** Every occurrence (start/end in UTC) of every VEVENT of a calendar, as ical.js expands it. */
export function expandIcs(ics: string, from: string, to: string): string[] {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const vevents = root.getAllSubcomponents('vevent');
  const masters = vevents.filter((v) => !v.hasProperty('recurrence-id'));
  const out: string[] = [];
  for (const master of masters) {
    // Only this series' own overrides (ical.js would otherwise take every RECURRENCE-ID of the calendar).
    const own = vevents.filter((v) => v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === master.getFirstPropertyValue('uid'));
    const event = new ICAL.Event(master, { strictExceptions: true, exceptions: own });
    if (!event.isRecurring()) {
      if (master.getFirstPropertyValue('status') === 'CANCELLED') continue;
      out.push(`${event.startDate.toJSDate().toISOString()}/${event.endDate.toJSDate().toISOString()}`);
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const d = next.toJSDate().toISOString();
      if (d >= to) break;
      const details = event.getOccurrenceDetails(next);
      const start = details.startDate.toJSDate().toISOString();
      if (start >= from && start < to) out.push(`${start}/${details.endDate.toJSDate().toISOString()}`);
    }
  }
  return out.sort();
}

test('the VTIMEZONE alone gives ical.js the right offsets in 2026 and 2030', () => {
  const tz = new ICAL.Timezone(new ICAL.Component(ICAL.parse(BERLIN_VTIMEZONE)));
  const at = (s: string) => tz.utcOffset(ICAL.Time.fromDateTimeString(s)) / 60;
  assert.equal(at('2026-03-29T01:30:00'), 60);
  assert.equal(at('2026-03-29T03:30:00'), 120);
  assert.equal(at('2030-10-27T04:00:00'), 60);
  assert.equal(at('2030-07-01T12:00:00'), 120);
});

const event = (i: number): CalendarEvent => ({
  uid: `event-${i}@miteinander`,
  start: new Date(Date.UTC(2027, 2, 1 + (i % 60), 17)).toISOString(),
  end: new Date(Date.UTC(2027, 2, 1 + (i % 60), 19)).toISOString(),
  summary: `Gesprächskreis ${i}`,
  description: 'Ein Abend zum Austauschen, mit einer langen Beschreibung, die auf mehrere Zeilen umbrochen werden muss, weil sie so lang ist.',
  location: i % 3 ? 'Leipzig' : '',
  url: `https://example.org/events/${i}`,
  cancelled: i % 7 === 0,
  updatedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
});

test('a calendar written in slices is byte for byte the one written at once', async () => {
  const events = Array.from({ length: 23 }, (_, i) => event(i));
  const whole = renderCalendar({ name: 'Veranstaltungen', events });
  const sliced = await renderCalendarInSlices({ name: 'Veranstaltungen', events }, 5);
  assert.equal(sliced, whole);
  assert.equal(sliced.match(/BEGIN:VEVENT/g)?.length, 23);
  assert.equal(sliced.match(/BEGIN:VTIMEZONE/g)?.length, 1, 'one time zone block, from the first slice');
});

test('writing in slices lets other work run in between', async () => {
  const events = Array.from({ length: 30 }, (_, i) => event(i));
  let ranBetween = false;
  setImmediate(() => (ranBetween = true));
  await renderCalendarInSlices({ name: 'x', events }, 3);
  // Written at once, the promise would settle in a microtask before the queued callback ran.
  assert.equal(ranBetween, true, 'a callback queued before the writing ran while it was under way');
});

test('calendars carry the VTIMEZONE that timezones-ical-library ships, once', () => {
  const [block] = tzlib_get_ical_block('Europe/Berlin') as string[];
  const text = renderCalendar({ name: 'Test', events: [event(1), event(2)] });
  assert.equal(text.split('BEGIN:VTIMEZONE').length - 1, 1);
  assert.ok(text.includes(block as string), 'the library block appears as it is');
  // ical.js reads the whole calendar with it.
  const comp = new ICAL.Component(ICAL.parse(text));
  assert.equal(comp.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), 'Europe/Berlin');
});

test('lines are folded exactly as ical-generator folds them (umlauts, emoji, lone surrogates, long words)', () => {
  const pieces = ['a', 'ä', 'ß', '€', '😀', '\uD83D', '\uDE00', '漢', ' ', 'x'.repeat(30), 'Gesprächskreis', ';', ','];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let round = 0; round < 300; round++) {
    let name = '';
    const length = next() % 60;
    for (let i = 0; i < length; i++) name += pieces[next() % pieces.length];
    if (!name) continue;
    const written = ical({ name, description: name.split('').reverse().join('') }).toString();
    // Unfolded and folded again by foldLines, the text is ical-generator's own, byte for byte.
    assert.equal(foldLines(written.replace(/\r\n /g, '')), written);
  }
});

test('a calendar is ical-generator\'s text: one event written by the library alone reads the same in ical.js', () => {
  const text = renderCalendar({ name: 'Veranstaltungen', events: [event(3)] });
  const comp = new ICAL.Component(ICAL.parse(text));
  const vevent = comp.getFirstSubcomponent('vevent');
  assert.equal(vevent?.getFirstPropertyValue('summary'), 'Gesprächskreis 3');
  assert.match(String(vevent?.getFirstPropertyValue('description')), /mehrere Zeilen umbrochen werden muss, weil sie so lang ist\.$/);
  assert.ok(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'no line longer than 75 octets');
});
