// The permission grid of moderation (the shared runner over the app's route table, so a new route
// without an action here fails): every moderation route × visitor, member, a facilitator of a group
// with a board, contact-point staff, moderator, a moderator limited to another category, administrator
// — asserted both ways. Facilitators reach their board's items and only the actions that stay within
// the group; a limited moderator only their categories; unmasking never by the one who asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, runPermissionGrid, signedInAs, type GridAction } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { boardGroupsByIds } from '../directory/index.ts';
import { createCategory, createThread, demoSupport } from '../forum/index.ts';
import { UserActor } from '../../platform/auth/actor.ts';
import { translator } from '../../platform/i18n/index.ts';
import { queueForReview, recordCrisisChoice } from './index.ts';
import { askToUnmask } from './unmask.ts';
import { getItem } from './service.ts';

type Role = 'visitor' | 'member' | 'facilitator' | 'staff' | 'moderator' | 'limitedModerator' | 'admin';
const SIGNED_IN: Role[] = ['member', 'facilitator', 'staff', 'moderator', 'limitedModerator', 'admin'];
const MODERATORS: Role[] = ['moderator', 'admin'];
const QUEUE: Role[] = ['moderator', 'limitedModerator', 'facilitator', 'admin'];

const MODERATION_PATHS = /^\/(moderation|api\/v1\/moderation|report|api\/v1\/reports|notices|drafts)(\/|$)/;

