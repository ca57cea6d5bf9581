// The demo: every printed login works and shows its role; a reset mail for a demo address lands in the outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, login, outbox } from '../../test/helpers.ts';
import { seedDemo } from './seed.ts';

test('one working login per role', async () => {
  const t = await createTestApp();
  try {
    const logins = await seedDemo(t.app.deps);
    assert.deepEqual(logins.map((l) => l.role).sort(), ['admin', 'member', 'moderator', 'staff']);
    for (const l of logins) {
      const c = new Client(t.app);
      assert.equal((await login(c, l.pseudonym, l.password)).statusCode, 303, l.pseudonym);
      assert.equal((await c.get('/api/v1/me')).json().role, l.role);
    }
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
    const c = new Client(t.app);
    await c.submit('/forgot-password', '/forgot-password', { identifier: 'Sonnenblume' });
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'sonnenblume@example.org'));
  } finally {
    await t.close();
  }
});
