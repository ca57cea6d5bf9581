// The directory feature as the app registers it: one Directory (database + search index) shared
// by its pages and API, its navigation entries, and its part of a person's data export and deletion.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { createDirectory, ensureIndex, getGroupBySlug, getOrganisationBySlug, type Directory } from './service.ts';
import { setDirectoryResolver } from '../network/directory-link.ts';
import { directoryRoutes } from './routes.tsx';
import { organisationRoutes } from './routes-org.tsx';
import { directoryApi } from './api.ts';
import { exportForUser } from './membership.ts';
import { exportConversations } from './contact.ts';
import { exportWatches, purgeDirectory } from './watches.ts';
import { registerTarget } from '../moderation/index.ts';

const CLEANUP_JOB = 'directory.cleanup';
const DAY_MS = 86_400_000;

// The meeting schedule page (events) may change a group's schedule fields and nothing else.
export { scheduleFieldsOnly } from './policy.ts';

export async function registerDirectory(app: FastifyInstance, deps: Deps): Promise<Directory> {
  const dir = createDirectory(deps);
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
  if (deps.config.runJobs) {
    // A serving process builds its search index right after start, so no visitor waits for it.
    app.addHook('onListen', async () => {
      void ensureIndex(dir).catch((error: unknown) => deps.log.error({ err: error }, 'building the directory index failed'));
    });
  }
  // "Add to my network" on group and organisation pages: the network asks the directory for the name.
  setDirectoryResolver(deps, async ({ kind, slug }) => {
    if (kind === 'group') {
      const group = await getGroupBySlug(deps.db, slug);
      return group && group.status !== 'proposed' ? { name: group.name, kind, url: `/groups/${group.slug}` } : undefined;
    }
    const org = await getOrganisationBySlug(deps.db, slug);
    return org ? { name: org.name, kind, url: `/organisations/${org.slug}` } : undefined;
  });
  await app.register(directoryRoutes, { deps, dir });
  await app.register(organisationRoutes, { deps, dir });
  await app.register(directoryApi, { deps, dir });
  return dir;
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
export { groupTiesOf, boardGroupsByIds, boardGroupBySlug, groupIdsOfOrganisations, type GroupTies, type BoardGroup } from './board-access.ts';
