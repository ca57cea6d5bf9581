// The queue's further actions over HTTP: edit with a note (history and notice), close and move a
// thread, slow mode on pages and API, silence and suspension enforced at the next request, the
// two-person unmasking of anonymous posts, facilitators on their board, the header badge — each
// with its audit row. Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, textOf, type Client } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { boardGroupsByIds } from '../directory/index.ts';
import { createCategory, createThread, demoSupport } from '../forum/index.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { UserActor } from '../../platform/auth/actor.ts';
import { translator } from '../../platform/i18n/index.ts';
import { queueForReview } from './index.ts';

type Fixture = Awaited<ReturnType<typeof buildFixture>>;

async function setup(app: App) {
  const f = await buildFixture(app);
  const open = await createCategory(app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 10, readAccess: 'members', anonymous: true });
  const other = await createCategory(app.deps, { slug: 'alltag', nameDe: 'Alltag', nameEn: 'Everyday life', position: 20, readAccess: 'members' });
  const tokens = new Map<string, string>();
  /** JSON as the person of the fixture, with their own API token. */
  const api = async (who: keyof Fixture['people'], method: 'GET' | 'POST', url: string, payload?: object) => {
    const userId = f.people[who].userId as string;
    let key = tokens.get(userId);
    if (!key) tokens.set(userId, (key = await createApiToken(app.deps.db, userId, 'test')));
    return app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
  };
  /** A thread by Kranich (admitted member); its first post goes into the queue as a report-free review item. */
  const threadWithItem = async (title: string, opts: { anonymous?: boolean } = {}) => {
    const started = await api('admitted', 'POST', '/api/v1/forum/threads', { category: 'austausch', title, body: 'Ein Beitrag, über den die Moderation entscheidet.', anonymous: opts.anonymous ?? false });
    assert.equal(started.statusCode, 201, started.body);
    const { id: postId, threadId } = started.json() as { id: number; threadId: number };
    await f.people.member.client.get('/forum');
    assert.equal((await f.people.member.client.post('/report', { type: 'post', id: String(postId), reason: 'rules' })).statusCode, 303);
    const item = await app.deps.db.selectFrom('moderation_items').select('id').where('target_type', '=', 'post').where('target_id', '=', String(postId)).executeTakeFirstOrThrow();
    return { postId, threadId, itemId: item.id };
  };
  const audit = async (action: string) => app.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const decide = async (who: Client, itemId: string, form: Record<string, string>) => {
    await who.get(`/moderation/items/${itemId}`);
    return who.post(`/moderation/items/${itemId}`, form);
  };
  return { f, open, other, api, threadWithItem, audit, decide };
}

test('edit with a note: the text changes, the history says a moderator did it, the writer is told and can answer (an appeal)', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit, decide } = await setup(t.app);
    const { postId, threadId, itemId } = await threadWithItem('Adresse im Beitrag');
    const moderator = f.people.moderator.client;
    const missing = await decide(moderator, itemId, { action: 'edit', message: 'Ich habe die Adresse entfernt.', text: '' });
    assert.equal(missing.statusCode, 400, 'an edit needs the new text');
    assert.ok(textOf(missing.body).includes('Bitte geben Sie den neuen Text ein.'));
    const edited = await decide(moderator, itemId, { action: 'edit', message: 'Ich habe die Adresse entfernt, damit dich niemand findet.', text: 'Ein Beitrag ohne Adresse.' });
    assert.equal(edited.statusCode, 303);
    const post = await t.app.deps.db.selectFrom('forum_posts').select(['body', 'edited_at']).where('id', '=', postId).executeTakeFirstOrThrow();
    assert.equal(post.body, 'Ein Beitrag ohne Adresse.');
    assert.ok(post.edited_at);
    const history = await f.people.admitted.client.get(`/forum/p/${postId}/history`);
    assert.equal(history.statusCode, 200);
    assert.ok(textOf(history.body).includes('Danach von der Moderation geändert.'));
    void threadId;
    const revision = await t.app.deps.db.selectFrom('forum_post_revisions').selectAll().where('post_id', '=', postId).executeTakeFirstOrThrow();
    assert.equal(revision.body, 'Ein Beitrag, über den die Moderation entscheidet.');
    assert.ok(revision.moderator_note);
    const rows = await audit('moderation.edit');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.actor_id, f.people.moderator.userId);

    const writer = f.people.admitted.client;
    const notices = await writer.get('/notices');
    assert.ok(textOf(notices.body).includes('Ein Beitrag von Ihnen wurde bearbeitet'));
    assert.ok(textOf(notices.body).includes('Ich habe die Adresse entfernt, damit dich niemand findet.'));
    assert.ok(notices.body.includes('href="/help"'), 'the notice links the help page');
    const notice = await t.app.deps.db.selectFrom('moderation_notices').select('id').where('user_id', '=', f.people.admitted.userId).executeTakeFirstOrThrow();
    assert.equal((await writer.post(`/notices/${notice.id}/answer`, { answer: 'Danke, das ist in Ordnung.' })).statusCode, 303);
    const appeal = await t.app.deps.db.selectFrom('moderation_items').select(['kind', 'status']).where('kind', '=', 'appeal').executeTakeFirstOrThrow();
    assert.equal(appeal.status, 'open');
  } finally {
    await t.close();
  }
});

