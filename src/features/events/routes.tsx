// HTTP of events and meetings. Each handler: validate → load → ensure → command → render or redirect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import type { DomainEvents } from '../../platform/domain-events.ts';
import type { Locale } from '../../db/types.ts';
import { guardianOf, pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { VisitorPageCache } from '../../platform/page-cache.ts';
import { notFound, type FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { localToIso } from '../../platform/recurrence.ts';
import { nowIso, today } from '../../platform/time.ts';
import * as directory from '../directory/index.ts';
import type { DirectoryPort } from '../directory/index.ts';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as events from './service.ts';
import type { EventItem, Organiser } from './service.ts';
import { PAGE_SIZE } from './model.ts';
import { sendDownload, toCsv } from '../../platform/download.ts';
import { parseList, listQuery, type ParsedList } from './filters.ts';
import { renderCalendar, renderCalendarInSlices, type CalendarSeries } from './ical.ts';
import { readEventForm, readScheduleForm } from './form.ts';
import { calendarEvent, emptyEventValues, presentEvent, eventFormValues, eventJsonLd, groupSeries, localCard, meetingItems, scheduleValues } from './presenters.ts';
import { CalendarCache } from './ics-cache.ts';
import { CALENDAR_LIMIT, createListCache } from './list-cache.ts';
import { EventIndexCache, covers, findInIndex } from './event-index.ts';
import {
  CancelEventScreen, ChooseOrganiserScreen, EventFormScreen, EventScreen, ListScreen, MeetingsScreen, MyEventsScreen, ParticipantsScreen, RegistrationScreen,
  type EventCard, type EventView, type ListView, type ScheduleValues,
} from './views.tsx';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const RegParams = Type.Object({ id: Type.String({ maxLength: 64 }), rid: Type.String({ maxLength: 64 }) });
const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) });
const NewQuery = Type.Object({ group: Type.Optional(Type.String({ maxLength: 120 })), organisation: Type.Optional(Type.String({ maxLength: 120 })) });
const REGISTER_PER_HOUR_VISITOR = 10;
const HOUR = 3_600_000;

/** Topic names in the reader's language, re-read from the directory at most once a minute. */
function topicCache(deps: Deps) {
  let loaded: { at: number; topics: Awaited<ReturnType<typeof directory.loadTopics>> } | undefined;
  return async () => {
    if (!loaded || Date.now() - loaded.at > 60_000) loaded = { at: Date.now(), topics: await directory.loadTopics(deps.db) };
    return loaded.topics;
  };
}

