// Safety and moderation over HTTP: the help page before a crisis text goes on (choices, no JS needed,
// the text kept), urgent items first in the queue, private answers and appeals, reports and their
// weights, the API contracts and who may use them. Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, signedInAs, textOf } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';

const CRISIS_TEXT = 'Ich weiß nicht, ob ich hier richtig bin. Ich will nicht mehr leben.';

async function withFixture(fn: (f: Awaited<ReturnType<typeof buildFixture>>, app: Awaited<ReturnType<typeof createTestApp>>['app']) => Promise<void>) {
  const t = await createTestApp();
  try {
    await fn(await buildFixture(t.app), t.app);
  } finally {
    await t.close();
  }
}

type QueueBody = { items: Array<{ id: string; kind: string; urgent: boolean; createdAt: string; crisisChoice: string | null; reports: number }>; total: number };

test('a crisis text in a first contact: help page first, then "let a moderator look" sends it and puts an urgent item on top', async () => {
  await withFixture(async (f, app) => {
    const member = f.people.member.client;
    const group = f.groups.leipzigGroup;
    const contactPage = `/groups/${group.slug}/contact`;
    // An ordinary report waits in the queue already, so "first" means something.
    const other = await signedInAs(app, 'member', 'Wegwarte');
    await other.client.get('/');
    const plain = await member.submit(contactPage, contactPage, { message: 'Hallo, wann trefft ihr euch das nächste Mal?' });
    assert.equal(plain.statusCode, 303, 'an ordinary text goes on at once');
    const firstConversation = String(plain.headers.location);
    const msg = await app.deps.db.selectFrom('conversation_messages').select('id').where('conversation_id', '=', firstConversation.split('/').pop() as string).executeTakeFirstOrThrow();
    await other.client.get('/');
    assert.equal((await other.client.post('/report', { type: 'message', id: msg.id, reason: 'spam' })).statusCode, 303);

    const before = await app.deps.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const help = await member.submit(contactPage, contactPage, { message: CRISIS_TEXT });
    assert.equal(help.statusCode, 200);
    const text = textOf(help.body);
    for (const number of ['0800 111 0 111', '0800 111 0 222', '116 123', '112']) assert.ok(text.includes(number), number);
    assert.ok(help.body.includes('href="/help"'), 'links the crisis page');
    for (const choice of ['publish', 'publish_and_alert', 'moderators_only', 'draft']) assert.ok(help.body.includes(`value="${choice}"`), choice);
    assert.ok(help.body.includes('name="message" value="Ich weiß nicht, ob ich hier richtig bin. Ich will nicht mehr leben."'), 'the text travels along in the form');
    const after = await app.deps.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'nothing was sent yet');

    // Submitting the help page without a choice asks again, with an error summary.
    const none = await member.post(contactPage, { message: CRISIS_TEXT, crisisAsked: '1' });
    assert.equal(none.statusCode, 400);
    assert.ok(textOf(none.body).includes('Bitte wählen Sie, was mit Ihrem Text geschehen soll.'));

    const sent = await member.post(contactPage, { message: CRISIS_TEXT, crisisAsked: '1', crisisChoice: 'publish_and_alert' });
    assert.equal(sent.statusCode, 303);
    assert.match(String(sent.headers.location), /^\/conversations\//);

    const moderator = f.people.moderator.client;
    const queue = await moderator.get('/api/v1/moderation/queue');
    assert.equal(queue.statusCode, 200);
    const body = queue.json() as QueueBody;
    assert.equal(body.total, 2);
    assert.deepEqual(body.items.map((i) => [i.kind, i.urgent]), [['crisis', true], ['report', false]], 'urgent first although it came later');
    assert.equal(body.items[0]?.crisisChoice, 'publish_and_alert');

    // The page says so too, with an alert for what came in since the last visit.
    const page = await moderator.get('/moderation');
    assert.equal(page.statusCode, 200);
    assert.ok(textOf(page.body).includes('Ein neuer dringender Eintrag'));
    const itemId = body.items[0]?.id as string;
    const item = await moderator.get(`/moderation/items/${itemId}`);
    assert.ok(textOf(item.body).includes('Ich will nicht mehr leben.'), 'the moderator reads the text the writer let them see');
    assert.ok(textOf(item.body).includes(f.people.member.pseudonym));

    // A private answer needs words; then the member finds it among their notices.
    assert.equal((await moderator.post(`/moderation/items/${itemId}`, { action: 'reply', message: '' })).statusCode, 400);
    const answered = await moderator.post(`/moderation/items/${itemId}`, { action: 'reply', message: 'Danke, dass Sie geschrieben haben. Ich bin heute Abend für Sie da.' });
    assert.equal(answered.statusCode, 303);
    const notices = await member.get('/notices');
    assert.ok(textOf(notices.body).includes('Ich bin heute Abend für Sie da.'));
    const audit = await app.deps.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'moderation.reply').execute();
    assert.deepEqual(audit, [{ action: 'moderation.reply', actor_id: f.people.moderator.userId }]);

    // The member answers: it lands in the queue as an appeal, the text sealed for the moderators.
    const notice = await app.deps.db.selectFrom('moderation_notices').select('id').where('user_id', '=', f.people.member.userId).executeTakeFirstOrThrow();
    assert.equal((await member.post(`/notices/${notice.id}/answer`, { answer: '' })).statusCode, 400);
    assert.equal((await member.post(`/notices/${notice.id}/answer`, { answer: 'Danke, das hilft mir.' })).statusCode, 303);
    const appeal = (await moderator.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.ok(appeal.items.some((i) => i.kind === 'appeal'));
    const stored = await app.deps.db.selectFrom('moderation_items').select('sealed_body').where('kind', '=', 'appeal').executeTakeFirstOrThrow();
    assert.ok(stored.sealed_body && !stored.sealed_body.includes('Danke'), 'sealed at rest');
  });
});