test('close and move a thread: replies are refused in a closed thread, a moved thread counts in its new category; the item stays open', async () => {
  const t = await createTestApp();
  try {
    const { f, other, threadWithItem, audit, decide, api } = await setup(t.app);
    const { threadId, itemId } = await threadWithItem('Ein hitziges Thema');
    const moderator = f.people.moderator.client;
    assert.equal((await decide(moderator, itemId, { action: 'lock' })).statusCode, 303);
    assert.equal((await t.app.deps.db.selectFrom('forum_threads').select('locked').where('id', '=', threadId).executeTakeFirstOrThrow()).locked, 1);
    const reply = await api('member', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Noch eine Antwort.' });
    assert.ok([403, 409, 422].includes(reply.statusCode), `a closed thread takes no reply (${reply.statusCode})`);
    const page = await moderator.get(`/moderation/items/${itemId}`);
    assert.ok(page.body.includes('value="unlock"'), 'a closed thread can be opened again');

    assert.equal((await decide(moderator, itemId, { action: 'move', category: 'nowhere' })).statusCode, 400, 'an unknown category is refused');
    assert.equal((await decide(moderator, itemId, { action: 'move', category: other })).statusCode, 303);
    const moved = await t.app.deps.db.selectFrom('forum_threads').select('category_id').where('id', '=', threadId).executeTakeFirstOrThrow();
    assert.equal(moved.category_id, other);
    const counts = await t.app.deps.db.selectFrom('forum_categories').select(['slug', 'thread_count', 'post_count']).where('slug', 'in', ['austausch', 'alltag']).orderBy('slug').execute();
    assert.deepEqual(counts.map((c) => [c.slug, Number(c.thread_count), Number(c.post_count)]), [['alltag', 1, 1], ['austausch', 0, 0]]);
    assert.equal((await t.app.deps.db.selectFrom('moderation_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status, 'open');
    assert.equal((await audit('moderation.lock')).length, 1);
    const move = (await audit('moderation.move'))[0];
    assert.deepEqual(JSON.parse(move?.details ?? '{}').to, other);
  } finally {
    await t.close();
  }
});

test('slow mode: one post per member every N minutes, on the page and through the API, in plain words; 0 ends it', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit, decide, api } = await setup(t.app);
    const { threadId, itemId } = await threadWithItem('Viele Antworten auf einmal');
    const moderator = f.people.moderator.client;
    assert.equal((await decide(moderator, itemId, { action: 'slow', minutes: 'viele' })).statusCode, 400);
    assert.equal((await decide(moderator, itemId, { action: 'slow', minutes: '30', slowScope: 'thread' })).statusCode, 303);
    const first = await api('member', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Meine erste Antwort.' });
    assert.equal(first.statusCode, 201);
    const second = await api('member', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Und gleich noch eine.' });
    assert.equal(second.statusCode, 400);
    assert.match(second.body, /ein Beitrag je Person alle 30 Minuten/);
    const member = f.people.member.client;
    const form = await member.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Über das Formular.' });
    assert.equal(form.statusCode, 400);
    assert.ok(textOf(form.body).includes('Hier gilt gerade der langsame Modus'));
    assert.ok(form.body.includes('Über das Formular.'), 'the text stays in the field');
    // Someone else may still write once.
    assert.equal((await api('facilitator', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich auch einmal.' })).statusCode, 201);
    assert.equal((await decide(moderator, itemId, { action: 'slow', minutes: '0' })).statusCode, 303);
    assert.equal((await api('member', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Jetzt wieder.' })).statusCode, 201);
    const rows = await audit('moderation.slow');
    assert.deepEqual(rows.map((r) => JSON.parse(r.details).minutes), [30, 0]);
  } finally {
    await t.close();
  }
});

test('silence: reading yes, writing no (forum pages, API, first contact) — reports still go; the writer is told why and until when', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit, decide, api } = await setup(t.app);
    const { threadId, itemId, postId } = await threadWithItem('Schon wieder Streit');
    const moderator = f.people.moderator.client;
    assert.equal((await decide(moderator, itemId, { action: 'silence', message: '', days: '3' })).statusCode, 400, 'a silence needs a reason');
    assert.equal((await decide(moderator, itemId, { action: 'silence', message: 'Bitte mach eine Pause von drei Tagen.', days: '0' })).statusCode, 400, 'at least one day');
    assert.equal((await decide(moderator, itemId, { action: 'silence', message: 'Bitte mach eine Pause von drei Tagen.', days: '3' })).statusCode, 303);

    const writer = f.people.admitted.client;
    assert.equal((await writer.get(`/forum/t/${threadId}`)).statusCode, 200, 'reading goes on');
    const byApi = await api('admitted', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich antworte trotzdem.' });
    assert.equal(byApi.statusCode, 400);
    assert.match(byApi.body, /Bitte mach eine Pause von drei Tagen\./);
    const byForm = await writer.submit(`/forum/t/${threadId}`, `/forum/t/${threadId}/reply`, { body: 'Über das Formular.' });
    assert.equal(byForm.statusCode, 400);
    assert.ok(textOf(byForm.body).includes('Sie können bis'));
    const group = f.groups.leipzigGroup;
    const contact = await writer.submit(`/groups/${group.slug}/contact`, `/groups/${group.slug}/contact`, { message: 'Hallo, ich hätte eine Frage.' });
    assert.equal(contact.statusCode, 400, 'first contact is refused too');
    const report = await api('admitted', 'POST', '/api/v1/reports', { target: { type: 'profile', id: f.people.member.userId }, reason: 'harassment' });
    assert.equal(report.statusCode, 201, 'reporting stays possible while silenced');
    void postId;
    const notices = await writer.get('/notices');
    assert.ok(textOf(notices.body).includes('Sie können vorübergehend nicht schreiben'));
    const rows = await audit('moderation.silence');
    assert.equal(rows[0]?.subject_id, f.people.admitted.userId);
    assert.equal(JSON.parse(rows[0]?.details ?? '{}').days, 3);
    // Others are not affected.
    assert.equal((await api('member', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich darf schreiben.' })).statusCode, 201);
  } finally {
    await t.close();
  }
});

test('suspension: every page says so, every write and the API are refused; help and the notice stay reachable, and the answer becomes an appeal', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit, decide, api } = await setup(t.app);
    const { threadId, itemId } = await threadWithItem('Beleidigungen');
    assert.equal((await decide(f.people.moderator.client, itemId, { action: 'suspend', message: 'Du hast mehrfach andere beleidigt.', days: '7' })).statusCode, 303);
    const writer = f.people.admitted.client;
    const home = await writer.get('/forum');
    assert.equal(home.statusCode, 403);
    assert.ok(textOf(home.body).includes('Ihr Konto ist vorübergehend gesperrt'));
    assert.ok(textOf(home.body).includes('Du hast mehrfach andere beleidigt.'));
    assert.equal((await writer.get('/help')).statusCode, 200);
    const byApi = await api('admitted', 'POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Hallo?' });
    assert.equal(byApi.statusCode, 403);
    assert.match(byApi.body, /account_suspended/);
    const notices = await writer.get('/notices');
    assert.equal(notices.statusCode, 200);
    const notice = await t.app.deps.db.selectFrom('moderation_notices').select('id').where('user_id', '=', f.people.admitted.userId).where('kind', '=', 'suspended').executeTakeFirstOrThrow();
    assert.equal((await writer.post(`/notices/${notice.id}/answer`, { answer: 'Es tut mir leid, ich war wütend.' })).statusCode, 303);
    const queue = (await f.people.moderator.client.get('/api/v1/moderation/queue')).json() as { items: Array<{ kind: string }> };
    assert.ok(queue.items.some((i) => i.kind === 'appeal'), 'the answer lands in the queue as an appeal');
    assert.equal((await audit('moderation.suspend')).length, 1);
    // Lifting the sanction (its time is up) opens everything again at the next request.
    await t.app.deps.db.updateTable('sanctions').set({ until: new Date(Date.now() - 1000).toISOString() }).execute();
    assert.equal((await writer.get('/forum')).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('unmasking needs two people: a reason, a second moderator or an administrator, never the one who asked; the writer is told, not by whom', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit } = await setup(t.app);
    const { itemId } = await threadWithItem('Anonym gefragt', { anonymous: true });
    const asker = f.people.moderator.client;
    const itemPage = await asker.get(`/moderation/items/${itemId}`);
    assert.ok(!textOf(itemPage.body).includes('Kranich'), 'the writer is sealed');
    assert.ok(itemPage.body.includes(`/moderation/items/${itemId}/unmask`));
    assert.equal((await asker.post(`/moderation/items/${itemId}/unmask`, { reason: '' })).statusCode, 400, 'a reason is required');
    for (const who of ['member', 'facilitator', 'staff'] as const) {
      const c = f.people[who].client;
      await c.get('/forum');
      const res = await c.post(`/moderation/items/${itemId}/unmask`, { reason: 'Neugier' });
      assert.equal(res.statusCode, 403, who);
    }
    assert.equal((await asker.post(`/moderation/items/${itemId}/unmask`, { reason: 'Drohung gegen eine andere Person im Beitrag.' })).statusCode, 303);
    const request = await t.app.deps.db.selectFrom('unmask_requests').selectAll().executeTakeFirstOrThrow();
    assert.equal(request.status, 'pending');

    // The one who asked cannot confirm their own request.
    await asker.get('/moderation');
    assert.equal((await asker.post(`/moderation/unmask/${request.id}`, { decision: 'confirm' })).statusCode, 403);
    assert.ok(!textOf((await asker.get(`/moderation/items/${itemId}`)).body).includes('Kranich'), 'still sealed before a second person agrees');
    const member = f.people.member.client;
    await member.get('/forum');
    assert.equal((await member.post(`/moderation/unmask/${request.id}`, { decision: 'confirm' })).statusCode, 403);

    // A second person (an administrator) confirms.
    const admin = f.people.admin.client;
    const queue = await admin.get('/moderation');
    assert.ok(textOf(queue.body).includes('Drohung gegen eine andere Person im Beitrag.'), 'the second person reads the reason');
    assert.equal((await admin.post(`/moderation/unmask/${request.id}`, { decision: 'confirm' })).statusCode, 303);
    assert.ok(textOf((await asker.get(`/moderation/items/${itemId}`)).body).includes('Kranich'), 'the one who asked now sees the writer');
    assert.ok(!textOf((await admin.get(`/moderation/items/${itemId}`)).body).includes('Kranich (sichtbar'), 'the one who confirmed does not');
    assert.equal((await admin.post(`/moderation/unmask/${request.id}`, { decision: 'refuse' })).statusCode, 303, 'decided already: told so');

    const [asked] = await audit('moderation.unmask_requested');
    const [confirmed] = await audit('moderation.unmask_confirmed');
    assert.equal(asked?.actor_id, f.people.moderator.userId);
    assert.equal(JSON.parse(asked?.details ?? '{}').reason, 'Drohung gegen eine andere Person im Beitrag.');
    assert.equal(confirmed?.actor_id, f.people.admin.userId);
    assert.equal(JSON.parse(confirmed?.details ?? '{}').requestedBy, f.people.moderator.userId);
    assert.ok(JSON.parse(confirmed?.details ?? '{}').visibleUntil);

    const notices = textOf((await f.people.admitted.client.get('/notices')).body);
    assert.ok(notices.includes('Ein anonymer Beitrag von Ihnen wurde aufgedeckt'));
    assert.ok(!notices.includes('Moderation Mia') && !notices.includes('Admin Anke'), 'not by whom');

    // When the time is up, the writer is sealed again.
    await t.app.deps.db.updateTable('unmask_requests').set({ visible_until: new Date(Date.now() - 1000).toISOString() }).execute();
    assert.ok(!textOf((await asker.get(`/moderation/items/${itemId}`)).body).includes('Kranich'));
  } finally {
    await t.close();
  }
});

test('a refused unmasking shows nothing; a second moderator (not an administrator) may decide too', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, audit } = await setup(t.app);
    const { itemId } = await threadWithItem('Noch eine anonyme Frage', { anonymous: true });
    const asker = f.people.admin.client;
    await asker.get(`/moderation/items/${itemId}`);
    assert.equal((await asker.post(`/moderation/items/${itemId}/unmask`, { reason: 'Verdacht auf ein zweites Konto.' })).statusCode, 303);
    const request = await t.app.deps.db.selectFrom('unmask_requests').select('id').executeTakeFirstOrThrow();
    const second = f.people.moderator.client;
    await second.get('/moderation');
    assert.equal((await second.post(`/moderation/unmask/${request.id}`, { decision: 'refuse' })).statusCode, 303);
    assert.ok(!textOf((await asker.get(`/moderation/items/${itemId}`)).body).includes('Kranich'));
    assert.equal((await audit('moderation.unmask_refused')).length, 1);
    assert.equal(await t.app.deps.db.selectFrom('moderation_notices').select('id').where('kind', '=', 'unmasked').executeTakeFirst(), undefined, 'nothing to tell when nothing was shown');
  } finally {
    await t.close();
  }
});

test('facilitators moderate their group\'s board: only its items in their queue, only the actions that stay within the group', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem, decide } = await setup(t.app);
    const elsewhere = await threadWithItem('Nicht im Gruppenforum');
    // The header's queue link: a facilitator whose group has no board has nothing to moderate yet.
    assert.ok(!(await f.people.facilitator.client.get('/forum')).body.includes('href="/moderation"'));
    const [group] = await boardGroupsByIds(t.app.deps.db, [f.groups.leipzigGroup.id]);
    const board = await demoSupport.boardForDemo(t.app.deps, group as NonNullable<typeof group>);
    assert.ok((await f.people.facilitator.client.get('/forum')).body.includes('href="/moderation"'), 'with a board, the queue is in the header');
    assert.ok(!(await f.people.member.client.get('/forum')).body.includes('href="/moderation"'));
    const writer = new UserActor(f.people.admitted.userId, 'Kranich', 'member', 'de', '', true);
    const written = await createThread(t.app.deps, { actor: writer, category: board, ties: await demoSupport.tiesFor(t.app.deps, writer), input: { title: 'Treffen am Donnerstag', body: 'Wer kommt mit?', anonymous: false, contentNote: '' }, t: translator('de') });
    assert.ok(written.ok);
    await queueForReview(t.app.deps, { target: { type: 'post', id: String(written.value.postId), url: written.value.url, categoryId: board.id, groupId: group?.id }, authorId: writer.id, classes: [], choice: null });
    const boardItem = await t.app.deps.db.selectFrom('moderation_items').select('id').where('target_id', '=', String(written.value.postId)).executeTakeFirstOrThrow();

    const lena = f.people.facilitator.client;
    const queue = await lena.get('/api/v1/moderation/queue');
    assert.equal(queue.statusCode, 200);
    assert.deepEqual((queue.json() as { items: Array<{ id: string }> }).items.map((i) => i.id), [boardItem.id]);
    assert.equal((await lena.get('/moderation')).statusCode, 200);
    assert.equal((await lena.get(`/moderation/items/${elsewhere.itemId}`)).statusCode, 403, 'not an item of another category');
    const page = await lena.get(`/moderation/items/${boardItem.id}`);
    assert.ok(page.body.includes('value="hide"') && !page.body.includes('value="delete"') && !page.body.includes('value="suspend"'));
    assert.equal((await decide(lena, boardItem.id, { action: 'suspend', message: 'Nein.', days: '2' })).statusCode, 400, 'suspending is for moderators');
    assert.equal((await decide(lena, boardItem.id, { action: 'lock' })).statusCode, 303);
    assert.equal((await decide(lena, boardItem.id, { action: 'approve' })).statusCode, 303);
    // A member who facilitates nothing with a board stays refused.
    assert.equal((await f.people.member.client.get('/moderation')).statusCode, 403);
  } finally {
    await t.close();
  }
});

test('the header shows moderators the queue with its urgent count; members see no such link', async () => {
  const t = await createTestApp();
  try {
    const { f, threadWithItem } = await setup(t.app);
    await threadWithItem('Etwas zum Ansehen');
    const moderator = await f.people.moderator.client.get('/forum');
    assert.ok(moderator.body.includes('href="/moderation"'));
    assert.ok(textOf(moderator.body).includes('1 offen'));
    await f.people.member.client.get('/forum');
    await f.people.member.client.post('/report', { type: 'profile', id: f.people.admitted.userId, reason: 'danger' });
    assert.ok(textOf((await f.people.moderator.client.get('/forum')).body).includes('1 dringend'));
    assert.ok(!(await f.people.member.client.get('/forum')).body.includes('href="/moderation"'));
  } finally {
    await t.close();
  }
});
