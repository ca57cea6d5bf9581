// Look-alike and invisible pseudonyms (finding 2): refused at registration and at a pseudonym change,
// unique on the TR39 skeleton; staff carry a badge from their role that a name cannot imitate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, STRONG_PASSWORD, createTestApp, register, signedInAs, textOf } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { hasInvisibleCharacters, pseudonymSkeleton, skeleton } from '../../src/platform/auth/pseudonyms.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { startMemberConversation } from '../../src/features/directory/contact.ts';

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
