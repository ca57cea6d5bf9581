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
    const c = new Client(t.app);
    await c.submit('/forgot-password', '/forgot-password', { identifier: 'Sonnenblume' });
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'sonnenblume@example.org'));
  } finally {
    await t.close();
  }
});
