// Every page works with JavaScript switched off: the journey uses plain forms and links only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STRONG_PASSWORD, browserSuite, launchBrowser, navigation, newContext, startApp, textOf, visit } from './support.ts';
import type { RunningApp } from './support.ts';

browserSuite('without JavaScript (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pseudonym = `Ohne Skript ${randomBytes(3).toString('hex')}`;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await newContext(browser, app.base, { javaScriptEnabled: false });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('public pages load and show their heading', async () => {
    for (const [url, status] of [['/', 200], ['/help', 200], ['/rules', 200], ['/privacy', 200], ['/accessibility', 200], ['/imprint', 200], ['/register', 200], ['/login', 200], ['/forgot-password', 200], ['/does-not-exist', 404]] as const) {
      await visit(page, url, status);
      assert.ok(await page.locator('h1').first().isVisible(), `${url} shows its heading`);
    }
  });

  test('the skip link leads to the main content', async () => {
    await visit(page, '/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
    assert.ok(await skip.isVisible(), 'the skip link shows when focused');
    await skip.press('Enter');
    assert.equal(new URL(page.url()).hash, '#main');
  });

  test('a failed registration shows the error summary', async () => {
    await visit(page, '/register');
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
    assert.equal(res.status(), 400);
    assert.equal(await page.locator('.error-summary a').count(), 4);
  });

  test('register', async () => {
    await page.getByLabel('Pseudonym', { exact: true }).fill(pseudonym);
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel('Ich halte mich an die Gemeinschaftsregeln.').check();
    await page.getByLabel(/^Ich willige ein/).check();
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await textOf(page, 'h1'), 'Mein Konto');
    assert.equal(await textOf(page, '.header__who'), pseudonym);
  });

  test('log out', async () => {
    const res = await navigation(page, () => page.locator('header').getByRole('button', { name: 'Abmelden' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await textOf(page, '.banner'), 'Sie sind abgemeldet.');
  });

  test('log in', async () => {
    await navigation(page, () => page.locator('header').getByRole('link', { name: 'Anmelden' }).click());
    await page.getByLabel('Pseudonym oder E-Mail-Adresse').fill(pseudonym);
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    const res = await navigation(page, () => page.locator('main').getByRole('button', { name: 'Anmelden' }).click());
    assert.equal(res.status(), 200);
    assert.equal(await textOf(page, '.banner'), 'Sie sind angemeldet.');
    assert.equal(await textOf(page, '.header__who'), pseudonym);
  });

  test('change language in the header, and back on the account page', async () => {
    await visit(page, '/account');
    await navigation(page, () => page.locator('header').getByRole('button', { name: /English/ }).click());
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await textOf(page, 'h1'), 'My account');

    await navigation(page, () => page.getByRole('link', { name: /Change\s+Language/ }).click());
    assert.equal(new URL(page.url()).pathname, '/account/language');
    await page.getByLabel('Deutsch', { exact: true }).check();
    await navigation(page, () => page.getByRole('button', { name: 'Save' }).click());
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await textOf(page, 'h1'), 'Mein Konto');
  });

  test('export data', async () => {
    await navigation(page, () => page.getByRole('link', { name: 'Meine Daten herunterladen' }).click());
    await page.getByLabel('Ihr jetziges Passwort').fill(STRONG_PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Datei herunterladen' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.includes(pseudonym));
    assert.ok(text.includes('"consents"'));
  });

  test('delete the account', async () => {
    await visit(page, '/account/delete');
    await page.getByLabel('Beiträge stehen lassen, aber als „gelöschtes Mitglied“').check();
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await page.getByLabel('Ihr jetziges Passwort').fill(STRONG_PASSWORD);
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto endgültig löschen' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await textOf(page, '.banner'), 'Ihr Konto ist gelöscht. Alles Gute für Sie!');

    await visit(page, '/login');
    await page.getByLabel('Pseudonym oder E-Mail-Adresse').fill(pseudonym);
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    const failed = await navigation(page, () => page.locator('main').getByRole('button', { name: 'Anmelden' }).click());
    assert.equal(failed.status(), 400);
    assert.match(await textOf(page, '.error-summary'), /Pseudonym oder Passwort stimmen nicht/);
  });
});
