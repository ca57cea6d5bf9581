// Who may do what with a support network: its owner, and nobody else — no role opens another
// person's network. A stranger's entry is "not found", so its existence is not revealed either.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, isSignedIn } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';

export const canUseNetwork = (actor: Actor): actor is UserActor => isSignedIn(actor);

export function ensureCanUseNetwork(actor: Actor): asserts actor is UserActor {
  ensure(canUseNetwork(actor), actor);
}

export const canSeeEntry = (actor: Actor, entry: { userId: string }): boolean => isSignedIn(actor) && actor.id === entry.userId;

/** Throws 404 unless the entry exists and belongs to the actor. */
export function ensureCanSeeEntry<T extends { userId: string }>(actor: Actor, entry: T | undefined): asserts entry is T {
  if (!entry || !canSeeEntry(actor, entry)) throw notFound('network_entry_not_found');
}
