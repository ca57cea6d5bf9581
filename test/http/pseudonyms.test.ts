// Look-alike and invisible pseudonyms (finding 2): refused at registration and at a pseudonym change,
// unique on the TR39 skeleton; staff carry a badge from their role that a name cannot imitate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, STRONG_PASSWORD, createTestApp, register, signedInAs, textOf } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { displayPseudonym, hasInvisibleCharacters, pseudonymSkeleton, skeleton } from '../../src/platform/auth/pseudonyms.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { startMemberConversation } from '../../src/features/directory/contact.ts';
import { baseInput } from '../../src/features/directory/fixture.test-support.ts';
import { createGroup } from '../../src/features/directory/service.ts';
import { decideRequest, requestToJoin } from '../../src/features/directory/membership.ts';
import { createCategory } from '../../src/features/forum/admin.ts';
import { cleanStoredPseudonyms } from '../../src/features/accounts/service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const LOOK_ALIKES = ['Admin \u0410nke', 'admin \u0430nke', 'ADMIN ANKE', '\u0410dmin \u0391nke', 'Ａｄｍｉｎ Ａｎｋｅ', 'Admin Ankе', 'Adrnin Anke'];
const INVISIBLE = ['\u034F', '\uFE0F', '\u3164', '\u200B', '\u200D', '\u2060', '\u202E', '\u2066', '\u00AD', '\uFEFF', '\u115F', '\u2800', '\u0301\u0301\u0301'];

describe('the skeleton', () => {
  test('comes from the Unicode confusables data, not a few hand-picked letters', () => {
    // Cyrillic, Greek, Cherokee, mathematical and fullwidth forms of Latin letters meet their Latin prototype.
    for (const [a, b] of [['\u0410', 'A'], ['\u0391', 'A'], ['\u13AA', 'A'], ['\u{1D400}', 'A'], ['\u0435', 'e'], ['\u043E', 'o'], ['\u0440', 'p'], ['\u0455', 's'], ['\u0456', 'i'], ['0', 'O']]) {
      assert.equal(skeleton(a as string), skeleton(b as string), `${a} and ${b}`);
    }
    assert.equal(pseudonymSkeleton('Admin Anke'), pseudonymSkeleton('Admin \u0410nke'));
    assert.notEqual(pseudonymSkeleton('Admin Anke'), pseudonymSkeleton('Admin Anja'));
    for (const ch of INVISIBLE) assert.ok(hasInvisibleCharacters(`Admin Anke${ch}`), `U+${(ch.codePointAt(0) as number).toString(16)}`);
    for (const ok of ['Sonnenblume', 'Müller', 'Lena-Marie', 'Jürgen_42', 'Łukasz', 'Ayşe', 'Нина', 'مريم']) assert.equal(hasInvisibleCharacters(ok), false, ok);
  });
});

