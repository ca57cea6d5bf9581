// Who may do what in the forum. Every permission check of the feature is here.
// Categories are read by everyone, by signed-in members, or by staff of member organisations;
// a group's board by its admitted members, its facilitators, the staff of its contact point or
// organisation, and moderators. Facilitators moderate their group's board; moderators all.
// Nothing here reveals an anonymous author: no role may see who wrote an anonymous post.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn, staffBadge } from '../../platform/auth/roles.ts';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import { notFound } from '../../platform/errors.ts';
import type { Category, Post, Thread } from './model.ts';

/** How a person relates to groups and organisations, loaded once per request. */
export interface Ties {
  admitted: ReadonlySet<string>;
  facilitating: ReadonlySet<string>;
  /** Groups of the organisations the person works for. */
  staffGroups: ReadonlySet<string>;
  /** Works for at least one organisation. */
  organisationStaff: boolean;
}

export const NO_TIES: Ties = { admitted: new Set(), facilitating: new Set(), staffGroups: new Set(), organisationStaff: false };

type CategoryLike = Pick<Category, 'read_access' | 'start_access' | 'locked' | 'anonymous_allowed' | 'group_id'>;

const isModerator = (actor: Actor) => hasRole(actor, 'moderator');
const isStaff = (actor: Actor, ties: Ties) => hasRole(actor, 'staff', 'moderator') || ties.organisationStaff;

export function canReadCategory(actor: Actor, category: CategoryLike, ties: Ties): boolean {
  if (category.group_id) {
    const g = category.group_id;
    return isSignedIn(actor) && (isModerator(actor) || ties.admitted.has(g) || ties.facilitating.has(g) || ties.staffGroups.has(g));
  }
  if (category.read_access === 'everyone') return true;
  if (category.read_access === 'members') return isSignedIn(actor);
  return isSignedIn(actor) && isStaff(actor, ties);
}

/** Unreadable looks exactly like missing: a board's threads must not even be confirmed to exist. */
export function ensureCanReadCategory(actor: Actor, category: CategoryLike | undefined, ties: Ties): asserts category is CategoryLike {
  if (!category || !canReadCategory(actor, category, ties)) throw notFound('category_not_found');
}

export function canModerateCategory(actor: Actor, category: CategoryLike, ties: Ties): boolean {
  if (!isSignedIn(actor)) return false;
  if (isModerator(actor)) return true;
  return category.group_id !== null && ties.facilitating.has(category.group_id);
}

export function canSeeThread(actor: Actor, category: CategoryLike, thread: Pick<Thread, 'status' | 'author_id'>, ties: Ties): boolean {
  if (!canReadCategory(actor, category, ties)) return false;
  if (thread.status === 'published') return true;
  if (thread.status === 'deleted') return canModerateCategory(actor, category, ties);
  return canModerateCategory(actor, category, ties) || (isSignedIn(actor) && thread.author_id === actor.id);
}

export function ensureCanSeeThread(actor: Actor, category: CategoryLike | undefined, thread: Pick<Thread, 'status' | 'author_id'> | undefined, ties: Ties): asserts thread {
  if (!category || !thread || !canSeeThread(actor, category, thread, ties)) throw notFound('thread_not_found');
}

export function canStartThread(actor: Actor, category: CategoryLike, ties: Ties): boolean {
  if (!isSignedIn(actor) || !canReadCategory(actor, category, ties) || category.locked) return false;
  if (category.group_id) return true;
  if (category.start_access === 'moderators') return isModerator(actor);
  if (category.start_access === 'staff') return isStaff(actor, ties);
  return true;
}

export function ensureCanStartThread(actor: Actor, category: CategoryLike, ties: Ties): asserts actor is UserActor {
  ensure(canStartThread(actor, category, ties), actor, 'cannot_start_thread');
}

export function canReply(actor: Actor, category: CategoryLike, thread: Pick<Thread, 'status' | 'locked'>, ties: Ties): boolean {
  if (!isSignedIn(actor) || !canReadCategory(actor, category, ties)) return false;
  if (thread.status !== 'published') return false;
  if (category.locked || thread.locked) return canModerateCategory(actor, category, ties);
  return true;
}

export function ensureCanReply(actor: Actor, category: CategoryLike, thread: Pick<Thread, 'status' | 'locked'>, ties: Ties): asserts actor is UserActor {
  ensure(canReply(actor, category, thread, ties), actor, 'cannot_reply');
}

/** Anonymous posting where the category allows it; never on a group's board (the group knows its people). */
export const canPostAnonymously = (category: CategoryLike): boolean => category.anonymous_allowed === 1 && category.group_id === null;

export const canEditPost = (actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): boolean =>
  isSignedIn(actor) && isAuthor && (post.status === 'published' || post.status === 'pending');

export function ensureCanEditPost(actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): asserts actor is UserActor {
  ensure(canEditPost(actor, post, isAuthor), actor, 'cannot_edit');
}

export const canDeletePost = (actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): boolean => canEditPost(actor, post, isAuthor);

export function ensureCanDeletePost(actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): asserts actor is UserActor {
  ensure(canDeletePost(actor, post, isAuthor), actor, 'cannot_delete');
}

/** Earlier versions of a post: its author and those who moderate the category. */
export const canSeeHistory = (actor: Actor, category: CategoryLike, isAuthor: boolean, ties: Ties): boolean =>
  isSignedIn(actor) && (isAuthor || canModerateCategory(actor, category, ties));

export function ensureCanSeeHistory(actor: Actor, category: CategoryLike, isAuthor: boolean, ties: Ties): void {
  if (!canSeeHistory(actor, category, isAuthor, ties)) throw notFound('post_not_found');
}

/** A post waiting for review or hidden: its author and the category's moderators. */
export const canSeeUnpublishedPost = (actor: Actor, category: CategoryLike, isAuthor: boolean, ties: Ties): boolean =>
  isSignedIn(actor) && (isAuthor || canModerateCategory(actor, category, ties));

export const canReact = (actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): boolean => isSignedIn(actor) && !isAuthor && post.status === 'published';

export function ensureCanReact(actor: Actor, post: Pick<Post, 'status'>, isAuthor: boolean): asserts actor is UserActor {
  ensure(canReact(actor, post, isAuthor), actor, 'cannot_react');
}

/** Who reacted is shown to the post's author only. */
export const canSeeReactors = (actor: Actor, isAuthor: boolean): boolean => isSignedIn(actor) && isAuthor;

/** Mentions notify a named person; an anonymous post must not, or it would hint at its author. */
export const canMention = (anonymous: boolean): boolean => !anonymous;

export const canHaveForumSettings = (actor: Actor): actor is UserActor => isSignedIn(actor);

export function ensureSignedIn(actor: Actor): asserts actor is UserActor {
  ensure(isSignedIn(actor), actor);
}

/** Categories: made, changed and ordered by administrators. */
export const canAdministerForum = (actor: Actor): boolean => hasRole(actor, 'admin');

export function ensureCanAdministerForum(actor: Actor): asserts actor is UserActor {
  ensure(canAdministerForum(actor), actor);
}

/** Moderators see every board in search and lists; others only those they can read. */
export const readsAllBoards = (actor: Actor): boolean => isModerator(actor);

/**
 * The staff badge beside an author's name: from the account's role, never from the name; none for an
 * anonymous post or thread (a badge would narrow down who wrote it) and none once the author is gone.
 */
export function authorBadge(p: { anonymous: number; author_role: string | null }): StaffBadge | undefined {
  return p.anonymous ? undefined : staffBadge(p.author_role);
}
