// Who may do what in the directory. Every permission check of the feature is here.
// A group's facilitators edit it; staff of its contact point or organisation edit the groups of
// their region; administrators edit everything. Member lists, announcements and conversations
// are for the people in them only — not for staff or administrators.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import type { GroupRelation } from './membership.ts';

interface GroupLike {
  status: string;
  accepting: number;
}

const isAdmin = (actor: Actor) => hasRole(actor, 'admin');
const isFacilitator = (rel: GroupRelation) => rel.membership?.role === 'facilitator';
const isAdmitted = (rel: GroupRelation) => rel.membership?.status === 'admitted';
/** Who answers first contacts: the facilitators, or the contact point's staff for a group without any. */
const answersContacts = (rel: GroupRelation) => isFacilitator(rel) || (rel.staffOfGroup && !rel.hasFacilitators);

export const canEditGroup = (actor: Actor, rel: GroupRelation): boolean =>
  isSignedIn(actor) && (isAdmin(actor) || isFacilitator(rel) || rel.staffOfGroup);

/** Proposals are seen only by the proposer, the region's staff and administrators. */
export const canSeeGroup = (actor: Actor, group: GroupLike, rel: GroupRelation): boolean =>
  group.status !== 'proposed' || canEditGroup(actor, rel);

export function ensureCanSeeGroup(actor: Actor, group: GroupLike, rel: GroupRelation): void {
  if (!canSeeGroup(actor, group, rel)) throw notFound('group_not_found');
}

export function ensureCanEditGroup(actor: Actor, group: GroupLike, rel: GroupRelation): asserts actor is UserActor {
  ensureCanSeeGroup(actor, group, rel);
  ensure(canEditGroup(actor, rel), actor);
}

/** The exact meeting place (also a moved meeting's place): admitted members, facilitators and the region's staff. */
export const canSeeExactPlace = (actor: Actor, rel: GroupRelation): boolean =>
  isSignedIn(actor) && (isAdmitted(rel) || rel.staffOfGroup || isAdmin(actor));

/**
 * The group facts other features ask about, decided here once: who manages the group (edits it,
 * keeps its meetings, organises its events) and who sees where it meets exactly.
 */
export interface GroupGuard {
  facilitator: boolean;
  admitted: boolean;
  staffOfGroup: boolean;
  /** canEditGroup: facilitators, the region's staff, administrators. */
  manages: boolean;
  /** canSeeExactPlace. */
  seesExactPlace: boolean;
}

export function groupGuard(actor: Actor, rel: GroupRelation): GroupGuard {
  return {
    facilitator: isSignedIn(actor) && isFacilitator(rel),
    admitted: isSignedIn(actor) && isAdmitted(rel),
    staffOfGroup: isSignedIn(actor) && rel.staffOfGroup,
    manages: canEditGroup(actor, rel),
    seesExactPlace: canSeeExactPlace(actor, rel),
  };
}

export const canRequestToJoin = (actor: Actor, group: GroupLike, rel: GroupRelation): boolean =>
  isSignedIn(actor) &&
  (group.status === 'active' || group.status === 'founding') &&
  group.accepting === 1 &&
  (rel.membership === null || rel.membership.status === 'declined');

export function ensureCanRequestToJoin(actor: Actor, group: GroupLike, rel: GroupRelation): asserts actor is UserActor {
  ensure(canRequestToJoin(actor, group, rel), actor);
}

export const canLeave = (actor: Actor, rel: GroupRelation): boolean =>
  isSignedIn(actor) && rel.membership?.role === 'member' && rel.membership.status !== 'declined';

export function ensureCanLeave(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canLeave(actor, rel), actor);
}

/** Admitting and declining is the facilitators' work. */
export const canManageMembers = (actor: Actor, rel: GroupRelation): boolean => isSignedIn(actor) && isFacilitator(rel);

export function ensureCanManageMembers(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canManageMembers(actor, rel), actor);
}

/** The members' space: announcements and the member list. */
export const canEnterMembersSpace = (actor: Actor, rel: GroupRelation): boolean => isSignedIn(actor) && isAdmitted(rel);

export function ensureCanEnterMembersSpace(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canEnterMembersSpace(actor, rel), actor);
}

export const canAnnounce = (actor: Actor, rel: GroupRelation): boolean => isSignedIn(actor) && isFacilitator(rel);

export function ensureCanAnnounce(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canAnnounce(actor, rel), actor);
}

/** Anyone may write to a group that is listed (visitors confirm their address first). */
export const canContact = (group: GroupLike): boolean => group.status !== 'proposed';

export function ensureCanContact(actor: Actor, group: GroupLike): void {
  ensure(canContact(group), actor);
}

/** A conversation: the person who started it, and the group's facilitators (or, without any, its contact point's staff). */
export const canReadConversation = (
  actor: Actor,
  conversation: { user_id: string | null },
  rel: GroupRelation,
  visitorKeyValid: boolean,
): boolean =>
  (conversation.user_id === null ? visitorKeyValid : actor.kind === 'user' && actor.id === conversation.user_id) || (isSignedIn(actor) && answersContacts(rel));

export function ensureCanReadConversation(actor: Actor, conversation: { user_id: string | null }, rel: GroupRelation, visitorKeyValid: boolean): void {
  if (!canReadConversation(actor, conversation, rel, visitorKeyValid)) {
    // A visitor without a valid link learns nothing; a signed-in stranger gets a plain 404 too.
    throw notFound('conversation_not_found');
  }
}