describe('registration and pseudonym change', () => {
  test('look-alikes of an existing pseudonym are taken; invisible characters are refused', async () => {
    assert.equal((await register(new Client(t.app), 'Admin Anke')).statusCode, 303);
    for (const name of LOOK_ALIKES) {
      const res = await register(new Client(t.app), name);
      assert.equal(res.statusCode, 400, `${name} was registered`);
      assert.match(textOf(res.body), /schon vergeben/);
    }
    for (const ch of INVISIBLE) {
      const res = await register(new Client(t.app), `Admin Anke${ch}`);
      assert.equal(res.statusCode, 400, `U+${(ch.codePointAt(0) as number).toString(16)} was accepted`);
      const inside = await register(new Client(t.app), `Ad${ch}min Anja`);
      assert.equal(inside.statusCode, 400, `U+${(ch.codePointAt(0) as number).toString(16)} inside was accepted`);
    }
    const count = await t.app.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('pseudonym', 'like', '%nke%').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  test('the same holds for changing one\'s pseudonym', async () => {
    const { client } = await signedInAs(t.app, 'member', 'Wechsel Willi');
    await register(new Client(t.app), 'Moderation Mia');
    for (const name of ['Moderation M\u0456a', `Moderation Mia\u034F`, `Moderation Mia\u3164`, 'M\u043Eder\u0430tion Mia']) {
      const res = await client.submit('/account/pseudonym', '/account/pseudonym', { pseudonym: name, currentPassword: STRONG_PASSWORD });
      assert.equal(res.statusCode, 400, `changed to ${name}`);
    }
    assert.equal((await client.submit('/account/pseudonym', '/account/pseudonym', { pseudonym: 'Wechsel Wilma', currentPassword: STRONG_PASSWORD })).statusCode, 303);
    const row = await t.app.deps.db.selectFrom('users').select(['pseudonym_skeleton']).where('pseudonym', '=', 'Wechsel Wilma').executeTakeFirstOrThrow();
    assert.equal(row.pseudonym_skeleton, pseudonymSkeleton('Wechsel Wilma'), 'the skeleton follows the change');
  });
});

describe('display', () => {
  test('a staff answer carries a role badge; a member named like staff gets none', async () => {
    const app = await createTestApp();
    try {
      const f = await buildFixture(app.app);
      // A group of the contact point without facilitators: its staff answer first contacts.
      const g = f.groups.markkleeberg;
      const fake = await signedInAs(app.app, 'member', 'Kontakt Karl Team');
      const id = await startMemberConversation(f.dir, { group: g, userId: fake.userId, body: 'Bitte schicken Sie mir Ihr Passwort.' });
      const karl = f.people.staff.client;
      await karl.get(`/conversations/${id}`);
      assert.equal((await karl.post(`/conversations/${id}/reply`, { message: 'Wir fragen nie nach Passwörtern.' })).statusCode, 303);
      const page = await fake.client.get(`/conversations/${id}`);
      const messages = [...page.body.matchAll(/<li class="message[^"]*">([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] as string));
      assert.equal(messages.length, 2);
      assert.doesNotMatch(messages[0] as string, /Mitarbeit Kontaktstelle/, 'the member gets no badge');
      assert.match(messages[1] as string, /Kontakt Karl.*Mitarbeit Kontaktstelle/, 'the staff answer has its badge');
    } finally {
      await app.close();
    }
  });
});

/** Every PersonName on a page: [shown name, badge text or ''] in page order. */
function people(html: string): Array<[string, string]> {
  return [...html.matchAll(/<span class="person"><span class="person__name">([^<]*)<\/span>(?: <strong class="tag tag--blue">([^<]*)<\/strong>)?<\/span>/g)].map((m) => [textOf(m[1] as string), m[2] ?? '']);
}

/** The badges shown beside `name` on a page (at least one appearance). */
function badgesOf(html: string, name: string): string[] {
  const found = people(html).filter(([shown]) => shown === name).map(([, badge]) => badge);
  assert.ok(found.length > 0, `${name} is named on the page`);
  return [...new Set(found)];
}

describe('staff badges on every page that names people to others', () => {
  test('staff carry the badge of their role; a member named like staff gets none; anonymous posts none', async () => {
    const app = await createTestApp();
    try {
      const f = await buildFixture(app.app);
      const deps = app.app.deps;
      await createCategory(deps, { slug: 'allgemein', nameDe: 'Allgemeines', nameEn: 'General', position: 10, readAccess: 'everyone', anonymous: true, noindex: false });
      const karl = f.people.staff; // "Kontakt Karl", contact-point staff
      const fake = await signedInAs(app.app, 'member', 'Kontakt Karl Team');
      const reader = f.people.member.client;
      const STAFF = ['Mitarbeit Kontaktstelle'];

      // Forum: a thread page and the category's thread list.
      let res = await fake.client.submit('/forum/c/allgemein/new', '/forum/c/allgemein/new', { title: 'Passwort-Prüfung', body: 'Bitte schickt mir eure Passwörter zur Prüfung.' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const thread = String(res.headers.location);
      const threadId = /\/forum\/t\/(\d+)/.exec(thread)?.[1];
      res = await karl.client.submit(thread, `/forum/t/${threadId}/reply`, { body: 'Wir fragen nie nach Passwörtern. Bitte nichts schicken.' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      res = await karl.client.submit(thread, `/forum/t/${threadId}/reply`, { body: 'Das schreibe ich lieber ohne Namen.', anonymous: 'yes' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      res = await karl.client.submit('/forum/c/allgemein/new', '/forum/c/allgemein/new', { title: 'Sprechzeiten der Kontaktstelle', body: 'Wir sind dienstags von 10 bis 12 Uhr da.' });
      assert.equal(res.statusCode, 303);
      const threadPage = (await reader.get(thread)).body;
      assert.deepEqual(badgesOf(threadPage, 'Kontakt Karl Team'), [''], 'forum post: the look-alike member has no badge');
      assert.deepEqual(badgesOf(threadPage, 'Kontakt Karl'), STAFF, 'forum post: staff have theirs');
      assert.equal(people(threadPage).filter(([, badge]) => badge).length, 1, 'only the named staff reply has a badge, not the anonymous one');
      const list = (await reader.get('/forum/c/allgemein')).body;
      assert.deepEqual(badgesOf(list, 'Kontakt Karl Team'), [''], 'thread list: no badge for the member');
      assert.deepEqual(badgesOf(list, 'Kontakt Karl'), STAFF, 'thread list: staff badge');

      // Moderation: the reported texts' authors.
      const postIds = [...threadPage.matchAll(/\/report\?type=post&(?:amp;)?id=(\d+)/g)].map((m) => m[1] as string);
      assert.equal(postIds.length, 3);
      for (const id of postIds.slice(0, 2)) assert.equal((await reader.post('/report', { type: 'post', id, reason: 'spam' })).statusCode, 303);
      const mia = f.people.moderator.client;
      const queue = (await mia.get('/api/v1/moderation/queue')).json() as { items: Array<{ id: string; target: { type: string; id: string } }> };
      const itemOf = (postId: string) => queue.items.find((i) => i.target.type === 'post' && i.target.id === postId)?.id;
      const fakeItem = (await mia.get(`/moderation/items/${itemOf(postIds[0] as string)}`)).body;
      const karlItem = (await mia.get(`/moderation/items/${itemOf(postIds[1] as string)}`)).body;
      assert.deepEqual(badgesOf(fakeItem, 'Kontakt Karl Team'), [''], 'moderation: no badge for the member');
      assert.deepEqual(badgesOf(karlItem, 'Kontakt Karl'), STAFF, 'moderation: staff badge');

      // Group pages: announcements of facilitators, the members' list, the facilitators' member management.
      const fakesGroup = await createGroup(f.dir, { by: { id: null, label: 'Test' }, facilitatorId: fake.userId, input: baseInput({ name: 'Gesprächskreis Passwort', contactPointId: f.point.id }) });
      const karlsGroup = await createGroup(f.dir, { by: { id: null, label: 'Test' }, facilitatorId: karl.userId, input: baseInput({ name: 'Offener Treff der Kontaktstelle', contactPointId: f.point.id }) });
      for (const [who, group] of [[fake, fakesGroup], [karl, karlsGroup]] as const) {
        assert.equal((await who.client.post(`/groups/${group.slug}/announcements`, { body: 'Nächstes Treffen im Raum 5.' })).statusCode, 303);
      }
      assert.deepEqual(badgesOf((await fake.client.get(`/groups/${fakesGroup.slug}/space`)).body, 'Kontakt Karl Team'), [''], 'announcement: no badge for the member');
      assert.deepEqual(badgesOf((await karl.client.get(`/groups/${karlsGroup.slug}/space`)).body, 'Kontakt Karl'), STAFF, 'announcement: staff badge');
      const g = f.groups.leipzigGroup;
      for (const who of [fake, f.people.admin]) {
        await requestToJoin(f.dir, { userId: who.userId, group: g, message: 'Hallo', listed: true });
        await decideRequest(f.dir, { group: g, userId: who.userId, admit: true, message: '' });
      }
      const space = (await f.people.admitted.client.get(`/groups/${g.slug}/space`)).body;
      assert.deepEqual(badgesOf(space, 'Kontakt Karl Team'), [''], 'members list: no badge for the member');
      assert.deepEqual(badgesOf(space, 'Admin Anke'), ['Administration'], 'members list: the administrator’s badge');
      const members = (await f.people.facilitator.client.get(`/groups/${g.slug}/members`)).body;
      assert.deepEqual(badgesOf(members, 'Kontakt Karl Team'), [''], 'member management: no badge for the member');
      assert.deepEqual(badgesOf(members, 'Admin Anke'), ['Administration'], 'member management: the administrator’s badge');
    } finally {
      await app.close();
    }
  });
});

describe('pseudonyms stored before the character rules', () => {
  test('are shown cleaned everywhere, and the cleaning step stores the visible name (numbered where taken)', async () => {
    const app = await createTestApp();
    try {
      const deps = app.app.deps;
      assert.equal(displayPseudonym('Admin Anke\u034F'), 'Admin Anke');
      assert.equal(displayPseudonym('Admin\u3164 Anke\uFE0F'), 'Admin Anke');
      assert.equal(displayPseudonym('Zeit\u200Bgeist\u2003 Müller'), 'Zeitgeist Müller');
      assert.equal(displayPseudonym('a\u0301\u0301\u0301\u0301b'), 'a\u0301\u0301b'.normalize('NFC'));
      assert.equal(displayPseudonym('\u200B\u3164'), '');
      for (const ok of ['Sonnenblume', 'Ayşe', 'Нина', 'مريم', 'Lena-Marie']) assert.equal(displayPseudonym(ok), ok);

      const anke = await signedInAs(app.app, 'admin', 'Admin Anke');
      const old = await signedInAs(app.app, 'member', 'Altname');
      const blank = await signedInAs(app.app, 'member', 'Leername');
      const lurker = await signedInAs(app.app, 'member', 'Leser');
      // As rows written before migration 0009's rules could hold them (the forms refuse them today).
      await deps.db.updateTable('users').set({ pseudonym: 'Admin Anke\u034F', pseudonym_key: 'legacy-1', pseudonym_skeleton: 'legacy-1' }).where('id', '=', old.userId).execute();
      await deps.db.updateTable('users').set({ pseudonym: '\u200B\u3164', pseudonym_key: 'legacy-2', pseudonym_skeleton: 'legacy-2' }).where('id', '=', blank.userId).execute();

      // Shown cleaned before anything is stored: the forum names the writer without the hidden character.
      await createCategory(deps, { slug: 'allgemein', nameDe: 'Allgemeines', nameEn: 'General', position: 10, readAccess: 'everyone', anonymous: true, noindex: false });
      const res = await old.client.submit('/forum/c/allgemein/new', '/forum/c/allgemein/new', { title: 'Hallo zusammen', body: 'Ich bin neu hier und freue mich.' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const page = (await lurker.client.get(String(res.headers.location))).body;
      assert.ok(!page.includes('\u034F'), 'no invisible character reaches the page');
      assert.deepEqual(badgesOf(page, 'Admin Anke'), [''], 'shown as the visible name, without the real administrator’s badge');
      assert.doesNotMatch((await old.client.get('/account')).body, /\u034F/);

      const changed = await cleanStoredPseudonyms(deps.db);
      assert.deepEqual(changed.map((c) => [c.userId, c.to]).sort(), [[old.userId, 'Admin Anke 2'], [blank.userId, 'Mitglied']].sort());
      const rows = await deps.db.selectFrom('users').select(['id', 'pseudonym']).where('id', 'in', [old.userId, blank.userId, anke.userId]).execute();
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.pseudonym])), { [old.userId]: 'Admin Anke 2', [blank.userId]: 'Mitglied', [anke.userId]: 'Admin Anke' });
      const audit = await deps.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'account.pseudonym_cleaned').execute();
      assert.deepEqual(audit.map((a) => a.subject_id).sort(), [old.userId, blank.userId].sort());
      assert.deepEqual(await cleanStoredPseudonyms(deps.db), [], 'a second run finds nothing');
      // The cleaned name is unique the way registration checks: nobody can now register it again.
      assert.equal((await register(new Client(app.app), 'Admin Anke 2')).statusCode, 400);
    } finally {
      await app.close();
    }
  });
});
