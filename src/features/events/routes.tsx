// HTTP of events and meetings. Each handler: validate → load → ensure → command → render or redirect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Locale } from '../../db/types.ts';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import { createHash } from 'node:crypto';
import { guardianOf, pageContext, preferredEncoding, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { notFound, type FieldProblem } from '../../platform/errors.ts';
import { formString } from '../../platform/forms.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { resolvePlace } from '../../platform/geo/index.ts';
import { addDays, nowIso, today } from '../../platform/time.ts';
import * as directory from '../directory/index.ts';
import type { DirectoryPort } from '../directory/index.ts';
import { jsonForScript } from '../../platform/json-ld.ts';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as events from './service.ts';
import type { EventInput, EventItem, Organiser } from './service.ts';
import { ACCESSIBILITY, hasLink, hasPlace, MAX_CAPACITY, MAX_EVENT_DAYS, PAGE_SIZE, splitList } from './model.ts';
import { contentDisposition, sendDownload, toCsv } from '../../platform/download.ts';
import { parseList, listQuery, type ParsedList } from './filters.ts';
import { buildRule, isoToLocal, localToIso, parseRule, readRule, ruleProblem, type nextMeetings, type Pattern } from '../../platform/recurrence.ts';
import { renderCalendar, renderCalendarInSlices, type CalendarEvent, type CalendarSeries } from './ical.ts';
import { formatDay } from './format.ts';
import {
  CancelEventScreen, ChooseOrganiserScreen, EventFormScreen, EventScreen, ListScreen, MeetingsScreen, MyEventsScreen, ParticipantsScreen, RegistrationScreen,
  type EventCard, type EventFormValues, type EventView, type ListView, type MeetingItem, type ScheduleValues,
} from './views.tsx';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const RegParams = Type.Object({ id: Type.String({ maxLength: 64 }), rid: Type.String({ maxLength: 64 }) });
const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) });
const NewQuery = Type.Object({ group: Type.Optional(Type.String({ maxLength: 120 })), organisation: Type.Optional(Type.String({ maxLength: 120 })) });
const REGISTER_PER_HOUR_VISITOR = 10;
const HOUR = 3_600_000;
const CALENDAR_LIMIT = 5000;
/** Events a day of the month view shows; the rest are behind "+n more". */
const MONTH_DAY_SHOWN = 4;
const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/** Topic names in the reader's language, re-read from the directory at most once a minute. */
function topicCache(deps: Deps) {
  let loaded: { at: number; topics: Awaited<ReturnType<typeof directory.loadTopics>> } | undefined;
  return async () => {
    if (!loaded || Date.now() - loaded.at > 60_000) loaded = { at: Date.now(), topics: await directory.loadTopics(deps.db) };
    return loaded.topics;
  };
}

