// Role primitives. Only policies (features/*/policy.ts) call these; nothing else looks at a role.
import type { Role } from '../../db/types.ts';
import type { Actor } from './actor.ts';
import { forbidden, loginRequired } from '../errors.ts';

export const ROLES: readonly Role[] = ['member', 'staff', 'moderator', 'admin'];

export function isSignedIn(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user';
}

/** True when the actor holds one of the roles; administrators hold every role. */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  if (actor.kind !== 'user') return false;
  return actor.role === 'admin' || roles.includes(actor.role);
}

/**
 * The badge shown beside a person's name when they hold a staff role. It comes from the account's
 * role, never from the name, so a member calling themselves "Admin Anke" gets no badge.
 */
export function staffBadge(role: Role | string | null | undefined): 'staff' | 'moderator' | 'admin' | undefined {
  return role === 'staff' || role === 'moderator' || role === 'admin' ? role : undefined;
}

/** Throws 401 for visitors (they are sent to log in) and 403 for members who may not. */
export function ensure(allowed: boolean, actor: Actor, code = 'forbidden'): void {
  if (allowed) return;
  throw actor.kind === 'anonymous' ? loginRequired() : forbidden(code);
}
