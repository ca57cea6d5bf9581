// Message keys for the directory's fixed values, so views never build keys from data.
import type { MessageKey } from '../../platform/i18n/index.ts';

export const KIND_LABEL: Record<string, MessageKey> = {
  self_help: 'directory.kind.selfHelp',
  social: 'directory.kind.social',
  peer_support: 'directory.kind.peerSupport',
};
export const AUDIENCE_LABEL: Record<string, MessageKey> = {
  affected: 'directory.audience.affected',
  relatives: 'directory.audience.relatives',
  both: 'directory.audience.both',
};
export const FORMAT_LABEL: Record<string, MessageKey> = {
  in_person: 'directory.format.inPerson',
  online: 'directory.format.online',
  phone: 'directory.format.phone',
  hybrid: 'directory.format.hybrid',
};
export const ACCESSIBILITY_LABEL: Record<string, MessageKey> = {
  step_free: 'directory.access.stepFree',
  hearing_loop: 'directory.access.hearingLoop',
  sign_language: 'directory.access.signLanguage',
  easy_language: 'directory.access.easyLanguage',
};
export const STATUS_LABEL: Record<string, MessageKey> = {
  active: 'directory.status.active',
  founding: 'directory.status.founding',
  paused: 'directory.status.paused',
  proposed: 'directory.status.proposed',
};
export const ORG_KIND_LABEL: Record<string, MessageKey> = {
  contact_point: 'directory.orgKind.contactPoint',
  umbrella: 'directory.orgKind.umbrella',
  member_org: 'directory.orgKind.memberOrg',
  self_help_org: 'directory.orgKind.selfHelpOrg',
};
export const AREA_LABEL: Record<string, MessageKey> = {
  chronic: 'directory.area.chronic',
  rare: 'directory.area.rare',
  mental: 'directory.area.mental',
  addiction: 'directory.area.addiction',
  disability: 'directory.area.disability',
  life: 'directory.area.life',
  social: 'directory.area.social',
};
/** Language names in the visitor's language come from Intl, so no catalog entry per language. */
const languageNames = new Map<string, string>();
export function languageName(code: string, locale: string): string {
  const key = `${locale}:${code}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
    } catch {
      name = code;
    }
    languageNames.set(key, name);
  }
  return name;
}
export const label = (map: Record<string, MessageKey>, value: string): MessageKey => map[value] ?? 'directory.unknownValue';
