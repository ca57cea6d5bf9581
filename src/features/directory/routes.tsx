// HTTP of the directory's group pages. Each handler: validate → load → ensure → command → render or redirect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { guardianOf, pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { notFound, type FieldProblem } from '../../platform/errors.ts';
import { formString } from '../../platform/forms.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import type { Locale } from '../../db/types.ts';
import { resolvePlace } from '../../platform/geo/index.ts';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as directory from './service.ts';
import type { Directory, Group, GroupInput } from './service.ts';
import * as contact from './contact.ts';
import * as membership from './membership.ts';
import { keyMatches } from '../../platform/auth/signed-links.ts';
import * as watches from './watches.ts';
import { ACCESSIBILITY, FORMATS, LANGUAGES, RADII, STATUSES, isOneOf, splitList } from './model.ts';
import { SearchScreen, WatchForm, type ResultItem, type SearchView, type TopicOption } from './views-search.tsx';
import {
  ContactScreen, ContactSentScreen, ConversationScreen, EditGroupScreen, GroupScreen, HistoryScreen, InboxScreen, JoinScreen,
  MembersScreen, MessagesScreen, ProposeScreen, SpaceScreen, type GroupFormValues, type GroupView,
} from './views-group.tsx';
import { groupJsonLd } from './json-ld.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { ruleProblem } from '../../platform/recurrence.ts';
import type { Guardian } from '../../platform/guardian.ts';
import type { DirectoryPort } from './index.ts';
import { groupGuard } from './policy.ts';
import { writeRefusal, checkCrisisText, checkWriteLimit, countWrite, isExemptFromTrustLimits, CrisisHelpScreen, crisisAsked, crisisChoiceOf, crisisChoiceProperty, recordCrisisChoice, type CrisisChoice, type CrisisCheck } from '../moderation/index.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, NotificationBanner, PostForm } from '../../platform/ui/components.tsx';
import type { IndexedGroup, SearchHit } from './search-index.ts';
import { VisitorPageCache, type RenderedPage } from '../../platform/page-cache.ts';
import { ResultCardCache, spliceCard, type KeptCard } from './result-cards.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) });

/** A visitor may write this many first messages an hour; members a few more. */
const CONTACT_PER_HOUR_VISITOR = 5;
const CONTACT_PER_HOUR_MEMBER = 20;
const WATCH_PER_HOUR = 10;
const HOUR = 3_600_000;
/** Compressed search pages kept for visitors: about 8 KB each, so some 1 000 addresses. */
const SEARCH_PAGE_BYTES = 8 * 1024 * 1024;
/** Rendered result cards kept per group and language: about 1.5 KB each, so some 2 500 cards. */
const RESULT_CARD_BYTES = 4 * 1024 * 1024;
/** Compressed group pages kept for visitors: about 2.5 KB each, so some 1 600 pages. */
const GROUP_PAGE_BYTES = 4 * 1024 * 1024;
/** Rendered group descriptions kept, in characters (two bytes each at most): 2 MiB. */
const DESCRIPTION_CHARS = 1024 * 1024;

const optionLists = new WeakMap<object, TopicOption[]>();
/** The topics as options for forms, one list per loaded taxonomy and language. */
export function topicOptions(dir: Directory, locale: Locale): TopicOption[] {
  const sorted = directory.sortedTopics(dir, locale);
  let list = optionLists.get(sorted);
  if (!list) optionLists.set(sorted, (list = sorted.map((x) => ({ slug: x.slug, name: x.name[locale], area: x.area }))));
  return list;
}

export function resultItem(dir: Directory, hit: { group: IndexedGroup; distanceKm: number | null }, locale: Locale): ResultItem {
  const g = hit.group;
  return {
    slug: g.slug,
    name: g.name,
    area: g.area,
    excerpt: g.excerpt,
    distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm * 10) / 10,
    formats: g.formats,
    audience: g.audience,
    status: g.status,
    accepting: g.accepting,
    kind: g.kind,
    topics: g.topics.map((slug) => ({ slug, name: directory.topicName(dir, slug, locale) })),
    rhythm: g.rhythm,
  };
}

/** A result card's content from the group's row (the card is then kept for that state of the group). */
function cardItem(dir: Directory, row: directory.CardRow, detail: { excerpt: string; topics: string[] }, locale: Locale): ResultItem {
  return {
    slug: row.slug,
    name: row.name,
    area: row.area,
    excerpt: detail.excerpt,
    distanceKm: null,
    formats: splitList(row.formats),
    audience: row.audience,
    status: row.status,
    accepting: row.accepting === 1,
    kind: row.kind,
    topics: detail.topics.map((slug) => ({ slug, name: directory.topicName(dir, slug, locale) })),
    rhythm: row.rhythm,
    updatedAt: row.updated_at,
  };
}

