// Trust levels: computed from behaviour by the job (days, posts read and written, upheld reports),
// their limits on the write endpoints (links, mentions, posts per day; 403 or 429 problem+json, forms
// that keep the text), staff without limits, trusted reports weighing more, the settings page and
// the member's own page. Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signedInAs, textOf } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { createCategory, createThread } from '../forum/index.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { UserActor } from '../../platform/auth/actor.ts';
import { translator } from '../../platform/i18n/index.ts';
import { countLinks, countMentions, levelFor, recomputeTrust, TRUST_DEFAULTS, TRUST_JOB } from './trust.ts';

async function setting(app: App, key: string, value: number) {
  await app.deps.db.insertInto('moderation_settings').values({ key, value: String(value) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(value) })).execute();
}

async function setup(app: App) {
  const f = await buildFixture(app);
  const categoryId = await createCategory(app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 10, readAccess: 'members' });
  const key = await createApiToken(app.deps.db, f.people.member.userId, 'test');
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
  return { f, categoryId, api };
}

const postCount = async (app: App) => Number((await app.deps.db.selectFrom('forum_posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('counting links and mentions the way a reader would', () => {
  assert.equal(countLinks('siehe https://a.example und http://b.example sowie www.c.example, aber nicht example.org'), 3);
  assert.equal(countMentions('@Anna und @anna, @Bert; mail@example.org zählt nicht'), 2);
  // Levels are steps: a missing step stops the climb, and every upheld report takes one away.
  assert.equal(levelFor({ days: 400, read: 5000, written: 500, upheld: 0 }, TRUST_DEFAULTS), 3);
  assert.equal(levelFor({ days: 400, read: 5, written: 500, upheld: 0 }, TRUST_DEFAULTS), 0);
  assert.equal(levelFor({ days: 20, read: 150, written: 6, upheld: 1 }, TRUST_DEFAULTS), 1);
  assert.equal(levelFor({ days: 20, read: 150, written: 6, upheld: 5 }, TRUST_DEFAULTS), 0);
});

test('new members: links and mentions per post answer 403, posts per day 429 (API and form); held crisis texts and staff are not limited', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const { f, api } = await setup(app);
    const started = await api('POST', '/api/v1/forum/threads', { category: 'austausch', title: 'Erste Schritte nach der Diagnose', body: 'Wie habt ihr angefangen?' });
    assert.equal(started.statusCode, 201);
    const threadId = started.json().threadId as number;
    const before = await postCount(app);

    const links = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Schaut mal: https://a.example https://b.example https://c.example' });
    assert.equal(links.statusCode, 403);
    assert.equal(links.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(links.json().code, 'too_many_links');
    assert.equal(links.json().errors[0].field, 'body');
    assert.match(links.json().errors[0].message, /3 Links.*höchstens 2/);

    for (const name of ['Amsel', 'Buche', 'Clematis']) await signedInAs(app, 'member', name);
    const mentions = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Danke @Amsel, @Buche und @Clematis!' });
    assert.equal(mentions.statusCode, 403);
    assert.equal(mentions.json().code, 'too_many_mentions');
    assert.equal(await postCount(app), before, 'nothing published');

    // Two posts a day for new members (the administrators' setting); the thread start counted as one.
    await setting(app, 'trust.limit.posts_per_day.0', 2);
    assert.equal((await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Zweiter Beitrag heute.' })).statusCode, 201);
    const third = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Dritter Beitrag heute.' });
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().code, 'rate_limited');
    assert.match(third.json().errors[0].message, /heute schon 2 Beiträge/);

    // The form keeps the text and shows the reason in the error summary.
    const member = f.people.member.client;
    await member.get(`/forum/t/${threadId}`);
    const form = await member.post(`/forum/t/${threadId}/reply`, { body: 'Mein Text, den ich nicht verlieren will.' });
    assert.equal(form.statusCode, 429);
    assert.match(form.body, /class="error-summary"/);
    assert.match(textOf(form.body), /heute schon 2 Beiträge/);
    assert.match(form.body, /Mein Text, den ich nicht verlieren will\./);

    // A text held for the moderators only always reaches them.
    const held = await api('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'Ich will nicht mehr leben.', crisisChoice: 'moderators_only' });
    assert.equal(held.statusCode, 202);

    // Moderators write without these limits.
    const moderator = f.people.moderator.client;
    for (let i = 0; i < 3; i++) {
      await moderator.get(`/forum/t/${threadId}`);
      const res = await moderator.post(`/forum/t/${threadId}/reply`, { body: `Hinweis ${i} vom Team: https://a.example https://b.example https://c.example` });
      assert.equal(res.statusCode, 303, `moderator post ${i}`);
    }
  } finally {
    await t.close();
  }
});

test('levels come from behaviour (job), upheld reports lower them, trusted reports weigh more; members see their level; administrators set thresholds', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const { f, categoryId } = await setup(app);
    const writer = f.people.admitted;
    const actor = new UserActor(writer.userId, writer.pseudonym, 'member', 'de', '', true);
    const category = (await app.deps.db.selectFrom('forum_categories').selectAll().where('id', '=', categoryId).executeTakeFirstOrThrow()) as never;
    const ties = { groupIds: [], facilitatorGroupIds: [], staffOrganisationIds: [] } as never;
    const postIds: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const w = await createThread(app.deps, { actor, category, ties, input: { title: `Mein Thema Nummer ${i}`, body: 'Ein Beitrag.', anonymous: false, contentNote: '' }, t: translator('de') });
      assert.ok(w.ok);
      postIds.push(w.value.postId);
    }
    await app.deps.db.updateTable('forum_reads').set({ last_read_number: 20 }).where('user_id', '=', writer.userId).execute();
    await app.deps.db.updateTable('users').set({ created_at: new Date(Date.now() - 20 * 86_400_000).toISOString() }).where('id', '=', writer.userId).execute();

    // The recurring job computes everyone's level.
    await app.deps.jobs.enqueue(TRUST_JOB, {});
    await app.deps.jobs.runDue(10);
    const row = await app.deps.db.selectFrom('trust_levels').selectAll().where('user_id', '=', writer.userId).executeTakeFirstOrThrow();
    assert.deepEqual([row.level, row.days, row.posts_read, row.posts_written, row.upheld_reports], [2, 20, 120, 6, 0]);
    const fresh = await app.deps.db.selectFrom('trust_levels').select('level').where('user_id', '=', f.people.member.userId).executeTakeFirstOrThrow();
    assert.equal(fresh.level, 0);

    // A trusted member's report weighs 150, a new member's 100.
    const report = (c: typeof f.people.member.client, postId: number) => c.submit(`/report?type=post&id=${postId}`, '/report', { type: 'post', id: String(postId), reason: 'rules' });
    await report(f.people.member.client, postIds[0] as number);
    const trustedReporter = f.people.admitted.client;
    const otherPost = await createThread(app.deps, { actor: new UserActor(f.people.member.userId, f.people.member.pseudonym, 'member', 'de', '', true), category, ties, input: { title: 'Ein anderes Thema', body: 'Text.', anonymous: false, contentNote: '' }, t: translator('de') });
    assert.ok(otherPost.ok);
    await report(trustedReporter, otherPost.value.postId);
    const weights = await app.deps.db.selectFrom('reports').select(['reporter_id', 'weight']).execute();
    assert.equal(weights.find((w) => w.reporter_id === f.people.member.userId)?.weight, 100);
    assert.equal(weights.find((w) => w.reporter_id === writer.userId)?.weight, 150);

    // The moderator upholds the report against the writer: their level drops at once.
    const item = await app.deps.db.selectFrom('moderation_items').select('id').where('target_id', '=', String(postIds[0])).executeTakeFirstOrThrow();
    const moderator = f.people.moderator.client;
    const decided = await moderator.submit(`/moderation/items/${item.id}`, `/moderation/items/${item.id}`, { action: 'hide', message: 'Bitte bleib freundlich.' });
    assert.equal(decided.statusCode, 303);
    assert.equal((await app.deps.db.selectFrom('trust_levels').select('level').where('user_id', '=', writer.userId).executeTakeFirstOrThrow()).level, 1);

    // The member's page says it in plain words.
    const own = await trustedReporter.get('/account/trust');
    assert.equal(own.statusCode, 200);
    assert.match(textOf(own.body), /Ihre Stufe: Angekommen \(Stufe 1 von 3\)/);
    assert.match(textOf(own.body), /Links in einem Beitrag: 5/);
    assert.match(textOf(own.body), /Meldung gegen einen Ihrer Beiträge wurde bestätigt/);
    assert.match((await trustedReporter.get('/account')).body, /href="\/account\/trust"/);

    // Administrators: a bad value comes back with the input kept; a good one is saved and recomputed.
    const admin = f.people.admin.client;
    const page = await admin.get('/admin/trust');
    assert.equal(page.statusCode, 200);
    const values: Record<string, string> = {};
    for (const m of page.body.matchAll(/name="(trust\.[^"]+|block_alert_threshold)"[^>]*value="(\d+)"/g)) values[m[1] as string] = m[2] as string;
    assert.equal(Object.keys(values).length, 30);
    const bad = await admin.post('/admin/trust', { ...values, 'trust.threshold.2.read': 'viele', 'trust.threshold.3.days': '1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /value="viele"/);
    assert.match(textOf(bad.body), /ganze Zahl/);
    const good = await admin.post('/admin/trust', { ...values, 'trust.threshold.2.read': '200', 'trust.threshold.3.read': '600' });
    assert.equal(good.statusCode, 303);
    await app.deps.jobs.runDue(10);
    assert.equal((await app.deps.db.selectFrom('trust_levels').select('level').where('user_id', '=', writer.userId).executeTakeFirstOrThrow()).level, 0, '120 read < 200 now, minus one upheld');
    const audit = await app.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'moderation.trust_settings').execute();
    assert.equal(audit.length, 1);
    assert.equal(await recomputeTrust(app.deps, [writer.userId]), 1);
  } finally {
    await t.close();
  }
});
