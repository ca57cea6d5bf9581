// The forum under moderation: the API's crisis-check contract (409, then 201 or 202), pre-moderated
// posts in the queue, reports that hide a harassing reply at the threshold, a removal with a kind
// notice to the writer, and category-limited moderators. Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, textOf } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from '../forum/index.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';

type QueueBody = { items: Array<{ id: string; kind: string; urgent: boolean; crisisChoice: string | null; target: { type: string; id: string }; categoryId: string | null; hiddenByReports: boolean }>; total: number };

async function setup(app: App) {
  const f = await buildFixture(app);
  const open = await createCategory(app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 10, readAccess: 'members', anonymous: true });
  const reviewed = await createCategory(app.deps, { slug: 'geprueft', nameDe: 'Geprüft', nameEn: 'Reviewed', position: 20, readAccess: 'members', premoderation: 'all' });
  const key = await createApiToken(app.deps.db, f.people.member.userId, 'test');
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
  return { f, open, reviewed, api };
}

async function postCount(app: App): Promise<number> {
  return Number((await app.deps.db.selectFrom('forum_posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

test('API contract: a crisis text answers 409 problem+json and publishes nothing; with crisisChoice 201 or 202', async () => {
  const t = await createTestApp();
  try {
    const { f, api } = await setup(t.app);
    const started = await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Wie geht ihr mit Rückfällen um?', body: 'Ich frage für mich.' });
    assert.equal(started.statusCode, 201);
    const threadId = started.json().threadId as number;
    const before = await postCount(t.app);

    const crisis = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich habe seit Wochen Tabletten gesammelt.' });
    assert.equal(crisis.statusCode, 409);
    assert.equal(crisis.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = crisis.json();
    assert.match(problem.type, /\/problems\/crisis-check$/);
    assert.deepEqual(problem.helpNumbers.map((h: { number: string }) => h.number), ['0800 111 0 111', '0800 111 0 222', '116 123', '112']);
    assert.deepEqual(problem.choices, ['publish', 'publish_and_alert', 'moderators_only', 'draft']);
    assert.equal(await postCount(t.app), before, 'nothing published');
    assert.equal((await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Abschied', body: 'Ich will mich umbringen.' })).statusCode, 409, 'thread starts are checked too');

    const alert = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich habe seit Wochen Tabletten gesammelt.', crisisChoice: 'publish_and_alert' });
    assert.equal(alert.statusCode, 201);
    assert.equal(alert.json().status, 'published');
    const only = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich will nicht mehr leben.', crisisChoice: 'moderators_only' });
    assert.equal(only.statusCode, 202);
    const held = await t.app.deps.db.selectFrom('forum_posts').select('status').where('id', '=', only.json().id).executeTakeFirstOrThrow();
    assert.equal(held.status, 'pending', 'kept, but nobody else reads it');
    const draft = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich will nicht mehr leben.', crisisChoice: 'draft' });
    assert.equal(draft.statusCode, 202);
    assert.equal(draft.json().status, 'draft');
    assert.equal((await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich will nicht mehr leben.', crisisChoice: 'maybe' })).statusCode, 400);

    const queue = (await f.people.moderator.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.deepEqual(queue.items.map((i) => [i.kind, i.urgent, i.crisisChoice]).sort(), [['crisis', true, 'moderators_only'], ['crisis', true, 'publish_and_alert']]);
    // The moderator approves the held post: it appears, and the audit says who did it.
    const heldItem = queue.items.find((i) => i.crisisChoice === 'moderators_only');
    await f.people.moderator.client.get(`/moderation/items/${heldItem?.id}`);
    const approve = await f.people.moderator.client.post(`/moderation/items/${heldItem?.id}`, { action: 'approve' });
    assert.equal(approve.statusCode, 303);
    assert.equal((await t.app.deps.db.selectFrom('forum_posts').select('status').where('id', '=', only.json().id).executeTakeFirstOrThrow()).status, 'published');
  } finally {
    await t.close();
  }
});

test('the form: the help page, then "let a moderator look"; pre-moderated posts queue, urgent when they match', async () => {
  const t = await createTestApp();
  try {
    const { f } = await setup(t.app);
    const member = f.people.member.client;
    const page = await member.submit('/forum/c/austausch/new', '/forum/c/austausch/new', { title: 'Heute ist alles zu viel', body: 'Ich will nicht mehr aufwachen.' });
    assert.equal(page.statusCode, 200);
    assert.ok(textOf(page.body).includes('0800 111 0 111'));
    assert.ok(page.body.includes('name="title" value="Heute ist alles zu viel"'));
    const sent = await member.post('/forum/c/austausch/new', { title: 'Heute ist alles zu viel', body: 'Ich will nicht mehr aufwachen.', crisisAsked: '1', crisisChoice: 'publish_and_alert' });
    assert.equal(sent.statusCode, 303);
    assert.match(String(sent.headers.location), /^\/forum\/t\//);

    const ordinary = await member.submit('/forum/c/geprueft/new', '/forum/c/geprueft/new', { title: 'Erste Frage hier', body: 'Kennt jemand eine Gruppe in Leipzig?' });
    assert.equal(ordinary.statusCode, 303);
    await member.get('/forum/c/geprueft/new');
    const matched = await member.post('/forum/c/geprueft/new', { title: 'Noch eine Frage', body: 'Ich ritze mich wieder.', crisisChoice: 'publish' });
    assert.equal(matched.statusCode, 303);
    const queue = (await f.people.admin.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.deepEqual(queue.items.map((i) => [i.kind, i.urgent]), [['crisis', true], ['crisis', true], ['premoderation', false]]);
  } finally {
    await t.close();
  }
});

test('reports hide a harassing reply at the threshold; the moderator removes it and the writer gets a kind notice', async () => {
  const t = await createTestApp();
  try {
    const { f, open, reviewed, api } = await setup(t.app);
    const started = await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Mein erster Beitrag', body: 'Hallo, ich bin neu hier.' });
    const threadId = started.json().threadId as number;
    const harasser = f.people.admitted.client;
    await harasser.get('/forum');
    const res = await harasser.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Du bist doch selbst schuld, hör auf zu jammern.' });
    assert.equal(res.statusCode, 303);
    const reply = await t.app.deps.db.selectFrom('forum_posts').select(['id', 'status']).where('thread_id', '=', threadId).where('number', '=', 2).executeTakeFirstOrThrow();
    const reporters = [f.people.member.client, f.people.facilitator.client, f.people.staff.client];
    for (const [i, reporter] of reporters.entries()) {
      await reporter.get('/forum');
      assert.equal((await reporter.post('/report', { type: 'post', id: String(reply.id), reason: 'harassment' })).statusCode, 303);
      const status = (await t.app.deps.db.selectFrom('forum_posts').select('status').where('id', '=', reply.id).executeTakeFirstOrThrow()).status;
      assert.equal(status, i < 2 ? 'published' : 'hidden', `after ${i + 1} reports`);
    }
    const queue = (await f.people.moderator.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    const item = queue.items.find((i) => i.target.type === 'post' && i.target.id === String(reply.id));
    assert.ok(item?.hiddenByReports);
    const moderator = f.people.moderator.client;
    await moderator.get(`/moderation/items/${item?.id}`);
    assert.equal((await moderator.post(`/moderation/items/${item?.id}`, { action: 'delete', message: '' })).statusCode, 400, 'a removal needs a reason');
    assert.equal((await moderator.post(`/moderation/items/${item?.id}`, { action: 'delete', message: 'Bitte greif niemanden an, auch wenn du anderer Meinung bist.' })).statusCode, 303);
    assert.equal((await t.app.deps.db.selectFrom('forum_posts').select('status').where('id', '=', reply.id).executeTakeFirstOrThrow()).status, 'deleted');
    const notices = textOf((await harasser.get('/notices')).body);
    assert.ok(notices.includes('Bitte greif niemanden an'));
    assert.ok(notices.includes('Hilfe in der Krise'));
    const audit = await t.app.deps.db.selectFrom('audit_log').select(['action', 'subject_type', 'subject_id']).where('action', '=', 'moderation.delete').execute();
    assert.deepEqual(audit, [{ action: 'moderation.delete', subject_type: 'post', subject_id: String(reply.id) }]);

    // A moderator limited to the reviewed category neither sees nor opens items of the other one.
    await t.app.deps.db.insertInto('moderator_categories').values({ user_id: f.people.moderator.userId, category_id: reviewed }).execute();
    await f.people.member.client.get('/forum');
    await f.people.member.client.post('/report', { type: 'post', id: String(started.json().id), reason: 'spam' });
    const limited = (await moderator.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.equal(limited.items.some((i) => i.categoryId === open), false);
    const other = (await f.people.admin.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    const foreign = other.items.find((i) => i.categoryId === open);
    assert.ok(foreign);
    assert.equal((await moderator.get(`/moderation/items/${foreign.id}`)).statusCode, 403);
  } finally {
    await t.close();
  }
});
