// Who may do what in the learning area. Reading courses is open to everyone, visitors included.
// Progress and reflection answers belong to one member: nobody else — no role — reads them, and
// another person's answer is "not found". Staff and administrators write courses in the browser;
// each course is changed by its author or an administrator; videos are uploaded by staff.
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import { ensure, hasRole, isSignedIn } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';

/** Progress and answers are kept for signed-in members only; visitors read without them. */
export const canKeepProgress = (actor: Actor): actor is UserActor => isSignedIn(actor);

export function ensureCanKeepProgress(actor: Actor): asserts actor is UserActor {
  ensure(canKeepProgress(actor), actor);
}

/** A reflection answer is read by its author, and by nobody else. */
export const canReadAnswer = (actor: Actor, answer: { userId: string }): boolean => isSignedIn(actor) && actor.id === answer.userId;

export function ensureCanReadAnswer(actor: Actor, answer: { userId: string }): void {
  if (!canReadAnswer(actor, answer)) throw notFound('answer_not_found');
}

export const canWriteCourses = (actor: Actor): actor is UserActor => hasRole(actor, 'staff');

export function ensureCanWriteCourses(actor: Actor): asserts actor is UserActor {
  ensure(canWriteCourses(actor), actor);
}

/** The author of a course (while still staff) and administrators change it; others do not see it in the editor. */
export const canEditCourse = (actor: Actor, course: { author_id: string | null }): boolean =>
  hasRole(actor, 'admin') || (canWriteCourses(actor) && actor.id === course.author_id);

export function ensureCanEditCourse<T extends { author_id: string | null }>(actor: Actor, course: T | undefined): asserts course is T {
  if (!course) throw notFound('course_not_found');
  ensure(canEditCourse(actor, course), actor);
}

export const canUploadVideos = (actor: Actor): actor is UserActor => hasRole(actor, 'staff');

export function ensureCanUploadVideos(actor: Actor): asserts actor is UserActor {
  ensure(canUploadVideos(actor), actor);
}
