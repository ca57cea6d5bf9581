// The directory's vocabularies: the fixed values a group or organisation field may take.
export const GROUP_KINDS = ['self_help', 'social', 'peer_support'] as const;
export const AUDIENCES = ['affected', 'relatives', 'both'] as const;
export const FORMATS = ['in_person', 'online', 'phone', 'hybrid'] as const;
export const ACCESSIBILITY = ['step_free', 'hearing_loop', 'sign_language', 'easy_language'] as const;
export const STATUSES = ['active', 'founding', 'paused', 'proposed'] as const;
/** Statuses a visitor can see; proposals stay with the contact point until published. */
export const PUBLIC_STATUSES = ['active', 'founding', 'paused'] as const;
export const ORGANISATION_KINDS = ['contact_point', 'umbrella', 'member_org', 'self_help_org'] as const;
/** Languages a group can meet in (ISO 639-1), German first. */
export const LANGUAGES = ['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'fa', 'ro', 'it', 'es', 'fr', 'ku', 'vi'] as const;
export const RADII = [5, 10, 25, 50, 100] as const;
export const MAX_RADIUS_KM = 200;
export const PAGE_SIZE = 20;

export type GroupKind = (typeof GROUP_KINDS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type Format = (typeof FORMATS)[number];
export type Accessibility = (typeof ACCESSIBILITY)[number];
export type GroupStatus = (typeof STATUSES)[number];
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type Language = (typeof LANGUAGES)[number];

/** Groups that can be joined from anywhere: they appear for every place. */
export const reachableFromAnywhere = (formats: readonly string[]): boolean =>
  formats.includes('online') || formats.includes('phone') || formats.includes('hybrid');

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

export const splitList = (value: string): string[] => (value ? value.split(',').filter(Boolean) : []);
