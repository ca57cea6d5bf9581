// The forum's permission grid: every role and relation × every forum route, asserted both ways —
// topic categories by read access, a group's board, feeds, search, live streams and the API. The
// grid runs through runPermissionGrid over the app's route table: a forum route that no action names
// (and that is not excused with a reason) fails it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Client, createTestApp, runPermissionGrid, type GridAction, type GridAnswer } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from './admin.ts';

const ACTORS = ['visitor', 'stranger', 'admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

type Action = GridAction<ActorName>;

test('permission grid of the forum', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const f = await buildFixture(app);
    await createCategory(app.deps, { slug: 'allgemein', nameDe: 'Allgemeines', nameEn: 'General', position: 1, readAccess: 'everyone' });
    await createCategory(app.deps, { slug: 'depression', nameDe: 'Depression', nameEn: 'Depression', position: 2, readAccess: 'members' });
    await createCategory(app.deps, { slug: 'fachaustausch', nameDe: 'Fachaustausch', nameEn: 'Exchange', position: 3, readAccess: 'staff', startAccess: 'staff' });
    const p = f.people;
    const g = f.groups.leipzigGroup;
    const start = async (c: Client, form: string, title: string, body: string) => {
      const res = await c.submit(form, form, { title, body });
      assert.equal(res.statusCode, 303, title);
      return Number(/\/forum\/t\/(\d+)/.exec(String(res.headers.location))?.[1]);
    };
    const open = await start(p.member.client, '/forum/c/allgemein/new', 'Offenes Thema', 'Für alle lesbar.');
    const members = await start(p.member.client, '/forum/c/depression/new', 'Mitgliederthema', 'Nur für Mitglieder, Stichwort Kompass.');
    const staffOnly = await start(p.staff.client, '/forum/c/fachaustausch/new', 'Fachthema', 'Nur für Fachkräfte, Stichwort Leuchtturm.');
    const boardRes = await p.facilitator.client.get(`/forum/g/${g.slug}`);
    const boardSlug = String(boardRes.headers.location).replace('/forum/c/', '');
    const board = await start(p.facilitator.client, `/forum/c/${boardSlug}/new`, 'Pinnwand-Thema', 'Nur für die Gruppe, Stichwort Zitronenbaum.');
    const memberPost = (await app.deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', members).where('number', '=', 1).executeTakeFirstOrThrow()).id;
    const boardPost = (await app.deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', board).where('number', '=', 1).executeTakeFirstOrThrow()).id;

    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    /** Opens a live stream with the client's cookies and reports its status. */
    const stream = (path: string) => (c: Client) =>
      new Promise<GridAnswer>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers });
          req.destroy();
        });
        req.on('error', reject);
        req.end();
      });

    const clients: Record<ActorName, Client> = {
      visitor: new Client(app), stranger: p.member.client, admitted: p.admitted.client, facilitator: p.facilitator.client,
      regionStaff: p.staff.client, otherStaff: p.otherStaff.client, moderator: p.moderator.client, admin: p.admin.client,
    };
    const page = (url: string) => (c: Client) => c.get(url);
    const post = (formUrl: string, url: string, form: Record<string, string> = {}) => async (c: Client) => {
      await c.get(formUrl);
      return c.post(url, form);
    };
    const finds = (q: string) => async (c: Client) => /\b1 Treffer/.test((await c.get(`/forum/search?q=${q}`)).body);
    /** A JSON API call with the client's session and CSRF token, as the browser's script sends it. */
    const api = (method: 'POST', url: string, payload: Record<string, unknown>) => async (c: Client) => {
      await c.get('/forum');
      return app.inject({ method, url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } });
    };
    const apiFinds = (q: string) => async (c: Client) => ((await c.get(`/api/v1/forum/search?q=${q}`)).json() as { total: number }).total === 1;
    const everyone = [...ACTORS];
    const signedIn = ACTORS.filter((a) => a !== 'visitor');
    const staffSide: ActorName[] = ['regionStaff', 'otherStaff', 'moderator', 'admin'];
    const boardSide: ActorName[] = ['admitted', 'facilitator', 'regionStaff', 'moderator', 'admin'];
    const actions: Action[] = [
      { name: 'forum index', route: 'GET /forum', allowed: everyone, run: page('/forum') },
      { name: 'public category', route: 'GET /forum/c/:slug', allowed: everyone, run: page('/forum/c/allgemein') },
      { name: 'members category', allowed: signedIn, run: page('/forum/c/depression') },
      { name: 'staff category', allowed: staffSide, run: page('/forum/c/fachaustausch') },
      { name: 'group board page', allowed: boardSide, run: page(`/forum/c/${boardSlug}`) },
      { name: 'group board entry', redirectsTo: `/forum/c/${boardSlug}`, route: 'GET /forum/g/:slug', allowed: boardSide, run: page(`/forum/g/${g.slug}`) },
      { name: 'public thread', route: 'GET /forum/t/:id', allowed: everyone, run: page(`/forum/t/${open}`) },
      { name: 'members thread', allowed: signedIn, run: page(`/forum/t/${members}`) },
      { name: 'staff thread', allowed: staffSide, run: page(`/forum/t/${staffOnly}`) },
      { name: 'board thread', route: 'GET /forum/t/:id/:slug', allowed: boardSide, run: page(`/forum/t/${board}/pinnwand-thema`) },
      { name: 'board thread fragment', route: 'GET /forum/t/:id/posts', allowed: boardSide, run: page(`/forum/t/${board}/posts?after=0`) },
      { name: 'public feed', route: 'GET /forum/c/:slug/feed.atom', allowed: everyone, run: page('/forum/c/allgemein/feed.atom') },
      { name: 'members feed', allowed: [], run: page('/forum/c/depression/feed.atom') },
      { name: 'board feed', allowed: [], run: page(`/forum/c/${boardSlug}/feed.atom`) },
      { name: 'search finds a members post', route: 'GET /forum/search', allowed: signedIn, run: finds('kompass') },
      { name: 'search finds a staff post', allowed: staffSide, run: finds('leuchtturm') },
      { name: 'search finds a board post', allowed: boardSide, run: finds('zitronenbaum') },
      { name: 'API search finds a board post', route: 'GET /api/v1/forum/search', allowed: boardSide, run: apiFinds('zitronenbaum') },
      { name: 'API board threads', route: 'GET /api/v1/forum/threads', allowed: boardSide, run: page(`/api/v1/forum/threads?category=${boardSlug}`) },
      { name: 'API board posts', route: 'GET /api/v1/forum/threads/:id/posts', allowed: boardSide, run: page(`/api/v1/forum/threads/${board}/posts`) },
      { name: 'API staff posts', allowed: staffSide, run: page(`/api/v1/forum/threads/${staffOnly}/posts`) },
      { name: 'live stream of a public thread', route: 'GET /forum/t/:id/live', allowed: everyone, run: stream(`/forum/t/${open}/live`) },
      { name: 'live stream of a board thread', allowed: boardSide, run: stream(`/forum/t/${board}/live`) },
      { name: 'live stream of the board', route: 'GET /forum/c/:slug/live', allowed: boardSide, run: stream(`/forum/c/${boardSlug}/live`) },
      { name: 'live stream of a members category', allowed: signedIn, run: stream('/forum/c/depression/live') },
      { name: 'new thread form (members)', route: 'GET /forum/c/:slug/new', allowed: signedIn, run: page('/forum/c/depression/new') },
      { name: 'start a staff thread', redirectsTo: /^\/forum\/t\/\d+\/noch-ein-fachthema$/, route: 'POST /forum/c/:slug/new', allowed: staffSide, run: post('/forum/c/fachaustausch/new', '/forum/c/fachaustausch/new', { title: 'Noch ein Fachthema', body: 'Text' }) },
      { name: 'reply on the board', redirectsTo: `/forum/t/${board}/pinnwand-thema#p`, route: 'POST /forum/t/:id/reply', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/t/${board}/reply`, { body: 'Antwort auf der Pinnwand' }) },
      { name: 'reply in a members thread', redirectsTo: `/forum/t/${members}/mitgliederthema#p`, allowed: signedIn, run: post(`/forum/t/${members}`, `/forum/t/${members}/reply`, { body: 'Antwort' }) },
      { name: 'save a draft on the board', route: 'POST /forum/drafts/:key', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/drafts/t:${board}`, { body: 'Entwurf' }) },
      { name: 'react to a member\'s post', redirectsTo: `/forum/t/${members}/mitgliederthema#p1`, route: 'POST /forum/p/:id/react', allowed: ['admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'], run: post(`/forum/t/${members}`, `/forum/p/${memberPost}/react`, { kind: 'thanks' }) },
      { name: 'edit a member\'s post', route: 'GET /forum/p/:id/edit', allowed: ['stranger'], run: page(`/forum/p/${memberPost}/edit`) },
      { name: 'delete form of a member\'s post', route: 'GET /forum/p/:id/delete', allowed: ['stranger'], run: page(`/forum/p/${memberPost}/delete`) },
      { name: 'history of a member\'s post', route: 'GET /forum/p/:id/history', allowed: ['stranger', 'moderator', 'admin'], run: page(`/forum/p/${memberPost}/history`) },
      { name: 'history of a board post (facilitators moderate their board)', allowed: ['facilitator', 'moderator', 'admin'], run: page(`/forum/p/${boardPost}/history`) },
      { name: 'watch the board thread', redirectsTo: `/forum/t/${board}/pinnwand-thema`, route: 'POST /forum/t/:id/level', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/t/${board}/level`, { level: 'watching' }) },
      { name: 'notifications', route: 'GET /notifications', allowed: signedIn, run: page('/notifications') },
      { name: 'forum settings', route: 'GET /forum/settings', allowed: signedIn, run: page('/forum/settings') },
      { name: 'unanswered', route: 'GET /forum/unanswered', allowed: everyone, run: page('/forum/unanswered') },
      { name: 'manage categories', route: 'GET /forum/admin/categories', allowed: ['admin'], run: page('/forum/admin/categories') },
      { name: 'save a category', redirectsTo: '/forum/admin/categories', route: 'POST /forum/admin/categories', allowed: ['admin'], run: post('/forum/admin/categories', '/forum/admin/categories', { slug: 'neu', nameDe: 'Neu', nameEn: 'New', position: '99', readAccess: 'members', startAccess: 'members', premoderation: 'none' }) },
      { name: 'API categories', route: 'GET /api/v1/forum/categories', allowed: everyone, run: page('/api/v1/forum/categories') },
      { name: 'watch the board', redirectsTo: `/forum/c/${boardSlug}`, route: 'POST /forum/c/:slug/level', allowed: boardSide, run: post(`/forum/c/${boardSlug}`, `/forum/c/${boardSlug}/level`, { level: 'watching' }) },
      { name: 'save forum settings', redirectsTo: '/forum/settings', route: 'POST /forum/settings', allowed: signedIn, run: post('/forum/settings', '/forum/settings', { digest: 'weekly' }) },
      { name: 'mark notifications read', redirectsTo: '/notifications', route: 'POST /notifications/read', allowed: signedIn, run: post('/notifications', '/notifications/read') },
      { name: 'API: start a board thread', route: 'POST /api/v1/forum/threads', allowed: boardSide, run: async (c) => {
        // A category one may not read is answered like one that does not exist: 400 naming the field.
        const res = await api('POST', '/api/v1/forum/threads', { category: boardSlug, title: 'Über die Schnittstelle', body: 'Text' })(c);
        if (res.statusCode === 201) return true;
        if (res.statusCode === 400 && res.body.includes('"field":"category"')) return false;
        return res;
      } },
      { name: 'API: reply on the board', route: 'POST /api/v1/forum/threads/:id/posts', allowed: boardSide, run: api('POST', `/api/v1/forum/threads/${board}/posts`, { body: 'Antwort über die Schnittstelle' }) },
      { name: 'save an edit of a member\'s post', redirectsTo: `/forum/t/${members}/mitgliederthema#p1`, route: 'POST /forum/p/:id/edit', allowed: ['stranger'], run: post(`/forum/p/${memberPost}/edit`, `/forum/p/${memberPost}/edit`, { body: 'Nur für Mitglieder, Stichwort Kompass (bearbeitet).' }) },
      // Last: the author removes their post.
      { name: 'remove a member\'s post', redirectsTo: `/forum/t/${members}/mitgliederthema#p1`, route: 'POST /forum/p/:id/delete', allowed: ['stranger'], run: post(`/forum/t/${members}`, `/forum/p/${memberPost}/delete`) },
    ];
    const wrong = await runPermissionGrid({
      app, clients, actions,
      routes: {
        include: (r) => r.url.startsWith('/forum') || r.url.startsWith('/api/v1/forum') || r.url.startsWith('/notifications'),
        untested: {
          'GET /forum/unsubscribe': 'a signed link from a mail, not a role: forum.test.ts follows it as a visitor',
          'POST /forum/unsubscribe': 'the same signed link, confirmed (forum.test.ts)',
        },
      },
    });
    assert.deepEqual(wrong, []);
  } finally {
    await t.close();
  }
});
