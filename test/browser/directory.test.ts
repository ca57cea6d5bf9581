// The directory in Chromium, once with JavaScript and once without: search "Depression" near
// Leipzig within 25 km → results by distance; open the nearest group; write to it; ask to join;
// the facilitator answers and admits; the person then sees the exact meeting place.
// axe-core runs on every page; the server HTML of every page goes through the Nu Html Checker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, logInThroughForm, navigation, newContext, screenshot, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture, EXACT_ADDRESS } from '../../src/features/directory/fixture.test-support.ts';

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  browserSuite(`directory journey ${mode} (Chromium)`, () => {
    let app: RunningApp;
    let browser: Browser;
    let person: Page;
    let facilitator: Page;
    let fixture: Awaited<ReturnType<typeof buildFixture>>;
    // axe-core runs inside the page, so it needs JavaScript; without it the same HTML goes through vnu.
    const axe = new A11yLog();
    const a11y = { check: (page: Page, label: string) => (javaScriptEnabled ? axe.check(page, label) : Promise.resolve()) };
    const html = new HtmlCollector();

    before(async () => {
      app = await startApp();
      fixture = await buildFixture(app.t.app);
      browser = await launchBrowser();
      person = await (await newContext(browser, app.base, { javaScriptEnabled })).newPage();
      facilitator = await (await newContext(browser, app.base, { javaScriptEnabled })).newPage();
      html.watch(person, 'person');
      html.watch(facilitator, 'facilitator');
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      html.dispose();
    });

    test('search "Depression" near Leipzig within 25 km: groups by distance, each with its distance', async () => {
      await visit(person, '/groups');
      await a11y.check(person, 'search start');
      await person.getByLabel('Thema oder Suchwort').fill('Depression');
      await person.getByLabel('Ort oder Postleitzahl').fill('Leipzig');
      await person.getByLabel('Umkreis').selectOption('25');
      const res = await navigation(person, () => person.locator('.finder__main').getByRole('button', { name: 'Suchen' }).click());
      assert.equal(res.status(), 200);
      const url = new URL(person.url());
      assert.equal(url.searchParams.get('q'), 'Depression');
      assert.equal(url.searchParams.get('near'), 'Leipzig');
      const titles = await person.locator('.result__title').allTextContents();
      assert.deepEqual(titles.map((s) => s.trim()), ['Selbsthilfegruppe Depression Leipzig-Süd', 'Depression und Burnout Markkleeberg', 'Online-Gesprächskreis Depression']);
      const distances = (await person.locator('.result__distance').allTextContents()).map((s) => Number(/([\d,]+) km/.exec(s)?.[1]?.replace(',', '.')));
      assert.equal(distances.length, 2);
      assert.ok((distances[0] ?? 99) < (distances[1] ?? 0), `sorted by distance: ${distances.join(', ')}`);
      await a11y.check(person, 'search results');
      await screenshot(person, `directory-results-${javaScriptEnabled ? 'js' : 'nojs'}`);
      // A bad place keeps the words and says what is wrong.
      await person.getByLabel('Ort oder Postleitzahl').fill('Xyzabcdorf');
      const bad = await navigation(person, () => person.locator('.finder__main').getByRole('button', { name: 'Suchen' }).click());
      assert.equal(bad.status(), 400);
      assert.equal(await person.getByLabel('Thema oder Suchwort').inputValue(), 'Depression');
      await a11y.check(person, 'search with an unknown place');
    });

    test('the person logs in, opens the nearest group and writes to it', async () => {
      await logInThroughForm(person, 'Sonnenblume');
      await visit(person, '/groups?q=Depression&near=Leipzig&radius=25');
      await navigation(person, () => person.locator('.result__title a').first().click());
      assert.equal(new URL(person.url()).pathname, `/groups/${fixture.groups.leipzigGroup.slug}`);
      assert.ok(!(await person.content()).includes(EXACT_ADDRESS), 'no exact place before admission');
      await a11y.check(person, 'group page (member)');
      await navigation(person, () => person.getByRole('link', { name: 'Nachricht schreiben' }).click());
      await a11y.check(person, 'contact form (member)');
      await person.getByLabel('Ihre Nachricht').fill('Hallo, ich würde gern am Dienstag vorbeikommen. Geht das?');
      const sent = await navigation(person, () => person.getByRole('button', { name: 'Nachricht senden' }).click());
      assert.equal(sent.status(), 200);
      assert.match(new URL(person.url()).pathname, /^\/conversations\//);
      await a11y.check(person, 'conversation (member)');
      await visit(person, `/groups/${fixture.groups.leipzigGroup.slug}`);
      await navigation(person, () => person.getByRole('link', { name: 'Beitritt anfragen' }).click());
      await a11y.check(person, 'join form');
      await person.getByLabel('Nachricht an die Gruppe (freiwillig)').fill('Ich war schon einmal in einer Gruppe.');
      await navigation(person, () => person.getByRole('button', { name: 'Anfrage senden' }).click());
      assert.equal(new URL(person.url()).pathname, `/groups/${fixture.groups.leipzigGroup.slug}`);
    });

    test('the facilitator answers the message and admits the person', async () => {
      await logInThroughForm(facilitator, 'Leitung Lena');
      await visit(facilitator, `/groups/${fixture.groups.leipzigGroup.slug}`);
      await a11y.check(facilitator, 'group page (facilitator)');
      await navigation(facilitator, () => facilitator.getByRole('link', { name: /Nachrichten an die Gruppe/ }).click());
      await a11y.check(facilitator, 'inbox');
      await navigation(facilitator, () => facilitator.getByRole('link', { name: 'Sonnenblume' }).click());
      await facilitator.getByLabel('Ihre Antwort').fill('Ja, sehr gern! Wir treffen uns um 19 Uhr.');
      await navigation(facilitator, () => facilitator.getByRole('button', { name: 'Antwort senden' }).click());
      assert.match(await facilitator.locator('.messages').innerText(), /Wir treffen uns um 19 Uhr/);
      await visit(facilitator, `/groups/${fixture.groups.leipzigGroup.slug}/members`);
      await a11y.check(facilitator, 'members and requests');
      const request = facilitator.locator('.card', { hasText: 'Sonnenblume' });
      await request.getByLabel('Nachricht an die Person (freiwillig)').fill('Willkommen in der Gruppe!');
      await navigation(facilitator, () => request.getByRole('button', { name: 'Aufnehmen', exact: true }).click());
      assert.equal(await facilitator.locator('.card', { hasText: 'Ich war schon einmal' }).count(), 0);
    });

    test('the person reads the answer and now sees the exact meeting place', async () => {
      const conversations = await visit(person, '/messages');
      assert.equal(conversations.status(), 200);
      await a11y.check(person, 'my messages');
      await navigation(person, () => person.locator('main table a').first().click());
      assert.match(await person.locator('.messages').innerText(), /Wir treffen uns um 19 Uhr/);
      await visit(person, `/groups/${fixture.groups.leipzigGroup.slug}`);
      assert.match(await person.locator('.exact-place').innerText(), /Mühlenweg 6/);
      await navigation(person, () => person.getByRole('link', { name: 'Zum Mitgliederbereich' }).click());
      assert.match(await person.locator('main').innerText(), /Mühlenweg 6/);
      await a11y.check(person, 'members area');
      await screenshot(person, `directory-space-${javaScriptEnabled ? 'js' : 'nojs'}`);
    });

    test('organisation pages and the staff\'s management page', async () => {
      const staff = await (await newContext(browser, app.base, { javaScriptEnabled })).newPage();
      html.watch(staff, 'staff');
      await visit(staff, '/organisations');
      await a11y.check(staff, 'organisations');
      await visit(staff, `/organisations/${fixture.point.slug}`);
      await a11y.check(staff, 'organisation page');
      await logInThroughForm(staff, 'Kontakt Karl');
      await visit(staff, `/organisations/${fixture.point.slug}/manage`);
      await a11y.check(staff, 'organisation management');
      // The staff list, in German and English, empty and with a refused name at the field.
      await navigation(staff, () => staff.locator('main a', { hasText: 'Mitarbeitende verwalten' }).click());
      assert.match(await staff.locator('main table').innerText(), /Kontakt Karl/);
      await a11y.check(staff, 'organisation staff');
      await staff.locator('#pseudonym').fill('Sonnenblume');
      const refused = await navigation(staff, () => staff.locator('main form:not(.inline-form) button[type="submit"]').click());
      assert.equal(refused.status(), 400);
      assert.match(await staff.locator('.error-summary').innerText(), /keine Rolle als Mitarbeiter:in/);
      await a11y.check(staff, 'organisation staff with an error');
      await navigation(staff, () => staff.locator('.header__language button').click());
      assert.match(await staff.locator('h1').innerText(), /Staff of/);
      await a11y.check(staff, 'organisation staff (en)');
      await navigation(staff, () => staff.locator('.header__language button').click());
      await visit(staff, `/groups/${fixture.groups.leipzigGroup.slug}/edit`);
      await a11y.check(staff, 'group edit form');
      await visit(staff, `/groups/${fixture.groups.leipzigGroup.slug}/history`);
      await a11y.check(staff, 'group history');
      await visit(staff, '/groups/new');
      await a11y.check(staff, 'propose a group');
      await visit(staff, '/groups?topic=huntington');
      await a11y.check(staff, 'nothing found with a note form');
    });

    if (javaScriptEnabled) {
      test('axe-core: 0 violations on every directory page', () => {
        axe.assertClean();
      });
    }

    test('Nu Html Checker: 0 errors in the server HTML of every directory page', async () => {
      await html.assertValid();
    });
  });
}
