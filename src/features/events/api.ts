// The events JSON API under /api/v1: the list with the filters of /events, one event, and registering.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { guardianOf } from '../../platform/http.tsx';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as events from './service.ts';
import * as directory from '../directory/index.ts';
import type { EventItem, Organiser } from './service.ts';
import { parseList } from './filters.ts';
import { PAGE_SIZE, splitList } from './model.ts';

export const eventsApi: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const base = deps.config.baseUrl;

  const summary = (e: EventItem, o: Organiser | undefined) => ({
    id: e.id,
    url: `${base}/events/${e.id}`,
    title: e.title,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    format: e.format,
    area: e.area,
    status: e.status,
    cancelReason: e.cancel_reason,
    audience: e.audience,
    accessibility: splitList(e.accessibility),
    topics: e.topics,
    organiser: o ? { kind: o.kind, slug: o.slug, name: o.name } : { kind: '', slug: '', name: '' },
    registration: {
      mode: e.registration,
      capacity: e.capacity,
      placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.taken),
      deadline: e.deadline,
      state: events.registrationState(e),
    },
  });

  app.get('/api/v1/events', {
    schema: {
      summary: 'List events',
      description: 'The same filters as /events. With `near`, events within `radius` come with those that can be joined from anywhere (online, phone, hybrid).',
      tags: ['events'],
      querystring: schema.ListApiQuery,
      response: { 200: schema.ListResponse },
    },
  }, async (req) => {
    const topics = await directory.loadTopics(deps.db);
    const parsed = parseList({ ...(req.query as Record<string, unknown>), view: 'list' }, req.t, (s) => topics.has(s));
    if (parsed.errors.length) throw badRequest('invalid_filter', parsed.errors);
    const q = req.query;
    const group = q.group ? await directory.getGroupBySlug(deps.db, q.group) : undefined;
    const org = q.organiser ? await directory.getOrganisationBySlug(deps.db, q.organiser) : undefined;
    if (q.group && (!group || group.status === 'proposed')) throw badRequest('invalid_filter', [{ field: 'group', message: req.t('events.error.choice') }]);
    if (q.organiser && !org) throw badRequest('invalid_filter', [{ field: 'organiser', message: req.t('events.error.choice') }]);
    const found = await events.findEvents(deps.db, { ...parsed.filter, groupId: group?.id, organisationId: org?.id, perPage: PAGE_SIZE, page: parsed.form.page });
    const organisers = await events.organisersOf(deps.db, found.items);
    return { items: found.items.map((e) => summary(e, organisers.get(e.id))), total: found.total, page: parsed.form.page, perPage: PAGE_SIZE };
  });

  app.get('/api/v1/events/:id', {
    schema: { summary: 'Read an event', tags: ['events'], params: schema.IdParams, response: { 200: schema.EventDetail } },
  }, async (req) => {
    const event = await events.getEvent(deps.db, req.params.id);
    if (!event) throw notFound('event_not_found');
    const rel = await events.relationToEvent(deps, guardianOf(req, deps), event);
    const exact = policy.canSeeExactPlace(req.actor, rel);
    const organiser = (await events.organisersOf(deps.db, [event])).get(event.id);
    return {
      ...summary(event, organiser),
      description: event.description,
      contact: { name: event.contact_name, role: event.contact_role, phone: event.contact_phone, email: event.contact_email },
      address: exact && event.address ? event.address : null,
      onlineUrl: exact && event.online_url ? event.online_url : null,
      myRegistration: rel.registration?.status ?? null,
    };
  });

  app.post('/api/v1/events/:id/registration', {
    schema: {
      summary: 'Register for an event',
      description: 'For members (session with CSRF token, or a bearer token). A full event answers 409 `event_full` unless `waitlist` is true.',
      tags: ['events'],
      params: schema.IdParams,
      body: schema.RegistrationBody,
      response: { 200: schema.RegistrationResponse },
    },
  }, async (req) => {
    const event = await events.getEvent(deps.db, req.params.id);
    if (!event) throw notFound('event_not_found');
    const state = events.registrationState(event);
    policy.ensureCanRegisterAsMember(req.actor, state === 'open' || state === 'full' ? state : 'open');
    const outcome = await events.register(deps, { event, who: { userId: req.actor.id, name: '', email: null, locale: req.locale }, waitlist: req.body?.waitlist === true });
    if (outcome.kind === 'already') throw new AppError(409, 'already_registered', 'events.register.already');
    if (outcome.kind === 'full') throw new AppError(409, 'event_full', 'events.register.full');
    if (outcome.kind === 'closed') throw new AppError(409, 'registration_closed', 'events.register.closed');
    return { status: outcome.kind };
  });

  app.delete('/api/v1/events/:id/registration', {
    schema: { summary: 'Cancel my registration', tags: ['events'], params: schema.IdParams, response: { 200: schema.RegistrationResponse } },
  }, async (req) => {
    const event = await events.getEvent(deps.db, req.params.id);
    if (!event) throw notFound('event_not_found');
    policy.ensureCanHaveEventSettings(req.actor);
    const rel = await events.relationToEvent(deps, guardianOf(req, deps), event);
    if (!events.isActive(rel.registration)) throw notFound('registration_not_found');
    await events.cancelRegistration(deps, rel.registration);
    return { status: 'cancelled' };
  });
};
