// Who may do what with accounts. A person manages only their own account.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn } from '../../platform/auth/roles.ts';

export const canManageOwnAccount = (actor: Actor): actor is UserActor => isSignedIn(actor);
export function ensureCanManageOwnAccount(actor: Actor): asserts actor is UserActor {
  ensure(canManageOwnAccount(actor), actor);
}

/** Registration and log-in pages are for visitors; signed-in people are sent on. */
export const canRegister = (actor: Actor): boolean => !isSignedIn(actor);

/**
 * The instance keeps at least one administrator: the last one cannot be deleted or given another
 * role. (A rule about the account concerned, not about who asks.)
 */
export const keepsLastAdministrator = (account: { role: string }, administrators: number, newRole?: string): boolean =>
  account.role === 'admin' && newRole !== 'admin' && administrators <= 1;

/** Every signed-in person agrees to the community rules for themselves. */
export function ensureCanAcceptRules(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** Administrators publish a new version of the community rules. */
export function ensureCanPublishRules(actor: Actor): asserts actor is UserActor {
  ensure(hasRole(actor, 'admin'), actor);
}
