// The journey of a new member in Chromium with JavaScript on: register → log out → log in →
// change language → export data → delete account. axe-core runs on every page visited; the raw
// server HTML of every page is checked with the Nu Html Checker once at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  A11yLog, browserSuite, HtmlCollector, STRONG_PASSWORD, launchBrowser, navigation, newContext, screenshot, setLangCookie, startApp, textOf, visit,
} from './support.ts';
import type { RunningApp } from './support.ts';

browserSuite('browser journey with JavaScript (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const a11y = new A11yLog();
  const html = new HtmlCollector();
  const pseudonym = `Morgenrot ${randomBytes(3).toString('hex')}`;
  const shots: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await newContext(browser, app.base);
    page = await context.newPage();
    html.watch(page);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    html.dispose();
    if (shots.length) console.log(`screenshots:\n  ${shots.join('\n  ')}`);
  });

  test('the home page is German for a German browser and links to the registration', async () => {
    await visit(page, '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await a11y.check(page, 'home (de, logged out)');
    shots.push(await screenshot(page, 'home-de-light'));
    const res = await navigation(page, () => page.locator('header').getByRole('link', { name: 'Registrieren' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/register');
    await a11y.check(page, 'register (de)');
  });

  test('an empty registration shows the error summary, focused, with links to each field', async () => {
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
    assert.equal(res.status(), 400);
    assert.match(await page.title(), /^Bitte prüfen Sie Ihre Eingaben: /);
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await textOf(page, '.error-summary__title'), 'Bitte prüfen Sie Ihre Eingaben');
    const hrefs = await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['#pseudonym', '#password', '#rules', '#health']);
    for (const href of hrefs) assert.equal(await page.locator(href as string).count(), 1, `the summary links to ${href}, which must exist once`);
    // The summary has autofocus, so screen readers announce it and keyboard users start there.
    await page
      .waitForFunction("document.activeElement && document.activeElement.classList.contains('error-summary')", null, { timeout: 3000 })
      .catch(async () => assert.fail(`the error summary should have focus, but it is on ${await page.evaluate('document.activeElement && document.activeElement.outerHTML.slice(0, 120)')}`));
    // Each error is also next to its field, and the field points to it.
    assert.equal(await page.locator('#rules').getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#rules').getAttribute('aria-describedby')) ?? '', /\brules-error\b/);
    await a11y.check(page, 'register with errors (de)');
    shots.push(await screenshot(page, 'register-errors-de'));
    // A link of the summary takes the keyboard to its field.
    await summary.getByRole('link', { name: /Gemeinschaftsregeln/ }).click();
    assert.equal(new URL(page.url()).hash, '#rules');
    await page
      .waitForFunction("document.activeElement && document.activeElement.id === 'rules'", null, { timeout: 3000 })
      .catch(() => assert.fail('the link of the error summary should move the focus to the checkbox #rules'));
  });

  test('a failed registration keeps what was typed (but never the password)', async () => {
    await page.getByLabel('Pseudonym', { exact: true }).fill(pseudonym);
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('morgenrot@example.org');
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
    assert.equal(res.status(), 400);
    const hrefs = await page.locator('.error-summary').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['#rules', '#health']);
    assert.equal(await page.getByLabel('Pseudonym', { exact: true }).inputValue(), pseudonym);
    assert.equal(await page.getByLabel('E-Mail-Adresse (freiwillig)').inputValue(), 'morgenrot@example.org');
    assert.equal(await page.getByLabel('Passwort', { exact: true }).inputValue(), '');
    await a11y.check(page, 'register with consent errors (de)');
  });

  test('the password can be shown while typing (JavaScript enhancement)', async () => {
    const password = page.getByLabel('Passwort', { exact: true });
    await password.fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Passwort zeigen' }).click();
    assert.equal(await password.getAttribute('type'), 'text');
    await page.getByRole('button', { name: 'Passwort verbergen' }).click();
    assert.equal(await password.getAttribute('type'), 'password');
    await page.getByRole('button', { name: 'Passwort zeigen' }).click();
    await a11y.check(page, 'register with the password shown (de)');
  });

  test('registration with both consents leads to the account page, logged in', async () => {
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('');
    await page.getByLabel('Ich halte mich an die Gemeinschaftsregeln.').check();
    await page.getByLabel(/^Ich willige ein, dass Miteinander Angaben zu meiner Gesundheit verarbeitet/).check();
    const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await textOf(page, 'h1'), 'Mein Konto');
    assert.match(await textOf(page, '.banner'), /Ihr Konto ist angelegt/);
    assert.match(await textOf(page, 'main .summary-list'), new RegExp(pseudonym));
    assert.equal(await textOf(page, '.header__who'), pseudonym);
    await a11y.check(page, 'account after registration (de)');
    shots.push(await screenshot(page, 'account-de'));
  });

  test('logging out with the header button', async () => {
    const res = await navigation(page, () => page.locator('header').getByRole('button', { name: 'Abmelden' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await textOf(page, '.banner'), 'Sie sind abgemeldet.');
    assert.equal(await page.locator('.header__who').count(), 0);
    await a11y.check(page, 'home after logout (de)');
    assert.equal((await visit(page, '/account')).url().replace(app.base, ''), '/login?next=%2Faccount');
  });

  test('logging in through the form', async () => {
    await a11y.check(page, 'login (de)');
    await page.getByLabel('Pseudonym oder E-Mail-Adresse').fill(pseudonym);
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
    const res = await navigation(page, () => page.locator('main').getByRole('button', { name: 'Anmelden' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account', 'back to the page that asked for the log-in');
    assert.equal(await textOf(page, '.banner'), 'Sie sind angemeldet.');
    assert.equal(await textOf(page, '.header__who'), pseudonym);
    await a11y.check(page, 'account after login (de)');
  });

  test('the header button switches to English and the account keeps it', async () => {
    const button = page.locator('header').getByRole('button', { name: /English/ });
    assert.equal(await button.innerText(), 'English');
    assert.equal(await button.getAttribute('lang'), 'en');
    const res = await navigation(page, () => button.click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account', 'the switch comes back to the same page');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await textOf(page, 'h1'), 'My account');
    assert.ok(await page.locator('header').getByRole('link', { name: /My account/ }).isVisible());
    assert.match(await textOf(page, 'main .summary-list'), /Language English/);
    await a11y.check(page, 'account (en)');
    // The language belongs to the account now, so a new session without the cookie is English too.
    const other = await newContext(browser, app.base);
    try {
      const p2 = await other.newPage();
      await p2.goto('/login');
      await p2.getByLabel('Pseudonym oder E-Mail-Adresse').fill(pseudonym);
      await p2.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
      await navigation(p2, () => p2.locator('main').getByRole('button', { name: 'Anmelden' }).click());
      assert.equal(await p2.getAttribute('html', 'lang'), 'en');
    } finally {
      await other.close();
    }
  });

  test('data export asks for the password and downloads JSON with the pseudonym and consents', async () => {
    const res = await navigation(page, () => page.getByRole('link', { name: 'Download my data' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account/export');
    await a11y.check(page, 'export (en)');

    await page.getByLabel('Your current password').fill('not my password at all');
    const wrong = await navigation(page, () => page.getByRole('button', { name: 'Download file' }).click());
    assert.equal(wrong.status(), 400);
    assert.equal(await page.locator('.error-summary a[href="#currentPassword"]').count(), 1);
    await a11y.check(page, 'export with wrong password (en)');

    await page.getByLabel('Your current password').fill(STRONG_PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download file' }).click()]);
    assert.match(download.suggestedFilename(), /^miteinander-export-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.includes(pseudonym), 'the export contains the pseudonym');
    assert.ok(text.includes('"consents"'), 'the export contains the consents');
    const data = JSON.parse(text) as { consents: Array<{ kind: string }> };
    assert.deepEqual(data.consents.map((c) => c.kind).sort(), ['community_rules', 'health_data']);
  });

  test('deleting the account: errors first, then done, and the log-in fails afterwards', async () => {
    await visit(page, '/account');
    const res = await navigation(page, () => page.locator('main').getByRole('link', { name: 'Delete account' }).click());
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account/delete');
    await a11y.check(page, 'delete (en)');

    const empty = await navigation(page, () => page.getByRole('button', { name: 'Delete account for good' }).click());
    assert.equal(empty.status(), 400);
    const hrefs = await page.locator('.error-summary').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['#posts', '#confirm', '#currentPassword']);
    await a11y.check(page, 'delete with errors (en)');

    await page.getByLabel('Delete all my posts').check();
    await page.getByLabel('Yes, I want to delete my account for good.').check();
    await page.getByLabel('Your current password').fill(STRONG_PASSWORD);
    const done = await navigation(page, () => page.getByRole('button', { name: 'Delete account for good' }).click());
    assert.equal(done.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await textOf(page, '.banner'), 'Your account has been deleted. All the best to you!');
    assert.equal(await page.locator('.header__who').count(), 0);
    await a11y.check(page, 'home after deletion (en)');

    await visit(page, '/login');
    await page.getByLabel('Pseudonym or e-mail address').fill(pseudonym);
    await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    const failed = await navigation(page, () => page.locator('main').getByRole('button', { name: 'Log in' }).click());
    assert.equal(failed.status(), 400);
    assert.match(await textOf(page, '.error-summary'), /The pseudonym or password is not right/);
    assert.equal(await page.getByLabel('Pseudonym or e-mail address').inputValue(), pseudonym);
    await a11y.check(page, 'login failed (en)');
  });

  test('the home page in English with a dark colour scheme', async () => {
    const dark = await newContext(browser, app.base, { colorScheme: 'dark' });
    try {
      await setLangCookie(dark, app.base, 'en');
      const p = await dark.newPage();
      html.watch(p);
      await visit(p, '/');
      assert.equal(await p.getAttribute('html', 'lang'), 'en');
      await a11y.check(p, 'home (en, dark)');
      shots.push(await screenshot(p, 'home-en-dark'));
    } finally {
      await dark.close();
    }
  });

  test('axe-core: 0 violations on every page of the journey', () => {
    a11y.assertClean();
  });

  test('Nu Html Checker: 0 errors in the server HTML of every page of the journey', async () => {
    await html.assertValid();
  });
});
