// Who may do what in moderation. The only place of this feature that looks at roles.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn, staffBadge } from '../../platform/auth/roles.ts';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import type { Item, Scope } from './service.ts';

/** Moderators and administrators work the queue. */
export function canModerate(actor: Actor): boolean {
  return hasRole(actor, 'moderator');
}

export function ensureCanModerate(actor: Actor): asserts actor is UserActor {
  ensure(canModerate(actor), actor);
}

export function isAdministrator(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** A moderator limited to categories acts only on items in them (or outside any category). */
export function canActOnItem(actor: Actor, item: Pick<Item, 'category_id'>, scope: Scope): boolean {
  if (!canModerate(actor)) return false;
  return scope.all || item.category_id === null || scope.categories.includes(item.category_id);
}

export function ensureCanActOnItem(actor: Actor, item: Pick<Item, 'category_id'>, scope: Scope): asserts actor is UserActor {
  ensure(canActOnItem(actor, item, scope), actor);
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

/** The badge beside the name of a reported text's author: from their role, none when anonymous. */
export function authorBadge(role: string | undefined, anonymous: boolean): StaffBadge | undefined {
  return anonymous ? undefined : staffBadge(role);
}
