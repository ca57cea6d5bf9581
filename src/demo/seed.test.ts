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
    const c = new Client(t.app);
    await c.submit('/forgot-password', '/forgot-password', { identifier: 'Sonnenblume' });
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'sonnenblume@example.org'));
  } finally {
    await t.close();
  }
});
