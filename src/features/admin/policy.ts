// Who may use the administration pages. Every check of this feature is here.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole } from '../../platform/auth/roles.ts';

export const canAdminister = (actor: Actor): actor is UserActor => hasRole(actor, 'admin');
export const canReadOutbox = (actor: Actor): boolean => hasRole(actor, 'admin');
export const canAssignRoles = (actor: Actor): boolean => hasRole(actor, 'admin');
export const canReadAudit = (actor: Actor): boolean => hasRole(actor, 'admin');

export function ensureCanAdminister(actor: Actor): asserts actor is UserActor {
  ensure(canAdminister(actor), actor);
}
export const ensureCanReadOutbox = (actor: Actor): void => ensure(canReadOutbox(actor), actor);
export function ensureCanAssignRoles(actor: Actor): asserts actor is UserActor {
  ensure(canAssignRoles(actor), actor);
}
export const ensureCanReadAudit = (actor: Actor): void => ensure(canReadAudit(actor), actor);
