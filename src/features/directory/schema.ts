// Request schemas of the directory: the search parameters (one reading for the page and the API)
// and the forms for groups, contact, joining, proposals, organisations and topics.
import { parsePage } from '../../platform/pagination.ts';
import { Type, type Static } from 'typebox';
import type { FieldProblem } from '../../platform/errors.ts';
import { defineForm } from '../../platform/forms.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { resolvePlace, type Place } from '../../platform/geo/index.ts';
import {
  ACCESSIBILITY, AUDIENCES, FORMATS, GROUP_KINDS, LANGUAGES, MAX_RADIUS_KM, ORGANISATION_KINDS, PAGE_SIZE, STATUSES, isOneOf,
} from './model.ts';
import type { SearchQuery } from './search-index.ts';

export const MAX_QUERY_LENGTH = 200;
export const MAX_MESSAGE_LENGTH = 5000;
export const DEFAULT_RADIUS_KM = 25;

const loose = Type.Optional(Type.String({ maxLength: 5000 }));
/** The page takes anything and explains what is wrong; nothing typed is refused outright. */
export const SearchPageQuery = Type.Object({
  q: loose,
  topic: loose,
  near: loose,
  radius: loose,
  format: loose,
  audience: loose,
  accessibility: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })])),
  language: loose,
  accepting: loose,
  founding: loose,
  kind: loose,
  sort: loose,
  page: loose,
});
export type SearchPageQueryT = Static<typeof SearchPageQuery>;

/** The API documents exact types; bad input is a 400 naming the parameter. */
export const SearchApiQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'Words; German-aware (umlauts folded, word parts, one typo forgiven).' })),
  topic: Type.Optional(Type.String({ maxLength: 80, description: 'Topic slug, see /api/v1/topics.' })),
  near: Type.Optional(Type.String({ maxLength: 100, description: 'Postcode ("04103") or place ("Leipzig").' })),
  radius: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RADIUS_KM, description: 'Kilometres around `near` (default 25).' })),
  format: Type.Optional(Type.Union(FORMATS.map((f) => Type.Literal(f)))),
  audience: Type.Optional(Type.Union(AUDIENCES.map((f) => Type.Literal(f)))),
  accessibility: Type.Optional(Type.Union([Type.Union(ACCESSIBILITY.map((f) => Type.Literal(f))), Type.Array(Type.Union(ACCESSIBILITY.map((f) => Type.Literal(f))), { maxItems: 4 })])),
  language: Type.Optional(Type.Union(LANGUAGES.map((f) => Type.Literal(f)))),
  accepting: Type.Optional(Type.Boolean({ description: 'Only groups that accept new members.' })),
  founding: Type.Optional(Type.Boolean({ description: 'Only groups in founding.' })),
  kind: Type.Optional(Type.Union(GROUP_KINDS.map((f) => Type.Literal(f)))),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('distance'), Type.Literal('name')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

export interface SearchForm {
  q: string;
  topic: string;
  near: string;
  radius: string;
  format: string;
  audience: string;
  accessibility: string[];
  language: string;
  accepting: boolean;
  founding: boolean;
  kind: string;
  sort: string;
  page: number;
}

export interface ParsedSearch {
  form: SearchForm;
  query: SearchQuery;
  place: Place | null;
  /** Places to choose from when the name is shared or unknown. */
  placeChoices: Place[];
  errors: FieldProblem[];
  /** True when nothing at all was asked (the page then shows topics to start from). */
  empty: boolean;
}

