// The events feature as the app sees it: pages, calendars and API, the reminder job, the navigation
// entry, a person's data, and the "next meetings" section it adds to the directory's group page
// through the directory port. It reaches the directory only through directory/index.ts.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { requirePort } from '../../platform/feature.ts';
import { nowIso } from '../../platform/time.ts';
import * as events from './service.ts';
import * as policy from './policy.ts';
import { eventsRoutes } from './routes.tsx';
import { eventsApi } from './api.ts';
import { GroupMeetingsSection } from './views.tsx';
import { eventsDe, eventsEn } from './messages.ts';

async function register(app: FastifyInstance, { deps, ports, events: domainEvents }: FeatureContext): Promise<void> {
  const directoryPort = requirePort(ports, 'directory', 'events');
  deps.nav.push({ href: '/events', label: 'events.nav' });
  deps.accountData.register({
    name: 'events',
    export: (db, userId) => events.exportForUser(db, userId),
    delete: (db, userId) => events.releaseForDeletedUser(deps, db, userId),
  });
  events.registerReminderJob(deps);
  // The group page's "next meetings": the group's rule, its own events, and the calendar link.
  directoryPort.groupPageSections.push({
    name: 'events.meetings',
    async render({ group, actor, guard, ctx }) {
      if (group.status === 'proposed') return '';
      const meetings = await events.upcomingMeetings(deps.db, group, 5);
      const own = await events.eventsOfGroup(deps.db, group.id, nowIso(), 5);
      const showPlace = policy.canSeeMeetingPlace(guard);
      const view = {
        slug: group.slug,
        meetings: meetings.map((m) => ({ start: m.start, end: m.end, original: m.original, status: m.status, reason: m.reason, place: showPlace ? m.place : '' })),
        events: own.map((e) => ({ id: e.id, title: e.title, startsAt: e.starts_at, endsAt: e.ends_at, cancelled: e.status === 'cancelled' })),
        canManage: policy.canManageMeetings(guard),
        canCreateEvent: policy.canOrganise(actor, guard.facilitator || guard.staffOfGroup),
      };
      return GroupMeetingsSection({ ctx, view });
    },
  });
  await app.register(eventsRoutes, { deps, directoryPort, events: domainEvents });
  await app.register(eventsApi, { deps });
}

export const eventsModule: FeatureModule = { name: 'events', messages: { de: eventsDe, en: eventsEn }, register };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof eventsDe, true> {}
}
