// The directory's permission grid: every role and relation × every action, asserted both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, runPermissionGrid, signedInAs, type GridAction } from '../../../test/helpers.ts';
import { buildFixture, EXACT_ADDRESS } from './fixture.test-support.ts';
import { startMemberConversation } from './contact.ts';

const ACTORS = ['visitor', 'stranger', 'admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

type Action = GridAction<ActorName>;

test('permission grid of the directory', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const g = f.groups.leipzigGroup;
    const p = f.groups.proposal;
    // Someone the administrator names as staff during the grid, so no actor's role changes.
    await signedInAs(t.app, 'staff', 'Neue Kollegin');
    const conversation = await startMemberConversation(f.dir, { group: g, userId: f.people.member.userId, body: 'Hallo' });
    const clients: Record<ActorName, Client> = {
      visitor: new Client(t.app),
      stranger: f.people.member.client,
      admitted: f.people.admitted.client,
      facilitator: f.people.facilitator.client,
      regionStaff: f.people.staff.client,
      otherStaff: f.people.otherStaff.client,
      moderator: f.people.moderator.client,
      admin: f.people.admin.client,
    };
    const page = (url: string) => (c: Client) => c.get(url);
    const post = (formUrl: string, url: string, form: Record<string, string> = {}) => async (c: Client) => {
      await c.get(formUrl);
      return c.post(url, form);
    };
    const everyone = [...ACTORS];
    const actions: Action[] = [
      { name: 'read the group page', allowed: everyone, run: page(`/groups/${g.slug}`) },
      { name: 'see the exact place', allowed: ['admitted', 'facilitator', 'regionStaff', 'admin'], run: async (c) => (await c.get(`/groups/${g.slug}`)).body.includes(EXACT_ADDRESS) },
      { name: 'see the exact place in the API', allowed: ['admitted', 'facilitator', 'regionStaff', 'admin'], run: async (c) => (await c.get(`/api/v1/groups/${g.slug}`)).json().address === EXACT_ADDRESS },
      { name: 'open the edit form', allowed: ['facilitator', 'regionStaff', 'admin'], run: page(`/groups/${g.slug}/edit`) },
      { name: 'save changes', allowed: ['facilitator', 'regionStaff', 'admin'], redirectsTo: `/groups/${g.slug}`, run: post(`/groups/${g.slug}`, `/groups/${g.slug}/edit`, { name: g.name, description: g.description, kind: 'self_help', audience: 'affected', formats: 'in_person', place: 'Leipzig', languages: 'de', status: 'active', topics: 'depression', accepting: 'yes' }) },
      { name: 'change through the API', allowed: ['facilitator', 'regionStaff', 'admin'], run: async (c) => {
        await c.get('/groups');
        const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { rhythm: 'Jeden Dienstag' }, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } });
        return res.statusCode === 200;
      } },
      { name: 'read the history', allowed: ['facilitator', 'regionStaff', 'admin'], run: page(`/groups/${g.slug}/history`) },
      { name: 'see members and requests', allowed: ['facilitator'], run: page(`/groups/${g.slug}/members`) },
      { name: 'decide a request', allowed: ['facilitator'], run: async (c) => {
        const res = await post(`/groups/${g.slug}`, `/groups/${g.slug}/members`, { user: f.people.admitted.userId, decision: 'admit' })(c);
        // Kranich is admitted already: the facilitator gets the form back with a message (400), others are refused.
        return res.statusCode === 400;
      } },
      { name: 'enter the members\' space', allowed: ['admitted', 'facilitator'], run: page(`/groups/${g.slug}/space`) },
      { name: 'post an announcement', allowed: ['facilitator'], redirectsTo: `/groups/${g.slug}/space`, run: post(`/groups/${g.slug}`, `/groups/${g.slug}/announcements`, { body: 'Hallo' }) },
      { name: 'read the inbox', allowed: ['facilitator'], run: page(`/groups/${g.slug}/inbox`) },
      { name: 'read a member\'s conversation', allowed: ['stranger', 'facilitator'], run: page(`/conversations/${conversation}`) },
      { name: 'ask to join', allowed: ['stranger', 'regionStaff', 'otherStaff', 'moderator', 'admin'], run: page(`/groups/${g.slug}/join`) },
      { name: 'leave', allowed: ['admitted'], run: async (c) => (await c.get(`/groups/${g.slug}`)).body.includes(`/groups/${g.slug}/leave`) || (await c.get(`/groups/${g.slug}/space`)).body.includes(`/groups/${g.slug}/leave`) },
      { name: 'write to the group', allowed: everyone, run: page(`/groups/${g.slug}/contact`) },
      { name: 'see a proposal', allowed: ['stranger', 'regionStaff', 'admin'], run: page(`/groups/${p.slug}`) },
      { name: 'propose a group', allowed: ['stranger', 'admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'], run: page('/groups/new') },
      { name: 'manage the contact point', allowed: ['regionStaff', 'admin'], run: page(`/organisations/${f.point.slug}/manage`) },
      { name: 'export the contact point\'s groups', allowed: ['regionStaff', 'admin'], run: page(`/organisations/${f.point.slug}/export.csv`) },
      { name: 'edit the contact point', allowed: ['regionStaff', 'admin'], run: page(`/organisations/${f.point.slug}/edit`) },
      { name: 'name staff', allowed: ['regionStaff', 'admin'], redirectsTo: `/organisations/${f.point.slug}/staff`, run: post(`/organisations/${f.point.slug}`, `/organisations/${f.point.slug}/staff`, { pseudonym: 'Neue Kollegin' }) },
      { name: 'create an organisation', allowed: ['admin'], run: page('/admin/organisations/new') },
      { name: 'edit topics', allowed: ['admin'], run: page('/admin/topics') },
      { name: 'my messages', allowed: ['stranger', 'admitted', 'facilitator', 'regionStaff', 'otherStaff', 'moderator', 'admin'], run: page('/messages') },
      // Publishing last: it changes the proposal's status.
      { name: 'publish a proposal', allowed: ['regionStaff', 'admin'], redirectsTo: `/groups/${p.slug}`, run: post(`/groups/${f.groups.grief.slug}`, `/groups/${p.slug}/publish`) },
    ];
    const wrong = await runPermissionGrid({ app: t.app, clients, actions });
    assert.deepEqual(wrong, []);
    assert.ok(actions.length * ACTORS.length >= 200);
  } finally {
    await t.close();
  }
});