test('"only to the moderators" sends nothing to the group; "keep as draft" keeps the text for the writer alone', async () => {
  await withFixture(async (f, app) => {
    const member = f.people.member.client;
    const contactPage = `/groups/${f.groups.leipzigGroup.slug}/contact`;
    await member.get(contactPage);
    const only = await member.post(contactPage, { message: 'Ich ritze mich wieder und weiß nicht, wem ich das sagen soll.', crisisChoice: 'moderators_only' });
    assert.equal(only.statusCode, 303);
    assert.equal(only.headers.location, '/notices');
    assert.equal((await app.deps.db.selectFrom('conversations').selectAll().execute()).length, 0, 'no conversation with the group');
    const queue = (await f.people.admin.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.deepEqual(queue.items.map((i) => [i.kind, i.urgent, i.crisisChoice]), [['crisis', true, 'moderators_only']]);
    const item = await f.people.admin.client.get(`/moderation/items/${queue.items[0]?.id}`);
    assert.ok(textOf(item.body).includes('Ich ritze mich wieder'));

    await member.get(contactPage);
    const draft = await member.post(contactPage, { message: 'Ich habe Tabletten gesammelt.', crisisChoice: 'draft' });
    assert.equal(draft.headers.location, '/drafts');
    const drafts = await member.get('/drafts');
    assert.ok(textOf(drafts.body).includes('Ich habe Tabletten gesammelt.'));
    assert.equal((await f.people.admitted.client.get('/drafts')).body.includes('Tabletten'), false, 'nobody else sees it');
    const stored = await app.deps.db.selectFrom('crisis_drafts').select('sealed_body').executeTakeFirstOrThrow();
    assert.ok(!stored.sealed_body.includes('Tabletten'), 'sealed at rest');
    const id = (await app.deps.db.selectFrom('crisis_drafts').select('id').executeTakeFirstOrThrow()).id;
    assert.equal((await f.people.admitted.client.post(`/drafts/${id}/delete`)).statusCode, 404);
    assert.equal((await member.post(`/drafts/${id}/delete`)).statusCode, 303);
  });
});

test('visitors see the help page too, without "only to the moderators"; "not yet" gives the form back with the text', async () => {
  await withFixture(async (f) => {
    const visitor = new Client(f.people.visitor.client.app);
    const contactPage = `/groups/${f.groups.leipzigGroup.slug}/contact`;
    const form = { name: 'Rosa', email: 'rosa@example.org', consent: 'yes', message: 'I want to kill myself.' };
    const help = await visitor.submit(contactPage, contactPage, form);
    assert.equal(help.statusCode, 200);
    assert.ok(!help.body.includes('value="moderators_only"'));
    assert.ok(help.body.includes('value="rosa@example.org"'));
    const back = await visitor.post(contactPage, { ...form, crisisChoice: 'draft' });
    assert.equal(back.statusCode, 200);
    assert.ok(back.body.includes('I want to kill myself.'), 'the text is back in the form');
    const refused = await visitor.post(contactPage, { ...form, crisisChoice: 'moderators_only' });
    assert.equal(refused.statusCode, 400);
    const sent = await visitor.post(contactPage, { ...form, crisisChoice: 'publish' });
    assert.equal(sent.statusCode, 200);
    assert.ok(textOf(sent.body).includes('rosa@example.org') === false);
  });
});

test('reports: confidential, once per person, weighted; the API answers 201, then 200; bad targets 404', async () => {
  await withFixture(async (f, app) => {
    const member = f.people.member.client;
    const contactPage = `/groups/${f.groups.leipzigGroup.slug}/contact`;
    const res = await member.submit(contactPage, contactPage, { message: 'Hallo zusammen!' });
    const conversationId = String(res.headers.location).split('/').pop() as string;
    const msg = await app.deps.db.selectFrom('conversation_messages').select('id').where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
    const reporter = f.people.admitted.client;
    await reporter.get('/');
    const api = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/reports', payload: body as object, headers: { cookie: [...reporter.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': reporter.csrf } });
    const first = await api({ target: { type: 'message', id: msg.id }, reason: 'harassment', note: 'Seit Tagen so.' });
    assert.equal(first.statusCode, 201);
    assert.equal((await api({ target: { type: 'message', id: msg.id }, reason: 'spam' })).statusCode, 200);
    assert.equal((await api({ target: { type: 'message', id: 'nope' }, reason: 'spam' })).statusCode, 404);
    assert.equal((await api({ target: { type: 'planet', id: msg.id }, reason: 'spam' })).statusCode, 400);
    const visitor = new Client(app);
    // A page with a form that posts, so the visitor holds a valid CSRF token (the home page has none).
    await visitor.get('/login');
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: { target: { type: 'message', id: msg.id }, reason: 'spam' }, headers: { cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': visitor.csrf } });
    assert.equal(anonymous.statusCode, 401);
    // "Someone is in danger" makes the item urgent.
    await f.people.staff.client.get('/');
    assert.equal((await f.people.staff.client.post('/report', { type: 'message', id: msg.id, reason: 'danger' })).statusCode, 303);
    const queue = (await f.people.moderator.client.get('/api/v1/moderation/queue')).json() as QueueBody;
    assert.deepEqual(queue.items.map((i) => [i.kind, i.urgent, i.reports]), [['report', true, 2]]);
    // The writer's view never names the reporters; the moderator sees reasons and weights.
    const item = await f.people.moderator.client.get(`/moderation/items/${queue.items[0]?.id}`);
    const text = textOf(item.body);
    assert.ok(text.includes('Seit Tagen so.'));
    assert.ok(!text.includes(f.people.admitted.pseudonym), 'the reporter stays unnamed');
    // Dismissing marks the reports as not upheld, which lowers the reporter's later weight.
    assert.equal((await f.people.moderator.client.post(`/moderation/items/${queue.items[0]?.id}`, { action: 'dismiss' })).statusCode, 303);
    const outcomes = await app.deps.db.selectFrom('reports').select('outcome').execute();
    assert.deepEqual(outcomes.map((o) => o.outcome), ['dismissed', 'dismissed']);
  });
});

test('who may use the queue: visitors 401, members and staff 403, moderators and administrators 200', async () => {
  await withFixture(async (f, app) => {
    const visitor = await app.inject({ method: 'GET', url: '/api/v1/moderation/queue' });
    assert.equal(visitor.statusCode, 401);
    assert.equal(visitor.headers['content-type'], 'application/problem+json; charset=utf-8');
    for (const who of ['member', 'staff', 'facilitator'] as const) {
      assert.equal((await f.people[who].client.get('/api/v1/moderation/queue')).statusCode, 403, who);
      assert.equal((await f.people[who].client.get('/moderation')).statusCode, 403, who);
    }
    for (const who of ['moderator', 'admin'] as const) {
      assert.equal((await f.people[who].client.get('/api/v1/moderation/queue')).statusCode, 200, who);
      assert.equal((await f.people[who].client.get('/moderation')).statusCode, 200, who);
    }
    const page = await new Client(app).get('/moderation');
    assert.equal(page.statusCode, 303, 'a visitor is sent to log in');
    assert.match(String(page.headers.location), /^\/login/);
  });
});
