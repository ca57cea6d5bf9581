// Administration through HTTP, and the permission grid: every role × every action, both ways.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, outbox, register, signedInAs, textOf } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { canAdminister, canAssignRoles, canReadAudit, canReadOutbox } from './policy.ts';
import { canEditPages } from '../pages/policy.ts';
import { canManageOwnAccount } from '../accounts/policy.ts';
import { AnonymousActor, UserActor } from '../../platform/auth/actor.ts';
import type { Role } from '../../db/types.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const ROLES: Array<Role | 'visitor'> = ['visitor', 'member', 'staff', 'moderator', 'admin'];

describe('permission grid', () => {
  const actorFor = (role: Role | 'visitor') => (role === 'visitor' ? new AnonymousActor() : new UserActor('u1', 'x', role, 'de', 's1', true));
  const rules: Array<[string, (a: ReturnType<typeof actorFor>) => boolean, Array<Role | 'visitor'>]> = [
    ['administer', canAdminister, ['admin']],
    ['read outbox', canReadOutbox, ['admin']],
    ['assign roles', canAssignRoles, ['admin']],
    ['read audit log', canReadAudit, ['admin']],
    ['edit pages', canEditPages, ['admin']],
    ['manage own account', canManageOwnAccount, ['member', 'staff', 'moderator', 'admin']],
  ];
  for (const [action, rule, allowed] of rules) {
    for (const role of ROLES) {
      test(`${role} ${allowed.includes(role) ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(rule(actorFor(role)), allowed.includes(role));
      });
    }
  }

  // The same grid through HTTP: what each role gets from each admin page.
  const pages = ['/admin', '/admin/outbox', '/admin/users', '/admin/pages', '/admin/pages/help/de', '/admin/audit'];
  for (const role of ROLES) {
    test(`${role}: admin pages answer ${role === 'admin' ? '200' : role === 'visitor' ? 'a redirect to log in' : '403'}`, async () => {
      const client = role === 'visitor' ? new Client(t.app) : (await signedInAs(t.app, role)).client;
      for (const url of pages) {
        const res = await client.get(url);
        if (role === 'admin') assert.equal(res.statusCode, 200, url);
        else if (role === 'visitor') {
          assert.equal(res.statusCode, 303, url);
          assert.match(String(res.headers.location), /^\/login\?next=/);
        } else assert.equal(res.statusCode, 403, `${role} ${url}`);
      }
      // Writing: a member's valid, token-carrying form post is refused as well.
      if (role !== 'admin' && role !== 'visitor') {
        await client.get('/account');
        const res = await client.post('/admin/pages/help/de', { title: 'Übernommen', body: 'Text' });
        assert.equal(res.statusCode, 403);
        const target = await signedInAs(t.app, 'member');
        assert.equal((await client.post(`/admin/users/${target.userId}/role`, { role: 'admin' })).statusCode, 403);
      }
    });
  }

  test('the header shows the administration link only to administrators', async () => {
    const admin = await signedInAs(t.app, 'admin');
    const member = await signedInAs(t.app, 'member');
    assert.match((await admin.client.get('/')).body, /href="\/admin"/);
    assert.doesNotMatch((await member.client.get('/')).body, /href="\/admin"/);
  });
});

describe('administration', () => {
  test('gives a role, records it in the audit log, and cannot change one’s own role', async () => {
    const admin = await signedInAs(t.app, 'admin', 'Chefin');
    const member = await signedInAs(t.app, 'member', 'Helferlein');
    const list = await admin.client.get('/admin/users?q=helfer');
    const table = textOf(/<table[\s\S]*<\/table>/.exec(list.body)?.[0] ?? '');
    assert.match(table, /Helferlein/);
    assert.doesNotMatch(table, /Chefin/, 'the search filters by pseudonym');
    const res = await admin.client.post(`/admin/users/${member.userId}/role`, { role: 'moderator' });
    assert.equal(res.statusCode, 303);
    assert.match(textOf((await admin.client.get('/admin/users')).body), /Helferlein hat jetzt die Rolle „Moderation“/);
    const me = await member.client.get('/api/v1/me');
    assert.equal(me.json().role, 'moderator', 'the new role applies at once');
    const audit = await admin.client.get('/admin/audit');
    assert.match(textOf(audit.body), /account\.role_changed/);
    assert.match(textOf(audit.body), /Chefin/);
    // Filtered by who and by the start of the action; a filter that matches nothing shows nothing.
    const byAction = textOf(/<table[\s\S]*<\/table>/.exec((await admin.client.get('/admin/audit?action=account.role')).body)?.[0] ?? '');
    assert.match(byAction, /account\.role_changed/);
    assert.match(byAction, /from: member; to: moderator/, 'the details say what changed');
    const byActor = await admin.client.get(`/admin/audit?actor=${encodeURIComponent('chefin')}`);
    assert.match(textOf(byActor.body), /account\.role_changed/);
    const nobody = await admin.client.get('/admin/audit?actor=Helferlein');
    assert.match(textOf(nobody.body), /Noch keine Einträge/);
    const wildcard = await admin.client.get('/admin/audit?action=%25');
    assert.match(textOf(wildcard.body), /Noch keine Einträge/, 'no wildcard matching');
    await admin.client.post(`/admin/users/${admin.userId}/role`, { role: 'member' });
    assert.equal((await admin.client.get('/api/v1/me')).json().role, 'admin');
    const bad = await admin.client.post(`/admin/users/${member.userId}/role`, { role: 'kaiser' });
    assert.equal(bad.statusCode, 303);
    assert.equal((await member.client.get('/api/v1/me')).json().role, 'moderator');
  });

  test('edits a page per language, shows it, and restores the shipped text', async () => {
    const admin = await signedInAs(t.app, 'admin');
    const form = await admin.client.get('/admin/pages/imprint/de');
    assert.match(textOf(form.body), /Impressum/);
    let res = await admin.client.post('/admin/pages/imprint/de', { title: '', body: '' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /Überschrift/);
    res = await admin.client.post('/admin/pages/imprint/de', { title: 'Impressum des Vereins', body: '## Anbieter\n\nSelbsthilfe e. V., Musterstraße 1\n\n<script>alert(1)</script>' });
    assert.equal(res.statusCode, 303);
    const page = await new Client(t.app).get('/imprint');
    assert.match(page.body, /<h1 class="heading-l">Impressum des Vereins<\/h1>/);
    assert.match(page.body, /<h2>Anbieter<\/h2>/);
    assert.doesNotMatch(page.body, /<script>alert/, 'HTML in Markdown is not kept');
    const english = await t.app.inject({ method: 'GET', url: '/imprint', headers: { 'accept-language': 'en' } });
    assert.doesNotMatch(english.body, /Impressum des Vereins/, 'the other language is untouched');
    await admin.client.get('/admin/pages/imprint/de');
    res = await admin.client.post('/admin/pages/imprint/de/reset');
    assert.equal(res.statusCode, 303);
    assert.doesNotMatch((await new Client(t.app).get('/imprint')).body, /Impressum des Vereins/);
    assert.equal((await admin.client.get('/admin/pages/nope/de')).statusCode, 404);
  });

  test('reads mails in the outbox', async () => {
    const admin = await signedInAs(t.app, 'admin');
    await register(new Client(t.app), 'Briefkasten', { email: 'kasten@example.org' });
    const [mail] = await outbox(t.app);
    assert.ok(mail);
    const list = await admin.client.get('/admin/outbox');
    assert.match(textOf(list.body), /kasten@example.org/);
    const one = await admin.client.get(`/admin/outbox/${mail.id}`);
    assert.equal(one.statusCode, 200);
    assert.match(textOf(one.body), /Bitte bestätigen Sie/);
    assert.equal((await admin.client.get('/admin/outbox/999999')).statusCode, 404);
  });
});
