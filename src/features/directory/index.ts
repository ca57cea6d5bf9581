// The directory feature as the app sees it: its module ({ name, messages, register }) and the port it
// offers the other features. Other features import this file only, never the inner ones.
// The port hands out the app's one Directory (database + search index, shared by pages, API and the
// schedule command, so no write ever builds an index of its own), the group guard ("manages the
// group", "sees the exact place", decided once in policy.ts from a relation loaded once per request),
// the schedule command (the directory owns the schedule columns), and the group page's sections slot.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import type { Guardian } from '../../platform/guardian.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { createDirectory, ensureIndex, getGroupBySlug, getOrganisationBySlug, organisationsOfUser, saveSchedule, type Directory, type Group, type ScheduleInput } from './service.ts';
import { directoryRoutes } from './routes.tsx';
import { organisationRoutes } from './routes-org.tsx';
import { directoryApi } from './api.ts';
import { exportForUser, relationOnce, relationTo } from './membership.ts';
import { exportConversations } from './contact.ts';
import { exportWatches, purgeDirectory } from './watches.ts';
import { groupGuard, type GroupGuard } from './policy.ts';
import { directoryDe, directoryEn } from './messages.ts';

// Read-only queries other features may use (groups, organisations, topics, places, memberships).
export {
  getGroupById, getGroupBySlug, getGroups, getOrganisationBySlug, getOrganisations, listOrganisations, loadTopics, organisationsOfUser, placeLabel,
  type Directory, type Group, type OrganisationRow, type ScheduleInput,
} from './service.ts';
export { membershipsOfUser } from './membership.ts';
export { ACCESSIBILITY } from './model.ts';
export type { GroupGuard } from './policy.ts';

/** The group guard outside a request (services): the relation is loaded for this one question. */
export async function groupGuardFor(db: Deps['db'], actor: Actor, group: Group): Promise<GroupGuard> {
  return groupGuard(actor, await relationTo(db, actor, group));
}

/** The group guard within a request: the relation comes from the request guardian's memo (loaded once). */
export async function groupGuardOnce(guardian: Guardian, deps: Deps, group: Group): Promise<GroupGuard> {
  return groupGuard(guardian.actor, await relationOnce(guardian, deps, group));
}

/** The organisations the request's actor works for, loaded once per request. */
export function organisationsOfActor(guardian: Guardian, deps: Deps): Promise<string[]> {
  return guardian.once('organisations', () => organisationsOfUser(deps.db, guardian.actor));
}
import { registerTarget } from '../moderation/index.ts';

const CLEANUP_JOB = 'directory.cleanup';
const DAY_MS = 86_400_000;

/** A section another feature shows on the group page (events: the next meetings). */
export interface GroupPageSection {
  name: string;
  /** HTML of the section, or '' when it has nothing to show to this reader. */
  render(input: { group: Group; actor: Actor; guard: GroupGuard; ctx: PageContext }): Promise<string>;
}

export interface DirectoryEntryRef {
  name: string;
  kind: 'group' | 'organisation';
  url: string;
}

export interface DirectoryPort {
  /** The app's one Directory: search index, topics, change feed cursor. */
  directory: Directory;
  /** What the actor may do with the group, its relation loaded once per request. */
  guard(guardian: Guardian, group: Group): Promise<GroupGuard>;
  /** Saves a group's meeting rule and rhythm text (the directory owns these columns). */
  saveSchedule(input: { actor: Actor; group: Group; schedule: ScheduleInput }): Promise<void>;
  /** Sections other features add to the group page, shown in the order they were added. */
  groupPageSections: GroupPageSection[];
  /** "group:<slug>" / "organisation:<slug>" as a name and an address, for the support network. */
  findEntry(ref: { kind: 'group' | 'organisation'; slug: string }): Promise<DirectoryEntryRef | undefined>;
}

declare module '../../platform/feature.ts' {
  interface Ports {
    directory: DirectoryPort;
  }
}

