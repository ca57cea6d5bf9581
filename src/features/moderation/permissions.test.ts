// The permission grid of moderation: every moderation route (taken from the app's route table, so a
// new route without a row here fails) × visitor, member, facilitator, contact-point staff, moderator,
// a moderator limited to another category, administrator — asserted both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Client, createTestApp, runPermissionGrid, type GridAction } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from '../forum/index.ts';
import type { App } from '../../app.ts';

const ACTORS = ['visitor', 'member', 'facilitator', 'staff', 'moderator', 'limitedModerator', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
const SIGNED_IN: ActorName[] = ['member', 'facilitator', 'staff', 'moderator', 'limitedModerator', 'admin'];
const MODERATORS: ActorName[] = ['moderator', 'admin'];

const MODERATION_PATHS = /^\/(moderation|api\/v1\/moderation|report|api\/v1\/reports|notices|drafts)(\/|$)/;

interface Row {
  route: string;
  allowed: ActorName[];
  /** Where an allowed command's 303 leads. */
  redirectsTo?: string | RegExp;
  run(c: Client, app: App): Promise<LightMyRequestResponse>;
}

test('permission grid of moderation', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const f = await buildFixture(app);
    const categoryA = await createCategory(app.deps, { slug: 'kategorie-a', nameDe: 'A', nameEn: 'A', position: 1, readAccess: 'members' });
    const categoryB = await createCategory(app.deps, { slug: 'kategorie-b', nameDe: 'B', nameEn: 'B', position: 2, readAccess: 'members' });
    const limited = (await import('../../../test/helpers.ts')).signedInAs(app, 'moderator', 'Begrenzte Moderation');
    const limitedModerator = await limited;
    await app.deps.db.insertInto('moderator_categories').values({ user_id: limitedModerator.userId, category_id: categoryB }).execute();
    const people: Record<ActorName, { client: Client; userId: string | null }> = {
      visitor: { client: new Client(app), userId: null },
      member: f.people.member, facilitator: f.people.facilitator, staff: f.people.staff, moderator: f.people.moderator, limitedModerator, admin: f.people.admin,
    };

    // A thread in category A, posts to report, a pre-moderated post per decision, a notice and a draft of the member.
    const { createThread } = await import('../forum/index.ts');
    const { UserActor } = await import('../../platform/auth/actor.ts');
    const { translator } = await import('../../platform/i18n/index.ts');
    const writer = new UserActor(f.people.admitted.userId, f.people.admitted.pseudonym, 'member', 'de', '', true);
    const category = (await app.deps.db.selectFrom('forum_categories').selectAll().where('id', '=', categoryA).executeTakeFirstOrThrow()) as never;
    const ties = { groupIds: [], facilitatorGroupIds: [], staffOrganisationIds: [] } as never;
    let n = 0;
    const newPost = async () => {
      const written = await createThread(app.deps, { actor: writer, category, ties, input: { title: `Thema Nummer ${++n}`, body: 'Ein ganz gewöhnlicher Beitrag.', anonymous: false, contentNote: '' }, t: translator('de') });
      if (!written.ok) throw new Error('thread');
      return written.value.postId;
    };
    const { queueForReview } = await import('./index.ts');
    const newItem = async () => {
      const postId = await newPost();
      await queueForReview(app.deps, { target: { type: 'post', id: String(postId), url: '/forum', categoryId: categoryA }, authorId: f.people.admitted.userId, classes: [], choice: null });
      const row = await app.deps.db.selectFrom('moderation_items').select('id').where('target_id', '=', String(postId)).executeTakeFirstOrThrow();
      return row.id;
    };
    const viewItem = await newItem();
    const notice = { id: 'n-1' };
    await app.deps.db.insertInto('moderation_notices').values({ id: notice.id, user_id: f.people.member.userId, item_id: null, kind: 'reply', reason: '', body: 'Hallo', created_at: new Date().toISOString(), read_at: null, answered_at: null }).execute();
    const { recordCrisisChoice } = await import('./index.ts');
    const drafts: string[] = [];
    const newDraft = async () => {
      await recordCrisisChoice(app.deps, { authorId: f.people.member.userId, choice: 'draft', classes: ['implicit_distress'], text: 'Entwurf', draftContext: 'contact:/' });
      const rows = await app.deps.db.selectFrom('crisis_drafts').select('id').execute();
      const id = rows.map((r) => r.id).find((r) => !drafts.includes(r)) as string;
      drafts.push(id);
      return id;
    };

    const form = async (c: Client, path: string, body: Record<string, string>) => {
      await c.get('/');
      return c.post(path, body);
    };
    const json = async (c: Client, method: 'GET' | 'POST', url: string, payload?: object) => {
      await c.get('/');
      return app.inject({ method, url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } });
    };

    const rows: Row[] = [
      { route: 'GET /moderation', allowed: [...MODERATORS, 'limitedModerator'], run: (c) => c.get('/moderation') },
      { route: 'POST /moderation/mail', redirectsTo: '/moderation', allowed: [...MODERATORS, 'limitedModerator'], run: (c) => form(c, '/moderation/mail', { on: '1' }) },
      { route: 'GET /api/v1/moderation/queue', allowed: [...MODERATORS, 'limitedModerator'], run: (c) => json(c, 'GET', '/api/v1/moderation/queue') },
      // An item in category A: the moderator limited to B may not open or decide it.
      { route: 'GET /moderation/items/:id', allowed: MODERATORS, run: (c) => c.get(`/moderation/items/${viewItem}`) },
      { route: 'POST /moderation/items/:id', redirectsTo: '/moderation', allowed: MODERATORS, run: async (c) => form(c, `/moderation/items/${await newItem()}`, { action: 'approve' }) },
      { route: 'GET /report', allowed: SIGNED_IN, run: async (c) => c.get(`/report?type=post&id=${await newPost()}`) },
      { route: 'POST /report', redirectsTo: /^\/forum\/t\/\d+\/thema-nummer-\d+#p1$/, allowed: SIGNED_IN, run: async (c) => form(c, '/report', { type: 'post', id: String(await newPost()), reason: 'spam' }) },
      { route: 'POST /api/v1/reports', allowed: SIGNED_IN, run: async (c) => json(c, 'POST', '/api/v1/reports', { target: { type: 'post', id: String(await newPost()) }, reason: 'rules' }) },
      { route: 'GET /notices', allowed: SIGNED_IN, run: (c) => c.get('/notices') },
      // Only the person a notice was written to may answer it.
      { route: 'POST /notices/:id/answer', redirectsTo: '/notices', allowed: ['member'], run: (c) => form(c, `/notices/${notice.id}/answer`, { answer: 'Danke.' }) },
      { route: 'GET /drafts', allowed: SIGNED_IN, run: (c) => c.get('/drafts') },
      { route: 'POST /drafts/:id/delete', redirectsTo: '/drafts', allowed: ['member'], run: async (c) => form(c, `/drafts/${await newDraft()}/delete`, {}) },
    ];

    // Every moderation route of the app has a row.
    const routes = app.routeList.filter((r) => MODERATION_PATHS.test(r.url)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual([...new Set(routes)].sort(), rows.map((r) => r.route).sort());

    const clients = Object.fromEntries(ACTORS.map((a) => [a, people[a].client])) as Record<ActorName, Client>;
    const actions: Array<GridAction<ActorName>> = rows.map((row) => ({
      name: row.route, route: row.route, allowed: row.allowed, redirectsTo: row.redirectsTo,
      async run(c) {
        // Each answer to a notice is a fresh one: reopen it so the owner's run is not refused as "answered".
        await app.deps.db.updateTable('moderation_notices').set({ answered_at: null }).where('id', '=', notice.id).execute();
        return row.run(c, app);
      },
    }));
    const wrong = await runPermissionGrid({ app, clients, actions, routes: { include: (r) => MODERATION_PATHS.test(r.url) } });
    assert.deepEqual(wrong, []);
  } finally {
    await t.close();
  }
});
