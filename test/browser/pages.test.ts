// Every page type in both languages, logged out, as a member and as an administrator, plus the
// setup page of a fresh instance: axe-core on each (0 violations), and the Nu Html Checker once
// over the server HTML of all of them (0 errors).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  HtmlCollector, STRONG_PASSWORD, checkA11y, createAccountDirectly, launchBrowser, logInThroughForm, navigation, newContext, requireTools, setLangCookie, skipReason, startApp, visit,
} from './support.ts';
import type { RunningApp } from './support.ts';
import { createSetupToken } from '../../src/features/setup/service.ts';

type Locale = 'de' | 'en';
const LOCALES: Locale[] = ['de', 'en'];

/** Pages everyone can see, with the status they answer with. Visited logged out and as administrator. */
const PUBLIC_PAGES: Array<[string, number]> = [
  ['/', 200],
  ['/help', 200],
  ['/rules', 200],
  ['/privacy', 200],
  ['/accessibility', 200],
  ['/imprint', 200],
  ['/forgot-password', 200],
  ['/reset-password?token=invalid', 410],
  ['/verify-email?token=invalid', 410],
  ['/does-not-exist', 404],
];
const LOGGED_OUT_PAGES: Array<[string, number]> = [...PUBLIC_PAGES, ['/register', 200], ['/login', 200]];
const MEMBER_PAGES = ['/account', '/account/pseudonym', '/account/email', '/account/password', '/account/language', '/account/export', '/account/delete'];
const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/users?q=mitglied', '/admin/pages', '/admin/pages/help/de', '/admin/pages/privacy/en', '/admin/outbox', '/admin/audit'];

const ERRORS = { de: 'Bitte prüfen Sie Ihre Eingaben', en: 'Please check what you entered' };
const SWITCH = { de: /English/, en: /Deutsch/ };

