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