export const eventsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; directoryPort: DirectoryPort; events: DomainEvents }> = async (app, { deps, directoryPort, events: domainEvents }) => {
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

  async function loadEvent(req: FastifyRequest, id: string) {
    const event = await events.getEvent(deps.db, id);
    if (!event) throw notFound('event_not_found');
    const rel = await events.relationToEvent(deps, guardianOf(req, deps), event);
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

  const indexes = new EventIndexCache(deps.db);
  const lists = createListCache(deps, indexes);
  const calendars = new CalendarCache();
  // Whole list and month pages as visitors see them (compressed, with ETag and 304), by address,
  // language and the list's stamp; a visitor's list has no form that posts, so nothing of the person.
  const visitorPages = new VisitorPageCache(4 * 1024 * 1024);
  // Lists and calendars name each event's organiser: a renamed group must not wait for the next event
  // change — in this process or any other (the event travels over the live bus on PostgreSQL).
  domainEvents.onEveryProcess('group.changed', () => {
    lists.clear();
    calendars.clear();
    visitorPages.clear();
  });

  /**
   * The list or month as the reader sees it, and its stamp: what the page shows besides the address
   * and language (the kept list's events version and minute, the places taken of the events shown,
   * the organisers and topics offered, the group filtered by).
   */
  async function listView(req: FastifyRequest, parsed: ParsedList): Promise<ListView & { stamp: string }> {
    const owners = await resolveOwnerFilters(parsed);
    parsed.errors = parsed.errors.filter((e) => e.field !== 'group');
    const month = parsed.form.view === 'month';
    const cached = await lists.get(parsed, owners, month);
    const { found, organisers } = cached;
    const topicNames = await topics();
    const toCard = (e: EventItem) => localCard(e, organisers.get(e.id), (s) => topicNames.get(s)?.name[req.locale]);
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
    const options = await topicOptions(req.locale);
    const stamp = [cached.version, cards.map((c) => `${c.placesLeft}:${c.state}`).join(','), orgs.map((o) => `${o.slug}=${o.name}`).join(','), options.length, owners.groupName ?? ''].join('|');
    return {
      stamp,
      form: parsed.form, errors: parsed.errors, items: cards, total: found.total, perPage: PAGE_SIZE, topics: options,
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
    return visitorPages.send(req, reply, view.stamp, async () => ({ html: <ListScreen ctx={page(req, reply)} view={view} />, status: view.errors.length ? 400 : 200 }));
  });

  // --- Calendars -------------------------------------------------------------------------------------
  const sendIcs = (reply: FastifyReply, body: string, name: string) =>
    sendDownload(reply, { filename: `${name}.ics`, type: 'text/calendar', body, inline: true });

  const toCalendar = (e: events.EventRow, organiser: Organiser | undefined, t: Translator, exact: boolean) => calendarEvent(base, e, organiser, t, exact);

  /**
   * The events of a calendar: found in the process's index and read a slice of rows at a time with a
   * turn of the event loop between (5 000 whole rows at once held the loop for long); without topics.
   */
  async function calendarEvents(filter: events.EventFilter, eventsVersion: string, t: Translator) {
    const index = await indexes.get(eventsVersion);
    if (!covers(index, filter)) {
      const found = await events.findEvents(deps.db, { ...filter, perPage: CALENDAR_LIMIT, page: 1 });
      const organisers = await events.organisersOf(deps.db, found.items);
      return found.items.map((e) => toCalendar(e, organisers.get(e.id), t, false));
    }
    const ids = (await findInIndex(deps.db, index, filter)).slice(0, CALENDAR_LIMIT).map((i) => index.ids[i] as string);
    const out = [];
    for (let i = 0; i < ids.length; i += 250) {
      if (i) await new Promise((resolve) => setImmediate(resolve));
      const rows = await events.eventRows(deps.db, ids.slice(i, i + 250));
      const organisers = await events.organisersOf(deps.db, rows);
      for (const e of rows) out.push(toCalendar(e, organisers.get(e.id), t, false));
    }
    return out;
  }

  app.get('/calendar.ics', { schema: { querystring: schema.ListPageQuery }, attachValidation: true }, async (req, reply) => {
    const eventsVersion = await events.eventsVersion(deps.db);
    const version = `${eventsVersion}|${today()}`;
    const key = `${req.locale}|${req.url}`;
    const tag = CalendarCache.tag(version, key);
    reply.header('etag', tag);
    if (req.headers['if-none-match'] === tag) return reply.status(304).send();
    const hit = calendars.get(key, version);
    if (hit) return calendars.send(req, reply, hit, 'miteinander.ics');
    const topicMap = await topics();
    const parsed = parseList({ ...(req.query ?? {}), view: 'list' } as Record<string, unknown>, req.t, (s) => topicMap.has(s));
    if (parsed.errors.length) {
      return reply.status(400).header('content-type', 'text/plain; charset=utf-8').send(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    }
    const t = req.t;
    const entry = await calendars.write(key, version, async () => {
      const owners = await resolveOwnerFilters(parsed);
      return renderCalendarInSlices({ name: t('events.title'), events: await calendarEvents({ ...parsed.filter, groupId: owners.groupId, organisationId: owners.organisationId }, eventsVersion, t) });
    });
    return calendars.send(req, reply, entry, 'miteinander.ics');
  });

  app.get('/events/:id.ics', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    const organisers = await events.organisersOf(deps.db, [event]);
    const exact = policy.canSeeExactPlace(req.actor, rel);
    return sendIcs(reply, renderCalendar({ name: event.title, events: [toCalendar(event, organisers.get(event.id), req.t, exact)] }), 'veranstaltung');
  });

  app.get('/events/feed/:token.ics', { schema: { params: TokenParams } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const userId = await events.userOfFeed(deps.db, req.params.token);
    if (!userId) throw notFound('feed_not_found');
    const mine = await events.registrationsOfUser(deps.db, userId, new Date(Date.now() - 90 * 86_400_000).toISOString());
    const organisers = await events.organisersOf(deps.db, mine.map((m) => m.event));
    const items = mine.map(({ event, registration }) => toCalendar(event, organisers.get(event.id), req.t, registration.status === 'confirmed'));
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
    const one = groupSeries(base, group, events.scheduleOf(group), await events.exceptionsOf(deps.db, group.id), req.t, req.locale);
    if (one) series.push(one);
    const own = await events.eventsOfGroup(deps.db, group.id, new Date(Date.now() - 30 * 86_400_000).toISOString(), 200);
    const organiser: Organiser = { kind: 'group', id: group.id, slug: group.slug, name: group.name, url: `/groups/${group.slug}` };
    return sendIcs(reply, renderCalendar({ name: req.t('events.meetings.calendarName', { group: group.name }), series, events: own.map((e) => toCalendar(e, organiser, req.t, false)) }), group.slug);
  });

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
    // The rhythm in words is written in the language of the person saving it (stored as they read it).
    const { values, errors, schedule } = readScheduleForm(req.body, req.t);
    if (errors.length || !schedule) return renderMeetings(req, reply, req.params.slug, { scheduleErrors: errors, schedule: values });
    await directoryPort.saveSchedule({ actor: req.actor, group, schedule });
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
    await events.setException(deps, { actor: req.actor, group, original: meeting.original, kind: values.kind as 'cancelled' | 'moved', start, end, place: values.kind === 'moved' ? values.place : '', reason: values.reason });
    setFlash(reply, 'events.meetings.exceptionSaved');
    return seeOther(reply, `/groups/${group.slug}/meetings`);
  });

  app.post('/groups/:slug/meetings/exceptions/undo', { schema: { params: SlugParams, body: Type.Object({ original: Type.Optional(Type.String({ maxLength: 40 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (req, reply) => {
    const { group, facts } = await loadGroup(req, req.params.slug);
    policy.ensureCanManageMeetings(req.actor, facts);
    if (req.body.original) await events.removeException(deps, { actor: req.actor, groupId: group.id, original: req.body.original });
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
    const isOrganiser = await events.organiserRelation(deps, guardianOf(req, deps), { groupId: organiser.kind === 'group' ? organiser.id : null, organisationId: organiser.kind === 'organisation' ? organiser.id : null });
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
    return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={organiser} values={emptyEventValues()} errors={[]} topics={await topicOptions(req.locale)} eventId={null} />);
  });

  app.post('/events/new', { schema: { body: schema.eventFormSchema }, attachValidation: true }, async (req, reply) => {
    const organiser = await organiserFromBody(req, (req.body as { organiser?: string } | undefined)?.organiser);
    const topicMap = await topics();
    const { values, input, errors } = readEventForm(req.body, req.t, (s) => topicMap.has(s), true);
    if (errors.length) {
      return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={organiser} values={values} errors={errors} topics={await topicOptions(req.locale)} eventId={null} />, 400);
    }
    const id = await events.createEvent(deps, { actor: req.actor, organiser, input });
    setFlash(reply, 'events.form.created');
    return seeOther(reply, `/events/${id}`);
  });

  async function ownerOf(event: EventItem): Promise<Organiser> {
    const organiser = (await events.organisersOf(deps.db, [event])).get(event.id);
    if (!organiser) throw notFound('organiser_not_found');
    return organiser;
  }

  app.get('/events/:id/edit', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanManageEvent(req.actor, rel);
    return sendHtml(reply, <EventFormScreen ctx={page(req, reply)} organiser={await ownerOf(event)} values={eventFormValues(event)} errors={[]} topics={await topicOptions(req.locale)} eventId={event.id} />);
  });

  app.post('/events/:id/edit', { schema: { params: schema.IdParams, body: schema.eventFormSchema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanManageEvent(req.actor, rel);
    const topicMap = await topics();
    const { values, input, errors } = readEventForm(req.body, req.t, (s) => topicMap.has(s), false);
    if (errors.length === 0 && !(await events.updateEvent(deps, { actor: req.actor, event, input }))) {
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
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanManageEvent(req.actor, rel);
    return sendHtml(reply, <CancelEventScreen ctx={page(req, reply)} event={event} errors={[]} reason="" />);
  });

  app.post('/events/:id/cancel', { schema: { params: schema.IdParams, body: schema.cancelEventForm.schema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanManageEvent(req.actor, rel);
    const { values, errors } = schema.cancelEventForm.parse(req.body, req.t);
    if (errors.length) return sendHtml(reply, <CancelEventScreen ctx={page(req, reply)} event={event} errors={errors} reason={values.reason} />, 400);
    const told = await events.cancelEvent(deps, { actor: req.actor, event, reason: values.reason });
    setFlash(reply, 'events.cancel.done', { count: told });
    return seeOther(reply, `/events/${event.id}`);
  });

  // --- Participants (organisers only) ----------------------------------------------------------------------------
  app.get('/events/:id/participants', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanSeeParticipants(req.actor, rel);
    return sendHtml(reply, <ParticipantsScreen ctx={page(req, reply)} event={event} people={await events.participants(deps.db, event.id)} approval={event.registration === 'approval'} />);
  });

  app.get('/events/:id/participants.csv', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanSeeParticipants(req.actor, rel);
    const people = await events.participants(deps.db, event.id);
    const rows = [
      [req.t('events.participants.name'), req.t('events.participants.email'), req.t('events.participants.status'), req.t('events.participants.registeredAt')],
      ...people.map((p) => [p.name, p.email, req.t(`events.status.${p.status}` as never), p.registeredAt]),
    ];
    return sendDownload(reply, { filename: 'anmeldungen.csv', type: 'text/csv', body: toCsv(rows) });
  });

  app.post('/events/:id/participants/:rid', { schema: { params: RegParams, body: schema.decisionForm.schema }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    policy.ensureCanSeeParticipants(req.actor, rel);
    const registration = await events.getRegistration(deps.db, req.params.rid);
    if (!registration || registration.event_id !== event.id) throw notFound('registration_not_found');
    const { values, errors } = schema.decisionForm.parse(req.body, req.t);
    if (errors.length === 0) await events.decide(deps, { actor: req.actor, registration, admit: values.decision === 'admit' });
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
    const participantCount = manage ? (await events.participants(deps.db, event.id)).length : 0;
    const view = presentEvent(event, {
      organiser, topicName: (slug) => topicMap.get(slug)?.name[req.locale], participantCount,
      myRegistrationPath: rel.registration ? events.registrationPath(deps, rel.registration.id) : null, myStatus: rel.registration?.status ?? null,
      can: { exactPlace: exact, manage, registerAsMember: policy.canRegisterAsMember(req.actor, state), registerAsVisitor: policy.canRegisterAsVisitor(req.actor, state) },
    });
    return { view, jsonLd: eventJsonLd(base, event, organiser) };
  }

  app.get('/events/:id', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    const { view, jsonLd } = await eventView(req, event, rel);
    return sendHtml(reply, <EventScreen ctx={page(req, reply)} e={view} jsonLd={jsonLd} share={{ url: `${deps.config.baseUrl.replace(/\/$/, '')}/events/${view.id}`, title: view.title }} />);
  });

  const registerBody = Type.Object({ ...schema.visitorForm.schema.properties });
  app.post('/events/:id/register', { schema: { params: schema.IdParams, body: registerBody }, attachValidation: true }, async (req, reply) => {
    const { event, rel } = await loadEvent(req, req.params.id);
    const state = events.registrationState(event);
    const render = async (errors: FieldProblem[], values: Record<string, string | boolean>, offerWaitlist = false, status = 400) => {
      const fresh = (await events.getEvent(deps.db, event.id)) ?? event;
      const { view, jsonLd } = await eventView(req, fresh, await events.relationToEvent(deps, guardianOf(req, deps), fresh));
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
