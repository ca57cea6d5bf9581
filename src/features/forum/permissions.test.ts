// The forum's permission grid: every role and relation × every forum route, asserted both ways —
// topic categories by read access, a group's board, feeds, search, live streams and the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import { Client, createTestApp } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from './admin.ts';

const ACTORS = ['visitor', 'stranger', 'admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

interface Action {
  name: string;
  allowed: ActorName[];
  run(c: Client): Promise<LightMyRequestResponse | boolean | number>;
}

const allowedStatus = (res: LightMyRequestResponse) => res.statusCode === 200 || res.statusCode === 201 || (res.statusCode === 303 && !String(res.headers.location).startsWith('/login'));
const refusedStatus = (res: LightMyRequestResponse) => res.statusCode === 404 || res.statusCode === 403 || res.statusCode === 401 || (res.statusCode === 303 && String(res.headers.location).startsWith('/login'));

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
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
          resolve(res.statusCode ?? 0);
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
    const apiFinds = (q: string) => async (c: Client) => ((await c.get(`/api/v1/forum/search?q=${q}`)).json() as { total: number }).total === 1;
    const everyone = [...ACTORS];
    const signedIn = ACTORS.filter((a) => a !== 'visitor');
    const staffSide: ActorName[] = ['regionStaff', 'otherStaff', 'moderator', 'admin'];
    const boardSide: ActorName[] = ['admitted', 'facilitator', 'regionStaff', 'moderator', 'admin'];
    const actions: Action[] = [
      { name: 'forum index', allowed: everyone, run: page('/forum') },
      { name: 'public category', allowed: everyone, run: page('/forum/c/allgemein') },
      { name: 'members category', allowed: signedIn, run: page('/forum/c/depression') },
      { name: 'staff category', allowed: staffSide, run: page('/forum/c/fachaustausch') },
      { name: 'group board page', allowed: boardSide, run: page(`/forum/c/${boardSlug}`) },
      { name: 'group board entry', allowed: boardSide, run: page(`/forum/g/${g.slug}`) },
      { name: 'public thread', allowed: everyone, run: page(`/forum/t/${open}`) },
      { name: 'members thread', allowed: signedIn, run: page(`/forum/t/${members}`) },
      { name: 'staff thread', allowed: staffSide, run: page(`/forum/t/${staffOnly}`) },
      { name: 'board thread', allowed: boardSide, run: page(`/forum/t/${board}/pinnwand-thema`) },
      { name: 'board thread fragment', allowed: boardSide, run: page(`/forum/t/${board}/posts?after=0`) },
      { name: 'public feed', allowed: everyone, run: page('/forum/c/allgemein/feed.atom') },
      { name: 'members feed', allowed: [], run: page('/forum/c/depression/feed.atom') },
      { name: 'board feed', allowed: [], run: page(`/forum/c/${boardSlug}/feed.atom`) },
      { name: 'search finds a members post', allowed: signedIn, run: finds('kompass') },
      { name: 'search finds a staff post', allowed: staffSide, run: finds('leuchtturm') },
      { name: 'search finds a board post', allowed: boardSide, run: finds('zitronenbaum') },
      { name: 'API search finds a board post', allowed: boardSide, run: apiFinds('zitronenbaum') },
      { name: 'API board threads', allowed: boardSide, run: page(`/api/v1/forum/threads?category=${boardSlug}`) },
      { name: 'API board posts', allowed: boardSide, run: page(`/api/v1/forum/threads/${board}/posts`) },
      { name: 'API staff posts', allowed: staffSide, run: page(`/api/v1/forum/threads/${staffOnly}/posts`) },
      { name: 'live stream of a public thread', allowed: everyone, run: stream(`/forum/t/${open}/live`) },
      { name: 'live stream of a board thread', allowed: boardSide, run: stream(`/forum/t/${board}/live`) },
      { name: 'live stream of the board', allowed: boardSide, run: stream(`/forum/c/${boardSlug}/live`) },
      { name: 'live stream of a members category', allowed: signedIn, run: stream('/forum/c/depression/live') },
      { name: 'new thread form (members)', allowed: signedIn, run: page('/forum/c/depression/new') },
      { name: 'start a staff thread', allowed: staffSide, run: post('/forum/c/fachaustausch/new', '/forum/c/fachaustausch/new', { title: 'Noch ein Fachthema', body: 'Text' }) },
      { name: 'reply on the board', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/t/${board}/reply`, { body: 'Antwort auf der Pinnwand' }) },
      { name: 'reply in a members thread', allowed: signedIn, run: post(`/forum/t/${members}`, `/forum/t/${members}/reply`, { body: 'Antwort' }) },
      { name: 'save a draft on the board', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/drafts/t:${board}`, { body: 'Entwurf' }) },
      { name: 'react to a member\'s post', allowed: ['admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'], run: post(`/forum/t/${members}`, `/forum/p/${memberPost}/react`, { kind: 'thanks' }) },
      { name: 'edit a member\'s post', allowed: ['stranger'], run: page(`/forum/p/${memberPost}/edit`) },
      { name: 'delete form of a member\'s post', allowed: ['stranger'], run: page(`/forum/p/${memberPost}/delete`) },
      { name: 'history of a member\'s post', allowed: ['stranger', 'moderator', 'admin'], run: page(`/forum/p/${memberPost}/history`) },
      { name: 'history of a board post (facilitators moderate their board)', allowed: ['facilitator', 'moderator', 'admin'], run: page(`/forum/p/${boardPost}/history`) },
      { name: 'watch the board thread', allowed: boardSide, run: post(`/forum/t/${board}`, `/forum/t/${board}/level`, { level: 'watching' }) },
      { name: 'notifications', allowed: signedIn, run: page('/notifications') },
      { name: 'forum settings', allowed: signedIn, run: page('/forum/settings') },
      { name: 'unanswered', allowed: everyone, run: page('/forum/unanswered') },
      { name: 'manage categories', allowed: ['admin'], run: page('/forum/admin/categories') },
      { name: 'save a category', allowed: ['admin'], run: post('/forum/admin/categories', '/forum/admin/categories', { slug: 'neu', nameDe: 'Neu', nameEn: 'New', position: '99', readAccess: 'members', startAccess: 'members', premoderation: 'none' }) },
    ];
    for (const action of actions) {
      for (const actor of ACTORS) {
        const expected = action.allowed.includes(actor);
        const outcome = await action.run(clients[actor]);
        const allowed = typeof outcome === 'boolean' ? outcome : typeof outcome === 'number' ? outcome === 200 : allowedStatus(outcome);
        const refused = typeof outcome === 'boolean' ? !outcome : typeof outcome === 'number' ? outcome === 404 || outcome === 403 || outcome === 303 : refusedStatus(outcome);
        const status = typeof outcome === 'object' ? outcome.statusCode : outcome;
        assert.ok(expected ? allowed : refused, `${action.name} by ${actor}: expected ${expected ? 'allowed' : 'refused'}, got ${String(status)}`);
      }
    }
  } finally {
    await t.close();
  }
});
