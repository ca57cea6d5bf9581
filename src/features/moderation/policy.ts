// Who may do what in moderation. The only place of this feature that looks at roles.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn, staffBadge } from '../../platform/auth/roles.ts';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import type { Action, Item, Scope } from './service.ts';
import { inScope, isEmptyScope } from './service.ts';

/** Moderators and administrators work the whole queue (or, limited to categories, those categories). */
export function canModerate(actor: Actor): boolean {
  return hasRole(actor, 'moderator');
}

export function ensureCanModerate(actor: Actor): asserts actor is UserActor {
  ensure(canModerate(actor), actor);
}

export function isAdministrator(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

export function ensureSignedIn(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** The queue: moderators and administrators, and facilitators for their groups' boards (a scope that reaches something). */
export function canOpenQueue(actor: Actor, scope: Scope): boolean {
  return isSignedIn(actor) && (canModerate(actor) || !isEmptyScope(scope));
}

export function ensureCanOpenQueue(actor: Actor, scope: Scope): asserts actor is UserActor {
  ensure(canOpenQueue(actor, scope), actor);
}

/** An item is acted on only inside one's scope: limited moderators their categories, facilitators their boards. */
export function canActOnItem(actor: Actor, item: Pick<Item, 'category_id' | 'group_id'>, scope: Scope): boolean {
  return canOpenQueue(actor, scope) && inScope(scope, item);
}

export function ensureCanActOnItem(actor: Actor, item: Pick<Item, 'category_id' | 'group_id'>, scope: Scope): asserts actor is UserActor {
  ensure(canActOnItem(actor, item, scope), actor);
}

/**
 * What a facilitator may do on their board: look after the conversation (approve, hide, answer,
 * close, slow the thread down). Removing for good, editing someone's words, moving, silencing and
 * suspending accounts stay with the moderators, as they reach beyond the group.
 */
const FACILITATOR_ACTIONS: readonly Action[] = ['approve', 'hide', 'dismiss', 'reply', 'lock', 'unlock', 'slow'];

export function allowedActions(actor: Actor, actions: Action[]): Action[] {
  return canModerate(actor) ? actions : actions.filter((a) => FACILITATOR_ACTIONS.includes(a));
}

/** Facilitators slow down a thread of their board, never a whole category. */
export function canSlowCategory(actor: Actor): boolean {
  return canModerate(actor);
}

/** Moderators (within their scope) ask to see who wrote an anonymous post; facilitators never do. */
export function canAskToUnmask(actor: Actor, item: Pick<Item, 'category_id' | 'group_id'>, scope: Scope): boolean {
  return canModerate(actor) && inScope(scope, item);
}

export function ensureCanAskToUnmask(actor: Actor, item: Pick<Item, 'category_id' | 'group_id'>, scope: Scope): asserts actor is UserActor {
  ensure(canAskToUnmask(actor, item, scope), actor);
}

/** A second moderator or an administrator confirms — never the one who asked (checked again in the service). */
export function canDecideUnmask(actor: Actor, request: { requested_by: string | null }): boolean {
  return canModerate(actor) && actor.id !== request.requested_by;
}

/** Members report; visitors are asked to log in. */
export function ensureCanReport(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** Staff reports hide at once (their weight equals the threshold). */
export function reportsCountFully(actor: Actor): boolean {
  return hasRole(actor, 'moderator');
}

/** Notices and kept drafts are their owner's alone. */
export function ensureCanSeeOwnInbox(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** Staff, moderators and administrators write without the limits of trust levels. */
export function isExemptFromTrustLimits(actor: Actor): boolean {
  return hasRole(actor, 'staff', 'moderator');
}

/** Administrators set the thresholds and limits of trust levels and publish new community rules. */
export function ensureCanSetTrust(actor: Actor): asserts actor is UserActor {
  ensure(hasRole(actor, 'admin'), actor);
}

/** Members block others for themselves; visitors are asked to log in. */
export function ensureCanBlock(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** Whose header shows the queue's count: moderators, administrators, facilitators of a board. */
export function seesQueueBadge(actor: Actor, scope: Scope): boolean {
  return canOpenQueue(actor, scope);
}

/** The badge beside the name of a reported text's author: from their role, none when anonymous. */
export function authorBadge(role: string | undefined, anonymous: boolean): StaffBadge | undefined {
  return anonymous ? undefined : staffBadge(role);
}
