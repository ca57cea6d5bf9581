// Rights of organisation staff follow the role and the staff list at every request: an administrator
// who takes the staff role away, or staff who remove someone from the list, end every staff right at
// the next request. And the staff list page: who may see it, add and remove.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from '../../../test/helpers.ts';
import { createTestApp, signedInAs, textOf } from '../../../test/helpers.ts';
import { buildFixture } from './fixture.test-support.ts';
import * as events from '../events/service.ts';

const allowed = (res: LightMyRequestResponse) => res.statusCode === 200 || (res.statusCode === 303 && !String(res.headers.location).startsWith('/login'));

test('taking away the staff role or the staff listing takes away every staff right at the next request', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const g = f.groups.leipzigGroup;
    const eventId = await events.createEvent(t.app.deps, {
      actor: { id: null },
      organiser: { kind: 'organisation', id: f.point.id, slug: f.point.slug, name: f.point.name, url: `/organisations/${f.point.slug}` },
      input: {
        title: 'Austausch', description: 'Text', startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString(),
        format: 'online', area: '', placeId: null, lat: null, lon: null, address: '', onlineUrl: 'https://meet.example.org/x', accessibility: [], audience: 'affected', topics: ['depression'],
        contactName: '', contactRole: '', contactPhone: '', contactEmail: '', registration: 'open', capacity: null, deadline: null,
      },
    });
    const rights: Array<[string, (c: Client) => Promise<LightMyRequestResponse>]> = [
      ['manage the contact point', (c) => c.get(`/organisations/${f.point.slug}/manage`)],
      ['export its groups as CSV', (c) => c.get(`/organisations/${f.point.slug}/export.csv`)],
      ['export its groups as JSON', (c) => c.get(`/organisations/${f.point.slug}/export.json`)],
      ['edit the contact point', (c) => c.get(`/organisations/${f.point.slug}/edit`)],
      ['see its staff list', (c) => c.get(`/organisations/${f.point.slug}/staff`)],
      ['edit a group of the region', (c) => c.get(`/groups/${g.slug}/edit`)],
      ['see a proposal of the region', (c) => c.get(`/groups/${f.groups.proposal.slug}`)],
      ['manage a group\'s meetings', (c) => c.get(`/groups/${g.slug}/meetings`)],
      ['see an event\'s participants', (c) => c.get(`/events/${eventId}/participants`)],
      ['download the participants as CSV', (c) => c.get(`/events/${eventId}/participants.csv`)],
      ['edit the event', (c) => c.get(`/events/${eventId}/edit`)],
    ];
    const karl = f.people.staff;
    for (const [name, run] of rights) assert.ok(allowed(await run(karl.client)), `staff can ${name} at first`);

    // The administrator changes Karl from staff to member.
    const admin = f.people.admin.client;
    await admin.get('/admin/users');
    const demoted = await admin.post(`/admin/users/${karl.userId}/role`, { role: 'member' });
    assert.equal(demoted.statusCode, 303);
    const leftOver = [];
    for (const [name, run] of rights) if (allowed(await run(karl.client))) leftOver.push(name);
    assert.deepEqual(leftOver, [], 'no staff right survives the role change');

    // Given back the role, he is staff again; removed from the list by a colleague, he is not.
    await admin.get('/admin/users');
    await admin.post(`/admin/users/${karl.userId}/role`, { role: 'staff' });
    assert.ok(allowed(await rights[0]![1](karl.client)));
    const colleague = await signedInAs(t.app, 'staff', 'Kollegin Klara');
    await admin.submit(`/organisations/${f.point.slug}/staff`, `/organisations/${f.point.slug}/staff`, { pseudonym: 'Kollegin Klara' });
    const page = await colleague.client.get(`/organisations/${f.point.slug}/staff`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Kontakt Karl/);
    const removed = await colleague.client.post(`/organisations/${f.point.slug}/staff/remove`, { user: karl.userId });
    assert.equal(removed.statusCode, 303);
    const stillThere = [];
    for (const [name, run] of rights) if (allowed(await run(karl.client))) stillThere.push(name);
    assert.deepEqual(stillThere, [], 'no staff right survives removal from the list');
    assert.doesNotMatch(textOf((await colleague.client.get(`/organisations/${f.point.slug}/staff`)).body), /Kontakt Karl Verwaltet/, 'no longer in the list (the flash may still name him)');
  } finally {
    await t.close();
  }
});

test('the staff list: region staff and administrators list, add and remove; others are refused', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const base = `/organisations/${f.point.slug}/staff`;
    await signedInAs(t.app, 'staff', 'Neu im Team');
    const grid: Array<[string, Client, boolean]> = [
      ['region staff', f.people.staff.client, true], ['administrator', f.people.admin.client, true], ['other staff', f.people.otherStaff.client, false],
      ['facilitator', f.people.facilitator.client, false], ['member', f.people.member.client, false], ['moderator', f.people.moderator.client, false], ['visitor', f.people.visitor.client, false],
    ];
    for (const [who, c, may] of grid) {
      assert.equal(allowed(await c.get(base)), may, `${who} sees the list`);
      await c.get('/groups');
      const add = await c.post(base, { pseudonym: 'Neu im Team' });
      assert.equal(allowed(add), may, `${who} adds someone (${add.statusCode})`);
      const row = await t.app.deps.db.selectFrom('organisation_staff').innerJoin('users', 'users.id', 'organisation_staff.user_id').select('users.id').where('users.pseudonym', '=', 'Neu im Team').where('organisation_id', '=', f.point.id).executeTakeFirst();
      assert.equal(!!row, may, `${who}: the person is listed`);
      if (row) {
        await c.get('/groups');
        assert.equal((await c.post(`${base}/remove`, { user: row.id })).statusCode, 303);
      }
    }
    // Only accounts with the staff role can be added, with a message at the field.
    const refused = await f.people.staff.client.submit(base, base, { pseudonym: 'Sonnenblume' });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /keine Rolle als Mitarbeiter:in/);
    assert.match(refused.body, /value="Sonnenblume"/);
  } finally {
    await t.close();
  }
});
