import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCalendar, renderCalendarInSlices, type CalendarEvent } from './ical.ts';

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