/** Reads the group form: plain fields through defineForm, lists and the place by hand. */
export function readGroupForm(body: unknown, t: Translator, dir: Directory, proposal: boolean): { values: GroupFormValues; input: GroupInput; errors: FieldProblem[] } {
  const form = proposal ? schema.proposalForm : schema.groupForm;
  const { values, errors } = form.parse(body, t);
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as unknown[]).map(formString) : raw[k] ? [formString(raw[k])] : []).filter(Boolean).slice(0, 50);
  const v = values as Record<string, string | boolean>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const formValues: GroupFormValues = {
    name: str('name'),
    description: str('description'),
    kind: str('kind'),
    audience: str('audience'),
    formats: proposal ? ['in_person'] : list('formats').filter((f) => isOneOf(FORMATS, f)),
    place: str('place'),
    area: str('area'),
    address: str('address'),
    rhythm: str('rhythm'),
    rrule: str('rrule'),
    startTime: str('startTime'),
    duration: str('duration'),
    languages: proposal ? ['de'] : list('languages').filter((l) => isOneOf(LANGUAGES, l)),
    accessibility: proposal ? [] : list('accessibility').filter((a) => isOneOf(ACCESSIBILITY, a)),
    status: proposal ? 'proposed' : str('status'),
    accepting: proposal ? true : v.accepting === true,
    topics: list('topics').filter((s) => dir.topics.has(s)),
  };
  if (formValues.topics.length === 0) errors.push({ field: 'topics', message: t('directory.edit.errorTopics') });
  const problem = formValues.rrule && !errors.some((e) => e.field === 'rrule') ? ruleProblem(formValues.rrule, formValues.startTime || '19:00') : undefined;
  if (problem) errors.push({ field: 'rrule', message: t(problem === 'never' ? 'directory.edit.errorRuleNever' : 'directory.edit.errorRuleSyntax') });
  if (formValues.topics.length > 8) errors.push({ field: 'topics', message: t('directory.edit.errorTopicsMany') });
  if (!proposal && formValues.formats.length === 0) errors.push({ field: 'formats', message: t('directory.edit.errorFormats') });
  if (!proposal && formValues.languages.length === 0) errors.push({ field: 'languages', message: t('directory.edit.errorLanguages') });
  let place: { id: number | null; lat: number | null; lon: number | null; label: string } = { id: null, lat: null, lon: null, label: '' };
  const needsPlace = formValues.formats.includes('in_person') || formValues.formats.includes('hybrid');
  if (formValues.place) {
    const found = resolvePlace(formValues.place);
    if (found.kind === 'found') place = { id: found.place.id, lat: found.place.lat, lon: found.place.lon, label: found.place.label };
    else if (found.kind === 'ambiguous') {
      errors.push({ field: 'place', message: t('directory.edit.errorPlaceAmbiguous', { places: found.candidates.slice(0, 5).map((p) => `${p.label} (${p.region})`).join(', ') }) });
    } else errors.push({ field: 'place', message: t('directory.search.errorPlaceUnknown', { place: formValues.place }) });
  } else if (needsPlace) errors.push({ field: 'place', message: t('directory.edit.errorPlaceNeeded') });
  const input: GroupInput = {
    name: formValues.name,
    description: formValues.description,
    kind: formValues.kind,
    audience: formValues.audience,
    formats: formValues.formats,
    placeId: place.id,
    area: formValues.area || place.label,
    lat: place.lat,
    lon: place.lon,
    address: formValues.address,
    rhythm: formValues.rhythm,
    rrule: formValues.rrule,
    startTime: formValues.startTime,
    durationMinutes: Number(formValues.duration || 0),
    languages: formValues.languages,
    accessibility: formValues.accessibility,
    status: formValues.status,
    accepting: formValues.accepting,
    topics: formValues.topics,
    contactPointId: null,
    organisationId: null,
  };
  return { values: formValues, input, errors };
}

export function formValuesOf(group: Group, placeLabel: string): GroupFormValues {
  return {
    name: group.name,
    description: group.description,
    kind: group.kind,
    audience: group.audience,
    formats: group.formats.split(',').filter(Boolean),
    place: placeLabel,
    area: group.area,
    address: group.address,
    rhythm: group.rhythm,
    rrule: group.rrule,
    startTime: group.start_time,
    duration: group.duration_minutes ? String(group.duration_minutes) : '',
    languages: group.languages.split(',').filter(Boolean),
    accessibility: group.accessibility.split(',').filter(Boolean),
    status: group.status,
    accepting: group.accepting === 1,
    topics: group.topics,
  };
}