export const isGroupSide = (actor: Actor, rel: GroupRelation): boolean => isSignedIn(actor) && answersContacts(rel);

export const canSeeInbox = (actor: Actor, rel: GroupRelation): boolean => isSignedIn(actor) && answersContacts(rel);

export function ensureCanSeeInbox(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canSeeInbox(actor, rel), actor);
}

export const canSeeRevisions = canEditGroup;

// --- Per-field rules for changing a group ----------------------------------------------------
// canEditGroup opens the group for changes; some fields then need more. This map is the one place
// that says which: the service's update command checks every changed column against it, so the
// edit form, the API and any later way in are held to the same rules. A field not listed here
// follows canEditGroup alone.

export interface FieldChange {
  from: string;
  to: string;
}
type FieldRule = (actor: Actor, rel: GroupRelation, change: FieldChange) => boolean;

/** What facilitators may do with the status themselves: pause a running group and resume it. */
const FACILITATOR_STATUS_MOVES = new Set(['active>paused', 'paused>active']);
const regionStaffOrAdmin = (actor: Actor, rel: GroupRelation) => isAdmin(actor) || rel.staffOfGroup;

export const GROUP_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  // Publishing (proposed → founding/active) is the region's review; facilitators cannot skip it.
  status: (actor, rel, { from, to }) =>
    to !== 'proposed' && (regionStaffOrAdmin(actor, rel) || (isFacilitator(rel) && FACILITATOR_STATUS_MOVES.has(`${from}>${to}`))),
  // Which contact point or organisation a group belongs to decides who may edit it.
  contact_point_id: (actor) => isAdmin(actor),
  organisation_id: (actor) => isAdmin(actor),
};

/** Answers, for the service's update command, whether this actor may change one field from → to. */
export type GroupFieldGuard = (field: string, change: FieldChange) => boolean;

export function groupFieldGuard(actor: Actor, rel: GroupRelation): GroupFieldGuard {
  return (field, change) => canEditGroup(actor, rel) && (GROUP_FIELD_RULES[field]?.(actor, rel, change) ?? true);
}

/** The meeting schedule page changes only the schedule of a group, for those who manage its meetings. */
const SCHEDULE_FIELDS = new Set(['rrule', 'start_time', 'duration_minutes', 'rhythm']);
export const scheduleFieldsOnly: GroupFieldGuard = (field) => SCHEDULE_FIELDS.has(field);

/** The statuses a person may choose in the edit form: the current one and those the rules allow. */
export function statusChoices(actor: Actor, rel: GroupRelation, current: string, all: readonly string[]): string[] {
  const guard = groupFieldGuard(actor, rel);
  return all.filter((s) => s === current || guard('status', { from: current, to: s }));
}

/** Proposing a new group needs an account, so the contact point can answer. */
export const canProposeGroup = (actor: Actor): actor is UserActor => isSignedIn(actor);

export function ensureCanProposeGroup(actor: Actor): asserts actor is UserActor {
  ensure(canProposeGroup(actor), actor);
}

export const canSayInterested = (actor: Actor, group: GroupLike): boolean => isSignedIn(actor) && group.status === 'founding';

export function ensureCanSayInterested(actor: Actor, group: GroupLike): asserts actor is UserActor {
  ensure(canSayInterested(actor, group), actor);
}

/** Publishing a proposal as "in founding": the region's staff and administrators. */
export const canPublishProposal = (actor: Actor, rel: GroupRelation): boolean =>
  isSignedIn(actor) && (isAdmin(actor) || rel.staffOfGroup);

export function ensureCanPublishProposal(actor: Actor, rel: GroupRelation): asserts actor is UserActor {
  ensure(canPublishProposal(actor, rel), actor);
}

/**
 * Working for an organisation needs both: a row in its staff list and the staff role on the account.
 * The actor is loaded from the database at every request, so taking the role away (or removing
 * someone from the list) takes the rights away at the next request.
 */
export const countsAsStaff = (actor: Actor): boolean => hasRole(actor, 'staff');

/** Whom staff may add to an organisation: accounts that hold the staff role (administrators give it). */
export const mayBeNamedStaff = (person: { role: string }): boolean => person.role === 'staff' || person.role === 'admin';

/** The staff list of an organisation (list, add, remove): its staff and administrators. */
export const canManageStaff = (actor: Actor, isStaffOfIt: boolean): boolean => isSignedIn(actor) && (isAdmin(actor) || isStaffOfIt);

export function ensureCanManageStaff(actor: Actor, isStaffOfIt: boolean): asserts actor is UserActor {
  ensure(canManageStaff(actor, isStaffOfIt), actor);
}

/** An organisation's page, its groups, import and export: its staff and administrators. */
export const canManageOrganisation = (actor: Actor, isStaffOfIt: boolean): boolean =>
  isSignedIn(actor) && (isAdmin(actor) || isStaffOfIt);

export function ensureCanManageOrganisation(actor: Actor, isStaffOfIt: boolean): asserts actor is UserActor {
  ensure(canManageOrganisation(actor, isStaffOfIt), actor);
}

/** Creating organisations, naming their staff and editing topics: administrators. */
export const canAdministerDirectory = (actor: Actor): boolean => isAdmin(actor);

export function ensureCanAdministerDirectory(actor: Actor): asserts actor is UserActor {
  ensure(canAdministerDirectory(actor), actor);
}

export const canWatchTopic = (): boolean => true;
