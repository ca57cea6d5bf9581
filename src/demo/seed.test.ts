// The demo: every printed login works and shows its role; a reset mail for a demo address lands in the outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, login, outbox } from '../../test/helpers.ts';
import { seedDemo } from './seed.ts';

test('one working login per role', async () => {
  const t = await createTestApp();
  try {
    const logins = await seedDemo(t.app.deps);
    assert.deepEqual([...new Set(logins.map((l) => l.role))].sort(), ['admin', 'member', 'moderator', 'staff']);
    for (const l of logins) {
      const c = new Client(t.app);
      assert.equal((await login(c, l.pseudonym, l.password)).statusCode, 303, l.pseudonym);
      assert.equal((await c.get('/api/v1/me')).json().role, l.role);
    }
    // The directory: at least 300 groups, several contact points, online groups, relatives' groups, social offers.
    const groups = await t.app.deps.db.selectFrom('groups').select(['formats', 'audience', 'kind', 'status']).execute();
    assert.ok(groups.length >= 300, `${groups.length} groups`);
    assert.ok(groups.some((g) => g.formats === 'online'));
    assert.ok(groups.some((g) => g.audience === 'relatives'));
    assert.ok(groups.some((g) => g.kind === 'social'));
    const points = await t.app.deps.db.selectFrom('organisations').select('id').where('kind', '=', 'contact_point').execute();
    assert.ok(points.length >= 5);
    const found = (await new Client(t.app).get('/api/v1/groups?q=Depression&near=Leipzig&radius=25')).json() as { total: number };
    assert.ok(found.total >= 5, `${found.total} depression groups near Leipzig`);
    // Sonnenblume's support network: entries in every part of life, years of history, something due.
    const sonne = new Client(t.app);
    await login(sonne, 'Sonnenblume', logins[0]!.password);
    const map = await sonne.get('/network');
    assert.equal((map.body.match(/class="netmap__point"/g) ?? []).length, 20);
    const data = (await sonne.get('/network/export.json')).json() as { entries: Array<{ sector: string; contacts: Array<{ on: string }> }>; checkins: unknown[] };
    assert.equal(new Set(data.entries.map((e) => e.sector)).size, 6);
    const oldest = data.entries.flatMap((e) => e.contacts.map((c) => c.on)).sort()[0] ?? '';
    assert.ok(oldest < `${new Date().getFullYear() - 4}`, `history reaches back to ${oldest}`);
    assert.ok(data.checkins.length > 200);
    assert.match((await sonne.get('/network/stay-in-touch')).body, /touch-list__item/);
    // Learning: Sonnenblume is part-way through the support-network course and is offered to go on.
    const progress = (await sonne.get('/api/v1/learn/progress')).json() as { items: Array<{ slug: string; lessonsDone: number; answersGiven: number; continueAt: string | null }> };
    assert.deepEqual(progress.items.find((i) => i.slug === 'unterstuetzungsnetz'), { ...progress.items.find((i) => i.slug === 'unterstuetzungsnetz'), lessonsDone: 2, answersGiven: 2, continueAt: '/learn/unterstuetzungsnetz/kollegen-und-beruf' });
    assert.match((await sonne.get('/learn')).body, /href="\/learn\/unterstuetzungsnetz\/kollegen-und-beruf"/);
    // The forum: at least 12 categories, the Leipzig group's board for its people only, an anonymous,
    // a content-note and an unanswered thread.
    const forum = await sonne.get('/forum');
    assert.ok((forum.body.match(/class="result__title"/g) ?? []).length >= 12);
    const kranich = new Client(t.app);
    await login(kranich, 'Kranich', logins[0]!.password);
    const boards = await kranich.get('/forum');
    const boardLink = /href="(\/forum\/g\/[^"]+)"/.exec(boards.body)?.[1] ?? '';
    const board = await kranich.get(boardLink);
    const boardPage = await kranich.get(String(board.headers.location));
    assert.match(boardPage.body, /Thema „Schlaf“/);
    assert.equal((await sonne.get(String(board.headers.location))).statusCode, 404);
    assert.match((await sonne.get('/forum/c/sucht')).body, /Anonym/);
    assert.match((await sonne.get('/forum/unanswered')).body, /New in Leipzig/);
    const grief = await sonne.get('/forum/c/trauer');
    assert.match(grief.body, /Inhaltshinweis: Suizid/);
    // Moderation: Mia's queue has an urgent crisis item first, a report, a post waiting for review, and a
    // reported anonymous post (to try editing with a note and the two-person unmasking).
    const mia = new Client(t.app);
    await login(mia, 'Moderation Mia', logins[0]!.password);
    const queue = (await mia.get('/api/v1/moderation/queue')).json() as { items: Array<{ kind: string; urgent: boolean }> };
    assert.deepEqual(queue.items.map((i) => [i.kind, i.urgent]), [['crisis', true], ['report', false], ['premoderation', false], ['report', false]]);
    const c = new Client(t.app);
    await c.submit('/forgot-password', '/forgot-password', { identifier: 'Sonnenblume' });
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'sonnenblume@example.org'));
  } finally {
    await t.close();
  }
});
