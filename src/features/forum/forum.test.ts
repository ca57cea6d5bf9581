// HTTP tests of the forum on the configured engine: pages, posting, bad input, anonymity,
// drafts, reactions, edits, unread marks, notifications, search with fixed expectations, API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, login, outbox, textOf, STRONG_PASSWORD } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory } from './admin.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';

async function categories(app: App) {
  await createCategory(app.deps, { slug: 'allgemein', nameDe: 'Allgemeines', nameEn: 'General', position: 10, readAccess: 'everyone', anonymous: true, noindex: false });
  await createCategory(app.deps, { slug: 'depression', nameDe: 'Depression', nameEn: 'Depression', position: 20, readAccess: 'members', anonymous: true });
  await createCategory(app.deps, { slug: 'fachaustausch', nameDe: 'Fachaustausch', nameEn: 'Professional exchange', position: 30, readAccess: 'staff', startAccess: 'staff' });
  await createCategory(app.deps, { slug: 'archiv', nameDe: 'Archiv', nameEn: 'Archive', position: 40, readAccess: 'everyone', locked: true });
  await createCategory(app.deps, { slug: 'geprueft', nameDe: 'Geprüft', nameEn: 'Reviewed', position: 50, readAccess: 'members', premoderation: 'all' });
}

/** Starts a thread through the form; returns the thread's path. */
async function startThread(c: Client, slug: string, title: string, body: string, extra: Record<string, string> = {}) {
  const res = await c.submit(`/forum/c/${slug}/new`, `/forum/c/${slug}/new`, { title, body, ...extra });
  assert.equal(res.statusCode, 303, res.body.slice(0, 3000));
  return String(res.headers.location);
}

