// Blocking: from a post (confirmation page, no JavaScript needed), the blocker sees the blocked one's
// posts folded, mentions by the blocked one reach them no more, the blocked one is told nothing, the
// list in the account undoes it, the API does the same, and staff see who is blocked by many.
// Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signedInAs, textOf } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from '../forum/index.ts';

test('blocking: folded posts, undelivered mentions, nothing told, the list, the API, and staff seeing who is blocked by many', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const f = await buildFixture(app);
    await createCategory(app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 10, readAccess: 'members' });
    const blocker = f.people.member;
    const pest = f.people.admitted;

    // The blocker starts a thread; the other one answers.
    const started = await blocker.client.submit('/forum/c/austausch/new', '/forum/c/austausch/new', { title: 'Wie schlaft ihr vor Terminen?', body: 'Ich liege oft wach.' });
    assert.equal(started.statusCode, 303);
    const url = String(started.headers.location).split('#')[0] as string;
    const threadId = Number(/\/forum\/t\/(\d+)/.exec(url)?.[1]);
    const reply = await pest.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Stell dich nicht so an.' });
    assert.equal(reply.statusCode, 303);

    // From the post: a "Blockieren" link to a confirmation page that says what happens.
    let page = await blocker.client.get(url);
    const link = new RegExp(`href="(/block\\?name=${encodeURIComponent(pest.pseudonym)}&(?:amp;)?next=[^"]+)"`).exec(page.body)?.[1];
    assert.ok(link, 'block link under the other person’s post');
    assert.doesNotMatch(page.body, new RegExp(`/block\\?name=${encodeURIComponent(blocker.pseudonym)}`), 'no block link under one’s own post');
    const confirm = await blocker.client.get(link.replace(/&amp;/g, '&'));
    assert.equal(confirm.statusCode, 200);
    assert.match(textOf(confirm.body), new RegExp(`${pest.pseudonym} erfährt nicht, dass Sie blockiert haben`));
    const done = await blocker.client.post('/blocks', { name: pest.pseudonym, next: `/forum/t/${threadId}#p2` });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/forum/t/${threadId}#p2`);

    // Folded for the blocker, unchanged for everyone else.
    page = await blocker.client.get(url);
    assert.match(page.body, /<details class="content-note blocked-post"><summary>Beitrag von einer Person, die Sie blockiert haben<\/summary>/);
    assert.match(page.body, /Stell dich nicht so an\./, 'still there to unfold');
    const other = await f.people.moderator.client.get(url);
    assert.doesNotMatch(other.body, /blocked-post/);

    // A mention by the blocked one is not delivered; one by someone else is.
    const notifications = async () => (await app.deps.db.selectFrom('forum_notifications').select(['kind', 'actor_label']).where('user_id', '=', blocker.userId).where('kind', '=', 'mention').execute()).map((n) => n.actor_label);
    assert.equal((await pest.client.submit(url, `/forum/t/${threadId}/reply`, { body: `@${blocker.pseudonym} hör mir zu!` })).statusCode, 303);
    assert.deepEqual(await notifications(), []);
    const friend = await signedInAs(app, 'member', 'Freundlich');
    assert.equal((await friend.client.submit(url, `/forum/t/${threadId}/reply`, { body: `@${blocker.pseudonym} schlaf gut!` })).statusCode, 303);
    assert.deepEqual(await notifications(), ['Freundlich']);

    // The blocked one is told nothing: no notice, no notification, nothing on their pages.
    const pestPage = await pest.client.get(url);
    assert.doesNotMatch(pestPage.body, /blocked-post|blockiert/);
    const told = await app.deps.db.selectFrom('forum_notifications').select('kind').where('user_id', '=', pest.userId).execute();
    assert.deepEqual([...new Set(told.map((n) => n.kind))], ['reply'], 'only the usual news of the thread they follow');
    const notices = await app.deps.db.selectFrom('moderation_notices').select('id').where('user_id', '=', pest.userId).execute();
    assert.equal(notices.length, 0);

    // The list in the account, and undoing it there.
    const list = await blocker.client.get('/account/blocked');
    assert.match(textOf(list.body), new RegExp(pest.pseudonym));
    assert.match((await blocker.client.get('/account')).body, /href="\/account\/blocked"/);
    assert.equal((await blocker.client.post('/blocks/remove', { name: pest.pseudonym, next: '/account/blocked' })).statusCode, 303);
    assert.match(textOf((await blocker.client.get('/account/blocked')).body), /Sie haben niemanden blockiert/);
    assert.doesNotMatch((await blocker.client.get(url)).body, /blocked-post/);

    // Nobody blocks themselves; an unknown name is 404.
    assert.equal((await blocker.client.get(`/block?name=${encodeURIComponent(blocker.pseudonym)}`)).statusCode, 400);
    assert.equal((await blocker.client.get('/block?name=Niemand-hier')).statusCode, 404);

    // The API: 201, then 200; the list; 204 on removal, 404 after.
    const api = async (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) => {
      await friend.client.get('/account/blocked');
      return app.inject({ method, url: path, payload, headers: { cookie: [...friend.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': friend.client.csrf } });
    };
    assert.equal((await api('POST', '/api/v1/blocks', { pseudonym: pest.pseudonym })).statusCode, 201);
    assert.equal((await api('POST', '/api/v1/blocks', { pseudonym: pest.pseudonym })).statusCode, 200);
    assert.deepEqual((await api('GET', '/api/v1/blocks')).json().items.map((i: { pseudonym: string }) => i.pseudonym), [pest.pseudonym]);
    assert.equal((await api('DELETE', `/api/v1/blocks/${encodeURIComponent(pest.pseudonym)}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/api/v1/blocks/${encodeURIComponent(pest.pseudonym)}`)).statusCode, 404);

    // Staff see a member once three different people blocked them — not before.
    const staffList = async () => textOf((await f.people.moderator.client.get('/moderation/blocks')).body);
    for (const name of ['Eins', 'Zwei']) {
      const someone = await signedInAs(app, 'member', name);
      await someone.client.get('/account/blocked');
      assert.equal((await someone.client.post('/blocks', { name: pest.pseudonym, next: '/forum' })).statusCode, 303);
    }
    assert.match(await staffList(), /Zurzeit ist niemand so oft blockiert/);
    await blocker.client.get('/account/blocked');
    await blocker.client.post('/blocks', { name: pest.pseudonym, next: '/forum' });
    const listed = await staffList();
    assert.match(listed, new RegExp(`${pest.pseudonym} 3`));
    assert.doesNotMatch(listed, new RegExp(blocker.pseudonym), 'who blocked stays confidential');
    assert.match(textOf((await f.people.moderator.client.get('/moderation')).body), /Von vielen blockiert \(1\)/);
    assert.equal((await f.people.moderator.client.get('/api/v1/moderation/blocks')).json().items[0].blockers, 3);
  } finally {
    await t.close();
  }
});