export const directoryRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; dir: Directory; port: DirectoryPort }> = async (app, { deps, dir, port }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const form = <T,>(body: T) => ({ body, attachValidation: true });

  async function loadGroup(slug: string, actor: Actor, guardian?: Guardian) {
    const group = await directory.getGroupBySlug(deps.db, slug);
    if (!group) throw notFound('group_not_found');
    // The group page loads the relation through the request's guardian, so the sections of other
    // features that ask about the same group reuse it.
    const rel = guardian ? await membership.relationOnce(guardian, deps, group) : await membership.relationTo(deps.db, actor, group);
    policy.ensureCanSeeGroup(actor, group, rel);
    return { group, rel };
  }

  // --- Search ---------------------------------------------------------------------
  // Search pages of visitors, for the index state they were made from: the index follows every
  // process's changes through the change feed, and a rebuild (topics changed) counts as a new state.
  const searchPages = new VisitorPageCache(SEARCH_PAGE_BYTES);
  app.get('/groups', { schema: { querystring: schema.SearchPageQuery }, attachValidation: true }, async (req, reply) => {
    await directory.ensureIndex(dir);
    return searchPages.send(req, reply, `${dir.rebuilds}.${dir.index.version}`, () => renderSearch(req, reply));
  });

  const cards = new ResultCardCache(RESULT_CARD_BYTES);
  /** The cards of a page of hits: kept ones for groups unchanged since, the others read and rendered. */
  async function resultCards(hits: SearchHit[], ctx: PageContext): Promise<string[]> {
    const rows = await directory.cardRowsOf(deps.db, hits.map((h) => h.group.id));
    const topics = dir.topics;
    const shown = new Map<string, KeptCard>();
    const missing: string[] = [];
    for (const { group } of hits) {
      const row = rows.get(group.id);
      // A group deleted since the index saw it is left out of the page.
      if (!row) continue;
      const card = cards.get(ctx.locale, group.id, row.updated_at, topics);
      if (card) shown.set(group.id, card);
      else missing.push(group.id);
    }
    const details = await directory.cardDetailsOf(deps.db, missing);
    for (const id of missing) {
      const row = rows.get(id) as directory.CardRow;
      const detail = details.get(id);
      if (detail) shown.set(id, cards.render(ctx, id, cardItem(dir, row, detail, ctx.locale), topics));
    }
    return hits.flatMap((h) => {
      const card = shown.get(h.group.id);
      return card ? [spliceCard(card, h.distanceKm === null ? null : Math.round(h.distanceKm * 10) / 10, ctx)] : [];
    });
  }

  async function renderSearch(req: FastifyRequest, reply: FastifyReply): Promise<RenderedPage> {
    const parsed = schema.parseSearch((req.query ?? {}) as Record<string, unknown>, req.t, (s) => dir.topics.has(s));
    const placeFailed = parsed.errors.some((e) => e.field === 'near' || e.field === 'q');
    const result = parsed.empty || placeFailed ? { hits: [], total: 0, corrected: [], unknownWords: [] } : dir.index.search(parsed.query);
    const topics = topicOptions(dir, req.locale);
    const help: SearchView['help'] = { widerRadius: null, relatedTopics: [], contactPoint: null, watchTopic: null, signedIn: req.actor.kind === 'user' };
    if (!parsed.empty && !placeFailed && result.total === 0) {
      const radius = parsed.query.radiusKm ?? 0;
      help.widerRadius = parsed.place ? (RADII.find((r) => r > radius) ?? null) : null;
      const topic = parsed.query.topic ?? directory.findTopicByWords(dir, parsed.form.q);
      if (topic) {
        const area = dir.topics.get(topic)?.area;
        help.relatedTopics = topics.filter((x) => x.area === area && x.slug !== topic && dir.index.topicHasGroups(x.slug)).slice(0, 8);
        if (!dir.index.topicHasGroups(topic)) help.watchTopic = topics.find((x) => x.slug === topic) ?? null;
      }
      if (parsed.place) {
        const cp = await directory.contactPointFor(deps.db, parsed.place);
        if (cp) help.contactPoint = { slug: cp.slug, name: cp.name, phone: cp.phone };
      }
    }
    const ctx = page(req, reply);
    const view: SearchView = {
      form: parsed.form,
      errors: parsed.errors,
      place: parsed.place,
      placeChoices: parsed.placeChoices,
      cards: await resultCards(result.hits, ctx),
      total: result.total,
      empty: parsed.empty,
      failed: placeFailed,
      topics,
      corrected: result.corrected,
      help,
    };
    // The region's contact point is an organisation, whose changes the index version does not follow.
    return { html: <SearchScreen ctx={ctx} view={view} />, status: parsed.errors.length ? 400 : 200, cacheable: help.contactPoint === null };
  }

  // --- Proposing a new group ------------------------------------------------------------
  const emptyForm = (): GroupFormValues => ({
    name: '', description: '', kind: 'self_help', audience: 'affected', formats: ['in_person'], place: '', area: '', address: '', rhythm: '', rrule: '',
    startTime: '', duration: '', languages: ['de'], accessibility: [], status: 'proposed', accepting: true, topics: [],
  });

  app.get('/groups/new', async (req, reply) => {
    policy.ensureCanProposeGroup(req.actor);
    await directory.ensureIndex(dir);
    return sendHtml(reply, <ProposeScreen ctx={page(req, reply)} values={emptyForm()} errors={[]} topics={topicOptions(dir, req.locale)} />);
  });

  app.post('/groups/new', { schema: form(schema.proposalForm.schema) }, async (req, reply) => {
    policy.ensureCanProposeGroup(req.actor);
    await directory.ensureIndex(dir);
    const { values, input, errors } = readGroupForm(req.body, req.t, dir, true);
    if (errors.length === 0) {
      const cp = input.lat !== null && input.lon !== null ? await directory.contactPointFor(deps.db, { lat: input.lat, lon: input.lon }) : undefined;
      input.contactPointId = cp?.id ?? null;
      const group = await directory.createGroup(dir, { by: directory.actorLabel(req.actor), input, facilitatorId: req.actor.id });
      if (cp) await directory.notifyOrganisationStaff(dir, cp, group);
      setFlash(reply, 'directory.propose.done');
      return seeOther(reply, `/groups/${group.slug}`);
    }
    return sendHtml(reply, <ProposeScreen ctx={page(req, reply)} values={values} errors={errors} topics={topicOptions(dir, req.locale)} />, 400);
  });

  // --- The group page ----------------------------------------------------------------
  const groupPages = new VisitorPageCache(GROUP_PAGE_BYTES);
  // Rendered descriptions by group and state: Markdown is the dearest part of rendering a group page.
  const descriptions = new Map<string, { updatedAt: string; html: string }>();
  let descriptionChars = 0;
  function descriptionHtml(group: Group): string {
    const kept = descriptions.get(group.id);
    if (kept && kept.updatedAt === group.updated_at) {
      descriptions.delete(group.id);
      descriptions.set(group.id, kept);
      return kept.html;
    }
    const html = renderMarkdown(group.description);
    if (kept) descriptionChars -= kept.html.length;
    descriptions.delete(group.id);
    descriptions.set(group.id, { updatedAt: group.updated_at, html });
    descriptionChars += html.length;
    for (const [id, oldest] of descriptions) {
      if (descriptionChars <= DESCRIPTION_CHARS) break;
      descriptions.delete(id);
      descriptionChars -= oldest.html.length;
    }
    return html;
  }

  app.get('/groups/:slug', { schema: { params: SlugParams } }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const guardian = guardianOf(req, deps);
    const { group, rel } = await loadGroup(req.params.slug, req.actor, guardian);
    const orgs = await directory.getOrganisations(deps.db, [group.contact_point_id, group.organisation_id].filter((x): x is string => !!x));
    const cp = group.contact_point_id ? orgs.get(group.contact_point_id) : undefined;
    const org = group.organisation_id ? orgs.get(group.organisation_id) : undefined;
    const actor = req.actor;
    const canManage = policy.canManageMembers(actor, rel);
    const members = canManage ? await membership.listMemberships(deps.db, group.id) : [];
    const inbox = policy.canSeeInbox(actor, rel) ? await contact.conversationsOfGroup(deps.db, group.id) : [];
    const interest = group.status === 'founding' ? await membership.interestIn(deps.db, group.id, actor.id) : null;
    const decision = rel.membership?.status === 'declined'
      ? await membership.declineMessage(deps.db, group.id, actor.id ?? '')
      : undefined;
    const view: GroupView = {
      slug: group.slug,
      name: group.name,
      description: group.description,
      descriptionHtml: descriptionHtml(group),
      kind: group.kind,
      audience: group.audience,
      formats: group.formats.split(',').filter(Boolean),
      area: group.area,
      address: policy.canSeeExactPlace(actor, rel) && group.address ? group.address : null,
      rhythm: group.rhythm,
      languages: group.languages.split(',').filter(Boolean),
      accessibility: group.accessibility.split(',').filter(Boolean),
      status: group.status,
      accepting: group.accepting === 1,
      topics: group.topics.map((slug) => ({ slug, name: directory.topicName(dir, slug, req.locale), area: dir.topics.get(slug)?.area ?? '' })),
      contactPoint: cp ? { slug: cp.slug, name: cp.name } : null,
      organisation: org ? { slug: org.slug, name: org.name } : null,
      updatedAt: group.updated_at,
      membership: rel.membership ? { ...rel.membership, decisionMessage: decision ?? '' } : null,
      interest: interest ? { count: interest.count, mine: interest.mine } : null,
      can: {
        edit: policy.canEditGroup(actor, rel),
        join: policy.canRequestToJoin(actor, group, rel),
        leave: policy.canLeave(actor, rel),
        manageMembers: canManage,
        enterSpace: policy.canEnterMembersSpace(actor, rel),
        inbox: policy.canSeeInbox(actor, rel),
        publish: group.status === 'proposed' && policy.canPublishProposal(actor, rel),
        interested: policy.canSayInterested(actor, group),
      },
      pendingRequests: members.filter((m) => m.status === 'requested').length,
      openConversations: inbox.filter((c) => c.status === 'open').length,
    };
    const ctx = page(req, reply);
    const guard = groupGuard(actor, rel);
    const sections = await Promise.all(port.groupPageSections.map((s) => s.render({ group, actor, guard, ctx })));
    // A visitor's page is everything read above: the group's state, its organisations', the interest
    // count, the topic names (a new taxonomy rebuilds the index) and the other features' sections as
    // they were just rendered (their own data and the time are in their HTML, so no version of theirs
    // is needed). What a kept page saves is rendering the rest and compressing it.
    const version = [
      dir.rebuilds, group.updated_at, cp?.updated_at ?? '', org?.updated_at ?? '', interest?.count ?? '',
      createHash('sha256').update(sections.join('\u0000')).digest('base64url'),
    ].join('|');
    return groupPages.send(req, reply, version, async () => ({
      html: <GroupScreen ctx={ctx} group={view} jsonLd={groupJsonLd(deps.config.baseUrl, group, view, cp ?? null)} sections={sections} />,
    }));
  });

  // --- Help before a text in a crisis goes on -------------------------------------------------
  /**
   * When the text sounds like a crisis and the writer has not chosen yet, the calm help page is the
   * answer (it carries every field along); otherwise the writer's choice, or null when nothing matched.
   */
  async function crisisStep(
    req: FastifyRequest,
    reply: FastifyReply,
    { text, action, fields }: { text: string; action: string; fields: Record<string, string> },
  ): Promise<{ page: FastifyReply } | { choice: CrisisChoice | null; check: CrisisCheck }> {
    const check = checkCrisisText(text);
    if (check.classes.length === 0) return { choice: null, check };
    const choice = crisisChoiceOf(req.body);
    if (choice === 'moderators_only' && req.actor.kind !== 'user') return { page: await sendHtml(reply, <CrisisHelpScreen ctx={page(req, reply)} action={action} fields={fields} text={text} signedIn={false} error />, 400) };
    if (choice) return { choice, check };
    const asked = crisisAsked(req.body);
    return { page: await sendHtml(reply, <CrisisHelpScreen ctx={page(req, reply)} action={action} fields={fields} text={text} signedIn={req.actor.kind === 'user'} error={asked} />, asked ? 400 : 200) };
  }

  // --- First contact -------------------------------------------------------------------
  app.get('/groups/:slug/contact', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanContact(req.actor, group);
    return sendHtml(reply, <ContactScreen ctx={page(req, reply)} group={group} signedIn={req.actor.kind === 'user'} errors={[]} values={{}} />);
  });

  const contactBody = Type.Object({ ...schema.visitorContactForm.schema.properties, ...crisisChoiceProperty });
  app.post('/groups/:slug/contact', { schema: { params: SlugParams, body: contactBody }, attachValidation: true }, async (req, reply) => {
    const { group } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanContact(req.actor, group);
    const actor = req.actor;
    const parsed = actor.kind === 'user' ? schema.memberContactForm.parse(req.body, req.t) : schema.visitorContactForm.parse(req.body, req.t);
    const values = parsed.values as Record<string, string | boolean>;
    const errors = parsed.errors;
    // A filled honeypot is a robot: it is told "sent" and nothing happens.
    if (values.website) return sendHtml(reply, <ContactSentScreen ctx={page(req, reply)} group={group} />);
    if (errors.length === 0) {
      const allowed = actor.kind === 'user'
        ? await deps.throttle.hit(`contact:user:${actor.id}`, CONTACT_PER_HOUR_MEMBER, HOUR)
        : await deps.throttle.hit(`contact:ip:${req.ip}`, CONTACT_PER_HOUR_VISITOR, HOUR);
      if (!allowed) errors.push({ field: 'message', message: req.t('directory.contact.tooMany') });
    }
    // A member's trust level limits first contacts per day (visitors are held by the per-address limit above).
    if (errors.length === 0 && actor.kind === 'user') {
      const limited = await checkWriteLimit(deps, { userId: actor.id, exempt: isExemptFromTrustLimits(actor), kind: 'contact', field: 'message' });
      if (limited) errors.push({ field: 'message', message: req.t(limited.messageKey, limited.params) });
    }
    // A silenced or suspended member cannot write to a group either (moderation decides; the words say why).
    const refusal = errors.length === 0 && actor.kind === 'user' ? await writeRefusal(deps.db, actor.id, [], req.t) : null;
    if (refusal) errors.push({ field: 'message', message: refusal });
    if (errors.length === 0) {
      const message = values.message as string;
      const fields: Record<string, string> = actor.kind === 'user' ? { message } : { name: values.name as string, email: values.email as string, message, consent: values.consent ? 'yes' : '' };
      const step = await crisisStep(req, reply, { text: message, action: `/groups/${group.slug}/contact`, fields });
      if ('page' in step) return step.page;
      const { choice, check } = step;
      if (choice === 'draft') {
        // Nothing is sent: a member finds the text among their kept drafts, a visitor back in the form.
        if (actor.kind !== 'user') return sendHtml(reply, <ContactScreen ctx={page(req, reply)} group={group} signedIn={false} errors={[]} values={values} />);
        await recordCrisisChoice(deps, { authorId: actor.id, choice, classes: check.classes, text: message, draftContext: `contact:${`/groups/${group.slug}/contact`}` });
        setFlash(reply, 'crisis.draftKept', {}, 'info');
        return seeOther(reply, '/drafts');
      }
      if (choice === 'moderators_only' && actor.kind === 'user') {
        await recordCrisisChoice(deps, { authorId: actor.id, choice, classes: check.classes, text: message, draftContext: 'contact' });
        setFlash(reply, 'crisis.sentModerators', {}, 'info');
        return seeOther(reply, '/notices');
      }
      const alert = async (id: string, authorId: string | null) => {
        if (choice === 'publish_and_alert') {
          await recordCrisisChoice(deps, { authorId, choice, classes: check.classes, text: message, draftContext: 'contact', target: { type: 'conversation', id, url: `/conversations/${id}`, groupId: group.id } });
        }
      };
      if (actor.kind === 'user') {
        const id = await contact.startMemberConversation(dir, { group, userId: actor.id, body: message });
        await countWrite(deps, { userId: actor.id, exempt: isExemptFromTrustLimits(actor), kind: 'contact' });
        await alert(id, actor.id);
        setFlash(reply, choice === 'publish_and_alert' ? 'crisis.alerted' : 'directory.contact.sentMember');
        return seeOther(reply, `/conversations/${id}`);
      }
      const id = await contact.startVisitorConversation(dir, { group, name: values.name as string, email: values.email as string, locale: req.locale, body: message });
      await alert(id, null);
      return sendHtml(reply, <ContactSentScreen ctx={page(req, reply)} group={group} />);
    }
    return sendHtml(reply, <ContactScreen ctx={page(req, reply)} group={group} signedIn={actor.kind === 'user'} errors={errors} values={values} />, 400);
  });

  // --- Conversations --------------------------------------------------------------------
  async function loadConversation(id: string, actor: Actor, key: string | undefined) {
    const conversation = await contact.getConversation(deps.db, id);
    if (!conversation) throw notFound('conversation_not_found');
    const group = await directory.getGroupById(deps.db, conversation.group_id);
    if (!group) throw notFound('conversation_not_found');
    const rel = await membership.relationTo(deps.db, actor, group);
    const keyValid = conversation.user_id === null && keyMatches(deps.config.cookieSecret, 'conversation', id, key);
    policy.ensureCanReadConversation(actor, conversation, rel, keyValid);
    const groupSide = policy.isGroupSide(actor, rel) && !keyValid && conversation.user_id !== actor.id;
    // Facilitators do not see a conversation until the visitor confirmed their address.
    if (groupSide && conversation.status === 'unconfirmed') throw notFound('conversation_not_found');
    return { conversation, group, rel, groupSide, key: keyValid ? (key as string) : null };
  }

  async function renderConversation(req: FastifyRequest, reply: FastifyReply, loaded: Awaited<ReturnType<typeof loadConversation>>, errors: FieldProblem[] = [], values: Record<string, string> = {}) {
    const messages = await contact.listMessages(deps.db, loaded.conversation.id);
    const starter = await contact.starterOf(deps.db, loaded.conversation);
    return sendHtml(
      reply,
      <ConversationScreen
        ctx={page(req, reply)}
        view={{ id: loaded.conversation.id, group: loaded.group, starter, status: loaded.conversation.status, messages, groupSide: loaded.groupSide, key: loaded.key }}
        errors={errors}
        values={values}
      />,
      errors.length ? 400 : 200,
    );
  }

  app.get('/conversations/:id', { schema: { params: IdParams, querystring: KeyQuery } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return renderConversation(req, reply, await loadConversation(req.params.id, req.actor, req.query.key));
  });

  const KeyBody = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

  app.post('/conversations/:id/confirm', { schema: { params: IdParams, body: KeyBody } }, async (req, reply) => {
    const loaded = await loadConversation(req.params.id, req.actor, req.body.key);
    if (!loaded.key) throw notFound('conversation_not_found');
    await contact.confirmVisitorConversation(dir, loaded.conversation, loaded.group);
    setFlash(reply, 'directory.conversation.confirmed');
    return seeOther(reply, contact.conversationPath(dir, loaded.conversation));
  });

  const replyBody = Type.Object({ ...schema.replyForm.schema.properties, key: Type.Optional(Type.String({ maxLength: 200 })), ...crisisChoiceProperty });
  app.post('/conversations/:id/reply', { schema: { params: IdParams, body: replyBody }, attachValidation: true }, async (req, reply) => {
    const key = formString((req.body as Record<string, unknown> | undefined)?.key) || undefined;
    const loaded = await loadConversation(req.params.id, req.actor, key);
    const { values, errors } = schema.replyForm.parse(req.body, req.t);
    if (loaded.conversation.status !== 'open') errors.push({ field: 'message', message: req.t('directory.conversation.notOpen') });
    const refusal = errors.length === 0 && req.actor.kind === 'user' ? await writeRefusal(deps.db, req.actor.id, [], req.t) : null;
    if (refusal) errors.push({ field: 'message', message: refusal });
    if (errors.length === 0) {
      const here = `/conversations/${loaded.conversation.id}`;
      const step = await crisisStep(req, reply, { text: values.message, action: `${here}/reply`, fields: key ? { message: values.message, key } : { message: values.message } });
      if ('page' in step) return step.page;
      const { choice, check } = step;
      const authorId = req.actor.id;
      if (choice === 'draft') {
        if (!authorId) return renderConversation(req, reply, loaded, [], { message: values.message });
        await recordCrisisChoice(deps, { authorId, choice, classes: check.classes, text: values.message, draftContext: `reply:${here}` });
        setFlash(reply, 'crisis.draftKept', {}, 'info');
        return seeOther(reply, '/drafts');
      }
      if (choice === 'moderators_only' && authorId) {
        await recordCrisisChoice(deps, { authorId, choice, classes: check.classes, text: values.message, draftContext: 'reply' });
        setFlash(reply, 'crisis.sentModerators', {}, 'info');
        return seeOther(reply, '/notices');
      }
      if (choice === 'publish_and_alert') {
        await recordCrisisChoice(deps, { authorId, choice, classes: check.classes, text: values.message, draftContext: 'reply', target: { type: 'conversation', id: loaded.conversation.id, url: here, groupId: loaded.group.id } });
      }
      if (loaded.groupSide) await contact.replyAsGroup(dir, { conversation: loaded.conversation, group: loaded.group, authorId: req.actor.id as string, body: values.message });
      else await contact.replyAsStarter(dir, { conversation: loaded.conversation, group: loaded.group, authorId: req.actor.id, body: values.message });
      setFlash(reply, 'directory.conversation.sent');
      return seeOther(reply, loaded.groupSide ? `/conversations/${loaded.conversation.id}` : contact.conversationPath(dir, loaded.conversation));
    }
    return renderConversation(req, reply, loaded, errors, { message: values.message });
  });

  app.post('/conversations/:id/close', { schema: { params: IdParams } }, async (req, reply) => {
    const loaded = await loadConversation(req.params.id, req.actor, undefined);
    if (!loaded.groupSide) throw notFound('conversation_not_found');
    await contact.closeConversation(deps.db, loaded.conversation.id);
    setFlash(reply, 'directory.conversation.closedDone');
    return seeOther(reply, `/groups/${loaded.group.slug}/inbox`);
  });

  app.get('/groups/:slug/inbox', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanSeeInbox(req.actor, rel);
    const items = await contact.conversationsOfGroup(deps.db, group.id);
    return sendHtml(reply, <InboxScreen ctx={page(req, reply)} group={group} items={items} />);
  });

  app.get('/messages', async (req, reply) => {
    policy.ensureCanProposeGroup(req.actor);
    const mine = await contact.conversationsOfUser(deps.db, req.actor.id);
    const groups = await directory.getGroups(deps.db, [...new Set(mine.map((c) => c.groupId))]);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const items = mine.map((c) => ({ id: c.id, group: names.get(c.groupId) ?? '', lastMessageAt: c.lastMessageAt, status: c.status }));
    return sendHtml(reply, <MessagesScreen ctx={page(req, reply)} items={items} />);
  });

  // --- Joining and membership ----------------------------------------------------------------
  app.get('/groups/:slug/join', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanRequestToJoin(req.actor, group, rel);
    return sendHtml(reply, <JoinScreen ctx={page(req, reply)} group={group} errors={[]} values={{}} />);
  });

  app.post('/groups/:slug/join', { schema: { params: SlugParams, body: schema.joinForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanRequestToJoin(req.actor, group, rel);
    const { values, errors } = schema.joinForm.parse(req.body, req.t);
    if (errors.length === 0) {
      await membership.requestToJoin(dir, { userId: req.actor.id, group, message: values.message, listed: values.listed });
      setFlash(reply, 'directory.join.done');
      return seeOther(reply, `/groups/${group.slug}`);
    }
    return sendHtml(reply, <JoinScreen ctx={page(req, reply)} group={group} errors={errors} values={values} />, 400);
  });

  app.get('/groups/:slug/members', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanManageMembers(req.actor, rel);
    return sendHtml(reply, <MembersScreen ctx={page(req, reply)} group={group} members={await membership.listMemberships(deps.db, group.id)} errors={[]} />);
  });

  app.post('/groups/:slug/members', { schema: { params: SlugParams, body: schema.decisionForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanManageMembers(req.actor, rel);
    const { values, errors } = schema.decisionForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const done = await membership.decideRequest(dir, { group, userId: values.user, admit: values.decision === 'admit', message: values.message });
      if (done) {
        setFlash(reply, values.decision === 'admit' ? 'directory.members.admittedDone' : 'directory.members.declinedDone');
        return seeOther(reply, `/groups/${group.slug}/members`);
      }
      errors.push({ field: 'user', message: req.t('directory.members.noSuchRequest') });
    }
    return sendHtml(reply, <MembersScreen ctx={page(req, reply)} group={group} members={await membership.listMemberships(deps.db, group.id)} errors={errors} />, 400);
  });

  async function renderSpace(req: FastifyRequest, reply: FastifyReply, group: Group, rel: membership.GroupRelation, errors: FieldProblem[] = [], body = '') {
    const actor = req.actor;
    policy.ensureCanEnterMembersSpace(actor, rel);
    const all = await membership.listMemberships(deps.db, group.id);
    const admitted = all.filter((m) => m.status === 'admitted');
    const view = {
      group: { slug: group.slug, name: group.name, area: group.area, address: group.address, rhythm: group.rhythm },
      announcements: await membership.listAnnouncements(deps.db, group.id),
      members: admitted.filter((m) => m.listed).map((m) => ({ name: m.pseudonym, badge: m.badge })),
      hiddenCount: admitted.filter((m) => !m.listed).length,
      me: { listed: rel.membership?.listed ?? false, role: rel.membership?.role ?? 'member' },
      canAnnounce: policy.canAnnounce(actor, rel),
      canLeave: policy.canLeave(actor, rel),
    };
    return sendHtml(reply, <SpaceScreen ctx={page(req, reply)} view={view} errors={errors} values={{ body }} />, errors.length ? 400 : 200);
  }

  app.get('/groups/:slug/space', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    return renderSpace(req, reply, group, rel);
  });

  app.post('/groups/:slug/announcements', { schema: { params: SlugParams, body: schema.announcementForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanAnnounce(req.actor, rel);
    const { values, errors } = schema.announcementForm.parse(req.body, req.t);
    if (errors.length) return renderSpace(req, reply, group, rel, errors, values.body);
    await membership.postAnnouncement(deps.db, { groupId: group.id, authorId: req.actor.id, body: values.body });
    setFlash(reply, 'directory.space.posted');
    return seeOther(reply, `/groups/${group.slug}/space`);
  });

  app.post('/groups/:slug/listed', { schema: { params: SlugParams, body: schema.listedForm.schema }, attachValidation: true }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanEnterMembersSpace(req.actor, rel);
    const { values } = schema.listedForm.parse(req.body, req.t);
    await membership.setListed(deps.db, group.id, req.actor.id, values.listed);
    setFlash(reply, values.listed ? 'directory.space.listedDone' : 'directory.space.unlistedDone');
    return seeOther(reply, `/groups/${group.slug}/space`);
  });

  app.post('/groups/:slug/leave', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanLeave(req.actor, rel);
    await membership.leaveGroup(deps.db, group.id, req.actor.id);
    setFlash(reply, 'directory.space.left', { group: group.name });
    return seeOther(reply, `/groups/${group.slug}`);
  });

  // --- Founding ----------------------------------------------------------------------------
  const InterestBody = Type.Object({ interested: Type.Optional(Type.String({ maxLength: 5 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
  app.post('/groups/:slug/interest', { schema: { params: SlugParams, body: InterestBody } }, async (req, reply) => {
    const { group } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanSayInterested(req.actor, group);
    const interested = req.body.interested !== '0';
    await membership.setInterest(deps.db, group.id, req.actor.id, interested);
    setFlash(reply, interested ? 'directory.group.interestedDone' : 'directory.group.notInterestedDone');
    return seeOther(reply, `/groups/${group.slug}`);
  });

  app.post('/groups/:slug/publish', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanPublishProposal(req.actor, rel);
    if (group.status === 'proposed') {
      await directory.updateGroup(dir, { by: directory.actorLabel(req.actor), group, input: { ...directory.inputFromGroup(group), status: 'founding' }, mayChange: policy.groupFieldGuard(req.actor, rel) });
      setFlash(reply, 'directory.group.published');
    }
    return seeOther(reply, `/groups/${group.slug}`);
  });

  // --- Editing ---------------------------------------------------------------------------------
  app.get('/groups/:slug/edit', { schema: { params: SlugParams } }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanEditGroup(req.actor, group, rel);
    const placeLabel = directory.placeLabel(group.place_id);
    return sendHtml(reply, <EditGroupScreen ctx={page(req, reply)} group={group} values={formValuesOf(group, placeLabel)} errors={[]} topics={topicOptions(dir, req.locale)} statusOptions={policy.statusChoices(req.actor, rel, group.status, STATUSES)} />);
  });

  app.post('/groups/:slug/edit', { schema: { params: SlugParams, body: schema.groupForm.schema }, attachValidation: true }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanEditGroup(req.actor, group, rel);
    const { values, input, errors } = readGroupForm(req.body, req.t, dir, false);
    const mayChange = policy.groupFieldGuard(req.actor, rel);
    if (values.status === 'proposed' && group.status !== 'proposed') errors.push({ field: 'status', message: req.t('directory.edit.errorBackToProposed') });
    else if (values.status && values.status !== group.status && !mayChange('status', { from: group.status, to: values.status })) {
      errors.push({ field: 'status', message: req.t('directory.edit.errorStatusNotYours') });
    }
    if (errors.length === 0) {
      input.contactPointId = group.contact_point_id;
      input.organisationId = group.organisation_id;
      const changed = await directory.updateGroup(dir, { by: directory.actorLabel(req.actor), group, input, mayChange });
      setFlash(reply, changed.length ? 'directory.edit.saved' : 'directory.edit.unchanged');
      return seeOther(reply, `/groups/${group.slug}`);
    }
    return sendHtml(reply, <EditGroupScreen ctx={page(req, reply)} group={group} values={values} errors={errors} topics={topicOptions(dir, req.locale)} statusOptions={policy.statusChoices(req.actor, rel, group.status, STATUSES)} />, 400);
  });

  app.get('/groups/:slug/history', { schema: { params: SlugParams } }, async (req, reply) => {
    const { group, rel } = await loadGroup(req.params.slug, req.actor);
    policy.ensureCanEditGroup(req.actor, group, rel);
    return sendHtml(reply, <HistoryScreen ctx={page(req, reply)} group={group} revisions={await directory.listRevisions(deps.db, group.id)} />);
  });

  // --- Notes for topics without a group ------------------------------------------------------------
  app.post('/topics/watch', { schema: form(schema.watchForm.schema) }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const { values, errors } = schema.watchForm.parse(req.body, req.t);
    const topic = dir.topics.get(values.topic);
    if (!topic) throw notFound('topic_not_found');
    const ctx = page(req, reply);
    const option = { slug: topic.slug, name: topic.name[req.locale], area: topic.area };
    const signedIn = req.actor.kind === 'user';
    const account = req.actor.kind === 'user' ? await deps.accounts.mailbox(req.actor.id) : undefined;
    const accountEmail = account && !values.email ? account.email : null;
    if (values.website) return seeOther(reply, '/groups');
    if (!accountEmail && !values.email && errors.length === 0) errors.push({ field: 'email', message: req.t('directory.watch.emailNeeded') });
    if (errors.length === 0 && !(await deps.throttle.hit(`watch:ip:${req.ip}`, WATCH_PER_HOUR, HOUR))) {
      errors.push({ field: 'email', message: req.t('directory.contact.tooMany') });
    }
    if (errors.length) {
      return sendHtml(reply, (
        <Layout ctx={ctx} title={req.t('directory.watch.title', { topic: option.name })} hasErrors>
          <WatchForm ctx={ctx} topic={option} signedIn={signedIn} errors={errors} email={values.email} />
        </Layout>
      ), 400);
    }
    const outcome = await watches.watchTopic(deps, { topic: topic.slug, topicName: option.name, userId: req.actor.id, accountEmail, email: values.email || null, locale: req.locale });
    setFlash(reply, outcome === 'confirmed' ? 'directory.watch.saved' : 'directory.watch.mailed', { topic: option.name }, 'info');
    return seeOther(reply, `/groups?topic=${encodeURIComponent(topic.slug)}`);
  });

  async function loadWatch(id: string, key: string | undefined) {
    const watch = await watches.getWatch(deps.db, id);
    if (!watch || !keyMatches(deps.config.cookieSecret, 'watch', id, key)) throw notFound('watch_not_found');
    return watch;
  }

  app.get('/topics/watch/:id', { schema: { params: IdParams, querystring: KeyQuery } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    await directory.ensureIndex(dir);
    const watch = await loadWatch(req.params.id, req.query.key);
    const ctx = page(req, reply);
    const topic = directory.topicName(dir, watch.topic_slug, req.locale);
    return sendHtml(reply, (
      <Layout ctx={ctx} title={req.t('directory.watch.confirmTitle', { topic })}>
        <h1 class="heading-xl" safe>{req.t('directory.watch.confirmTitle', { topic })}</h1>
        {watch.confirmed ? <p safe>{req.t('directory.watch.isConfirmed')}</p> : (
          <PostForm action={`/topics/watch/${watch.id}/confirm`} csrf={ctx.csrf}>
            <input type="hidden" name="key" value={req.query.key ?? ''} />
            <Button><span safe>{req.t('directory.watch.confirm')}</span></Button>
          </PostForm>
        )}
        <PostForm action={`/topics/watch/${watch.id}/stop`} csrf={ctx.csrf}>
          <input type="hidden" name="key" value={req.query.key ?? ''} />
          <Button variant="secondary"><span safe>{req.t('directory.watch.stop')}</span></Button>
        </PostForm>
      </Layout>
    ));
  });

  app.post('/topics/watch/:id/confirm', { schema: { params: IdParams, body: KeyBody } }, async (req, reply) => {
    const watch = await loadWatch(req.params.id, req.body.key);
    await watches.confirmWatch(deps.db, watch.id);
    setFlash(reply, 'directory.watch.confirmedDone');
    return seeOther(reply, `/groups?topic=${encodeURIComponent(watch.topic_slug)}`);
  });

  app.post('/topics/watch/:id/stop', { schema: { params: IdParams, body: KeyBody } }, async (req, reply) => {
    const watch = await loadWatch(req.params.id, req.body.key);
    await watches.removeWatch(deps.db, watch.id);
    const ctx = page(req, reply);
    return sendHtml(reply, (
      <Layout ctx={ctx} title={req.t('directory.watch.stopped')}>
        <NotificationBanner kind="success" title={req.t('directory.watch.stopped')} />
        <p><a href="/groups" safe>{req.t('directory.search.title')}</a></p>
      </Layout>
    ));
  });
};