test('forum: categories, threads, replies, bad input, anonymity, drafts, reactions, edits, search and API', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const f = await buildFixture(app);
    await categories(app);
    const { member, admitted, facilitator, staff, moderator } = f.people;
    const visitor = new Client(app);

    // The index shows what each may read.
    let res = await visitor.get('/forum');
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /Allgemeines/);
    assert.doesNotMatch(textOf(res.body), /Depression|Fachaustausch/);
    res = await member.client.get('/forum');
    assert.match(textOf(res.body), /Depression/);
    assert.doesNotMatch(textOf(res.body), /Fachaustausch/);
    res = await staff.client.get('/forum');
    assert.match(textOf(res.body), /Fachaustausch/);
    assert.equal((await visitor.get('/forum/c/depression')).statusCode, 404);
    assert.equal((await member.client.get('/forum/c/fachaustausch')).statusCode, 404);
    assert.equal((await member.client.get('/forum/c/keine-solche')).statusCode, 404);

    // A thread and replies.
    const url = await startThread(member.client, 'depression', 'Frisch diagnostiziert – wie geht ihr damit um?', 'Hallo zusammen,\n\nich habe gestern die **Diagnose** bekommen. <script>alert(1)</script> [Link](https://example.org) ![bild](https://tracker.example/x.png)');
    assert.match(url, /^\/forum\/t\/\d+\/frisch-diagnostiziert-wie-geht-ihr-damit-um$/);
    const threadId = Number(/\/forum\/t\/(\d+)/.exec(url)?.[1]);
    res = await member.client.get(url);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<strong>Diagnose<\/strong>/);
    assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(res.body, /<a href="https:\/\/example.org" rel="nofollow ugc noopener noreferrer">Link<\/a>/);
    assert.doesNotMatch(res.body, /<img[^>]+tracker/);
    assert.match(res.body, /id="p1"/);
    assert.equal((await visitor.get(url)).statusCode, 404);

    // Bad input keeps the text and says what is wrong.
    res = await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: '   \n  ' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /Bitte schreiben Sie einen Text/);
    const long = 'Wort '.repeat(20_001);
    res = await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: long });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /zu lang.*höchstens 20\.000 Zeichen/);
    assert.ok(res.body.includes('Wort Wort Wort'), 'the long text is kept');
    res = await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Hallo @Niemand_Da, kennst du das?' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /Niemand heißt @Niemand_Da/);
    res = await admitted.client.submit('/forum/c/depression/new', '/forum/c/depression/new', { title: 'Hi', body: 'Text' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /mindestens 5 Zeichen/);
    assert.equal((await admitted.client.get(`/forum/t/${threadId}?page=2`)).statusCode, 404);
    assert.equal((await admitted.client.get('/forum/t/999999')).statusCode, 404);
    assert.equal((await admitted.client.get('/forum/t/abc')).statusCode, 404);

    // A reply mentioning the author notifies them.
    res = await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: `Willkommen @${member.pseudonym}! Mir ging es vor zwei Jahren genauso. Die Angststörung kam bei mir dazu.` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${url}#p2`);
    res = await member.client.get('/account');
    assert.match(textOf(res.body), /Benachrichtigungen \(1 ungelesen\)/, 'the header counts unread notifications on every page');
    res = await member.client.get('/notifications');
    assert.match(textOf(res.body), /Kranich hat Sie in „Frisch diagnostiziert/);
    await member.client.post('/notifications/read');
    assert.doesNotMatch(textOf((await member.client.get('/account')).body), /ungelesen/);
    res = await member.client.get(url);
    assert.match(res.body, /<strong class="mention">@Sonnenblume<\/strong>/);

    // Anonymous: a handle stable within a thread, different in another, nobody sees the account.
    res = await facilitator.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Ich schreibe lieber anonym: mir hat die Gruppe sehr geholfen.', anonymous: 'yes' });
    assert.equal(res.statusCode, 303);
    res = await facilitator.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Noch ein Gedanke von mir, auch anonym.', anonymous: 'yes' });
    const page = await moderator.client.get(url);
    const handles = [...page.body.matchAll(/Anonym · ([^<]+)</g)].map((m) => m[1]);
    assert.equal(handles.length, 2);
    assert.equal(handles[0], handles[1]);
    assert.ok(!textOf(page.body).includes(facilitator.pseudonym), 'the anonymous author is not named, not even to moderators');
    const other = await startThread(facilitator.client, 'depression', 'Ein anderes Thema, anonym', 'Hier auch anonym.', { anonymous: 'yes' });
    const otherHandle = /Anonym · ([^<]+)</.exec((await member.client.get(other)).body)?.[1];
    assert.ok(otherHandle && otherHandle !== handles[0]);
    const row = await app.deps.db.selectFrom('forum_posts').selectAll().where('anonymous', '=', 1).executeTakeFirstOrThrow();
    assert.equal(row.author_id, null);
    assert.ok(row.anon_sealed?.startsWith('v1.') && !row.anon_sealed.includes(facilitator.userId));
    // Mentions in anonymous posts do not notify (they would hint at the author).
    res = await facilitator.client.submit(url, `/forum/t/${threadId}/reply`, { body: `Hallo @${admitted.pseudonym}`, anonymous: 'yes' });
    assert.equal(res.statusCode, 303);
    assert.doesNotMatch(textOf((await admitted.client.get('/notifications')).body), /erwähnt/);
    // The anonymous author may edit their own post; others may not.
    const anonPost = row.id;
    assert.equal((await facilitator.client.get(`/forum/p/${anonPost}/edit`)).statusCode, 200);
    assert.equal((await member.client.get(`/forum/p/${anonPost}/edit`)).statusCode, 403);

    // Reactions: once per kind, counts shown, who reacted visible to the author only.
    const firstPost = await app.deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', threadId).where('number', '=', 1).executeTakeFirstOrThrow();
    res = await admitted.client.submit(url, `/forum/p/${firstPost.id}/react`, { kind: 'hug' });
    assert.equal(res.statusCode, 303);
    res = await admitted.client.get(url);
    assert.match(res.body, /Fühl dich gedrückt<\/span> <span class="reaction__count">1</);
    assert.doesNotMatch(res.body, /Wer reagiert hat/);
    res = await member.client.get(url);
    assert.match(textOf(res.body), /Wer reagiert hat \(1\).*Kranich: Fühl dich gedrückt/);
    assert.equal((await member.client.submit(url, `/forum/p/${firstPost.id}/react`, { kind: 'thanks' })).statusCode, 403, 'no reacting to one\'s own post');
    assert.equal((await admitted.client.submit(url, `/forum/p/${firstPost.id}/react`, { kind: 'like' })).statusCode, 400);

    // Edit (history for author) and delete (place kept).
    res = await member.client.submit(`/forum/p/${firstPost.id}/edit`, `/forum/p/${firstPost.id}/edit`, { body: 'Hallo zusammen, ich habe die Diagnose Depression bekommen.' });
    assert.equal(res.statusCode, 303);
    res = await member.client.get(url);
    assert.match(textOf(res.body), /bearbeitet/);
    res = await member.client.get(`/forum/p/${firstPost.id}/history`);
    assert.match(textOf(res.body), /gestern die \*\*Diagnose\*\*/);
    assert.equal((await admitted.client.get(`/forum/p/${firstPost.id}/history`)).statusCode, 404);
    assert.equal((await moderator.client.get(`/forum/p/${firstPost.id}/history`)).statusCode, 200);
    const second = await app.deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', threadId).where('number', '=', 2).executeTakeFirstOrThrow();
    res = await admitted.client.submit(`/forum/p/${second.id}/delete`, `/forum/p/${second.id}/delete`, {});
    assert.equal(res.statusCode, 303);
    res = await member.client.get(url);
    assert.match(textOf(res.body), /vom Verfasser entfernt/);
    assert.doesNotMatch(textOf(res.body), /vor zwei Jahren genauso/);

    // Locked (read-only) category and premoderation.
    res = await member.client.get('/forum/c/archiv/new');
    assert.equal(res.statusCode, 403);
    const pendingUrl = await startThread(member.client, 'geprueft', 'Bitte prüfen Sie mich', 'Ein Beitrag, der erst geprüft wird.');
    res = await member.client.get(pendingUrl);
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /Wartet auf Prüfung/);
    assert.equal((await admitted.client.get(pendingUrl)).statusCode, 404);
    assert.doesNotMatch(textOf((await admitted.client.get('/forum/c/geprueft')).body), /Bitte prüfen Sie mich/);

    // Drafts: server-side, restored on another device, newest wins with the replaced text handed back.
    res = await admitted.client.submit(url, `/forum/drafts/t:${threadId}`, { body: 'Entwurf vom Laptop', version: '0', device: 'laptop' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { kind: 'saved', version: 1 });
    const phone = new Client(app);
    await login(phone, admitted.pseudonym, STRONG_PASSWORD);
    res = await phone.get(url);
    assert.ok(res.body.includes('Entwurf vom Laptop'));
    assert.match(textOf(res.body), /Ihr Entwurf vom .* ist wiederhergestellt/);
    res = await admitted.client.post(`/forum/drafts/t:${threadId}`, { body: 'Laptop, weiter', version: '1', device: 'laptop' });
    res = await phone.post(`/forum/drafts/t:${threadId}`, { body: 'Vom Handy', version: '1', device: 'phone' });
    assert.equal(res.json().kind, 'saved');
    assert.equal(res.json().replaced.body, 'Laptop, weiter');
    // Without JS: the second button saves the draft.
    res = await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Ohne Skript gespeichert', action: 'draft' });
    assert.equal(res.statusCode, 303);
    assert.ok((await admitted.client.get(url)).body.includes('Ohne Skript gespeichert'));
    res = await visitor.post(`/forum/drafts/t:${threadId}`, { body: 'x' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/login/);

    // The session ran out before sending: the text survives log-in.
    const expiring = new Client(app);
    await login(expiring, admitted.pseudonym, STRONG_PASSWORD);
    await expiring.get(url);
    await app.deps.db.deleteFrom('sessions').where('user_id', '=', admitted.userId).execute();
    res = await expiring.post(`/forum/t/${threadId}/reply`, { body: 'Dieser Text darf nicht verloren gehen.' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/login\?next=/);
    await login(expiring, admitted.pseudonym, STRONG_PASSWORD);
    res = await expiring.get(url);
    assert.ok(res.body.includes('Dieser Text darf nicht verloren gehen.'));
    assert.match(textOf(res.body), /Sitzung war abgelaufen/);
    await login(admitted.client, admitted.pseudonym, STRONG_PASSWORD);

    // Unread: new posts since the last visit are marked and counted on the category page.
    await member.client.get(url);
    await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Noch eine Antwort für dich.' });
    res = await member.client.get('/forum/c/depression');
    assert.match(textOf(res.body), /1 neu/);
    res = await member.client.get(url);
    assert.match(res.body, /class="post post--new"/);
    assert.match(textOf(res.body), /Zum ersten neuen Beitrag/);

    // Unanswered after 24 hours.
    const lonely = await startThread(staff.client, 'allgemein', 'Niemand hat geantwortet', 'Ich warte auf eine Antwort.');
    const lonelyId = Number(/\/forum\/t\/(\d+)/.exec(lonely)?.[1]);
    await app.deps.db.updateTable('forum_threads').set({ created_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).where('id', '=', lonelyId).execute();
    res = await visitor.get('/forum/unanswered');
    assert.match(textOf(res.body), /Niemand hat geantwortet/);
    assert.doesNotMatch(textOf(res.body), /Frisch diagnostiziert/);

    // Search: folded, prefixes, only what the reader may read.
    res = await member.client.get('/forum/search?q=fuer+DICH');
    assert.match(textOf(res.body), /1 Treffer/);
    res = await member.client.get('/forum/search?q=geholf');
    assert.match(textOf(res.body), /1 Treffer/);
    res = await member.client.get('/forum/search?q=angststörung');
    assert.match(textOf(res.body), /0 Treffer/, 'a removed post is not found');
    res = await visitor.get('/forum/search?q=geholfen');
    assert.match(textOf(res.body), /0 Treffer/);
    res = await member.client.get('/forum/search?q=a');
    assert.equal(res.statusCode, 400);
    res = await member.client.get('/forum/search?q=warte&category=allgemein');
    assert.match(textOf(res.body), /1 Treffer/);
    res = await member.client.get('/forum/search?q=warte&category=fachaustausch');
    assert.match(textOf(res.body), /Diese Kategorie gibt es nicht/);

    // API: read, create with a key, problems naming the field.
    const key = await createApiToken(app.deps.db, admitted.userId, 'test');
    const auth = { authorization: `Bearer ${key}` };
    res = await app.inject({ method: 'GET', url: '/api/v1/forum/categories', headers: auth });
    assert.deepEqual(res.json().items.map((c: { slug: string }) => c.slug), ['allgemein', 'depression', 'archiv', 'geprueft']);
    res = await app.inject({ method: 'GET', url: '/api/v1/forum/threads?category=depression', headers: auth });
    assert.ok(res.json().items.some((i: { id: number }) => i.id === threadId));
    res = await app.inject({ method: 'GET', url: `/api/v1/forum/threads/${threadId}/posts`, headers: auth });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().items[0].number, 1);
    res = await app.inject({ method: 'POST', url: '/api/v1/forum/threads', headers: auth, payload: { category: 'depression', title: 'Aus der App', body: 'Geschrieben über die Schnittstelle.' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().number, 1);
    res = await app.inject({ method: 'POST', url: `/api/v1/forum/threads/${threadId}/posts`, headers: auth, payload: { body: ' ' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().errors[0].field, 'body');
    res = await app.inject({ method: 'POST', url: `/api/v1/forum/threads/${threadId}/posts`, headers: auth, payload: { body: 'Antwort per API' } });
    assert.equal(res.statusCode, 201);
    assert.ok(res.json().number > 1);
    res = await app.inject({ method: 'POST', url: '/api/v1/forum/threads', headers: auth, payload: { category: 'fachaustausch', title: 'Nicht erlaubt', body: 'x' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].field, 'category');
    res = await app.inject({ method: 'GET', url: '/api/v1/forum/search?q=schnittstelle', headers: auth });
    assert.equal(res.json().total, 1);
    res = await app.inject({ method: 'GET', url: '/api/v1/forum/threads/999999/posts' });
    assert.equal(res.statusCode, 404);

    // Atom feed of a public category only.
    res = await visitor.get('/forum/c/allgemein/feed.atom');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Niemand hat geantwortet<\/title>/);
    assert.equal((await visitor.get('/forum/c/depression/feed.atom')).statusCode, 404);

    // Mails for watched threads: off by default, then on; no topic in the subject.
    await member.client.submit('/forum/settings', '/forum/settings', { mailReplies: 'yes', digest: 'off' });
    await outbox(app);
    await admitted.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Eine Antwort, die eine Mail auslöst.' });
    const mails = await outbox(app);
    const mail = mails.find((m) => m.to_address === 'sonne@example.org');
    assert.ok(mail);
    assert.equal(mail.subject, 'Neue Antwort im Forum');
    const unsubscribe = /(\/forum\/unsubscribe\?[^\s]+)/.exec(mail.text_body)?.[1] ?? '';
    res = await visitor.get(unsubscribe);
    assert.equal(res.statusCode, 200);
    const u = new URL(unsubscribe, 'http://x');
    res = await visitor.post('/forum/unsubscribe', { u: u.searchParams.get('u') ?? '', k: u.searchParams.get('k') ?? '' });
    assert.equal(res.statusCode, 200);
    const settings = await app.deps.db.selectFrom('forum_settings').selectAll().where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    assert.equal(settings.mail_replies, 0);

    // A daily digest (off by default) gathers unread notifications into one mail.
    await admitted.client.submit('/forum/settings', '/forum/settings', { digest: 'daily' });
    await member.client.submit(url, `/forum/t/${threadId}/reply`, { body: 'Danke für eure Antworten!' });
    const { sendDigests } = await import('./notify.ts');
    assert.ok((await sendDigests(app.deps)) >= 1);
    const digest = (await outbox(app)).find((m) => m.to_address === 'kranich@example.org' && m.subject === 'Ihre Forum-Zusammenfassung');
    assert.ok(digest, 'digest mail sent');
    assert.equal(await sendDigests(app.deps), 0, 'not twice a day');

    // Account data: export holds the posts (also anonymous ones), deletion anonymises.
    const exported = await app.deps.accountData.exportAll(app.deps.db, facilitator.userId);
    const forumData = exported.forum as { posts: Array<{ anonymous: number }> };
    assert.ok(forumData.posts.some((p) => p.anonymous === 1));
    await app.deps.db.transaction().execute((trx) => app.deps.accountData.deleteAll(trx, member.userId, 'anonymise'));
    await app.deps.db.deleteFrom('users').where('id', '=', member.userId).execute();
    res = await admitted.client.get(url);
    assert.match(textOf(res.body), /gelöschtes Mitglied/);
  } finally {
    await t.close();
  }
});
