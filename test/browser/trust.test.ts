// Trust levels, blocking and changed rules in Chromium, with JavaScript on and off: a member reads
// their level, blocks someone from a post and sees that person's posts folded, undoes it in the
// account; an administrator sets limits and publishes new rules; the member is asked on the next page,
// reads on, is sent to the rules when writing and agrees. axe-core and the Nu Html Checker on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, signedInPage, navigation, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { createCategory, createThread } from '../../src/features/forum/index.ts';
import { UserActor } from '../../src/platform/auth/actor.ts';
import { translator } from '../../src/platform/i18n/index.ts';

for (const js of [true, false]) {
  browserSuite(`trust, blocking and rules, JavaScript ${js ? 'on' : 'off'} (Chromium)`, () => {
    let app: RunningApp;
    let browser: Browser;
    let member: Page;
    let admin: Page;
    let moderator: Page;
    let fixture: Awaited<ReturnType<typeof buildFixture>>;
    let threadUrl = '';
    const a11y = new A11yLog();
    const axe = async (page: Page, label: string) => (js ? a11y.check(page, label) : undefined);
    const html = new HtmlCollector();

    before(async () => {
      app = await startApp();
      fixture = await buildFixture(app.t.app);
      const categoryId = await createCategory(app.t.app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 1, readAccess: 'members' });
      const category = (await app.t.app.deps.db.selectFrom('forum_categories').selectAll().where('id', '=', categoryId).executeTakeFirstOrThrow()) as never;
      const other = fixture.people.admitted;
      const written = await createThread(app.t.app.deps, {
        actor: new UserActor(other.userId, other.pseudonym, 'member', 'de', '', true), category, ties: { groupIds: [], facilitatorGroupIds: [], staffOrganisationIds: [] } as never,
        input: { title: 'Schlaf vor wichtigen Terminen', body: 'Ich liege oft die halbe Nacht wach.', anonymous: false, contentNote: '' }, t: translator('de'),
      });
      assert.ok(written.ok);
      threadUrl = written.value.url;
      browser = await launchBrowser();
      const open = (label: string, pseudonym: string, locale: 'de-DE' | 'en-GB' = 'de-DE') => signedInPage(browser, app.base, html, { label, pseudonym, js, locale });
      member = await open('member', fixture.people.member.pseudonym);
      admin = await open('admin', fixture.people.admin.pseudonym);
      moderator = await open('moderator', fixture.people.moderator.pseudonym, 'en-GB');
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      html.dispose();
    });

    test('a member reads their level; blocks from a post; sees the posts folded; undoes it in the account', async () => {
      await visit(member, '/account/trust');
      assert.match(await member.locator('main').innerText(), /Ihre Stufe: Neu/);
      await axe(member, 'trust level');
      await visit(member, threadUrl);
      await navigation(member, () => member.locator('main a', { hasText: 'Blockieren' }).first().click());
      assert.match(await member.locator('h1').innerText(), /blockieren\?/);
      await axe(member, 'block confirmation');
      await navigation(member, () => member.locator('main form button[type="submit"]').click());
      const folded = member.locator('details.blocked-post').first();
      assert.equal(await folded.locator('summary').innerText(), 'Beitrag von einer Person, die Sie blockiert haben');
      await axe(member, 'thread with a folded post');
      await visit(member, '/account/blocked');
      await axe(member, 'block list');
      await navigation(member, () => member.locator('main form button[type="submit"]').first().click());
      assert.match(await member.locator('main').innerText(), /Sie haben niemanden blockiert/);
      await visit(moderator, '/moderation/blocks');
      await axe(moderator, 'blocked by many (en)');
    });

    test('an administrator sets limits and publishes new rules; the member reads on, is asked before writing, agrees', async () => {
      await visit(admin, '/admin/trust');
      await axe(admin, 'trust settings');
      await admin.locator('input[name="trust.limit.links_per_post.0"]').fill('viele');
      await navigation(admin, () => admin.locator('main form button[type="submit"]').click());
      assert.match(await admin.locator('.error-summary').innerText(), /ganze Zahl/);
      await axe(admin, 'trust settings with an error');
      await admin.locator('input[name="trust.limit.links_per_post.0"]').fill('2');
      await navigation(admin, () => admin.locator('main form button[type="submit"]').click());
      assert.match(await admin.locator('main').innerText(), /Einstellungen sind gespeichert/);

      await visit(admin, '/admin/rules');
      await axe(admin, 'publish rules');
      await admin.locator('#summary').fill('Neu: Keine Werbung für Heilmittel.');
      await navigation(admin, () => admin.locator('main form button[type="submit"]').click());

      // The member's next page is the rules page; reading goes on from there.
      await navigation(member, () => member.goto('/forum'));
      assert.match(member.url(), /\/rules\/accept\?next=%2Fforum$/);
      assert.match(await member.locator('main').innerText(), /Keine Werbung für Heilmittel/);
      await axe(member, 'rules to accept');
      await navigation(member, () => member.locator('main a', { hasText: 'Erst weiterlesen' }).click());
      assert.match(member.url(), /\/forum$/);
      // Writing leads to the rules first; agreeing without the tick is refused with a message.
      await visit(member, threadUrl);
      await member.locator('#body').fill('Mir hilft ein fester Abendablauf.');
      await navigation(member, () => member.locator('form.composer button[type="submit"]').first().click());
      assert.match(member.url(), /\/rules\/accept\?.*blocked=1/);
      await navigation(member, () => member.locator('main form button[type="submit"]').click());
      assert.match(await member.locator('.error-summary').innerText(), /bestätigen Sie/);
      await axe(member, 'rules with an error');
      await member.locator('#agree').check();
      await navigation(member, () => member.locator('main form button[type="submit"]').click());
      assert.ok(member.url().endsWith(threadUrl), member.url());
      await member.locator('#body').fill('Mir hilft ein fester Abendablauf.');
      await navigation(member, () => member.locator('form.composer button[type="submit"]').first().click());
      assert.match(await member.locator('main').innerText(), /Mir hilft ein fester Abendablauf\./);
    });

    if (js) {
      test('axe-core: 0 violations on every page of trust, blocking and rules', () => {
        a11y.assertClean();
      });
    }

    test('Nu Html Checker: 0 errors in the server HTML of every page of trust, blocking and rules', async () => {
      await html.assertValid();
    });
  });
}
