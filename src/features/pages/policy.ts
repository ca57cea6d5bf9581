// Who may do what with the editable pages.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole } from '../../platform/auth/roles.ts';

export const canEditPages = (actor: Actor): actor is UserActor => hasRole(actor, 'admin');
export function ensureCanEditPages(actor: Actor): asserts actor is UserActor {
  ensure(canEditPages(actor), actor);
}
