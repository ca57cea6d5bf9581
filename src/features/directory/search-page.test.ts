// The search page as visitors share it: kept as bytes for the index state it was made from, so a
// change — made by this process or by another one on the same database — shows at the next look
// of the index at the change feed; members and pages with a form that posts are never shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { Client, createTestApp, signedInAs } from '../../../test/helpers.ts';
import { buildFixture, baseInput } from './fixture.test-support.ts';
import * as directory from './service.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A little longer than the index waits between two looks at the change feed. */
const FEED_INTERVAL = 1100;
const URL = '/groups?q=Depression&near=Leipzig&radius=25';

test('visitors get the same search page with an ETag; a rename in this process shows at the next request', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const visitor = new Client(t.app);
    const first = await visitor.get(URL);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const tag = String(first.headers.etag);
    assert.match(tag, /^"[\w-]+"$/);
    assert.doesNotMatch(String(first.headers['set-cookie'] ?? ''), /csrf/, 'a visitor search sets no cookie');
    const second = await new Client(t.app).get(URL);
    assert.equal(second.body, first.body);
    assert.equal((await new Client(t.app).get(URL, { 'if-none-match': tag })).statusCode, 304);

    // The facilitator renames a group through the page: the very next visitor search shows the new name.
    const lena = f.people.facilitator.client;
    const group = (await directory.getGroupBySlug(t.app.deps.db, f.groups.leipzigGroup.slug)) as directory.Group;
    const edit = await lena.submit(`/groups/${group.slug}/edit`, `/groups/${group.slug}/edit`, {
      name: 'Gesprächsrunde Umbenannt Leipzig', description: group.description, kind: group.kind, audience: group.audience, formats: group.formats.split(','),
      place: 'Leipzig', area: group.area, address: group.address, rhythm: group.rhythm, rrule: group.rrule, startTime: group.start_time,
      duration: String(group.duration_minutes), languages: group.languages.split(','), status: group.status, accepting: group.accepting ? '1' : '', topics: group.topics,
    });
    assert.equal(edit.statusCode, 303, edit.body);
    const after = await new Client(t.app).get(URL, { 'if-none-match': tag });
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /Gesprächsrunde Umbenannt Leipzig/);
    assert.notEqual(after.headers.etag, tag);
  } finally {
    await t.close();
  }
});

test('a member sees their own search page, and visitors never see the member\'s', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const visitorPage = await new Client(t.app).get(URL);
    const member = f.people.member;
    const own = await member.client.get(URL);
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['cache-control'], 'no-store');
    assert.ok(own.body.includes(member.pseudonym), 'the member\'s header names them');
    const later = await new Client(t.app).get(URL);
    assert.equal(later.body, visitorPage.body);
    assert.ok(!later.body.includes(member.pseudonym));
  } finally {
    await t.close();
  }
});

test('a search page with the note form carries each visitor\'s own CSRF token and is not shared', async () => {
  const t = await createTestApp();
  try {
    await buildFixture(t.app);
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const one = await new Client(t.app).get('/groups?topic=huntington');
    const two = await new Client(t.app).get('/groups?topic=huntington');
    assert.match(one.body, /action="\/topics\/watch"/);
    assert.ok(tokenOf(one.body) && tokenOf(two.body));
    assert.notEqual(tokenOf(one.body), tokenOf(two.body));
    assert.equal(one.headers.etag, undefined);
  } finally {
    await t.close();
  }
});

test('a group added by another process on the same database shows on this process\'s kept search page', { timeout: 60_000 }, async () => {
  const t = await createTestApp();
  const second = await buildApp(t.config, { logger: false });
  try {
    await buildFixture(t.app);
    const url = '/groups?q=Nachbarhaus&near=Leipzig&radius=25';
    const before = await new Client(second).get(url);
    assert.doesNotMatch(before.body, /Treff im Nachbarhaus/);
    assert.equal((await new Client(second).get(url)).body, before.body);
    // Written through the first process (its own Directory), as an edit on another app server would be.
    const dir = directory.createDirectory(t.app.deps);
    await directory.createGroup(dir, { by: { id: null, label: 'Test' }, input: baseInput({ name: 'Treff im Nachbarhaus', lat: 51.34, lon: 12.37, area: 'Leipzig' }) });
    await pause(FEED_INTERVAL);
    const after = await new Client(second).get(url, { 'if-none-match': String(before.headers.etag) });
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /Treff im Nachbarhaus/);
  } finally {
    await second.close();
    await t.close();
  }
});

test('kept result cards: a member\'s next search shows a group\'s new description and topics, also when another process changed them', { timeout: 60_000 }, async () => {
  const t = await createTestApp();
  const second = await buildApp(t.config, { logger: false });
  try {
    const f = await buildFixture(t.app);
    const member = await signedInAs(second, 'member');
    const first = await member.client.get(URL);
    assert.match(first.body, /Wir treffen uns regelmäßig/);
    // The same cards again (kept), with this search's distances.
    assert.equal((await member.client.get(URL)).body.match(/class="result__distance"/g)?.length, first.body.match(/class="result__distance"/g)?.length);

    // Changed through the first process: the second process's member sees it at once (the card's
    // group state is read with every page), though its index has not read the change feed yet.
    const dir = directory.createDirectory(t.app.deps);
    const group = (await directory.getGroupById(t.app.deps.db, f.groups.markkleeberg.id)) as directory.Group;
    await directory.updateGroup(dir, {
      by: { id: null, label: 'Test' }, group, mayChange: () => true,
      input: { ...directory.inputFromGroup(group), description: 'Ganz neu beschrieben: wir wandern gemeinsam.', topics: ['depression', 'einsamkeit'] },
    });
    const after = await member.client.get(URL);
    assert.match(after.body, /Ganz neu beschrieben: wir wandern gemeinsam\./);
    assert.match(after.body, /Depression · Einsamkeit/);
    assert.match(after.body, /Wir treffen uns regelmäßig/, 'the other groups keep their cards');
  } finally {
    await second.close();
    await t.close();
  }
});