const truthy = (v: unknown) => v === true || v === '1' || v === 'on' || v === 'true';
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** Reads search parameters from a page or API query. Unknown values become errors, not 500s. */
export function parseSearch(raw: Record<string, unknown>, t: Translator, topicExists: (slug: string) => boolean): ParsedSearch {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : typeof raw[k] === 'number' ? String(raw[k]) : '');
  const errors: FieldProblem[] = [];
  const form: SearchForm = {
    q: str('q'),
    topic: str('topic'),
    near: str('near'),
    radius: str('radius'),
    format: str('format'),
    audience: str('audience'),
    accessibility: asList(raw.accessibility),
    language: str('language'),
    accepting: truthy(raw.accepting),
    founding: truthy(raw.founding),
    kind: str('kind'),
    sort: str('sort'),
    page: 1,
  };
  form.page = parsePage(raw.page);

  if (form.q.length > MAX_QUERY_LENGTH) errors.push({ field: 'q', message: t('directory.search.errorQueryLong', { max: MAX_QUERY_LENGTH }) });
  if (form.topic && !topicExists(form.topic)) errors.push({ field: 'topic', message: t('directory.search.errorTopic') });
  let radiusKm = DEFAULT_RADIUS_KM;
  if (form.radius) {
    const r = Number(form.radius);
    if (!Number.isInteger(r) || r < 1 || r > MAX_RADIUS_KM) errors.push({ field: 'radius', message: t('directory.search.errorRadius', { max: MAX_RADIUS_KM }) });
    else radiusKm = r;
  }
  const checkEnum = (field: 'format' | 'audience' | 'language' | 'kind' | 'sort', list: readonly string[]) => {
    if (form[field] && !list.includes(form[field])) {
      errors.push({ field, message: t('directory.search.errorChoice') });
      form[field] = '';
    }
  };
  checkEnum('format', FORMATS);
  checkEnum('audience', AUDIENCES);
  checkEnum('language', LANGUAGES);
  checkEnum('kind', GROUP_KINDS);
  checkEnum('sort', ['relevance', 'distance', 'name']);
  if (form.accessibility.some((a) => !isOneOf(ACCESSIBILITY, a))) {
    errors.push({ field: 'accessibility', message: t('directory.search.errorChoice') });
    form.accessibility = form.accessibility.filter((a) => isOneOf(ACCESSIBILITY, a));
  }

  let place: Place | null = null;
  let placeChoices: Place[] = [];
  if (form.near.length > 100) errors.push({ field: 'near', message: t('directory.search.errorPlaceLong') });
  else if (form.near) {
    const found = resolvePlace(form.near);
    if (found.kind === 'found') place = found.place;
    else if (found.kind === 'ambiguous') {
      placeChoices = found.candidates.slice(0, 8);
      errors.push({ field: 'near', message: t('directory.search.errorPlaceAmbiguous', { place: form.near }) });
    } else {
      placeChoices = found.suggestions;
      errors.push({ field: 'near', message: t('directory.search.errorPlaceUnknown', { place: form.near }) });
    }
  }
  if (form.sort === 'distance' && !place) form.sort = '';

  const query: SearchQuery = {
    words: form.q.slice(0, MAX_QUERY_LENGTH),
    topic: form.topic && topicExists(form.topic) ? form.topic : undefined,
    near: place ? { lat: place.lat, lon: place.lon } : undefined,
    radiusKm: place ? radiusKm : undefined,
    format: form.format || undefined,
    audience: form.audience || undefined,
    accessibility: form.accessibility.length ? form.accessibility : undefined,
    language: form.language || undefined,
    accepting: form.accepting || undefined,
    founding: form.founding || undefined,
    kind: form.kind || undefined,
    sort: (form.sort || undefined) as SearchQuery['sort'],
    offset: (form.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const empty = !form.q && !form.topic && !form.near && !form.format && !form.audience && !form.accessibility.length && !form.language && !form.accepting && !form.founding && !form.kind;
  return { form, query, place, placeChoices, errors, empty };
}

/** The query string of a search, for shareable links and pagination. */
export function searchHref(form: SearchForm, change: Partial<SearchForm> = {}): string {
  const f = { ...form, ...change };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.topic) params.set('topic', f.topic);
  if (f.near) params.set('near', f.near);
  if (f.near && f.radius) params.set('radius', f.radius);
  if (f.format) params.set('format', f.format);
  if (f.audience) params.set('audience', f.audience);
  for (const a of f.accessibility) params.append('accessibility', a);
  if (f.language) params.set('language', f.language);
  if (f.accepting) params.set('accepting', '1');
  if (f.founding) params.set('founding', '1');
  if (f.kind) params.set('kind', f.kind);
  if (f.sort) params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  const qs = params.toString();
  return qs ? `/groups?${qs}` : '/groups';
}

// --- Forms ------------------------------------------------------------------------

export const memberContactForm = defineForm({
  message: { kind: 'longtext', label: 'directory.contact.message', required: true, max: MAX_MESSAGE_LENGTH },
  website: { kind: 'text', label: 'directory.contact.honeypot', max: 200 },
});

export const visitorContactForm = defineForm({
  name: { kind: 'text', label: 'directory.contact.name', required: true, max: 80 },
  email: { kind: 'email', label: 'directory.contact.email', required: true, max: 254 },
  message: { kind: 'longtext', label: 'directory.contact.message', required: true, max: MAX_MESSAGE_LENGTH },
  consent: { kind: 'checkbox', label: 'directory.contact.consent', required: true },
  website: { kind: 'text', label: 'directory.contact.honeypot', max: 200 },
});

export const replyForm = defineForm({
  message: { kind: 'longtext', label: 'directory.conversation.reply', required: true, max: MAX_MESSAGE_LENGTH },
});

export const joinForm = defineForm({
  message: { kind: 'longtext', label: 'directory.join.message', max: 2000 },
  listed: { kind: 'checkbox', label: 'directory.join.listed' },
});

