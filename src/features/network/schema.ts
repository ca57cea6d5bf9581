// Forms and API schemas of the support network.
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { defineForm } from '../../platform/forms.ts';
import type { NetworkCircle, NetworkKind, NetworkSector } from '../../db/types.ts';

export const KINDS: readonly NetworkKind[] = ['person', 'organisation'];
export const SECTORS: readonly NetworkSector[] = ['family', 'friends', 'neighbourhood', 'community', 'work', 'professional'];
export const CIRCLES: readonly NetworkCircle[] = ['inner', 'middle', 'outer'];
export const SUPPORTS = ['emotional', 'practical', 'information', 'company'] as const;
export type Support = (typeof SUPPORTS)[number];
export const CONTACT_KINDS = ['call', 'meeting', 'message', 'letter'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const DIRECTIONS = ['received', 'given'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const RHYTHM_UNITS = ['days', 'weeks', 'months'] as const;
export const SNOOZE_DAYS = ['7', '14', '30', '90'] as const;
export const LEVELS = ['1', '2', '3', '4', '5'] as const;

export const NAME_MAX = 80;
export const PHONE_MAX = 40;
export const EMAIL_MAX = 254;
export const NOTES_MAX = 4000;
export const NOTE_MAX = 2000;
export const MAX_RHYTHM_DAYS = 3650;

const dateField = (label: 'network.contact.date' | 'network.give.date' | 'network.checkin.date') => ({ kind: 'text', label, max: 20 }) as const;

export const entryForm = defineForm({
  kind: { kind: 'choice', label: 'network.kind', required: true, values: KINDS },
  name: { kind: 'text', label: 'network.name', required: true, max: NAME_MAX, messages: { required: 'network.nameRequired' } },
  sector: { kind: 'choice', label: 'network.sector', required: true, values: SECTORS },
  circle: { kind: 'choice', label: 'network.circle', required: true, values: CIRCLES },
  phone: { kind: 'text', label: 'network.phone', max: PHONE_MAX, pattern: /^[0-9+()/ .-]+$/ },
  email: { kind: 'email', label: 'network.email', max: EMAIL_MAX },
  notes: { kind: 'longtext', label: 'network.notes', max: NOTES_MAX },
  rhythmEvery: { kind: 'text', label: 'network.rhythmEvery', max: 6 },
  rhythmUnit: { kind: 'choice', label: 'network.rhythmUnit', values: RHYTHM_UNITS },
});
/** The entry form's schema plus the multi-valued support checkboxes. */
export const entryFormSchema = Type.Object({
  ...entryForm.schema.properties,
  support: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })])),
  /** Local page to return to after adding (e.g. the lesson that sent the person here). */
  back: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const contactForm = defineForm({
  contactKind: { kind: 'choice', label: 'network.contact.kind', required: true, values: CONTACT_KINDS },
  contactDate: dateField('network.contact.date'),
  contactNote: { kind: 'longtext', label: 'network.contact.note', max: NOTE_MAX },
});

export const ledgerForm = defineForm({
  ledgerDirection: { kind: 'choice', label: 'network.give.direction', required: true, values: DIRECTIONS },
  ledgerType: { kind: 'choice', label: 'network.give.type', required: true, values: SUPPORTS },
  ledgerDate: dateField('network.give.date'),
  ledgerNote: { kind: 'longtext', label: 'network.give.note', max: NOTE_MAX },
});

export const thanksForm = defineForm({
  thanksText: { kind: 'longtext', label: 'network.thanks.textPlain', required: true, max: NOTES_MAX, messages: { required: 'network.thanks.required' } },
  thanksEntry: { kind: 'text', label: 'network.thanks.entry', max: 60 },
});

export const snoozeForm = defineForm({
  snoozeDays: { kind: 'choice', label: 'network.snooze.days', required: true, values: SNOOZE_DAYS },
});

export const checkinForm = defineForm({
  mood: { kind: 'choice', label: 'network.checkin.mood', required: true, values: LEVELS },
  energy: { kind: 'choice', label: 'network.checkin.energy', required: true, values: LEVELS },
  checkinNote: { kind: 'longtext', label: 'network.checkin.note', max: NOTE_MAX },
  checkinDate: dateField('network.checkin.date'),
});

export const digestForm = defineForm({
  weeklyDigest: { kind: 'checkbox', label: 'network.touch.digestLabel' },
});

export const directoryForm = defineForm({
  ref: { kind: 'text', label: 'network.directory.add', required: true, max: 300 },
});

/** Reads the support checkboxes (one value or many), keeping only known kinds, in a fixed order. */
export function supportValues(body: unknown): Support[] {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).support : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const given = new Set(list.map((v) => String(v)));
  return SUPPORTS.filter((s) => given.has(s));
}

// --- API -----------------------------------------------------------------------------

const Sector = Type.Union([
  Type.Literal('family'), Type.Literal('friends'), Type.Literal('neighbourhood'), Type.Literal('community'), Type.Literal('work'), Type.Literal('professional'),
]);
const Circle = Type.Union([Type.Literal('inner'), Type.Literal('middle'), Type.Literal('outer')]);
const Kind = Type.Union([Type.Literal('person'), Type.Literal('organisation')]);
const SupportKind = Type.Union([Type.Literal('emotional'), Type.Literal('practical'), Type.Literal('information'), Type.Literal('company')]);

export const EntryInput = Type.Object(
  {
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: NAME_MAX }),
    sector: Sector,
    circle: Circle,
    support: Type.Optional(Type.Array(SupportKind, { maxItems: 4 })),
    phone: Type.Optional(Type.String({ maxLength: PHONE_MAX })),
    email: Type.Optional(Type.String({ maxLength: EMAIL_MAX })),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
    rhythmDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RHYTHM_DAYS, description: 'Days between contacts; leave out for no reminder' })),
  },
  { additionalProperties: false },
);

export const EntryOutput = Type.Object({
  id: Type.String(),
  kind: Kind,
  name: Type.String(),
  sector: Sector,
  circle: Circle,
  support: Type.Array(SupportKind),
  phone: Type.String(),
  email: Type.String(),
  notes: Type.String(),
  rhythmDays: Type.Union([Type.Integer(), Type.Null()]),
  lastContactOn: Type.Union([Type.String(), Type.Null()]),
  nextContactOn: Type.Union([Type.String(), Type.Null()]),
  due: Type.Boolean(),
  createdAt: Type.String(),
});

export const EntryList = Type.Object({ entries: Type.Array(EntryOutput) });
export const EntryParams = Type.Object({ id: Type.String({ maxLength: 60 }) });

export const ContactInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('call'), Type.Literal('meeting'), Type.Literal('message'), Type.Literal('letter')]),
    date: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD; today when left out; not in the future' })),
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
  },
  { additionalProperties: false },
);

export type EntryInputBody = Static<typeof EntryInput>;