export function card(e: EventItem, organiser: Organiser | undefined): EventCard {
  return {
    id: e.id, title: e.title, startsAt: e.starts_at, endsAt: e.ends_at, area: e.area, format: e.format, cancelled: e.status === 'cancelled',
    organiser: organiser ? { name: organiser.name, url: organiser.url } : null, state: events.registrationState(e),
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.taken), topics: e.topics,
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

const emptyValues = (): EventFormValues => ({
  title: '', description: '', date: '', startTime: '', endDate: '', endTime: '', format: 'in_person', place: '', area: '', address: '', onlineUrl: '',
  accessibility: [], audience: 'everyone', topics: [], contactName: '', contactRole: '', contactPhone: '', contactEmail: '', registration: 'open', capacity: '',
  deadlineDate: '', deadlineTime: '',
});

function valuesOf(e: EventItem): EventFormValues {
  const start = isoToLocal(e.starts_at);
  const end = isoToLocal(e.ends_at);
  const deadline = e.deadline ? isoToLocal(e.deadline) : null;
  return {
    title: e.title, description: e.description, date: start.date, startTime: start.time, endDate: end.date === start.date ? '' : end.date, endTime: end.time,
    format: e.format, place: directory.placeLabel(e.place_id), area: e.area, address: e.address, onlineUrl: e.online_url,
    accessibility: splitList(e.accessibility), audience: e.audience, topics: e.topics, contactName: e.contact_name, contactRole: e.contact_role,
    contactPhone: e.contact_phone, contactEmail: e.contact_email, registration: e.registration, capacity: e.capacity === null ? '' : String(e.capacity),
    deadlineDate: deadline?.date ?? '', deadlineTime: deadline?.time ?? '',
  };
}

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

export const eventsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; directoryPort: DirectoryPort }> = async (app, { deps, directoryPort }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const topics = topicCache(deps);
  const base = deps.config.baseUrl;

  const sortedTopics = new WeakMap<object, Partial<Record<Locale, Array<{ slug: string; name: string }>>>>();
  async function topicOptions(locale: Locale) {
    const map = await topics();
    let byLocale = sortedTopics.get(map);
    if (!byLocale) sortedTopics.set(map, (byLocale = {}));
    if (!byLocale[locale]) {
      const collator = new Intl.Collator(locale);
      byLocale[locale] = [...map.values()].map((x) => ({ slug: x.slug, name: x.name[locale] })).sort((a, b) => collator.compare(a.name, b.name));
    }
    return byLocale[locale];
  }

  async function loadEvent(id: string, actor: Actor) {
    const event = await events.getEvent(deps.db, id);
    if (!event) throw notFound('event_not_found');
    const rel = await events.relationToEvent(deps.db, actor, event);
    return { event, rel };
  }

  /** Group and organiser filters are slugs; they resolve through the directory. */
  async function resolveOwnerFilters(parsed: ParsedList) {
    let groupId: string | undefined;
    let organisationId: string | undefined;
    let groupName: string | null = null;
    if (parsed.form.group) {
      const g = await directory.getGroupBySlug(deps.db, parsed.form.group);
      if (g && g.status !== 'proposed') {
        groupId = g.id;
        groupName = g.name;
      } else {
        parsed.errors.push({ field: 'group', message: 'x' });
        groupId = 'none';
      }
    }
    if (parsed.form.organiser) {
      const o = await directory.getOrganisationBySlug(deps.db, parsed.form.organiser);
      organisationId = o?.id ?? 'none';
    }
    return { groupId, organisationId, groupName };
  }

  /**
   * The events of a filter, kept per address while the events version (a counter raised by every
   * change of an event, any process) and the minute stay the same. The month view keeps only what its
   * grid shows: four events a day and how many more. Places taken are not part of the version (every
   * registration would empty the cache): the list reads them afresh for the twenty events it shows.
   */
  type ListEntry = {
    version: string;
    found: { items: EventItem[]; total: number };
    organisers: Map<string, Organiser>;
    cards: Partial<Record<Locale, EventCard[]>>;
    /** Month view: per day of the month, the events shown (at most MONTH_DAY_SHOWN) and how many more. */
    days?: Array<{ day: string; shown: EventItem[]; more: number }>;
  };
  const listCache = new Map<string, ListEntry>();
  async function listEntry(parsed: ParsedList, owners: { groupId?: string; organisationId?: string }, month: boolean): Promise<ListEntry> {
    const key = JSON.stringify([parsed.filter, owners.groupId, owners.organisationId, month, month ? parsed.form.month : parsed.form.page]);
    // Within a minute and while no event changes, the same filters give the same events.
    const version = `${await events.eventsVersion(deps.db)}|${Math.floor(Date.now() / 60_000)}`;
    const cached = listCache.get(key);
    if (cached && cached.version === version) return cached;
    const result = parsed.errors.some((e) => e.field === 'near')
      ? { items: [], total: 0 }
      : await events.findEvents(deps.db, { ...parsed.filter, ...owners, perPage: month ? CALENDAR_LIMIT : PAGE_SIZE, page: month ? 1 : parsed.form.page, grid: month && !parsed.filter.near });
    let entry: ListEntry;
    if (month) {
      const byDay = new Map<string, EventItem[]>();
      for (const e of result.items) {
        const d = isoToLocal(e.starts_at).date;
        const list = byDay.get(d);
        if (list) list.push(e);
        else byDay.set(d, [e]);
      }
      const days: NonNullable<ListEntry['days']> = [];
      for (let d = `${parsed.form.month}-01`; d.startsWith(parsed.form.month); d = addDays(d, 1)) {
        const all = byDay.get(d) ?? [];
        days.push({ day: d, shown: all.slice(0, MONTH_DAY_SHOWN), more: Math.max(0, all.length - MONTH_DAY_SHOWN) });
      }
      const shown = days.flatMap((d) => d.shown);
      // Only what the grid shows is kept, not the month's thousands of rows.
      entry = { version, found: { items: shown, total: result.total }, organisers: await events.organisersOf(deps.db, shown), cards: {}, days };
    } else {
      entry = { version, found: result, organisers: await events.organisersOf(deps.db, result.items), cards: {} };
    }
    if (listCache.size >= 500) listCache.clear();
    listCache.set(key, entry);
    return entry;
  }

  async function listView(req: FastifyRequest, parsed: ParsedList): Promise<ListView> {
    const owners = await resolveOwnerFilters(parsed);
    parsed.errors = parsed.errors.filter((e) => e.field !== 'group');
    const month = parsed.form.view === 'month';
    const cached = await listEntry(parsed, owners, month);
    const { found, organisers } = cached;
    const topicNames = await topics();
    const toCard = (e: EventItem) => ({ ...card(e, organisers.get(e.id)), topics: e.topics.map((s) => topicNames.get(s)?.name[req.locale] ?? s) });
    let cards = (cached.cards[req.locale] ??= found.items.map(toCard));
    const days: ListView['days'] = [];
    if (month && cached.days) {
      const byId = new Map(cards.map((c) => [c.id, c]));
      for (const d of cached.days) days.push({ day: d.day, iso: `${d.day}T12:00:00.000Z`, events: d.shown.map((e) => byId.get(e.id) as EventCard), more: d.more });
    } else if (found.items.length) {
      // "Full" and "n places left" as they are now.
      const taken = await events.placesTaken(deps.db, found.items.map((e) => e.id));
      cards = found.items.map((e, i) => {
        const now = taken.get(e.id);
        return now === undefined || now === e.taken ? (cards[i] as EventCard) : toCard({ ...e, taken: now });
      });
    }
    const orgs = await directory.listOrganisations(deps.db);
    return {
      form: parsed.form, errors: parsed.errors, items: cards, total: found.total, perPage: PAGE_SIZE, topics: await topicOptions(req.locale),
      organisers: orgs.map((o) => ({ slug: o.slug, name: o.name })), groupName: owners.groupName, days,
      canCreate: req.actor.kind === 'user', signedIn: req.actor.kind === 'user',
      calendarUrl: `/calendar.ics${listQuery({ ...parsed.form, view: 'list', page: 1, month: '' })}`,
    };
  }

  // --- The list and the month view -----------------------------------------------------------------
  app.get('/events', { schema: { querystring: schema.ListPageQuery }, attachValidation: true }, async (req, reply) => {
    const topicMap = await topics();
    const parsed = parseList((req.query ?? {}) as Record<string, unknown>, req.t, (s) => topicMap.has(s));
    const view = await listView(req, parsed);
    return sendHtml(reply, <ListScreen ctx={page(req, reply)} view={view} />, view.errors.length ? 400 : 200);
  });

  // --- Calendars -------------------------------------------------------------------------------------
  const sendIcs = (reply: FastifyReply, body: string, name: string) =>
    sendDownload(reply, { filename: `${name}.ics`, type: 'text/calendar', body, inline: true });

  const calendarEvent = (e: EventItem, organiser: Organiser | undefined, t: Translator, exact: boolean): CalendarEvent => ({
    uid: `event-${e.id}@miteinander`,
    start: e.starts_at,
    end: e.ends_at,
    summary: e.title,
    description: [e.status === 'cancelled' && e.cancel_reason ? t('events.page.cancelledReason', { reason: e.cancel_reason }) : '', organiser ? t('events.by', { organiser: organiser.name }) : '', e.description, `${base}/events/${e.id}`].filter(Boolean).join('\n\n'),
    location: [e.area, exact ? e.address : '', exact ? e.online_url : ''].filter(Boolean).join(', ') || t(`events.format.${e.format}` as never),
    url: `${base}/events/${e.id}`,
    cancelled: e.status === 'cancelled',
    updatedAt: e.updated_at,
  });

  // Answers of /calendar.ics by address and locale, for the state of the events they were made from:
  // calendar programs ask the same address again and again, and a year of events takes a while to write.
  const icsCache = new Map<string, { version: string; body: string; br?: Promise<Buffer>; gzip?: Promise<Buffer> }>();
  const icsWriting = new Map<string, Promise<{ version: string; body: string; br?: Promise<Buffer>; gzip?: Promise<Buffer> }>>();
  app.get('/calendar.ics', { schema: { querystring: schema.ListPageQuery }, attachValidation: true }, async (req, reply) => {
    const version = `${await events.eventsVersion(deps.db)}|${today()}`;
    const key = `${req.locale}|${req.url}`;
    const tag = `"${createHash('sha256').update(`${version}|${key}`).digest('base64url').slice(0, 22)}"`;
    reply.header('etag', tag);
    if (req.headers['if-none-match'] === tag) return reply.status(304).send();
    const hit = icsCache.get(key);
    if (hit && hit.version === version) return sendCachedIcs(req, reply, hit);
    const topicMap = await topics();
    const parsed = parseList({ ...(req.query ?? {}), view: 'list' } as Record<string, unknown>, req.t, (s) => topicMap.has(s));
    if (parsed.errors.length) {
      return reply.status(400).header('content-type', 'text/plain; charset=utf-8').send(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    }
    // Several requests for the same calendar while it is being written wait for that one writing.
    const flightKey = `${version}|${key}`;
    let writing = icsWriting.get(flightKey);
    if (!writing) {
      const t = req.t;
      writing = (async () => {
        const owners = await resolveOwnerFilters(parsed);
        const found = await events.findEvents(deps.db, { ...parsed.filter, ...owners, perPage: CALENDAR_LIMIT, page: 1 });
        const organisers = await events.organisersOf(deps.db, found.items);
        const entry = { version, body: await renderCalendarInSlices({ name: t('events.title'), events: found.items.map((e) => calendarEvent(e, organisers.get(e.id), t, false)) }) };
        if (icsCache.size >= 200) icsCache.clear();
        icsCache.set(key, entry);
        return entry;
      })().finally(() => icsWriting.delete(flightKey));
      icsWriting.set(flightKey, writing);
    }
    return sendCachedIcs(req, reply, await writing);
  });

  // Compressed once per cached calendar, off the event loop (zlib's thread pool): a year of events is
  // megabytes of text. The promise is kept, so requests arriving meanwhile wait for the same bytes.
  async function sendCachedIcs(req: FastifyRequest, reply: FastifyReply, entry: { body: string; br?: Promise<Buffer>; gzip?: Promise<Buffer> }) {
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', contentDisposition('miteinander.ics', 'inline')).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (encoding === 'br') {
      entry.br ??= brotli(entry.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(entry.body) } });
      return reply.header('content-encoding', 'br').send(await entry.br);
    }
    if (encoding === 'gzip') {
      entry.gzip ??= gzip(entry.body);
      return reply.header('content-encoding', 'gzip').send(await entry.gzip);
    }
    return reply.send(entry.body);
  }

  app.get('/events/:id.ics', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    const organisers = await events.organisersOf(deps.db, [event]);
    const exact = policy.canSeeExactPlace(req.actor, rel);
    return sendIcs(reply, renderCalendar({ name: event.title, events: [calendarEvent(event, organisers.get(event.id), req.t, exact)] }), 'veranstaltung');
  });

  app.get('/events/feed/:token.ics', { schema: { params: TokenParams } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const userId = await events.userOfFeed(deps.db, req.params.token);
    if (!userId) throw notFound('feed_not_found');
    const mine = await events.registrationsOfUser(deps.db, userId, new Date(Date.now() - 90 * 86_400_000).toISOString());
    const organisers = await events.organisersOf(deps.db, mine.map((m) => m.event));
    const items = mine.map(({ event, registration }) => calendarEvent(event, organisers.get(event.id), req.t, registration.status === 'confirmed'));
    return sendIcs(reply, renderCalendar({ name: req.t('events.mine.feedName'), events: items }), 'meine-veranstaltungen');
  });

  // --- Group meetings ------------------------------------------------------------------------------------
  async function loadGroup(req: FastifyRequest, slug: string) {
    const group = await directory.getGroupBySlug(deps.db, slug);
    if (!group || group.status === 'proposed') throw notFound('group_not_found');
    return { group, facts: await directoryPort.guard(guardianOf(req, deps), group) };
  }

  app.get('/groups/:slug/calendar.ics', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group } = await loadGroup(req, req.params.slug);
    const series: CalendarSeries[] = [];
    const schedule = events.scheduleOf(group);
    const exceptions = await events.exceptionsOf(deps.db, group.id);
    const { firstOccurrence, ruleOccurrences } = await import('../../platform/recurrence.ts');
    const first = group.rrule ? firstOccurrence(schedule) : null;
    if (first) {
      // Exceptions that still match a meeting of the rule (a changed rule leaves old ones behind).
      const originals = new Set(ruleOccurrences(schedule, exceptions[0]?.original ?? first, new Date(Date.parse(exceptions.at(-1)?.original ?? first) + 1000).toISOString(), 5000).map((o) => o.original));
      const valid = exceptions.filter((e) => originals.has(e.original));
      const cancelled = valid.filter((e) => e.kind === 'cancelled');
      series.push({
        uid: `group-${group.id}@miteinander`,
        firstStart: first,
        firstEnd: new Date(Date.parse(first) + (group.duration_minutes || 120) * 60_000).toISOString(),
        rrule: parseRule(group.rrule).ok ? group.rrule.replace(/^RRULE:/i, '').toUpperCase() : 'FREQ=WEEKLY;COUNT=1',
        exdates: cancelled.map((e) => e.original),
        overrides: valid.filter((e) => e.kind === 'moved' && e.start && e.end).map((e) => ({
          original: e.original, start: e.start as string, end: e.end as string, description: req.t('events.meetings.reasonShown', { reason: e.reason }),
        })),
        summary: req.t('events.meetings.summary', { group: group.name }),
        description: [group.rhythm, ...cancelled.filter((e) => e.original >= nowIso()).map((e) => req.t('events.meetings.cancelledList', { when: formatDay(e.original, req.locale), reason: e.reason })), `${base}/groups/${group.slug}`].filter(Boolean).join('\n'),
        location: group.area,
        url: `${base}/groups/${group.slug}`,
        updatedAt: group.updated_at,
      });
    }
    const own = await events.eventsOfGroup(deps.db, group.id, new Date(Date.now() - 30 * 86_400_000).toISOString(), 200);
    const organiser: Organiser = { kind: 'group', id: group.id, slug: group.slug, name: group.name, url: `/groups/${group.slug}` };
    return sendIcs(reply, renderCalendar({ name: req.t('events.meetings.calendarName', { group: group.name }), series, events: own.map((e) => calendarEvent(e, organiser, req.t, false)) }), group.slug);
  });

  function meetingItems(list: ReturnType<typeof nextMeetings>, showPlace: boolean): MeetingItem[] {
    return list.map((m) => ({ start: m.start, end: m.end, original: m.original, status: m.status, reason: m.reason, place: showPlace ? m.place : '' }));
  }

  function scheduleValues(group: { rrule: string; start_time: string; duration_minutes: number }): ScheduleValues {
    const simple = readRule(group.rrule);
    return {
      pattern: simple?.pattern ?? '', weekday: simple?.weekday ?? 'TU', nth: simple?.nth ?? '1', startTime: group.start_time, duration: group.duration_minutes ? String(group.duration_minutes) : '120',
      rule: simple || !group.rrule ? '' : group.rrule,
    };
  }

  async function renderMeetings(req: FastifyRequest, reply: FastifyReply, slug: string, extra: { scheduleErrors?: FieldProblem[]; schedule?: ScheduleValues; exceptionErrors?: FieldProblem[]; exceptionFor?: string; exceptionValues?: Record<string, string> } = {}) {
    const { group, facts } = await loadGroup(req, slug);
    policy.ensureCanManageMeetings(req.actor, facts);
    const meetings = meetingItems(await events.upcomingMeetings(deps.db, group, 12), true);
    const errors = [...(extra.scheduleErrors ?? []), ...(extra.exceptionErrors ?? [])];
    return sendHtml(reply, (
      <MeetingsScreen ctx={page(req, reply)} group={{ slug: group.slug, name: group.name, rhythm: group.rhythm }} schedule={extra.schedule ?? scheduleValues(group)} meetings={meetings}
        scheduleErrors={extra.scheduleErrors ?? []} exceptionErrors={extra.exceptionErrors ?? []} exceptionFor={extra.exceptionFor ?? ''} exceptionValues={extra.exceptionValues ?? {}} />
    ), errors.length ? 400 : 200);
  }

  app.get('/groups/:slug/meetings', { schema: { params: SlugParams } }, async (req, reply) => renderMeetings(req, reply, req.params.slug));

  app.post('/groups/:slug/meetings/schedule', { schema: { params: SlugParams, body: schema.scheduleForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, facts } = await loadGroup(req, req.params.slug);
    policy.ensureCanManageMeetings(req.actor, facts);
    const { values, errors } = schema.scheduleForm.parse(req.body, req.t);
    const duration = Number(values.duration);
    if (!errors.some((e) => e.field === 'duration') && (duration < 15 || duration > 600)) errors.push({ field: 'duration', message: req.t('events.meetings.durationRange') });
    let rule = values.rule.trim().toUpperCase().replace(/^RRULE:/, '');
    if (!rule) {
      if (!values.pattern) errors.push({ field: 'pattern', message: req.t('events.meetings.patternNeeded') });
      else rule = buildRule(values.pattern as Pattern, values.weekday || 'TU', values.nth || '1');
    }
    if (rule && errors.length === 0) {
      const problem = ruleProblem(rule, values.startTime);
      if (problem) errors.push({ field: values.rule ? 'rule' : 'pattern', message: req.t(problem === 'never' ? 'events.meetings.ruleNever' : 'events.meetings.ruleSyntax') });
    }
    if (errors.length) {
      return renderMeetings(req, reply, req.params.slug, { scheduleErrors: errors, schedule: { pattern: values.pattern, weekday: values.weekday, nth: values.nth, startTime: values.startTime, duration: values.duration, rule: values.rule } });
    }
    const startTime = values.startTime.replace('.', ':').padStart(5, '0');
    const endWall = new Date(Date.UTC(2000, 0, 1, Number(startTime.slice(0, 2)), Number(startTime.slice(3, 5)) + duration)).toISOString().slice(11, 16);
    const simple = readRule(rule);
    const weekdayIndex = simple ? ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(simple.weekday) + 1 : 0;
    // The rhythm in words is written in the language of the person saving it (stored as they read it).
    const t = req.t;
    const weekday = weekdayIndex ? t(`events.weekday.${weekdayIndex}` as never) : '';
    const params = { weekday, start: startTime, end: endWall, nth: simple?.nth ?? '' };
    const rhythm = !simple ? t('events.meetings.rhythmCustom', params)
      : simple.pattern === 'weekly' ? t('events.meetings.rhythmWeekly', params)
        : simple.pattern === 'fortnightly' ? t('events.meetings.rhythmFortnightly', params)
          : simple.nth === '-1' ? t('events.meetings.rhythmMonthlyLast', params) : t('events.meetings.rhythmMonthly', params);
    await directoryPort.saveSchedule({ actor: req.actor, group, schedule: { rrule: rule, startTime, durationMinutes: duration, rhythm } });
    setFlash(reply, 'events.meetings.scheduleSaved');
    return seeOther(reply, `/groups/${group.slug}/meetings`);
  });

  app.post('/groups/:slug/meetings/exceptions', { schema: { params: SlugParams, body: schema.exceptionForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, facts } = await loadGroup(req, req.params.slug);
    policy.ensureCanManageMeetings(req.actor, facts);
    const { values, errors } = schema.exceptionForm.parse(req.body, req.t);
    const upcoming = await events.upcomingMeetings(deps.db, group, 60, new Date(Date.now() - 86_400_000).toISOString());
    const meeting = upcoming.find((m) => m.original === values.original);
    if (!meeting && !errors.some((e) => e.field === 'original')) errors.push({ field: 'kind', message: req.t('events.meetings.unknownMeeting') });
    let start: string | null = null;
    let end: string | null = null;
    if (values.kind === 'moved' && errors.length === 0) {
      start = values.date && values.startTime ? (localToIso(values.date, values.startTime) ?? null) : null;
      end = values.date && values.endTime ? (localToIso(values.date, values.endTime) ?? null) : null;
      if (!start || !end) errors.push({ field: 'date', message: req.t('events.meetings.movedNeedsTime') });
      else if (end <= start) errors.push({ field: 'endTime', message: req.t('events.form.endBeforeStart') });
    }
    if (errors.length || !meeting) {
      const i = upcoming.findIndex((m) => m.original === values.original);
      // Field ids are per meeting on the page; the summary links to the first field of this meeting's form.
      const local = errors.map((e) => ({ ...e, field: `m${Math.max(0, i)}-${e.field === 'original' ? 'kind' : e.field}` }));
      return renderMeetings(req, reply, req.params.slug, { exceptionErrors: local, exceptionFor: values.original, exceptionValues: { kind: values.kind, date: values.date, startTime: values.startTime, endTime: values.endTime, place: values.place, reason: values.reason } });
    }
    await events.setException(deps, { group, original: meeting.original, kind: values.kind as 'cancelled' | 'moved', start, end, place: values.kind === 'moved' ? values.place : '', reason: values.reason, actorId: req.actor.id });
    setFlash(reply, 'events.meetings.exceptionSaved');
    return seeOther(reply, `/groups/${group.slug}/meetings`);
  });

  app.post('/groups/:slug/meetings/exceptions/undo', { schema: { params: SlugParams, body: Type.Object({ original: Type.Optional(Type.String({ maxLength: 40 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (req, reply) => {
    const { group, facts } = await loadGroup(req, req.params.slug);
    policy.ensureCanManageMeetings(req.actor, facts);
    const exception = (await events.exceptionsOf(deps.db, group.id)).find((e) => e.original === req.body.original);
    if (exception) await events.removeException(deps.db, group.id, exception.id);
    setFlash(reply, 'events.meetings.undone');
    return seeOther(reply, `/groups/${group.slug}/meetings`);
  });

  // --- My registrations -------------------------------------------------------------------------------------
  async function renderMine(req: FastifyRequest, reply: FastifyReply, newFeedUrl: string | null) {
    policy.ensureCanHaveEventSettings(req.actor);
    const mine = await events.registrationsOfUser(deps.db, req.actor.id, nowIso());
    const settings = await events.settingsOf(deps.db, req.actor.id);
    const items = mine.map(({ event, registration }) => ({
      id: event.id, title: event.title, startsAt: event.starts_at, endsAt: event.ends_at, status: registration.status, cancelled: event.status === 'cancelled',
      registrationPath: events.registrationPath(deps, registration.id),
    }));
    return sendHtml(reply, <MyEventsScreen ctx={page(req, reply)} items={items} reminders={settings.reminders} hasFeed={settings.hasFeed} newFeedUrl={newFeedUrl} />);
  }

  app.get('/events/mine', async (req, reply) => renderMine(req, reply, null));

  app.post('/events/mine/settings', { schema: { body: schema.settingsForm.schema }, attachValidation: true }, async (req, reply) => {
    policy.ensureCanHaveEventSettings(req.actor);
    const { values } = schema.settingsForm.parse(req.body, req.t);
    await events.setReminders(deps.db, req.actor.id, values.reminders);
    setFlash(reply, values.reminders ? 'events.mine.remindersOn' : 'events.mine.remindersOff');
    return seeOther(reply, '/events/mine');
  });

  app.post('/events/mine/feed', async (req, reply) => {
    policy.ensureCanHaveEventSettings(req.actor);
    const token = await events.renewFeed(deps.db, req.actor.id);
    // Shown once, on this answer; never stored in clear or put into a redirect URL.
    return renderMine(req, reply, `${base}/events/feed/${token}.ics`);
  });

  app.post('/events/mine/feed/revoke', async (req, reply) => {
    policy.ensureCanHaveEventSettings(req.actor);
    await events.revokeFeed(deps.db, req.actor.id);
    setFlash(reply, 'events.mine.feedRevoked');
    return seeOther(reply, '/events/mine');
  });

  // --- Creating and editing -----------------------------------------------------------------------------------
  async function organiserFromBody(req: FastifyRequest, rawOrganiser: string | undefined): Promise<Organiser> {
    const [kind = '', slug = ''] = (rawOrganiser ?? '').split(':');
    const organiser = await events.findOrganiser(deps.db, kind, slug);
    if (!organiser) throw notFound('organiser_not_found');
    const isOrganiser = await events.organiserRelation(deps.db, req.actor, { groupId: organiser.kind === 'group' ? organiser.id : null, organisationId: organiser.kind === 'organisation' ? organiser.id : null });
    policy.ensureCanOrganise(req.actor, isOrganiser);
    return organiser;
  }

  app.get('/events/new', { schema: { querystring: NewQuery } }, async (req, reply) => {
    policy.ensureCanStartEvent(req.actor);
    const kind = req.query.group ? 'group' : req.query.organisation ? 'organisation' : '';
    if (!kind) {
      const choices = await events.organiserChoices(deps.db, req.actor, policy.canOrganiseForEveryOrganisation(req.actor));
      return sendHtml(reply, <ChooseOrganiserScreen ctx={page(req, reply)} choices={choices} />);
    }
    const organiser = await organiserFromBody(req, `${kind}:${req.query.group ?? req.query.organisation}`);
    return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={organiser} values={emptyValues()} errors={[]} topics={await topicOptions(req.locale)} eventId={null} />);
  });

  app.post('/events/new', { schema: { body: schema.eventFormSchema }, attachValidation: true }, async (req, reply) => {
    const organiser = await organiserFromBody(req, (req.body as { organiser?: string } | undefined)?.organiser);
    const topicMap = await topics();
    const { values, input, errors } = readEventForm(req.body, req.t, (s) => topicMap.has(s), true);
    if (errors.length) {
      return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={organiser} values={values} errors={errors} topics={await topicOptions(req.locale)} eventId={null} />, 400);
    }
    const id = await events.createEvent(deps, { actorId: req.actor.kind === 'user' ? req.actor.id : null, organiser, input });
    setFlash(reply, 'events.form.created');
    return seeOther(reply, `/events/${id}`);
  });

  async function ownerOf(event: EventItem): Promise<Organiser> {
    const organiser = (await events.organisersOf(deps.db, [event])).get(event.id);
    if (!organiser) throw notFound('organiser_not_found');
    return organiser;
  }

  app.get('/events/:id/edit', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanManageEvent(req.actor, rel);
    return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={await ownerOf(event)} values={valuesOf(event)} errors={[]} topics={await topicOptions(req.locale)} eventId={event.id} />);
  });

  app.post('/events/:id/edit', { schema: { params: schema.IdParams, body: schema.eventFormSchema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanManageEvent(req.actor, rel);
    const topicMap = await topics();
    const { values, input, errors } = readEventForm(req.body, req.t, (s) => topicMap.has(s), false);
    if (errors.length === 0 && !(await events.updateEvent(deps, event, input))) {
      const taken = (await events.getEvent(deps.db, event.id))?.taken ?? event.taken;
      errors.push({ field: 'capacity', message: req.t('events.form.capacityBelowTaken', { count: taken }) });
    }
    if (errors.length) {
      return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={await ownerOf(event)} values={values} errors={errors} topics={await topicOptions(req.locale)} eventId={event.id} />, 400);
    }
    setFlash(reply, 'events.form.saved');
    return seeOther(reply, `/events/${event.id}`);
  });

  app.get('/events/:id/cancel', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanManageEvent(req.actor, rel);
    return sendHtml(reply, <CancelEventScreen ctx={page(req, reply)} event={event} errors={[]} reason="" />);
  });

  app.post('/events/:id/cancel', { schema: { params: schema.IdParams, body: schema.cancelEventForm.schema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanManageEvent(req.actor, rel);
    const { values, errors } = schema.cancelEventForm.parse(req.body, req.t);
    if (errors.length) return sendHtml(reply, <CancelEventScreen ctx={page(req, reply)} event={event} errors={errors} reason={values.reason} />, 400);
    const told = await events.cancelEvent(deps, event, values.reason);
    setFlash(reply, 'events.cancel.done', { count: told });
    return seeOther(reply, `/events/${event.id}`);
  });

  // --- Participants (organisers only) ----------------------------------------------------------------------------
  app.get('/events/:id/participants', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanSeeParticipants(req.actor, rel);
    return sendHtml(reply, <ParticipantsScreen ctx={page(req, reply)} event={event} people={await events.participants(deps.db, event.id)} approval={event.registration === 'approval'} />);
  });

  app.get('/events/:id/participants.csv', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanSeeParticipants(req.actor, rel);
    const people = await events.participants(deps.db, event.id);
    const rows = [
      [req.t('events.participants.name'), req.t('events.participants.email'), req.t('events.participants.status'), req.t('events.participants.registeredAt')],
      ...people.map((p) => [p.name, p.email, req.t(`events.status.${p.status}` as never), p.registeredAt]),
    ];
    return sendDownload(reply, { filename: 'anmeldungen.csv', type: 'text/csv', body: toCsv(rows) });
  });

  app.post('/events/:id/participants/:rid', { schema: { params: RegParams, body: schema.decisionForm.schema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    policy.ensureCanSeeParticipants(req.actor, rel);
    const registration = await events.getRegistration(deps.db, req.params.rid);
    if (!registration || registration.event_id !== event.id) throw notFound('registration_not_found');
    const { values, errors } = schema.decisionForm.parse(req.body, req.t);
    if (errors.length === 0) await events.decide(deps, registration, values.decision === 'admit');
    setFlash(reply, 'events.participants.decided');
    return seeOther(reply, `/events/${event.id}/participants`);
  });

  // --- The event page and registering ------------------------------------------------------------------------------
  async function eventView(req: FastifyRequest, event: EventItem, rel: events.EventRelation): Promise<{ view: EventView; jsonLd: string }> {
    const organiser = (await events.organisersOf(deps.db, [event])).get(event.id);
    const topicMap = await topics();
    const state = events.registrationState(event);
    const exact = policy.canSeeExactPlace(req.actor, rel);
    const manage = policy.canManageEvent(req.actor, rel);
    const view: EventView = {
      id: event.id, title: event.title, description: event.description, startsAt: event.starts_at, endsAt: event.ends_at, format: event.format, area: event.area,
      address: exact && event.address ? event.address : null, onlineUrl: exact && event.online_url ? event.online_url : null,
      accessibility: splitList(event.accessibility), audience: event.audience, topics: event.topics.map((s) => topicMap.get(s)?.name[req.locale] ?? s),
      organiser: organiser ?? null, contact: { name: event.contact_name, role: event.contact_role, phone: event.contact_phone, email: event.contact_email },
      cancelled: event.status === 'cancelled', cancelReason: event.cancel_reason,
      registration: { mode: event.registration, capacity: event.capacity, placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - event.taken), deadline: event.deadline, state },
      myStatus: rel.registration?.status ?? null,
      myRegistrationPath: rel.registration ? events.registrationPath(deps, rel.registration.id) : null,
      participantCount: manage ? (await events.participants(deps.db, event.id)).length : 0,
      can: {
        manage,
        registerAsMember: policy.canRegisterAsMember(req.actor, state),
        registerAsVisitor: policy.canRegisterAsVisitor(req.actor, state),
      },
    };
    return { view, jsonLd: eventJsonLd(base, event, organiser) };
  }

  app.get('/events/:id', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    const { view, jsonLd } = await eventView(req, event, rel);
    return sendHtml(reply, <EventScreen ctx={page(req, reply)} e={view} jsonLd={jsonLd} share={{ url: `${deps.config.baseUrl.replace(/\/$/, '')}/events/${view.id}`, title: view.title }} />);
  });

  const registerBody = Type.Object({ ...schema.visitorForm.schema.properties });
  app.post('/events/:id/register', { schema: { params: schema.IdParams, body: registerBody }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req.params.id, req.actor);
    const state = events.registrationState(event);
    const render = async (errors: FieldProblem[], values: Record<string, string | boolean>, offerWaitlist = false, status = 400) => {
      const fresh = (await events.getEvent(deps.db, event.id)) ?? event;
      const { view, jsonLd } = await eventView(req, fresh, await events.relationToEvent(deps.db, req.actor, fresh));
      return sendHtml(reply, <EventScreen ctx={page(req, reply)} e={view} jsonLd={jsonLd} errors={errors} values={values} offerWaitlist={offerWaitlist} />, status);
    };
    if (req.actor.kind === 'user') {
      // Members always reach the service, which answers a closed event with a message at the form.
      policy.ensureCanRegisterAsMember(req.actor, state === 'closed' || state === 'past' || state === 'cancelled' || state === 'none' ? 'open' : state);
      const { values } = schema.memberRegisterForm.parse(req.body, req.t);
      if (events.isActive(rel.registration)) return render([{ field: 'registration', message: req.t('events.register.already') }], {});
      const outcome = await events.register(deps, { event, who: { userId: req.actor.id, name: '', email: null, locale: req.locale }, waitlist: values.waitlist });
      return afterRegister(req, reply, event.id, outcome.kind, render);
    }
    const { values, errors } = schema.visitorForm.parse(req.body, req.t);
    if (values.website) return seeOther(reply, `/events/${event.id}`);
    if (!policy.canRegisterAsVisitor(req.actor, state)) return render([{ field: 'registration', message: req.t('events.register.closed') }], values);
    if (errors.length) return render(errors, values);
    if (!(await deps.throttle.hit(`event-register:ip:${req.ip}`, REGISTER_PER_HOUR_VISITOR, HOUR))) return render([{ field: 'email', message: req.t('events.register.tooMany') }], values);
    const outcome = await events.register(deps, { event, who: { userId: null, name: values.name, email: values.email, locale: req.locale }, waitlist: true });
    return afterRegister(req, reply, event.id, outcome.kind, (errs) => render(errs, values));
  });

  async function afterRegister(req: FastifyRequest, reply: FastifyReply, eventId: string, kind: events.RegisterOutcome['kind'], render: (errors: FieldProblem[], values: Record<string, string | boolean>, offerWaitlist?: boolean) => Promise<FastifyReply>) {
    if (kind === 'confirmed' || kind === 'waiting' || kind === 'pending' || kind === 'mailed') {
      const flash = { confirmed: 'events.register.done', waiting: 'events.register.waiting', pending: 'events.register.pending', mailed: 'events.register.mailed' } as const;
      setFlash(reply, flash[kind], {}, kind === 'mailed' ? 'info' : 'success');
      return seeOther(reply, `/events/${eventId}`);
    }
    if (kind === 'already') return render([{ field: 'registration', message: req.t('events.register.already') }], {});
    if (kind === 'full') return render([{ field: 'registration', message: req.t('events.register.full') }], {}, true);
    return render([{ field: 'registration', message: req.t('events.register.closed') }], {});
  }

  // --- A registration through its mail link (or the member's account) --------------------------------------------------
  async function loadRegistration(req: FastifyRequest, id: string, key: string | undefined) {
    const registration = await events.getRegistration(deps.db, id);
    const keyValid = !!registration && events.registrationKeyMatches(deps, registration.id, key);
    policy.ensureCanHandleRegistration(req.actor, registration, keyValid);
    const event = (await events.getEvent(deps.db, registration!.event_id))!;
    return { registration: registration!, event };
  }

  app.get('/events/registrations/:id', { schema: { params: schema.IdParams, querystring: KeyQuery } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { registration, event } = await loadRegistration(req, req.params.id, req.query.key);
    const exact = policy.canSeeExactPlaceWithKey(registration.status);
    return sendHtml(reply, (
      <RegistrationScreen ctx={page(req, reply)} status={registration.status} registrationId={registration.id} keyValue={events.registrationKey(deps, registration.id)}
        event={{ id: event.id, title: event.title, startsAt: event.starts_at, endsAt: event.ends_at, address: exact && event.address ? event.address : null, onlineUrl: exact && event.online_url ? event.online_url : null }} />
    ));
  });

  app.post('/events/registrations/:id/confirm', { schema: { params: schema.IdParams, body: schema.KeyBody } }, async (req, reply) => {
    const { registration } = await loadRegistration(req, req.params.id, req.body.key);
    const outcome = await events.confirmVisitor(deps, registration);
    setFlash(reply, outcome === 'closed' ? 'events.register.closed' : outcome === 'waiting' ? 'events.register.waiting' : outcome === 'pending' ? 'events.register.pending' : 'events.registrationPage.confirmedDone');
    return seeOther(reply, events.registrationPath(deps, registration.id));
  });

  app.post('/events/registrations/:id/cancel', { schema: { params: schema.IdParams, body: schema.KeyBody } }, async (req, reply) => {
    const { registration } = await loadRegistration(req, req.params.id, req.body.key);
    await events.cancelRegistration(deps, registration);
    setFlash(reply, 'events.register.cancelled');
    return seeOther(reply, req.actor.kind === 'user' && registration.user_id === req.actor.id ? '/events/mine' : events.registrationPath(deps, registration.id));
  });
};