export const decisionForm = defineForm({
  user: { kind: 'text', label: 'directory.members.person', required: true, max: 60 },
  decision: { kind: 'choice', label: 'directory.members.decision', required: true, values: ['admit', 'decline'] },
  message: { kind: 'longtext', label: 'directory.members.decisionMessage', max: 2000 },
});

export const announcementForm = defineForm({
  body: { kind: 'longtext', label: 'directory.space.announcement', required: true, max: MAX_MESSAGE_LENGTH },
});

export const listedForm = defineForm({
  listed: { kind: 'checkbox', label: 'directory.join.listed' },
});

export const watchForm = defineForm({
  topic: { kind: 'text', label: 'directory.watch.topic', required: true, max: 80 },
  email: { kind: 'email', label: 'directory.watch.email', max: 254 },
  website: { kind: 'text', label: 'directory.contact.honeypot', max: 200 },
});

const groupFields = {
  name: { kind: 'text', label: 'directory.edit.name', required: true, min: 3, max: 120 },
  description: { kind: 'longtext', label: 'directory.edit.description', required: true, max: 10_000 },
  kind: { kind: 'choice', label: 'directory.edit.kind', required: true, values: GROUP_KINDS },
  audience: { kind: 'choice', label: 'directory.edit.audience', required: true, values: AUDIENCES },
  place: { kind: 'text', label: 'directory.edit.place', max: 100 },
  area: { kind: 'text', label: 'directory.edit.area', max: 120 },
  address: { kind: 'longtext', label: 'directory.edit.address', max: 500 },
  rhythm: { kind: 'text', label: 'directory.edit.rhythm', max: 200 },
  rrule: { kind: 'text', label: 'directory.edit.rrule', max: 200, pattern: /^$|^(FREQ=(WEEKLY|MONTHLY|DAILY|YEARLY))(;[A-Z]+=[A-Z0-9,+-]+)*$/ },
  startTime: { kind: 'text', label: 'directory.edit.startTime', max: 5, pattern: /^$|^([01]\d|2[0-3]):[0-5]\d$/ },
  duration: { kind: 'text', label: 'directory.edit.duration', max: 4, pattern: /^$|^\d{1,3}$/ },
  accepting: { kind: 'checkbox', label: 'directory.edit.accepting' },
} as const;

export const groupForm = defineForm({
  ...groupFields,
  status: { kind: 'choice', label: 'directory.edit.status', required: true, values: STATUSES },
});

export const proposalForm = defineForm({
  name: groupFields.name,
  description: groupFields.description,
  kind: groupFields.kind,
  audience: groupFields.audience,
  place: groupFields.place,
  area: groupFields.area,
  rhythm: groupFields.rhythm,
});

export const organisationForm = defineForm({
  name: { kind: 'text', label: 'directory.org.name', required: true, min: 3, max: 160 },
  kind: { kind: 'choice', label: 'directory.org.kind', required: true, values: ORGANISATION_KINDS },
  description: { kind: 'longtext', label: 'directory.org.description', max: 10_000 },
  place: { kind: 'text', label: 'directory.edit.place', max: 100 },
  area: { kind: 'text', label: 'directory.edit.area', max: 120 },
  region: { kind: 'text', label: 'directory.org.region', max: 200 },
  radius: { kind: 'text', label: 'directory.org.radius', max: 3, pattern: /^$|^\d{1,3}$/ },
  street: { kind: 'text', label: 'directory.org.street', max: 200 },
  phone: { kind: 'text', label: 'directory.org.phone', max: 60 },
  email: { kind: 'email', label: 'directory.org.email', max: 254 },
  website: { kind: 'text', label: 'directory.org.website', max: 300, pattern: /^$|^https?:\/\/\S+$/ },
  openingHours: { kind: 'longtext', label: 'directory.org.openingHours', max: 1000 },
});

export const staffRemoveForm = defineForm({
  user: { kind: 'text', label: 'directory.staff.person', required: true, max: 60 },
});

export const staffForm = defineForm({
  pseudonym: { kind: 'text', label: 'directory.org.staffPseudonym', required: true, max: 60 },
});

export const topicForm = defineForm({
  slug: { kind: 'text', label: 'directory.topics.slug', required: true, max: 60, pattern: /^[a-z0-9-]+$/ },
  area: { kind: 'text', label: 'directory.topics.area', required: true, max: 20 },
  nameDe: { kind: 'text', label: 'directory.topics.nameDe', required: true, max: 120 },
  nameEn: { kind: 'text', label: 'directory.topics.nameEn', required: true, max: 120 },
  synonymsDe: { kind: 'longtext', label: 'directory.topics.synonymsDe', max: 3000 },
  synonymsEn: { kind: 'longtext', label: 'directory.topics.synonymsEn', max: 3000 },
});
