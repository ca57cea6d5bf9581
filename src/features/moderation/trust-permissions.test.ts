// The permission grid of trust levels, blocking and versioned rules (shared runner over the route
// table): visitor, member, contact-point staff, moderator, administrator — asserted both ways.
// Runs on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Client, createTestApp, runPermissionGrid, signedInAs, type GridAction } from '../../../test/helpers.ts';
import { flatSettings, TRUST_DEFAULTS } from './trust.ts';

type Role = 'visitor' | 'member' | 'staff' | 'moderator' | 'admin';
const SIGNED_IN: Role[] = ['member', 'staff', 'moderator', 'admin'];
const ROUTES = /^\/(account\/trust|account\/blocked|api\/v1\/account\/trust|admin\/trust|block|blocks|api\/v1\/blocks|rules\/accept|api\/v1\/rules|admin\/rules)(\/|$|\?)/;

test('permission grid of trust levels, blocking and versioned rules', async () => {
  const t = await createTestApp();
  try {
    const app = t.app;
    const target = await signedInAs(app, 'member', 'Zielperson');
    const clients: Record<Role, Client> = {
      visitor: new Client(app),
      member: (await signedInAs(app, 'member', 'Mitglied')).client,
      staff: (await signedInAs(app, 'staff', 'Kontaktstelle')).client,
      moderator: (await signedInAs(app, 'moderator', 'Moderation')).client,
      admin: (await signedInAs(app, 'admin', 'Verwaltung')).client,
    };
    void target;
    const json = async (c: Client, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse> => {
      await c.get('/account/trust');
      return app.inject({ method, url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf } });
    };
    const settings = Object.fromEntries([...Object.entries(flatSettings(TRUST_DEFAULTS)).map(([k, v]) => [k, String(v)]), ['block_alert_threshold', '3']]);
    const actions: GridAction<Role>[] = [
      { name: 'see own trust level', route: 'GET /account/trust', allowed: SIGNED_IN, run: (c) => c.get('/account/trust') },
      { name: 'own trust level (API)', route: 'GET /api/v1/account/trust', allowed: SIGNED_IN, run: (c) => json(c, 'GET', '/api/v1/account/trust') },
      { name: 'trust settings', route: 'GET /admin/trust', allowed: ['admin'], run: (c) => c.get('/admin/trust') },
      { name: 'save trust settings', route: 'POST /admin/trust', allowed: ['admin'], redirectsTo: '/admin/trust', run: async (c) => { await c.get('/account/blocked'); return c.post('/admin/trust', settings); } },
      { name: 'block confirmation', route: 'GET /block', allowed: SIGNED_IN, run: (c) => c.get('/block?name=Zielperson&next=/forum') },
      { name: 'block', route: 'POST /blocks', allowed: SIGNED_IN, redirectsTo: '/forum', run: async (c) => { await c.get('/account/blocked'); return c.post('/blocks', { name: 'Zielperson', next: '/forum' }); } },
      { name: 'block list', route: 'GET /account/blocked', allowed: SIGNED_IN, run: (c) => c.get('/account/blocked') },
      { name: 'unblock', route: 'POST /blocks/remove', allowed: SIGNED_IN, redirectsTo: '/account/blocked', run: async (c) => { await c.get('/account/blocked'); return c.post('/blocks/remove', { name: 'Zielperson', next: '/account/blocked' }); } },
      { name: 'block (API)', route: 'POST /api/v1/blocks', allowed: SIGNED_IN, run: (c) => json(c, 'POST', '/api/v1/blocks', { pseudonym: 'Zielperson' }) },
      { name: 'block list (API)', route: 'GET /api/v1/blocks', allowed: SIGNED_IN, run: (c) => json(c, 'GET', '/api/v1/blocks') },
      { name: 'unblock (API)', route: 'DELETE /api/v1/blocks/:pseudonym', allowed: SIGNED_IN, run: (c) => json(c, 'DELETE', '/api/v1/blocks/Zielperson') },
      // Everyone signed in has agreed to the version in force, so the page sends them on.
      { name: 'rules to accept', route: 'GET /rules/accept', allowed: SIGNED_IN, redirectsTo: '/forum', run: (c) => c.get('/rules/accept?next=/forum') },
      { name: 'accept rules', route: 'POST /rules/accept', allowed: SIGNED_IN, redirectsTo: '/forum', run: async (c) => { await c.get('/account/blocked'); return c.post('/rules/accept', { agree: 'yes', next: '/forum' }); } },
      { name: 'rules version (API)', route: 'GET /api/v1/rules', allowed: ['visitor', ...SIGNED_IN], run: (c) => json(c, 'GET', '/api/v1/rules') },
      { name: 'accept rules (API)', route: 'POST /api/v1/rules/accept', allowed: SIGNED_IN, run: (c) => json(c, 'POST', '/api/v1/rules/accept', { version: 'rules-1' }) },
      { name: 'rules publishing', route: 'GET /admin/rules', allowed: ['admin'], run: (c) => c.get('/admin/rules') },
      // Last: publishing changes the version everyone else must accept.
      { name: 'publish rules', route: 'POST /admin/rules', allowed: ['admin'], redirectsTo: '/admin/rules', run: async (c) => { await c.get('/account/blocked'); return c.post('/admin/rules', { summary: 'Neue Regel zu Werbung.' }); } },
    ];
    const wrong = await runPermissionGrid({ app, clients, actions, routes: { include: (r) => ROUTES.test(r.url) && r.method !== 'HEAD' } });
    assert.deepEqual(wrong, []);
  } finally {
    await t.close();
  }
});
