// The directory's JSON API under /api/v1: search, read, and the editing facilitators and staff do.
import { isAcceptableRule } from '../../platform/recurrence-rule.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as directory from './service.ts';
import type { Directory, Group } from './service.ts';
import { relationTo } from './membership.ts';
import { ACCESSIBILITY, AUDIENCES, FORMATS, GROUP_KINDS, LANGUAGES, PAGE_SIZE, STATUSES } from './model.ts';
import { resolvePlace } from '../../platform/geo/index.ts';

const literals = (list: readonly string[]) => Type.Union(list.map((v) => Type.Literal(v)));

const GroupSummary = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  url: Type.String(),
  area: Type.String(),
  distanceKm: Type.Union([Type.Number(), Type.Null()], { description: 'Kilometres from `near`; null without `near` or for groups without a place.' }),
  kind: Type.String(),
  audience: Type.String(),
  formats: Type.Array(Type.String()),
  status: Type.String(),
  accepting: Type.Boolean(),
  topics: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  accessibility: Type.Array(Type.String()),
  rhythm: Type.String(),
  excerpt: Type.String(),
});

const SearchResponse = Type.Object({
  items: Type.Array(GroupSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
  near: Type.Union([Type.Object({ label: Type.String(), region: Type.String(), lat: Type.Number(), lon: Type.Number() }), Type.Null()]),
});

const GroupDetail = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  url: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  audience: Type.String(),
  formats: Type.Array(Type.String()),
  area: Type.String(),
  place: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()], { description: 'Exact meeting place: only for admitted members, facilitators and the region\'s staff.' }),
  rhythm: Type.String(),
  rrule: Type.String(),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  languages: Type.Array(Type.String()),
  accessibility: Type.Array(Type.String()),
  status: Type.String(),
  accepting: Type.Boolean(),
  topics: Type.Array(Type.String()),
  contactPoint: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});

const GroupPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 3, maxLength: 120 })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })),
    kind: Type.Optional(literals(GROUP_KINDS)),
    audience: Type.Optional(literals(AUDIENCES)),
    formats: Type.Optional(Type.Array(literals(FORMATS), { minItems: 1, maxItems: 4, uniqueItems: true })),
    place: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], { description: 'Postcode or place; null for groups without a place.' })),
    area: Type.Optional(Type.String({ maxLength: 120 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    rhythm: Type.Optional(Type.String({ maxLength: 200 })),
    rrule: Type.Optional(Type.String({ maxLength: 200, pattern: '^$|^FREQ=(WEEKLY|MONTHLY|DAILY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$' })),
    startTime: Type.Optional(Type.String({ pattern: '^$|^([01]\\d|2[0-3]):[0-5]\\d$' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    languages: Type.Optional(Type.Array(literals(LANGUAGES), { minItems: 1, maxItems: 10, uniqueItems: true })),
    accessibility: Type.Optional(Type.Array(literals(ACCESSIBILITY), { maxItems: 4, uniqueItems: true })),
    status: Type.Optional(literals(STATUSES.filter((s) => s !== 'proposed'))),
    accepting: Type.Optional(Type.Boolean()),
    topics: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { minItems: 1, maxItems: 8, uniqueItems: true })),
  },
  { additionalProperties: false },
);

const Topic = Type.Object({ slug: Type.String(), area: Type.String(), name: Type.String(), synonyms: Type.Array(Type.String()), hasGroups: Type.Boolean() });
const Organisation = Type.Object({
  slug: Type.String(), name: Type.String(), kind: Type.String(), url: Type.String(), region: Type.String(), area: Type.String(),
  street: Type.String(), phone: Type.String(), email: Type.String(), website: Type.String(), openingHours: Type.String(),
});

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120 }) });

const MAX_CACHED_RESPONSES = 2000;

