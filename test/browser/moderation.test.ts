// Safety and moderation in Chromium, with JavaScript on and off: a member writes a crisis post, sees
// the calm help page and lets a moderator look; the moderator finds the urgent item first and answers
// privately; a harassing reply is reported until it is hidden, the moderator removes it and its writer
// reads the kind notice. Every new page goes through axe-core and the Nu Html Checker, in de and en.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, signedInPage, navigation, screenshot, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { createCategory } from '../../src/features/forum/index.ts';
import { signedInAs } from '../helpers.ts';

for (const js of [true, false]) {
  browserSuite(`moderation journey, JavaScript ${js ? 'on' : 'off'} (Chromium)`, () => {
    let app: RunningApp;
    let browser: Browser;
    let member: Page;
    let moderator: Page;
    let harasser: Page;
    let fixture: Awaited<ReturnType<typeof buildFixture>>;
    // axe-core runs inside the page, so it checks the pages with JavaScript on; with it off the
    // journey itself and the Nu Html Checker are what count.
    const a11y = new A11yLog();
    const axe = { check: async (page: Page, label: string) => (js ? a11y.check(page, label) : undefined) };
    const html = new HtmlCollector();
    const tag = js ? 'js' : 'nojs';

    before(async () => {
      app = await startApp();
      fixture = await buildFixture(app.t.app);
      await createCategory(app.t.app.deps, { slug: 'austausch', nameDe: 'Austausch', nameEn: 'Exchange', position: 1, readAccess: 'members', anonymous: true });
      browser = await launchBrowser();
      const open = (label: string, pseudonym: string, locale: 'de-DE' | 'en-GB' = 'de-DE') => signedInPage(browser, app.base, html, { label, pseudonym, js, locale });
      member = await open('member', fixture.people.member.pseudonym);
      moderator = await open('moderator', fixture.people.moderator.pseudonym);
      harasser = await open('harasser', fixture.people.admitted.pseudonym);
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      html.dispose();
    });

    test('a crisis post shows the help page; "let a moderator look" publishes it; the moderator sees it first and answers privately', async () => {
      // Something ordinary waits in the queue already, so "first" means something.
      const other = await signedInAs(app.t.app, 'member', 'Wegwarte');
      await other.client.get('/');
      await other.client.post('/report', { type: 'profile', id: fixture.people.staff.userId, reason: 'spam' });
      await visit(member, '/forum/c/austausch/new');
      await member.getByLabel('Titel').fill('Ich weiß nicht weiter');
      await member.getByLabel('Ihr Text').fill('Seit Wochen sammle ich Tabletten. Ich will nicht mehr aufwachen.');
      await navigation(member, () => member.getByRole('button', { name: 'Thema veröffentlichen' }).click());
      assert.match(await member.locator('h1').innerText(), /Bevor Ihr Text weitergeht/);
      const help = await member.locator('main').innerText();
      for (const number of ['0800 111 0 111', '0800 111 0 222', '116 123', '112']) assert.ok(help.includes(number), number);
      await axe.check(member, 'crisis help page');
      await screenshot(member, `moderation-help-${tag}`);
      // Continuing without a choice asks again, nothing lost.
      await navigation(member, () => member.getByRole('button', { name: 'Weiter' }).click());
      assert.match(await member.locator('.error-summary').innerText(), /Bitte wählen Sie/);
      await axe.check(member, 'crisis help page with error');
      await member.getByLabel('Abschicken und die Moderation bald draufschauen lassen').check();
      await navigation(member, () => member.getByRole('button', { name: 'Weiter' }).click());
      assert.match(new URL(member.url()).pathname, /^\/forum\/t\//);
      assert.match(await member.locator('main').innerText(), /Seit Wochen sammle ich Tabletten/);

      await visit(moderator, '/moderation');
      await axe.check(moderator, 'moderation queue');
      await screenshot(moderator, `moderation-queue-${tag}`);
      assert.equal(await moderator.locator('table tbody tr').count(), 2);
      const first = moderator.locator('table tbody tr').first();
      assert.match(await first.innerText(), /Dringend/);
      assert.match(await first.innerText(), /Krisenhinweis/);
      await navigation(moderator, () => first.getByRole('link').click());
      assert.match(await moderator.locator('main').innerText(), /Seit Wochen sammle ich Tabletten/);
      await axe.check(moderator, 'moderation item');
      await moderator.getByLabel('Privat antworten und erledigen').check();
      await moderator.getByLabel('Begründung für die schreibende Person').fill('Danke, dass Sie geschrieben haben. Ich bin heute Abend hier und lese mit.');
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());
      assert.equal(new URL(moderator.url()).pathname, '/moderation');

      await visit(member, '/notices');
      assert.match(await member.locator('main').innerText(), /Ich bin heute Abend hier und lese mit/);
      await axe.check(member, 'notices');
    });

    test('a harassing reply is reported until it is hidden; the moderator removes it; its writer gets the notice', async () => {
      const thread = await app.t.app.deps.db.selectFrom('forum_threads').select(['id']).executeTakeFirstOrThrow();
      await visit(harasser, `/forum/t/${thread.id}`);
      await harasser.getByLabel('Ihr Text').fill('Stell dich nicht so an, das ist doch lächerlich.');
      await navigation(harasser, () => harasser.getByRole('button', { name: 'Antwort senden' }).click());
      const reply = await app.t.app.deps.db.selectFrom('forum_posts').select('id').where('thread_id', '=', thread.id).where('number', '=', 2).executeTakeFirstOrThrow();

      // Two others reported it already; the member's report in the browser reaches the threshold.
      const { fileReport } = await import('../../src/features/moderation/service.ts');
      for (const p of [fixture.people.facilitator, fixture.people.staff]) {
        await fileReport(app.t.app.deps, { reporterId: p.userId, reporterIsStaff: false, targetType: 'post', targetId: String(reply.id), reason: 'harassment', note: '' });
      }
      await visit(member, `/forum/t/${thread.id}`);
      await navigation(member, () => member.locator(`a[href="/report?type=post&id=${reply.id}"]`).click());
      await axe.check(member, 'report form');
      await member.getByLabel('Belästigung oder Angriff').check();
      await member.getByLabel(/Was sollen die Moderatorinnen/).fill('Das ist nicht der erste Angriff in diesem Thema.');
      await navigation(member, () => member.getByRole('button', { name: 'Meldung abschicken' }).click());
      assert.doesNotMatch(await member.locator('main').innerText(), /Stell dich nicht so an/, 'hidden after the threshold');

      await visit(moderator, '/moderation');
      const row = moderator.locator('table tbody tr', { hasText: 'Automatisch verborgen' }).first();
      assert.match(await row.innerText(), /Meldung/);
      await navigation(moderator, () => row.getByRole('link').click());
      await moderator.getByLabel('Entfernen').check();
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());
      assert.match(await moderator.locator('.error-summary').innerText(), /Begründung/);
      await axe.check(moderator, 'moderation item with error');
      await moderator.getByLabel('Entfernen').check();
      await moderator.getByLabel('Begründung für die schreibende Person').fill('Bitte schreib freundlich, auch wenn du etwas anders siehst.');
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());

      await visit(harasser, '/notices');
      const notice = await harasser.locator('main').innerText();
      assert.match(notice, /Bitte schreib freundlich/);
      assert.match(notice, /Hilfe in der Krise/);
      await screenshot(harasser, `moderation-notice-${tag}`);
    });

    test('further steps: edit with a note, close the thread, unmask with a second person, suspend — the writer is told each time', async () => {
      const { createThread, demoSupport } = await import('../../src/features/forum/index.ts');
      const { fileReport } = await import('../../src/features/moderation/service.ts');
      const { UserActor } = await import('../../src/platform/auth/actor.ts');
      const { translator } = await import('../../src/platform/i18n/index.ts');
      const deps = app.t.app.deps;
      const writer = new UserActor(fixture.people.admitted.userId, fixture.people.admitted.pseudonym, 'member', 'de', '', true);
      const category = await demoSupport.categoryForDemo(deps, 'austausch');
      const written = await createThread(deps, {
        actor: writer, category, ties: await demoSupport.tiesFor(deps, writer), t: translator('de'),
        input: { title: 'Wer wohnt in der Südvorstadt?', body: 'Ich wohne in der Beispielstraße 5 und suche Leute zum Reden.', anonymous: true, contentNote: '' },
      });
      assert.ok(written.ok);
      const reported = await fileReport(deps, { reporterId: fixture.people.member.userId, reporterIsStaff: false, targetType: 'post', targetId: String(written.value.postId), reason: 'personal_data', note: '' });
      assert.equal(reported.kind, 'reported');
      const itemId = reported.kind === 'reported' ? reported.itemId : '';

      // Edit with a note: the address goes, the writer keeps the old text in the history.
      await visit(moderator, `/moderation/items/${itemId}`);
      assert.doesNotMatch(await moderator.locator('main').innerText(), /Kranich/, 'the anonymous writer stays sealed');
      await moderator.getByLabel('Thema schließen (keine neuen Antworten)').check();
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());
      assert.match(await moderator.locator('main').innerText(), /Der Eintrag bleibt offen/);
      await moderator.getByLabel('Text bearbeiten (mit Hinweis)').check();
      await moderator.getByLabel('Begründung für die schreibende Person').fill('Ich habe deine Adresse entfernt, damit dich hier niemand findet, der dir schaden will.');
      await moderator.getByLabel('Neuer Text des Beitrags').fill('Ich wohne in der Südvorstadt und suche Leute zum Reden.');
      await axe.check(moderator, 'moderation item with further steps');
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());
      assert.equal(new URL(moderator.url()).pathname, '/moderation');
      await visit(harasser, `/forum/p/${written.value.postId}/history`);
      assert.match(await harasser.locator('main').innerText(), /Danach von der Moderation geändert/);
      await axe.check(harasser, 'post history with a moderator edit');

      // Unmasking: asked with a reason, confirmed by a second person, shown to the one who asked.
      await visit(moderator, `/moderation/items/${itemId}`);
      await moderator.locator('#unmask-reason').fill('Der Beitrag droht einer anderen Person; wir müssen das Konto erreichen.');
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Aufdecken beantragen' }).click());
      assert.match(await moderator.locator('main').innerText(), /Ihr eigener Antrag/);
      const admin = await signedInPage(browser, app.base, html, { label: 'admin', pseudonym: fixture.people.admin.pseudonym, js, locale: 'de-DE' });
      await visit(admin, '/moderation');
      assert.match(await admin.locator('main').innerText(), /wir müssen das Konto erreichen/);
      await axe.check(admin, 'queue with an unmasking request');
      await screenshot(admin, `moderation-unmask-${tag}`);
      await navigation(admin, () => admin.getByRole('button', { name: 'Zustimmen' }).click());
      await visit(moderator, `/moderation/items/${itemId}`);
      assert.match(await moderator.locator('main').innerText(), new RegExp(`${fixture.people.admitted.pseudonym} \\(sichtbar für Sie bis`));
      await axe.check(moderator, 'moderation item, unmasked');

      // Suspension: from the next request on, every page says so; the notices stay open to answer.
      const plain = await createThread(deps, {
        actor: writer, category, ties: await demoSupport.tiesFor(deps, writer), t: translator('de'),
        input: { title: 'Schon wieder ihr', body: 'Ihr seid alle unfähig.', anonymous: false, contentNote: '' },
      });
      assert.ok(plain.ok);
      const second = await fileReport(deps, { reporterId: fixture.people.member.userId, reporterIsStaff: false, targetType: 'post', targetId: String(plain.value.postId), reason: 'harassment', note: '' });
      await visit(moderator, `/moderation/items/${second.kind === 'reported' ? second.itemId : ''}`);
      await moderator.getByLabel('Sperren (kein Zugang, nichts schreiben)').check();
      await moderator.getByLabel('Begründung für die schreibende Person').fill('Du hast heute mehrere Menschen beleidigt. Nimm dir zwei Tage Abstand.');
      await moderator.getByLabel('Dauer in Tagen').fill('2');
      await navigation(moderator, () => moderator.getByRole('button', { name: 'Ausführen' }).click());
      await visit(harasser, '/forum', 403);
      assert.match(await harasser.locator('h1').innerText(), /Ihr Konto ist vorübergehend gesperrt/);
      await axe.check(harasser, 'suspended');
      await screenshot(harasser, `moderation-suspended-${tag}`);
      await visit(harasser, '/notices');
      const notices = await harasser.locator('main').innerText();
      for (const heading of [/wurde bearbeitet/, /wurde aufgedeckt/, /vorübergehend gesperrt/]) assert.match(notices, heading);
      assert.doesNotMatch(notices, /Moderation Mia|Admin Anke/, 'not by whom');
      await deps.db.deleteFrom('sanctions').execute();
    });

    test('the new pages in English, and the drafts page', async () => {
      const en = await signedInPage(browser, app.base, html, { label: 'english', pseudonym: fixture.people.admin.pseudonym, js, locale: 'en-GB' });
      await en.goto('/account');
      await visit(en, '/forum/c/austausch/new');
      await en.locator('#title').fill('A hard day');
      await en.locator('#body').fill('I want to kill myself.');
      await navigation(en, () => en.locator('main form button[type="submit"]').last().click());
      await axe.check(en, 'crisis help page (en)');
      await visit(en, '/moderation');
      await axe.check(en, 'moderation queue (en)');
      const anyItem = await app.t.app.deps.db.selectFrom('moderation_items').select('id').where('target_type', '=', 'post').executeTakeFirstOrThrow();
      await visit(en, `/moderation/items/${anyItem.id}`);
      await axe.check(en, 'moderation item (en)');
      await visit(en, '/drafts');
      await axe.check(en, 'drafts (en)');
      await visit(en, '/notices');
      await visit(en, `/report?type=profile&id=${fixture.people.member.userId}`);
      await axe.check(en, 'report form (en)');
      // A suspended member, in English: signing in leads to the page that says why and until when.
      const sam = await signedInAs(app.t.app, 'member', 'Suspended Sam');
      const now = Date.now();
      await app.t.app.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', sam.userId).execute();
      await app.t.app.deps.db.insertInto('sanctions').values({ id: `s-${tag}`, user_id: sam.userId, kind: 'suspend', reason: 'Repeated insults.', until: new Date(now + 86_400_000).toISOString(), created_by: null, created_at: new Date(now).toISOString(), lifted_at: null }).execute();
      const suspended = await signedInPage(browser, app.base, html, { label: 'suspended (en)', pseudonym: 'Suspended Sam', js, locale: 'en-GB' });
      await visit(suspended, '/forum', 403);
      assert.match(await suspended.locator('h1').innerText(), /Your account is suspended for a while/);
      assert.match(await suspended.locator('main').innerText(), /Repeated insults\./);
      await axe.check(suspended, 'suspended (en)');
    });

    if (js) {
      test('axe-core: 0 violations on every moderation page', () => {
        a11y.assertClean();
      });
    }

    test('Nu Html Checker: 0 errors in the server HTML of every moderation page', async () => {
      await html.assertValid();
    });
  });
}
