// One reading of the list filters for /events, /calendar.ics and /api/v1/events: dates are Berlin days,
// places go through the geo lookup, unknown values become messages at the field (never a 500).
import { parsePage } from '../../platform/pagination.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { resolvePlace, type Place } from '../../platform/geo/index.ts';
import { EVENT_FORMATS, MAX_RADIUS_KM } from './model.ts';
import { localToIso } from '../../platform/recurrence.ts';
import { addDays, today as berlinToday } from '../../platform/time.ts';
import type { EventFilter } from './service.ts';

export interface ListForm {
  view: 'list' | 'month';
  month: string;
  from: string;
  to: string;
  topic: string;
  near: string;
  radius: string;
  format: string;
  group: string;
  organiser: string;
  page: number;
}

export interface ParsedList {
  form: ListForm;
  filter: Omit<EventFilter, 'groupId' | 'organisationId'>;
  place: Place | null;
  errors: FieldProblem[];
}

/** "2026-12" → first day of the month and of the next one. */
export function monthBounds(month: string): { first: string; next: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export function parseList(raw: Record<string, unknown>, t: Translator, topicExists: (slug: string) => boolean): ParsedList {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : typeof raw[k] === 'number' ? String(raw[k]) : '');
  const errors: FieldProblem[] = [];
  const today = berlinToday();
  const form: ListForm = {
    view: str('view') === 'month' ? 'month' : 'list',
    month: str('month'), from: str('from'), to: str('to'), topic: str('topic'), near: str('near'), radius: str('radius'),
    format: str('format'), group: str('group'), organiser: str('organiser'), page: 1,
  };
  form.page = parsePage(raw.page);
  if (form.topic && !topicExists(form.topic)) {
    errors.push({ field: 'topic', message: t('events.error.choice') });
    form.topic = '';
  }
  if (form.format && !(EVENT_FORMATS as readonly string[]).includes(form.format)) {
    errors.push({ field: 'format', message: t('events.error.choice') });
    form.format = '';
  }
  let radiusKm = 25;
  if (form.radius) {
    const r = Number(form.radius);
    if (!Number.isInteger(r) || r < 1 || r > MAX_RADIUS_KM) errors.push({ field: 'radius', message: t('events.error.radius', { max: MAX_RADIUS_KM }) });
    else radiusKm = r;
  }
  let place: Place | null = null;
  if (form.near) {
    const found = form.near.length <= 100 ? resolvePlace(form.near) : { kind: 'unknown' as const };
    if (found.kind === 'found') place = found.place;
    else if (found.kind === 'ambiguous' && found.candidates[0]) place = found.candidates[0];
    else errors.push({ field: 'near', message: t('events.error.place', { place: form.near.slice(0, 100) }) });
  }
  const validDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !!localToIso(d, '00:00');
  let fromDay = today;
  let toDay = '';
  if (form.view === 'month') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(form.month)) {
      if (form.month) errors.push({ field: 'month', message: t('events.error.month') });
      form.month = today.slice(0, 7);
    }
    const b = monthBounds(form.month);
    fromDay = b.first;
    toDay = b.next;
  } else {
    if (form.from) {
      if (validDay(form.from)) fromDay = form.from;
      else errors.push({ field: 'from', message: t('events.error.date') });
    }
    if (form.to) {
      if (!validDay(form.to)) errors.push({ field: 'to', message: t('events.error.date') });
      else if (form.to < fromDay) errors.push({ field: 'to', message: t('events.error.range') });
      else toDay = addDays(form.to, 1);
    }
    if (!toDay) toDay = addDays(fromDay, 366);
    if (!form.month) form.month = fromDay.slice(0, 7);
  }
  const filter = {
    from: localToIso(fromDay, '00:00') as string,
    to: localToIso(toDay, '00:00') as string,
    topic: form.topic || undefined,
    near: place ? { lat: place.lat, lon: place.lon } : null,
    radiusKm,
    format: form.format || undefined,
    page: form.page,
  };
  return { form, filter, place, errors };
}

/** The query string of a list, for links between views and pages; empty values are left out. */
export function listQuery(form: ListForm, over: Partial<Record<keyof ListForm, string | number>> = {}): string {
  const merged: Record<string, string | number> = { ...form, ...over };
  const keys: Array<keyof ListForm> = ['view', 'month', 'from', 'to', 'topic', 'near', 'radius', 'format', 'group', 'organiser', 'page'];
  const params = new URLSearchParams();
  for (const k of keys) {
    const v = merged[k];
    if (v === undefined || v === '' || (k === 'view' && v === 'list') || (k === 'page' && Number(v) === 1)) continue;
    if (k === 'month' && merged.view !== 'month') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
