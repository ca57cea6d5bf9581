// Events and meetings as pages, calendars and schema.org see them: plain objects for the views,
// built from rows and what the policy allows. No queries here; routes load, presenters shape.
import type { Locale } from '../../db/types.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { jsonForScript } from '../../platform/json-ld.ts';
import { firstOccurrence, isoToLocal, parseRule, readRule, ruleOccurrences, type Meeting, type MeetingException, type Schedule } from '../../platform/recurrence.ts';
import { nowIso } from '../../platform/time.ts';
import { placeLabel } from '../directory/index.ts';
import type { CalendarEvent, CalendarSeries } from './ical.ts';
import { formatDay } from './format.ts';
import { splitList } from './model.ts';
import { registrationState, type EventItem, type EventRow, type Organiser } from './service.ts';
import type { EventCard, EventFormValues, EventView, MeetingItem, ScheduleValues } from './views.tsx';

export function card(e: EventItem, organiser: Organiser | undefined): EventCard {
  return {
    id: e.id, title: e.title, startsAt: e.starts_at, endsAt: e.ends_at, area: e.area, format: e.format, cancelled: e.status === 'cancelled',
    organiser: organiser ? { name: organiser.name, url: organiser.url } : null, state: registrationState(e),
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.taken), topics: e.topics,
  };
}

/** A card with its topics named in the reader's language. */
export function localCard(e: EventItem, organiser: Organiser | undefined, topicName: (slug: string) => string | undefined): EventCard {
  return { ...card(e, organiser), topics: e.topics.map((s) => topicName(s) ?? s) };
}

/** The event page's data: the exact place and the link only where the policy allows. */
export function presentEvent(
  event: EventItem,
  { organiser, topicName, participantCount, myStatus, myRegistrationPath, can }: {
    organiser: Organiser | undefined;
    topicName: (slug: string) => string | undefined;
    participantCount: number;
    myStatus: string | null;
    myRegistrationPath: string | null;
    can: { exactPlace: boolean; manage: boolean; registerAsMember: boolean; registerAsVisitor: boolean };
  },
): EventView {
  const exact = can.exactPlace;
  return {
    id: event.id, title: event.title, description: event.description, startsAt: event.starts_at, endsAt: event.ends_at, format: event.format, area: event.area,
    address: exact && event.address ? event.address : null, onlineUrl: exact && event.online_url ? event.online_url : null,
    accessibility: splitList(event.accessibility), audience: event.audience, topics: event.topics.map((s) => topicName(s) ?? s),
    organiser: organiser ?? null, contact: { name: event.contact_name, role: event.contact_role, phone: event.contact_phone, email: event.contact_email },
    cancelled: event.status === 'cancelled', cancelReason: event.cancel_reason,
    registration: { mode: event.registration, capacity: event.capacity, placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - event.taken), deadline: event.deadline, state: registrationState(event) },
    myStatus, myRegistrationPath, participantCount,
    can: { manage: can.manage, registerAsMember: can.registerAsMember, registerAsVisitor: can.registerAsVisitor },
  };
}

/** schema.org Event: public facts only (never the exact place or the link). */
export function eventJsonLd(baseUrl: string, e: EventItem, organiser: Organiser | undefined): string {
  const url = `${baseUrl}/events/${e.id}`;
  const mode = e.format === 'in_person' ? 'OfflineEventAttendanceMode' : e.format === 'hybrid' ? 'MixedEventAttendanceMode' : 'OnlineEventAttendanceMode';
  const physical = e.area ? { '@type': 'Place', name: e.area, address: { '@type': 'PostalAddress', addressLocality: e.area, addressCountry: 'DE' } } : undefined;
  const virtual = { '@type': 'VirtualLocation', url };
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    name: e.title,
    description: e.description.slice(0, 1000),
    startDate: e.starts_at,
    endDate: e.ends_at,
    eventStatus: `https://schema.org/${e.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `https://schema.org/${mode}`,
    location: e.format === 'in_person' ? physical ?? virtual : e.format === 'hybrid' ? [physical, virtual].filter(Boolean) : virtual,
    ...(organiser ? { organizer: { '@type': 'Organization', name: organiser.name, url: `${baseUrl}${organiser.url}` } } : {}),
    ...(e.capacity !== null ? { maximumAttendeeCapacity: e.capacity, remainingAttendeeCapacity: Math.max(0, e.capacity - e.taken) } : {}),
    isAccessibleForFree: true,
    inLanguage: 'de',
  });
}

export const emptyEventValues = (): EventFormValues => ({
  title: '', description: '', date: '', startTime: '', endDate: '', endTime: '', format: 'in_person', place: '', area: '', address: '', onlineUrl: '',
  accessibility: [], audience: 'everyone', topics: [], contactName: '', contactRole: '', contactPhone: '', contactEmail: '', registration: 'open', capacity: '',
  deadlineDate: '', deadlineTime: '',
});

