// The event and schedule forms: request body → values to show again, the command's input, and a
// message at each field that is wrong. Pure (no queries); the routes hand in what must be looked up.
import type { FieldProblem } from '../../platform/errors.ts';
import { formString } from '../../platform/forms.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { resolvePlace } from '../../platform/geo/index.ts';
import { buildRule, localToIso, readRule, ruleProblem, type Pattern } from '../../platform/recurrence.ts';
import { nowIso } from '../../platform/time.ts';
import type { ScheduleInput } from '../directory/index.ts';
import { ACCESSIBILITY, hasLink, hasPlace, MAX_CAPACITY, MAX_EVENT_DAYS } from './model.ts';
import * as schema from './schema.ts';
import type { EventInput } from './service.ts';
import type { EventFormValues, ScheduleValues } from './views.tsx';

/** The event form → input, with a message at each field that is wrong (end before start, capacity 0, deadline after start …). */
export function readEventForm(body: unknown, t: Translator, topicExists: (s: string) => boolean, isNew: boolean): { values: EventFormValues; input: EventInput; errors: FieldProblem[] } {
  const { values: v, errors } = schema.eventForm.parse(body, t);
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as unknown[]).map(formString) : raw[k] ? [formString(raw[k])] : []).filter(Boolean).slice(0, 300);
  const values: EventFormValues = {
    title: v.title, description: v.description, date: v.date, startTime: v.startTime, endDate: v.endDate, endTime: v.endTime, format: v.format, place: v.place,
    area: v.area, address: v.address, onlineUrl: v.onlineUrl, accessibility: list('accessibility').filter((a) => (ACCESSIBILITY as readonly string[]).includes(a)),
    audience: v.audience, topics: [...new Set(list('topics').filter(topicExists))], contactName: v.contactName, contactRole: v.contactRole,
    contactPhone: v.contactPhone, contactEmail: v.contactEmail, registration: v.registration, capacity: v.capacity, deadlineDate: v.deadlineDate, deadlineTime: v.deadlineTime,
  };
  const has = (field: string) => errors.some((e) => e.field === field);
  if (values.topics.length > 8) errors.push({ field: 'topics', message: t('events.form.topicsMany') });
  const startsAt = !has('date') && !has('startTime') ? localToIso(values.date, values.startTime) : undefined;
  if (!has('date') && values.date && !startsAt && !has('startTime')) errors.push({ field: 'date', message: t('events.form.dateInvalid') });
  const endsAt = !has('endDate') && !has('endTime') && values.endTime ? localToIso(values.endDate || values.date, values.endTime) : undefined;
  if (startsAt && isNew && startsAt < nowIso()) errors.push({ field: 'date', message: t('events.form.startPast') });
  if (startsAt && endsAt && endsAt <= startsAt) errors.push({ field: 'endTime', message: t('events.form.endBeforeStart') });
  else if (startsAt && endsAt && Date.parse(endsAt) - Date.parse(startsAt) > MAX_EVENT_DAYS * 86_400_000) errors.push({ field: 'endDate', message: t('events.form.tooLong', { days: MAX_EVENT_DAYS }) });
  let capacity: number | null = null;
  if (values.capacity) {
    const n = /^-?\d+$/.test(values.capacity) ? Number(values.capacity) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_CAPACITY) errors.push({ field: 'capacity', message: t('events.form.capacityInvalid') });
    else capacity = n;
  }
  let deadline: string | null = null;
  if (values.deadlineTime && !values.deadlineDate) errors.push({ field: 'deadlineDate', message: t('events.form.deadlineTimeNeeded') });
  if (values.deadlineDate && !has('deadlineDate') && !has('deadlineTime')) {
    deadline = localToIso(values.deadlineDate, values.deadlineTime || '23:59') ?? null;
    if (!deadline) errors.push({ field: 'deadlineDate', message: t('events.form.dateInvalid') });
    else if (startsAt && deadline > startsAt) errors.push({ field: 'deadlineDate', message: t('events.form.deadlineAfterStart') });
  }
  let place: { id: number | null; lat: number | null; lon: number | null; label: string } = { id: null, lat: null, lon: null, label: '' };
  if (values.place) {
    const found = resolvePlace(values.place);
    if (found.kind === 'found') place = { id: found.place.id, lat: found.place.lat, lon: found.place.lon, label: found.place.label };
    else if (found.kind === 'ambiguous' && found.candidates[0]) place = { id: found.candidates[0].id, lat: found.candidates[0].lat, lon: found.candidates[0].lon, label: found.candidates[0].label };
    else errors.push({ field: 'place', message: t('events.form.placeUnknown', { place: values.place }) });
  } else if (hasPlace(values.format)) errors.push({ field: 'place', message: t('events.form.placeNeeded') });
  const input: EventInput = {
    title: values.title, description: values.description, startsAt: startsAt ?? '', endsAt: endsAt ?? '', format: values.format,
    area: values.area || place.label, placeId: place.id, lat: place.lat, lon: place.lon,
    address: hasPlace(values.format) ? values.address : '', onlineUrl: hasLink(values.format) ? values.onlineUrl : '',
    accessibility: values.accessibility, audience: values.audience, topics: values.topics, contactName: values.contactName, contactRole: values.contactRole,
    contactPhone: values.contactPhone, contactEmail: values.contactEmail, registration: values.registration, capacity: values.registration === 'none' ? null : capacity,
    deadline: values.registration === 'none' ? null : deadline,
  };
  return { values, input, errors };
}