test('permission grid of moderation', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const f = await buildFixture(app);
    const categoryA = await createCategory(app.deps, { slug: 'kategorie-a', nameDe: 'A', nameEn: 'A', position: 1, readAccess: 'members', anonymous: true });
    const categoryB = await createCategory(app.deps, { slug: 'kategorie-b', nameDe: 'B', nameEn: 'B', position: 2, readAccess: 'members' });
    const limitedModerator = await signedInAs(app, 'moderator', 'Begrenzte Moderation');
    await app.deps.db.insertInto('moderator_categories').values({ user_id: limitedModerator.userId, category_id: categoryB }).execute();
    const asker = await signedInAs(app, 'moderator', 'Fragende Moderation');
    const clients: Record<Role, Client> = {
      visitor: new Client(app), member: f.people.member.client, facilitator: f.people.facilitator.client, staff: f.people.staff.client,
      moderator: f.people.moderator.client, limitedModerator: limitedModerator.client, admin: f.people.admin.client,
    };
    // Leitung Lena facilitates the Leipzig group; its board exists once someone opened it.
    const [group] = await boardGroupsByIds(app.deps.db, [f.groups.leipzigGroup.id]);
    const board = await demoSupport.boardForDemo(app.deps, group as NonNullable<typeof group>);

    const writer = new UserActor(f.people.admitted.userId, f.people.admitted.pseudonym, 'member', 'de', '', true);
    const ties = await demoSupport.tiesFor(app.deps, writer);
    const categoryARow = await demoSupport.categoryForDemo(app.deps, 'kategorie-a');
    let n = 0;
    const newPost = async (where: 'a' | 'board' = 'a', anonymous = false) => {
      const category = where === 'board' ? board : categoryARow;
      const written = await createThread(app.deps, { actor: writer, category, ties, input: { title: `Thema Nummer ${++n}`, body: 'Ein ganz gewöhnlicher Beitrag.', anonymous, contentNote: '' }, t: translator('de') });
      if (!written.ok) throw new Error('thread');
      return written.value;
    };
    /** A queue item about a fresh post: in category A, on Lena's board, or anonymous in A. */
    const newItem = async (where: 'a' | 'board' = 'a', anonymous = false) => {
      const post = await newPost(where, anonymous);
      await queueForReview(app.deps, {
        target: { type: 'post', id: String(post.postId), url: post.url, categoryId: where === 'board' ? board.id : categoryA, groupId: where === 'board' ? (group?.id ?? null) : null },
        authorId: anonymous ? null : writer.id, classes: [], choice: null,
      });
      return (await app.deps.db.selectFrom('moderation_items').select('id').where('target_id', '=', String(post.postId)).executeTakeFirstOrThrow()).id;
    };
    /** An unmasking request on an anonymous post in category A, asked by `by`. */
    const newRequest = async (by: string) => {
      const item = await getItem(app.deps.db, await newItem('a', true));
      const asked = await askToUnmask(app.deps, { actorId: by, item: item as NonNullable<typeof item>, reason: 'Drohung im Beitrag.' });
      if (asked.kind !== 'asked') throw new Error('unmask');
      return asked.id;
    };
    const viewItem = await newItem('a');
    const boardItem = await newItem('board');
    const notice = { id: 'n-1' };
    await app.deps.db.insertInto('moderation_notices').values({ id: notice.id, user_id: f.people.member.userId, item_id: null, kind: 'reply', reason: '', body: 'Hallo', created_at: new Date().toISOString(), read_at: null, answered_at: null }).execute();
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
    /** A decision carried out: it redirects (the queue or the item); a refused or impossible one does not. */
    const decided = async (c: Client, itemId: string, body: Record<string, string>) => {
      const res = await form(c, `/moderation/items/${itemId}`, body);
      return res.statusCode === 303 && String(res.headers.location).startsWith('/moderation');
    };
    const json = async (c: Client, method: 'GET' | 'POST', url: string, payload?: object) => {
      await c.get('/');
      return app.inject({ method, url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } });
    };
    // Each answer to a notice is a fresh one: reopen it so the owner's run is not refused as "answered".
    const reopenNotice = () => app.deps.db.updateTable('moderation_notices').set({ answered_at: null }).where('id', '=', notice.id).execute();

    const actions: Array<GridAction<Role>> = [
      { name: 'open the queue', route: 'GET /moderation', allowed: QUEUE, run: (c) => c.get('/moderation') },
      { name: 'alert mails', route: 'POST /moderation/mail', allowed: QUEUE, redirectsTo: '/moderation', run: (c) => form(c, '/moderation/mail', { on: '1' }) },
      { name: 'queue API', route: 'GET /api/v1/moderation/queue', allowed: QUEUE, run: (c) => json(c, 'GET', '/api/v1/moderation/queue') },
      { name: 'queue API lists the board item', allowed: ['moderator', 'facilitator', 'admin'], run: async (c) => {
        const res = await json(c, 'GET', '/api/v1/moderation/queue');
        return res.statusCode === 200 && (res.json() as { items: Array<{ id: string }> }).items.some((i) => i.id === boardItem);
      } },
      { name: 'queue API lists the item of category A', allowed: MODERATORS, run: async (c) => {
        const res = await json(c, 'GET', '/api/v1/moderation/queue');
        return res.statusCode === 200 && (res.json() as { items: Array<{ id: string }> }).items.some((i) => i.id === viewItem);
      } },
      // An item in category A: the moderator limited to B and the facilitator may not open or decide it.
      { name: 'open an item of category A', route: 'GET /moderation/items/:id', allowed: MODERATORS, run: (c) => c.get(`/moderation/items/${viewItem}`) },
      { name: 'open an item of the board', allowed: ['moderator', 'facilitator', 'admin'], run: (c) => c.get(`/moderation/items/${boardItem}`) },
      { name: 'approve in category A', route: 'POST /moderation/items/:id', allowed: MODERATORS, run: async (c) => decided(c, await newItem('a'), { action: 'approve' }) },
      { name: 'hide on the board', allowed: ['moderator', 'facilitator', 'admin'], run: async (c) => decided(c, await newItem('board'), { action: 'hide', message: 'Bitte bleib freundlich.' }) },
      { name: 'close a thread of the board', allowed: ['moderator', 'facilitator', 'admin'], run: async (c) => decided(c, await newItem('board'), { action: 'lock' }) },
      { name: 'remove on the board', allowed: MODERATORS, run: async (c) => decided(c, await newItem('board'), { action: 'delete', message: 'Entfernt.' }) },
      { name: 'edit on the board', allowed: MODERATORS, run: async (c) => decided(c, await newItem('board'), { action: 'edit', message: 'Gekürzt.', text: 'Gekürzt.' }) },
      { name: 'suspend the writer of a board post', allowed: MODERATORS, run: async (c) => {
        const done = await decided(c, await newItem('board'), { action: 'suspend', message: 'Pause.', days: '1' });
        // The writer wrote every post of this grid: lift it again so the next rows can write.
        await app.deps.db.deleteFrom('sanctions').execute();
        return done;
      } },
      { name: 'slow down the board\'s thread', allowed: ['moderator', 'facilitator', 'admin'], run: async (c) => decided(c, await newItem('board'), { action: 'slow', minutes: '5' }) },
      { name: 'move a thread of category A', allowed: MODERATORS, run: async (c) => decided(c, await newItem('a'), { action: 'move', category: categoryB }) },
      { name: 'ask to unmask', route: 'POST /moderation/items/:id/unmask', allowed: MODERATORS, redirectsTo: '/moderation/items/', run: async (c) => form(c, `/moderation/items/${await newItem('a', true)}/unmask`, { reason: 'Drohung im Beitrag.' }) },
      { name: 'confirm an unmasking', route: 'POST /moderation/unmask/:id', allowed: MODERATORS, redirectsTo: '/moderation', run: async (c) => form(c, `/moderation/unmask/${await newRequest(asker.userId)}`, { decision: 'confirm' }) },
      { name: 'confirm one\'s own unmasking', allowed: ['admin'], redirectsTo: '/moderation', run: async (c) => form(c, `/moderation/unmask/${await newRequest(f.people.moderator.userId)}`, { decision: 'confirm' }) },
      { name: 'report form', route: 'GET /report', allowed: SIGNED_IN, run: async (c) => c.get(`/report?type=post&id=${(await newPost()).postId}`) },
      { name: 'report', route: 'POST /report', allowed: SIGNED_IN, redirectsTo: /^\/forum\/t\/\d+\/thema-nummer-\d+#p1$/, run: async (c) => form(c, '/report', { type: 'post', id: String((await newPost()).postId), reason: 'spam' }) },
      { name: 'report API', route: 'POST /api/v1/reports', allowed: SIGNED_IN, run: async (c) => json(c, 'POST', '/api/v1/reports', { target: { type: 'post', id: String((await newPost()).postId) }, reason: 'rules' }) },
      { name: 'notices', route: 'GET /notices', allowed: SIGNED_IN, run: (c) => c.get('/notices') },
      // Only the person a notice was written to may answer it.
      { name: 'answer a notice', route: 'POST /notices/:id/answer', allowed: ['member'], redirectsTo: '/notices', run: async (c) => {
        await reopenNotice();
        return form(c, `/notices/${notice.id}/answer`, { answer: 'Danke.' });
      } },
      { name: 'drafts', route: 'GET /drafts', allowed: SIGNED_IN, run: (c) => c.get('/drafts') },
      { name: 'delete a draft', route: 'POST /drafts/:id/delete', allowed: ['member'], redirectsTo: '/drafts', run: async (c) => form(c, `/drafts/${await newDraft()}/delete`, {}) },
      // Members blocked by many (trust-permissions.test.ts covers blocking and trust routes themselves).
      { name: 'blocked by many', route: 'GET /moderation/blocks', allowed: [...MODERATORS, 'limitedModerator'], run: (c) => c.get('/moderation/blocks') },
      { name: 'blocked by many (API)', route: 'GET /api/v1/moderation/blocks', allowed: [...MODERATORS, 'limitedModerator'], run: (c) => json(c, 'GET', '/api/v1/moderation/blocks') },
    ];

    const wrong = await runPermissionGrid({ app, clients, actions, routes: { include: (r) => MODERATION_PATHS.test(r.url) } });
    assert.deepEqual(wrong, []);
  } finally {
    await t.close();
  }
});