export function createDirectoryPort(deps: Deps, dir: Directory = createDirectory(deps)): DirectoryPort {
  return {
    directory: dir,
    guard: (guardian, group) => groupGuardOnce(guardian, deps, group),
    saveSchedule: ({ actor, group, schedule }) => saveSchedule(dir, { actor, group, schedule }),
    groupPageSections: [],
    async findEntry({ kind, slug }) {
      if (kind === 'group') {
        const group = await getGroupBySlug(deps.db, slug);
        return group && group.status !== 'proposed' ? { name: group.name, kind, url: `/groups/${group.slug}` } : undefined;
      }
      const org = await getOrganisationBySlug(deps.db, slug);
      return org ? { name: org.name, kind, url: `/organisations/${org.slug}` } : undefined;
    },
  };
}

async function register(app: FastifyInstance, { deps, ports, events }: FeatureContext): Promise<void> {
  const port = createDirectoryPort(deps);
  const dir = port.directory;
  ports.directory = port;
  registerModerationTargets();
  deps.nav.push({ href: '/groups', label: 'directory.nav.groups' }, { href: '/organisations', label: 'directory.nav.organisations' });
  deps.accountData.register({
    name: 'directory',
    async export(db, userId) {
      return { ...(await exportForUser(db, userId)), conversations: await exportConversations(db, userId), topicNotes: await exportWatches(db, userId) };
    },
    async delete(db, userId) {
      // Memberships, interest and the person's own conversations go with the account (foreign keys
      // cascade); messages they wrote as a facilitator stay, without their name.
      await db.deleteFrom('topic_watches').where('user_id', '=', userId).execute();
      await db.updateTable('conversation_messages').set({ author_id: null }).where('author_id', '=', userId).execute();
      await db.updateTable('announcements').set({ author_id: null }).where('author_id', '=', userId).execute();
    },
  });
  deps.jobs.every(CLEANUP_JOB, { everyMs: DAY_MS, firstAfterMs: 5 * 60_000 }, () => purgeDirectory(deps.db));
  dir.events = events;
  if (deps.config.runJobs) {
    // A serving process builds its search index right after start, so no visitor waits for it.
    app.addHook('onListen', async () => {
      void ensureIndex(dir).catch((error: unknown) => deps.log.error({ err: error }, 'building the directory index failed'));
    });
  }
  await app.register(directoryRoutes, { deps, dir, port });
  await app.register(organisationRoutes, { deps, dir });
  await app.register(directoryApi, { deps, dir });
}

/**
 * What moderation may see of first-contact conversations and their messages: the text, who wrote it
 * and where. Only reached when the writer asked for a moderator or someone reported a message.
 */
function registerModerationTargets(): void {
  const conversationUrl = (id: string) => `/conversations/${id}`;
  registerTarget('conversation', {
    async load(deps, id) {
      const row = await deps.db
        .selectFrom('conversations')
        .leftJoin('users', 'users.id', 'conversations.user_id')
        .select(['conversations.id', 'conversations.group_id', 'conversations.user_id', 'conversations.visitor_name', 'users.pseudonym'])
        .where('conversations.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const first = await deps.db.selectFrom('conversation_messages').select('body').where('conversation_id', '=', id).where('from_group', '=', 0).orderBy('created_at').limit(1).executeTakeFirst();
      return { authorId: row.user_id, authorName: row.pseudonym ?? row.visitor_name, anonymous: false, text: first?.body ?? '', url: conversationUrl(row.id), categoryId: null, groupId: row.group_id, status: 'published' };
    },
  });
  registerTarget('message', {
    async load(deps, id) {
      const row = await deps.db
        .selectFrom('conversation_messages')
        .innerJoin('conversations', 'conversations.id', 'conversation_messages.conversation_id')
        .leftJoin('users', 'users.id', 'conversation_messages.author_id')
        .select(['conversation_messages.body', 'conversation_messages.author_id', 'conversations.id as conversation_id', 'conversations.group_id', 'users.pseudonym'])
        .where('conversation_messages.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return { authorId: row.author_id, authorName: row.pseudonym, anonymous: false, text: row.body, url: conversationUrl(row.conversation_id), categoryId: null, groupId: row.group_id, status: 'published' };
    },
  });
}

/** For the forum's group boards: a person's ties to groups, and groups by id or slug. */
export { facilitatedGroupsOf, facilitatedGroupIdsSql, groupTiesOf, boardGroupsByIds, boardGroupBySlug, groupIdsOfOrganisations, type GroupTies, type BoardGroup } from './board-access.ts';

export const directoryModule: FeatureModule = { name: 'directory', messages: { de: directoryDe, en: directoryEn }, register };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof directoryDe, true> {}
}
