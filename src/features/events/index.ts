// The events feature as the app registers it: pages, calendars and API, the reminder job, the
// navigation entry, a person's data, and the section the directory's group page shows.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { nowIso } from '../../platform/time.ts';
import * as events from './service.ts';
import * as policy from './policy.ts';
import { eventsRoutes } from './routes.tsx';
import { eventsApi } from './api.ts';
import type { GroupMeetingsView } from './views.tsx';

export { GroupMeetingsSection, type GroupMeetingsView } from './views.tsx';
/** Whether a group's rule would ever meet again (the directory's group form asks before saving). */
export { ruleProblem } from '../../platform/recurrence.ts';

export async function registerEvents(app: FastifyInstance, deps: Deps): Promise<void> {
  deps.nav.push({ href: '/events', label: 'events.nav' });
  deps.accountData.register({
    name: 'events',
    export: (db, userId) => events.exportForUser(db, userId),
    delete: (db, userId) => events.releaseForDeletedUser(deps, db, userId),
  });
  events.registerReminderJob(deps);
  await app.register(eventsRoutes, { deps });
  await app.register(eventsApi, { deps });
}

/** What the group page shows of the group's meetings and events, for the one asking. */
export async function groupPageMeetings(
  deps: Deps,
  group: events.GroupForMeetings & { slug: string },
  actor: Actor,
  rel: { facilitator: boolean; admitted: boolean; staffOfGroup: boolean },
): Promise<GroupMeetingsView> {
  const showPlace = policy.canSeeMeetingPlace(actor, rel);
  const meetings = await events.upcomingMeetings(deps.db, group, 5);
  const own = await events.eventsOfGroup(deps.db, group.id, nowIso(), 5);
  return {
    slug: group.slug,
    meetings: meetings.map((m) => ({ start: m.start, end: m.end, original: m.original, status: m.status, reason: m.reason, place: showPlace ? m.place : '' })),
    events: own.map((e) => ({ id: e.id, title: e.title, startsAt: e.starts_at, endsAt: e.ends_at, cancelled: e.status === 'cancelled' })),
    canManage: policy.canManageMeetings(actor, rel),
    canCreateEvent: policy.canOrganise(actor, rel.facilitator || rel.staffOfGroup),
  };
}