export const directoryApi: FastifyPluginAsyncTypebox<{ deps: Deps; dir: Directory }> = async (app, { deps, dir }) => {
  const base = deps.config.baseUrl;
  // Serialised answers by URL, for the index version they were computed from (a search near a
  // town is asked again and again; any change to the directory makes a new version).
  const responses = new Map<string, string>();
  let responsesOf: { index: unknown; version: number } = { index: null, version: -1 };

  app.get('/api/v1/groups', {
    schema: {
      summary: 'Search groups',
      description: 'The same search as /groups. Online and phone groups appear for every place, after those within the radius.',
      tags: ['directory'],
      querystring: schema.SearchApiQuery,
      response: { 200: SearchResponse },
    },
  }, async (req, reply) => {
    await directory.ensureIndex(dir);
    if (responsesOf.index !== dir.index || responsesOf.version !== dir.index.version || responses.size >= MAX_CACHED_RESPONSES) {
      responses.clear();
      responsesOf = { index: dir.index, version: dir.index.version };
    }
    const cached = responses.get(req.url);
    // A ready string is sent as it is; Fastify serialises only objects.
    if (cached) return reply.type('application/json; charset=utf-8').send(cached as never);
    const parsed = schema.parseSearch(req.query as Record<string, unknown>, req.t, (s) => dir.topics.has(s));
    if (parsed.errors.length) throw badRequest('invalid_search', parsed.errors);
    const madeFor = responsesOf;
    const result = dir.index.search(parsed.query);
    const body = String(reply.serialize({
      items: (await directory.withTexts(deps.db, result.hits)).map((h) => ({
        slug: h.group.slug,
        name: h.group.name,
        url: `${base}/groups/${h.group.slug}`,
        area: h.group.area,
        distanceKm: h.distanceKm === null ? null : Math.round(h.distanceKm * 10) / 10,
        kind: h.group.kind,
        audience: h.group.audience,
        formats: h.group.formats,
        status: h.group.status,
        accepting: h.group.accepting,
        topics: h.group.topics,
        languages: h.group.languages,
        accessibility: h.group.accessibility,
        rhythm: h.group.rhythm,
        excerpt: h.group.excerpt,
      })),
      total: result.total,
      page: parsed.form.page,
      perPage: PAGE_SIZE,
      near: parsed.place ? { label: parsed.place.label, region: parsed.place.region, lat: parsed.place.lat, lon: parsed.place.lon } : null,
    }));
    // Kept only if the index did not change while the texts were read.
    if (responsesOf === madeFor && dir.index === madeFor.index && dir.index.version === madeFor.version) responses.set(req.url, body);
    return reply.type('application/json; charset=utf-8').send(body as never);
  });

  async function detail(group: Group, showAddress: boolean) {
    return {
      slug: group.slug,
      name: group.name,
      url: `${base}/groups/${group.slug}`,
      description: group.description,
      kind: group.kind,
      audience: group.audience,
      formats: group.formats.split(',').filter(Boolean),
      area: group.area,
      place: directory.placeLabel(group.place_id) || null,
      address: showAddress ? group.address : null,
      rhythm: group.rhythm,
      rrule: group.rrule,
      startTime: group.start_time,
      durationMinutes: group.duration_minutes,
      languages: group.languages.split(',').filter(Boolean),
      accessibility: group.accessibility.split(',').filter(Boolean),
      status: group.status,
      accepting: group.accepting === 1,
      topics: group.topics,
      contactPoint: group.contact_point_id ? ((await directory.getOrganisations(deps.db, [group.contact_point_id])).get(group.contact_point_id)?.slug ?? null) : null,
      updatedAt: group.updated_at,
    };
  }

  app.get('/api/v1/groups/:slug', {
    schema: { summary: 'Read a group', tags: ['directory'], params: SlugParams, response: { 200: GroupDetail } },
  }, async (req) => {
    const group = await directory.getGroupBySlug(deps.db, req.params.slug);
    if (!group) throw notFound('group_not_found');
    const rel = await relationTo(deps.db, req.actor, group);
    policy.ensureCanSeeGroup(req.actor, group, rel);
    return detail(group, policy.canSeeExactPlace(req.actor, rel));
  });

  app.patch('/api/v1/groups/:slug', {
    schema: {
      summary: 'Change a group',
      description: 'For the group\'s facilitators, staff of its contact point, and administrators. Needs a bearer token or a session cookie with a CSRF token. Every change is kept in the group\'s history.',
      tags: ['directory'],
      params: SlugParams,
      body: GroupPatch,
      response: { 200: GroupDetail },
    },
  }, async (req) => {
    await directory.ensureIndex(dir);
    const group = await directory.getGroupBySlug(deps.db, req.params.slug);
    if (!group) throw notFound('group_not_found');
    const rel = await relationTo(deps.db, req.actor, group);
    policy.ensureCanEditGroup(req.actor, group, rel);
    const patch = req.body;
    const input = directory.inputFromGroup(group);
    const problems: Array<{ field: string; message: string }> = [];
    if (patch.topics) {
      const unknown = patch.topics.filter((s) => !dir.topics.has(s));
      if (unknown.length) problems.push({ field: 'topics', message: req.t('directory.api.unknownTopics', { topics: unknown.join(', ') }) });
    }
    if (patch.place !== undefined) {
      if (patch.place === null) Object.assign(input, { placeId: null, lat: null, lon: null });
      else {
        const found = resolvePlace(patch.place);
        if (found.kind === 'found') Object.assign(input, { placeId: found.place.id, lat: found.place.lat, lon: found.place.lon, area: patch.area ?? found.place.label });
        else problems.push({ field: 'place', message: req.t(found.kind === 'ambiguous' ? 'directory.search.errorPlaceAmbiguous' : 'directory.search.errorPlaceUnknown', { place: patch.place }) });
      }
    }
    if (patch.rrule !== undefined && !isAcceptableRule(patch.rrule)) problems.push({ field: 'rrule', message: req.t('events.meetings.ruleSyntax') });
    const formats = patch.formats ?? input.formats;
    if ((formats.includes('in_person') || formats.includes('hybrid')) && input.placeId === null && patch.place !== undefined) {
      problems.push({ field: 'place', message: req.t('directory.edit.errorPlaceNeeded') });
    }
    if (problems.length) throw badRequest('invalid_group', problems);
    const { place: _place, ...rest } = patch;
    Object.assign(input, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    await directory.updateGroup(dir, { by: directory.actorLabel(req.actor), group, input, mayChange: policy.groupFieldGuard(req.actor, rel) });
    const saved = (await directory.getGroupBySlug(deps.db, group.slug)) as Group;
    return detail(saved, policy.canSeeExactPlace(req.actor, rel));
  });

  app.get('/api/v1/topics', {
    schema: { summary: 'The topic taxonomy', tags: ['directory'], response: { 200: Type.Object({ items: Type.Array(Topic) }) } },
  }, async (req) => {
    await directory.ensureIndex(dir);
    return {
      items: directory.sortedTopics(dir, req.locale).map((x) => ({ slug: x.slug, area: x.area, name: x.name[req.locale], synonyms: x.synonyms[req.locale], hasGroups: dir.index.topicHasGroups(x.slug) })),
    };
  });

  const orgJson = (o: directory.OrganisationRow) => ({
    slug: o.slug, name: o.name, kind: o.kind, url: `${base}/organisations/${o.slug}`, region: o.region, area: o.area,
    street: o.street, phone: o.phone, email: o.email, website: o.website, openingHours: o.opening_hours,
  });

  app.get('/api/v1/organisations', {
    schema: { summary: 'Contact points and organisations', tags: ['directory'], response: { 200: Type.Object({ items: Type.Array(Organisation) }) } },
  }, async () => ({ items: (await directory.listOrganisations(deps.db)).map(orgJson) }));

  app.get('/api/v1/organisations/:slug', {
    schema: { summary: 'One contact point or organisation', tags: ['directory'], params: SlugParams, response: { 200: Organisation } },
  }, async (req) => {
    const org = await directory.getOrganisationBySlug(deps.db, req.params.slug);
    if (!org) throw notFound('organisation_not_found');
    return orgJson(org);
  });
};