/** A saved event as its edit form shows it (Berlin wall time, place by name). */
export function eventFormValues(e: EventItem): EventFormValues {
  const start = isoToLocal(e.starts_at);
  const end = isoToLocal(e.ends_at);
  const deadline = e.deadline ? isoToLocal(e.deadline) : null;
  return {
    title: e.title, description: e.description, date: start.date, startTime: start.time, endDate: end.date === start.date ? '' : end.date, endTime: end.time,
    format: e.format, place: placeLabel(e.place_id), area: e.area, address: e.address, onlineUrl: e.online_url,
    accessibility: splitList(e.accessibility), audience: e.audience, topics: e.topics, contactName: e.contact_name, contactRole: e.contact_role,
    contactPhone: e.contact_phone, contactEmail: e.contact_email, registration: e.registration, capacity: e.capacity === null ? '' : String(e.capacity),
    deadlineDate: deadline?.date ?? '', deadlineTime: deadline?.time ?? '',
  };
}

/** One event in a calendar; the exact place and the link only for those who may see them. */
export function calendarEvent(baseUrl: string, e: EventRow, organiser: Organiser | undefined, t: Translator, exact: boolean): CalendarEvent {
  return {
    uid: `event-${e.id}@miteinander`,
    start: e.starts_at,
    end: e.ends_at,
    summary: e.title,
    description: [e.status === 'cancelled' && e.cancel_reason ? t('events.page.cancelledReason', { reason: e.cancel_reason }) : '', organiser ? t('events.by', { organiser: organiser.name }) : '', e.description, `${baseUrl}/events/${e.id}`].filter(Boolean).join('\n\n'),
    location: [e.area, exact ? e.address : '', exact ? e.online_url : ''].filter(Boolean).join(', ') || t(`events.format.${e.format}` as never),
    url: `${baseUrl}/events/${e.id}`,
    cancelled: e.status === 'cancelled',
    updatedAt: e.updated_at,
  };
}

export interface GroupForCalendar {
  id: string;
  slug: string;
  name: string;
  area: string;
  rhythm: string;
  rrule: string;
  duration_minutes: number;
  updated_at: string;
}

/** A group's meetings as one calendar series: the rule, cancelled meetings as EXDATEs, moved ones as overrides. */
export function groupSeries(baseUrl: string, group: GroupForCalendar, schedule: Schedule, exceptions: MeetingException[], t: Translator, locale: Locale): CalendarSeries | null {
  const first = group.rrule ? firstOccurrence(schedule) : null;
  if (!first) return null;
  // Exceptions that still match a meeting of the rule (a changed rule leaves old ones behind).
  const originals = new Set(ruleOccurrences(schedule, exceptions[0]?.original ?? first, new Date(Date.parse(exceptions.at(-1)?.original ?? first) + 1000).toISOString(), 5000).map((o) => o.original));
  const valid = exceptions.filter((e) => originals.has(e.original));
  const cancelled = valid.filter((e) => e.kind === 'cancelled');
  return {
    uid: `group-${group.id}@miteinander`,
    firstStart: first,
    firstEnd: new Date(Date.parse(first) + (group.duration_minutes || 120) * 60_000).toISOString(),
    rrule: parseRule(group.rrule).ok ? group.rrule.replace(/^RRULE:/i, '').toUpperCase() : 'FREQ=WEEKLY;COUNT=1',
    exdates: cancelled.map((e) => e.original),
    overrides: valid.filter((e) => e.kind === 'moved' && e.start && e.end).map((e) => ({
      original: e.original, start: e.start as string, end: e.end as string, description: t('events.meetings.reasonShown', { reason: e.reason }),
    })),
    summary: t('events.meetings.summary', { group: group.name }),
    description: [group.rhythm, ...cancelled.filter((e) => e.original >= nowIso()).map((e) => t('events.meetings.cancelledList', { when: formatDay(e.original, locale), reason: e.reason })), `${baseUrl}/groups/${group.slug}`].filter(Boolean).join('\n'),
    location: group.area,
    url: `${baseUrl}/groups/${group.slug}`,
    updatedAt: group.updated_at,
  };
}

export function meetingItems(list: Meeting[], showPlace: boolean): MeetingItem[] {
  return list.map((m) => ({ start: m.start, end: m.end, original: m.original, status: m.status, reason: m.reason, place: showPlace ? m.place : '' }));
}

/** The schedule form's values for a group's saved rule (a rule the simple form cannot show goes to the rule field). */
export function scheduleValues(group: { rrule: string; start_time: string; duration_minutes: number }): ScheduleValues {
  const simple = readRule(group.rrule);
  return {
    pattern: simple?.pattern ?? '', weekday: simple?.weekday ?? 'TU', nth: simple?.nth ?? '1', startTime: group.start_time, duration: group.duration_minutes ? String(group.duration_minutes) : '120',
    rule: simple || !group.rrule ? '' : group.rrule,
  };
}
