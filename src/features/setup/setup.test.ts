// The first administrator: a one-time link on an empty instance; afterwards /setup is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, STRONG_PASSWORD, createTestApp, textOf } from '../../../test/helpers.ts';
import { createSetupToken, needsSetup } from './service.ts';

test('creates the first administrator once, then disappears', async () => {
  const t = await createTestApp();
  try {
    assert.equal(await needsSetup(t.app.deps.db), true);
    const stale = await createSetupToken(t.app.deps.db);
    const token = await createSetupToken(t.app.deps.db);
    const c = new Client(t.app);
    assert.equal((await c.get('/setup')).statusCode, 404);
    assert.equal((await c.get(`/setup?token=${stale}`)).statusCode, 404, 'only the newest link works');
    const page = await c.get(`/setup?token=${token}`);
    assert.equal(page.statusCode, 200);
    let res = await c.post('/setup', { token, pseudonym: 'Gruenderin', password: 'kurz' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /value="Gruenderin"/);
    res = await c.post('/setup', { token, pseudonym: 'Gruenderin', password: STRONG_PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin');
    const admin = await c.get('/admin');
    assert.equal(admin.statusCode, 200);
    assert.match(textOf(admin.body), /Einrichtung ist abgeschlossen/);
    assert.equal(await needsSetup(t.app.deps.db), false);
    assert.equal((await new Client(t.app).get(`/setup?token=${token}`)).statusCode, 404);
    const again = new Client(t.app);
    await again.get('/');
    assert.equal((await again.post('/setup', { token, pseudonym: 'Zweite', password: STRONG_PASSWORD })).statusCode, 404);
  } finally {
    await t.close();
  }
});
