// Forms and API schemas of events and meetings: one description gives validation, messages and OpenAPI.
import { Type } from 'typebox';
import { defineForm } from '../../platform/forms.ts';
import { ACCESSIBILITY, EVENT_AUDIENCES, EVENT_FORMATS, MAX_RADIUS_KM, REGISTRATION_MODES } from './model.ts';
import { NTHS, PATTERNS, WEEKDAYS } from '../../platform/recurrence.ts';

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 10_000;
const TIME = /^([01]?\d|2[0-3])[:.][0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const eventForm = defineForm({
  title: { kind: 'text', label: 'events.form.title', required: true, min: 3, max: TITLE_MAX },
  description: { kind: 'longtext', label: 'events.form.description', max: DESCRIPTION_MAX },
  date: { kind: 'text', label: 'events.form.date', required: true, max: 10, pattern: DATE, messages: { invalid: 'events.form.dateInvalid', required: 'events.form.dateRequired' } },
  startTime: { kind: 'text', label: 'events.form.startTime', required: true, max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
  endDate: { kind: 'text', label: 'events.form.endDate', max: 10, pattern: DATE, messages: { invalid: 'events.form.dateInvalid' } },
  endTime: { kind: 'text', label: 'events.form.endTime', required: true, max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
  format: { kind: 'choice', label: 'events.form.format', required: true, values: EVENT_FORMATS },
  place: { kind: 'text', label: 'events.form.place', max: 100 },
  area: { kind: 'text', label: 'events.form.area', max: 120 },
  address: { kind: 'text', label: 'events.form.address', max: 300 },
  onlineUrl: { kind: 'text', label: 'events.form.onlineUrl', max: 500, pattern: /^(https:\/\/\S+|tel:[0-9+ /-]+|[0-9+ /()-]{5,})$/, messages: { invalid: 'events.form.onlineUrlInvalid' } },
  audience: { kind: 'choice', label: 'events.form.audience', required: true, values: EVENT_AUDIENCES },
  contactName: { kind: 'text', label: 'events.form.contactName', max: 80 },
  contactRole: { kind: 'text', label: 'events.form.contactRole', max: 80 },
  contactPhone: { kind: 'text', label: 'events.form.contactPhone', max: 40, pattern: /^[0-9+()/ .-]+$/ },
  contactEmail: { kind: 'email', label: 'events.form.contactEmail', max: 254 },
  registration: { kind: 'choice', label: 'events.form.registration', required: true, values: REGISTRATION_MODES },
  capacity: { kind: 'text', label: 'events.form.capacity', max: 7 },
  deadlineDate: { kind: 'text', label: 'events.form.deadlineDate', max: 10, pattern: DATE, messages: { invalid: 'events.form.dateInvalid' } },
  deadlineTime: { kind: 'text', label: 'events.form.deadlineTime', max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
});
const multi = Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Array(Type.String({ maxLength: 80 }), { maxItems: 300 })]));
export const eventFormSchema = Type.Object({ ...eventForm.schema.properties, accessibility: multi, topics: multi, organiser: Type.Optional(Type.String({ maxLength: 200 })) });

export const visitorForm = defineForm({
  name: { kind: 'text', label: 'events.register.name', required: true, max: 80 },
  email: { kind: 'email', label: 'events.register.email', required: true, max: 254 },
  consent: { kind: 'checkbox', label: 'events.register.consent', required: true },
  website: { kind: 'text', label: 'events.register.honeypot', max: 200 },
  waitlist: { kind: 'checkbox', label: 'events.register.waitlist' },
});

export const memberRegisterForm = defineForm({
  waitlist: { kind: 'checkbox', label: 'events.register.waitlist' },
});

export const cancelEventForm = defineForm({
  reason: { kind: 'longtext', label: 'events.cancel.reason', required: true, max: 1000, messages: { required: 'events.cancel.reasonRequired' } },
});

export const decisionForm = defineForm({
  decision: { kind: 'choice', label: 'events.participants.decision', required: true, values: ['admit', 'decline'] },
});

export const KeyBody = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

export const scheduleForm = defineForm({
  pattern: { kind: 'choice', label: 'events.meetings.pattern', values: PATTERNS },
  weekday: { kind: 'choice', label: 'events.meetings.weekday', values: WEEKDAYS },
  nth: { kind: 'choice', label: 'events.meetings.nth', values: NTHS },
  startTime: { kind: 'text', label: 'events.meetings.startTime', required: true, max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
  duration: { kind: 'text', label: 'events.meetings.duration', required: true, max: 4, pattern: /^\d{1,3}$/, messages: { invalid: 'events.meetings.durationInvalid' } },
  rule: { kind: 'text', label: 'events.meetings.rule', max: 200 },
});

export const exceptionForm = defineForm({
  original: { kind: 'text', label: 'events.meetings.original', required: true, max: 40 },
  kind: { kind: 'choice', label: 'events.meetings.kind', required: true, values: ['cancelled', 'moved'] },
  date: { kind: 'text', label: 'events.meetings.newDate', max: 10, pattern: DATE, messages: { invalid: 'events.form.dateInvalid' } },
  startTime: { kind: 'text', label: 'events.meetings.newStart', max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
  endTime: { kind: 'text', label: 'events.meetings.newEnd', max: 5, pattern: TIME, messages: { invalid: 'events.form.timeInvalid' } },
  place: { kind: 'text', label: 'events.meetings.newPlace', max: 300 },
  reason: { kind: 'text', label: 'events.meetings.reason', required: true, max: 300, messages: { required: 'events.meetings.reasonRequired' } },
});

export const settingsForm = defineForm({
  reminders: { kind: 'checkbox', label: 'events.mine.reminders' },
});

// --- Lists: the page takes anything and explains; the API documents exact types -----------------

const loose = Type.Optional(Type.String({ maxLength: 500 }));
export const ListPageQuery = Type.Object({
  view: loose, month: loose, from: loose, to: loose, topic: loose, near: loose, radius: loose, format: loose, group: loose, organiser: loose, page: loose,
});

export const ListApiQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day (Europe/Berlin), default today.' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day (inclusive), default one year after `from`.' })),
  topic: Type.Optional(Type.String({ maxLength: 80, description: 'Topic slug, see /api/v1/topics.' })),
  near: Type.Optional(Type.String({ maxLength: 100, description: 'Postcode or place; online, phone and hybrid events are always included.' })),
  radius: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RADIUS_KM, description: 'Kilometres around `near` (default 25).' })),
  format: Type.Optional(Type.Union(EVENT_FORMATS.map((f) => Type.Literal(f)))),
  group: Type.Optional(Type.String({ maxLength: 120, description: 'Slug of the organising group.' })),
  organiser: Type.Optional(Type.String({ maxLength: 120, description: 'Slug of the organising organisation.' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const EventSummary = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Type.String(),
  startsAt: Type.String({ description: 'ISO 8601, UTC' }),
  endsAt: Type.String(),
  format: Type.String(),
  area: Type.String(),
  status: Type.String({ description: 'scheduled | cancelled' }),
  cancelReason: Type.String(),
  audience: Type.String(),
  accessibility: Type.Array(Type.String()),
  topics: Type.Array(Type.String()),
  organiser: Type.Object({ kind: Type.String(), slug: Type.String(), name: Type.String() }),
  registration: Type.Object({
    mode: Type.String({ description: 'none | open | approval' }),
    capacity: Type.Union([Type.Integer(), Type.Null()]),
    placesLeft: Type.Union([Type.Integer(), Type.Null()]),
    deadline: Nullable(Type.String()),
    state: Type.String({ description: 'none | open | full | closed | past | cancelled' }),
  }),
});

export const EventDetail = Type.Object({
  ...EventSummary.properties,
  description: Type.String({ description: 'Markdown' }),
  contact: Type.Object({ name: Type.String(), role: Type.String(), phone: Type.String(), email: Type.String() }),
  address: Nullable(Type.String({ description: 'Exact place: confirmed participants and organisers only.' })),
  onlineUrl: Nullable(Type.String({ description: 'Online link or dial-in: confirmed participants and organisers only.' })),
  myRegistration: Nullable(Type.String({ description: 'Status of the caller\'s registration, if any.' })),
});

export const ListResponse = Type.Object({ items: Type.Array(EventSummary), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() });
export const RegistrationBody = Type.Object({ waitlist: Type.Optional(Type.Boolean({ description: 'Join the waiting list when the event is full.' })) });
export const RegistrationResponse = Type.Object({ status: Type.String({ description: 'confirmed | waiting | pending | cancelled' }) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export { ACCESSIBILITY };