describe('every page type, both languages, logged out and in (Chromium)', { skip: skipReason }, () => {
  let app: RunningApp;
  let browser: Browser;
  const html = new HtmlCollector();
  const contexts: BrowserContext[] = [];

  before(async () => {
    requireTools();
    app = await startApp();
    browser = await launchBrowser();
    // Other members, so the list of accounts has several role forms, and a mail in the outbox.
    await createAccountDirectly(app.t.app, 'member', 'Mitglied Amsel');
    await createAccountDirectly(app.t.app, 'member', 'Mitglied Buche', 'buche@example.org');
    await app.t.app.deps.jobs.runDue(100);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    html.dispose();
  });

  async function openPage(options: { locale?: Locale; label: string }): Promise<Page> {
    const context = await newContext(browser, app.base);
    contexts.push(context);
    if (options.locale) await setLangCookie(context, app.base, options.locale);
    const page = await context.newPage();
    html.watch(page, options.label);
    return page;
  }

  /** Visits a page, checks its status and language, runs axe. */
  async function check(page: Page, url: string, locale: Locale, label: string, status = 200): Promise<void> {
    await visit(page, url, status);
    assert.equal(await page.getAttribute('html', 'lang'), locale, `${url} should be in ${locale}`);
    await checkA11y(page, `${label}: ${url}`);
  }

  /** Submits the main form of the current page empty and checks the error page. */
  async function submitEmpty(page: Page, locale: Locale, label: string): Promise<void> {
    const res = await navigation(page, () => page.locator('main form[method="post"] button[type="submit"]').last().click());
    assert.equal(res.status(), 400);
    assert.ok((await page.title()).startsWith(`${ERRORS[locale]}: `), 'the title says there are errors');
    assert.ok((await page.locator('.error-summary a').count()) > 0, 'the error summary links to the fields');
    await checkA11y(page, `${label}: ${new URL(page.url()).pathname} with errors`);
  }

  async function switchLanguage(page: Page, to: Locale, label: string): Promise<void> {
    const from: Locale = to === 'de' ? 'en' : 'de';
    html.relabel(page, label);
    await navigation(page, () => page.locator('header').getByRole('button', { name: SWITCH[from] }).click());
    assert.equal(await page.getAttribute('html', 'lang'), to);
  }

  // The groups are independent (each its own browser context), so they run side by side.
  describe('pages', { concurrency: 5 }, () => {
  for (const locale of LOCALES) {
    describe(`${locale}, logged out`, { concurrency: 1 }, () => {
      let page: Page;
      const label = `${locale}, logged out`;
      before(async () => {
        page = await openPage({ locale, label });
      });

      for (const [url, status] of LOGGED_OUT_PAGES) {
        test(url, async () => {
          await check(page, url, locale, label, status);
        });
      }

      test('/register with errors', async () => {
        await check(page, '/register', locale, label);
        await page.getByLabel(locale === 'de' ? 'Pseudonym' : 'Pseudonym', { exact: true }).fill('Neu hier');
        await submitEmpty(page, locale, label);
        assert.equal(await page.locator('#pseudonym').inputValue(), 'Neu hier');
      });

      test('/login with errors', async () => {
        await check(page, '/login', locale, label);
        await submitEmpty(page, locale, label);
      });

      test('/forgot-password with errors', async () => {
        await check(page, '/forgot-password', locale, label);
        await submitEmpty(page, locale, label);
      });
    });
  }

  describe('member', { concurrency: 1 }, () => {
    let page: Page;
    let verifyToken = '';
    const pseudonym = `Mitglied ${randomBytes(3).toString('hex')}`;

    before(async () => {
      page = await openPage({ locale: 'de', label: 'de, member' });
    });

    test('registering with an e-mail address (account page with flash and confirmation banner)', async () => {
      await visit(page, '/register');
      await page.getByLabel('Pseudonym', { exact: true }).fill(pseudonym);
      await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
      await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('mitglied@example.org');
      await page.getByLabel('Ich halte mich an die Gemeinschaftsregeln.').check();
      await page.getByLabel(/^Ich willige ein/).check();
      const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
      assert.equal(res.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/account');
      await checkA11y(page, 'de, member: /account right after registration');

      await app.t.app.deps.jobs.runDue(100);
      const mail = await app.t.app.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', 'mitglied@example.org').executeTakeFirstOrThrow();
      verifyToken = /verify-email\?token=([\w-]+)/.exec(mail.text_body)?.[1] ?? '';
      assert.ok(verifyToken, 'the confirmation mail has a link');
    });

    for (const locale of LOCALES) {
      const label = `${locale}, member`;

      test(`${label}: switch language in the header`, async () => {
        if (locale === 'en') await switchLanguage(page, 'en', label);
        else assert.equal(await page.getAttribute('html', 'lang'), 'de');
      });

      for (const url of [...MEMBER_PAGES, '/']) {
        test(`${label}: ${url}`, async () => {
          await check(page, url, locale, label);
        });
      }

      test(`${label}: /verify-email with a valid token`, async () => {
        await check(page, `/verify-email?token=${verifyToken}`, locale, label);
      });

      for (const url of ['/account/pseudonym', '/account/password', '/account/delete']) {
        test(`${label}: ${url} with errors`, async () => {
          await visit(page, url);
          if (url === '/account/pseudonym') await page.locator('#pseudonym').fill('');
          await submitEmpty(page, locale, label);
        });
      }
    }
  });

  describe('administrator', { concurrency: 1 }, () => {
    let page: Page;
    const pseudonym = `Verwaltung ${randomBytes(3).toString('hex')}`;

    before(async () => {
      await createAccountDirectly(app.t.app, 'admin', pseudonym);
      page = await openPage({ label: 'de, admin' });
      await logInThroughForm(page, pseudonym);
    });

    for (const locale of LOCALES) {
      const label = `${locale}, admin`;

      test(`${label}: switch language in the header`, async () => {
        if (locale === 'en') await switchLanguage(page, 'en', label);
        else assert.equal(await page.getAttribute('html', 'lang'), 'de');
      });

      for (const url of ADMIN_PAGES) {
        test(`${label}: ${url}`, async () => {
          await check(page, url, locale, label);
        });
      }

      test(`${label}: /admin/outbox/:id`, async () => {
        await check(page, '/admin/outbox', locale, label);
        const res = await navigation(page, () => page.locator('main table a').first().click());
        assert.equal(res.status(), 200);
        assert.match(new URL(page.url()).pathname, /^\/admin\/outbox\/\d+$/);
        await checkA11y(page, `${label}: ${new URL(page.url()).pathname}`);
      });

      // Logged in, the frame differs (account menu, language switch saves to the account).
      for (const [url, status] of PUBLIC_PAGES) {
        test(`${label}: ${url}`, async () => {
          await check(page, url, locale, label, status);
        });
      }

      test(`${label}: /admin/pages/help/${locale} with errors`, async () => {
        await visit(page, `/admin/pages/help/${locale}`);
        await page.locator('#title').fill('');
        await page.locator('#body').fill('');
        const res = await navigation(page, () => page.locator('main form button[type="submit"]').first().click());
        assert.equal(res.status(), 400);
        await checkA11y(page, `${label}: /admin/pages/help/${locale} with errors`);
      });

      test(`${label}: /account`, async () => {
        await check(page, '/account', locale, label);
      });
    }
  });

  describe('setup of a fresh instance', { concurrency: 1 }, () => {
    let fresh: RunningApp;
    let token = '';

    before(async () => {
      fresh = await startApp();
      token = await createSetupToken(fresh.t.app.deps.db);
    });
    after(async () => {
      await fresh?.close();
    });

    for (const locale of LOCALES) {
      const label = `${locale}, setup`;
      test(`${label}: /setup?token=…`, async () => {
        const context = await newContext(browser, fresh.base);
        contexts.push(context);
        await setLangCookie(context, fresh.base, locale);
        const page = await context.newPage();
        html.watch(page, label);
        await check(page, `/setup?token=${token}`, locale, label);
        await submitEmpty(page, locale, label);
        await check(page, '/setup?token=wrong', locale, label, 404);
      });
    }
  });

  });

  test('Nu Html Checker: 0 errors in the server HTML of every page above', async () => {
    await html.assertValid();
  });
});
