// Who may do what with events and meetings. Every permission check of the feature is here.
// Organisers (the group's facilitators, staff of its contact point, staff of the organising
// organisation) and administrators manage an event. Who registered is health data: only the
// organisers and administrators see the participant list — not moderators, not other staff.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import type { EventRelation, RegistrationState } from './service.ts';
import type { GroupGuard } from '../directory/index.ts';

const isAdmin = (actor: Actor) => hasRole(actor, 'admin');

/** Publishing for a group or an organisation: its organisers, and administrators. */
export const canOrganise = (actor: Actor, isOrganiser: boolean): boolean => isSignedIn(actor) && (isAdmin(actor) || isOrganiser);

export function ensureCanOrganise(actor: Actor, isOrganiser: boolean): asserts actor is UserActor {
  ensure(canOrganise(actor, isOrganiser), actor);
}

/** Administrators may publish for any organisation. */
export const canOrganiseForEveryOrganisation = (actor: Actor): boolean => isAdmin(actor);

/** The "new event" page itself: anyone signed in (it lists what they may organise, possibly nothing). */
export function ensureCanStartEvent(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

export const canManageEvent = (actor: Actor, rel: EventRelation): boolean => isSignedIn(actor) && (isAdmin(actor) || rel.organiser);

export function ensureCanManageEvent(actor: Actor, rel: EventRelation): asserts actor is UserActor {
  ensure(canManageEvent(actor, rel), actor);
}

/** The participant list and its CSV: organisers and administrators only. */
export const canSeeParticipants = (actor: Actor, rel: EventRelation): boolean => canManageEvent(actor, rel);

export function ensureCanSeeParticipants(actor: Actor, rel: EventRelation): asserts actor is UserActor {
  ensure(canSeeParticipants(actor, rel), actor);
}

/** Exact place and online link: confirmed participants, organisers and administrators. */
export const canSeeExactPlace = (actor: Actor, rel: EventRelation): boolean =>
  canManageEvent(actor, rel) || (isSignedIn(actor) && rel.registration?.status === 'confirmed');

/** A visitor's own registration reached through the signed link in their mail. */
export const canSeeExactPlaceWithKey = (registrationStatus: string): boolean => registrationStatus === 'confirmed';

/** Registering with the account: members whose registration is not on already, while the event takes people. */
export const canRegisterAsMember = (actor: Actor, state: RegistrationState): actor is UserActor =>
  isSignedIn(actor) && (state === 'open' || state === 'full');

export function ensureCanRegisterAsMember(actor: Actor, state: RegistrationState): asserts actor is UserActor {
  ensure(canRegisterAsMember(actor, state), actor);
}

/** Visitors register with name and address (confirmed by mail). */
export const canRegisterAsVisitor = (actor: Actor, state: RegistrationState): boolean => !isSignedIn(actor) && (state === 'open' || state === 'full');

/** A registration: its member, or whoever holds the signed link from the mail. */
export const canHandleRegistration = (actor: Actor, registration: { user_id: string | null }, keyValid: boolean): boolean =>
  keyValid || (isSignedIn(actor) && registration.user_id === actor.id);

export function ensureCanHandleRegistration(actor: Actor, registration: { user_id: string | null } | undefined, keyValid: boolean): asserts registration is { user_id: string | null } {
  // Without the right link or account nothing is revealed, not even that the registration exists.
  if (!registration || !canHandleRegistration(actor, registration, keyValid)) throw notFound('registration_not_found');
}

/** My events, reminders and the personal feed: members. */
export const canHaveEventSettings = (actor: Actor): actor is UserActor => isSignedIn(actor);

export function ensureCanHaveEventSettings(actor: Actor): asserts actor is UserActor {
  ensure(canHaveEventSettings(actor), actor);
}

/** A group's meeting schedule and its exceptions: whoever manages the group (the directory's rule). */
export const canManageMeetings = (guard: GroupGuard): boolean => guard.manages;

export function ensureCanManageMeetings(actor: Actor, guard: GroupGuard): asserts actor is UserActor {
  ensure(canManageMeetings(guard), actor);
}

/** Where a group meets exactly (also a moved meeting's place): the directory's "sees the exact place". */
export const canSeeMeetingPlace = (guard: GroupGuard): boolean => guard.seesExactPlace;