/**
 * The schedule form → the group's new schedule. The rhythm in words is written with `t`, the
 * translator of the person saving it, and stored as they read it.
 */
export function readScheduleForm(body: unknown, t: Translator): { values: ScheduleValues; errors: FieldProblem[]; schedule: ScheduleInput | null } {
  const { values: v, errors } = schema.scheduleForm.parse(body, t);
  const values: ScheduleValues = { pattern: v.pattern, weekday: v.weekday, nth: v.nth, startTime: v.startTime, duration: v.duration, rule: v.rule };
  const duration = Number(v.duration);
  if (!errors.some((e) => e.field === 'duration') && (duration < 15 || duration > 600)) errors.push({ field: 'duration', message: t('events.meetings.durationRange') });
  let rule = v.rule.trim().toUpperCase().replace(/^RRULE:/, '');
  if (!rule) {
    if (!v.pattern) errors.push({ field: 'pattern', message: t('events.meetings.patternNeeded') });
    else rule = buildRule(v.pattern as Pattern, v.weekday || 'TU', v.nth || '1');
  }
  if (rule && errors.length === 0) {
    const problem = ruleProblem(rule, v.startTime);
    if (problem) errors.push({ field: v.rule ? 'rule' : 'pattern', message: t(problem === 'never' ? 'events.meetings.ruleNever' : 'events.meetings.ruleSyntax') });
  }
  if (errors.length) return { values, errors, schedule: null };
  const startTime = v.startTime.replace('.', ':').padStart(5, '0');
  return { values, errors, schedule: { rrule: rule, startTime, durationMinutes: duration, rhythm: rhythmText(rule, startTime, duration, t) } };
}

/** "Every 3. Tuesday of the month, 19:00–21:00" in the translator's language. */
export function rhythmText(rule: string, startTime: string, durationMinutes: number, t: Translator): string {
  const endWall = new Date(Date.UTC(2000, 0, 1, Number(startTime.slice(0, 2)), Number(startTime.slice(3, 5)) + durationMinutes)).toISOString().slice(11, 16);
  const simple = readRule(rule);
  const weekdayIndex = simple ? ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(simple.weekday) + 1 : 0;
  const weekday = weekdayIndex ? t(`events.weekday.${weekdayIndex}` as never) : '';
  const params = { weekday, start: startTime, end: endWall, nth: simple?.nth ?? '' };
  if (!simple) return t('events.meetings.rhythmCustom', params);
  if (simple.pattern === 'weekly') return t('events.meetings.rhythmWeekly', params);
  if (simple.pattern === 'fortnightly') return t('events.meetings.rhythmFortnightly', params);
  return simple.nth === '-1' ? t('events.meetings.rhythmMonthlyLast', params) : t('events.meetings.rhythmMonthly', params);
}
