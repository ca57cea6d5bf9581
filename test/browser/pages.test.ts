// Every page type in both languages, logged out, as a member and as an administrator, plus the
// setup page of a fresh instance: axe-core on each (0 violations), and the Nu Html Checker once
// over the server HTML of all of them (0 errors).
//
// The groups below are independent (each has its own browser context and account, since the
// language of a logged-in person belongs to the account), so they run side by side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  HtmlCollector, browserSuite, STRONG_PASSWORD, checkA11y, createAccountDirectly, launchBrowser, logInThroughForm, navigation, newContext, setLangCookie, startApp, visit,
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
const MEMBER_PAGES = ['/account', '/account/pseudonym', '/account/email', '/account/password', '/account/language', '/account/export', '/account/delete', '/account/api-tokens'];
/** Forms of the account pages submitted empty, to see them with errors. */
const MEMBER_ERROR_PAGES = ['/account/pseudonym', '/account/email', '/account/password', '/account/export', '/account/delete', '/account/api-tokens'];
const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/users?q=mitglied', '/admin/users?q=niemand', '/admin/pages', '/admin/pages/help/de', '/admin/pages/privacy/en', '/admin/outbox', '/admin/audit', '/account'];

const ERRORS = { de: 'Bitte prüfen Sie Ihre Eingaben', en: 'Please check what you entered' };

browserSuite('every page type, both languages, logged out and in (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  const html = new HtmlCollector();
  const contexts: BrowserContext[] = [];

  before(async () => {
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

  async function openPage(label: string, options: { locale?: Locale; base?: string } = {}): Promise<Page> {
    const base = options.base ?? app.base;
    const context = await newContext(browser, base);
    contexts.push(context);
    if (options.locale) await setLangCookie(context, base, options.locale);
    const page = await context.newPage();
    html.watch(page, label);
    return page;
  }

  /** Visits a page, checks its status and language, runs axe. */
  async function check(page: Page, url: string, locale: Locale, label: string, status = 200): Promise<void> {
    await visit(page, url, status);
    assert.equal(await page.getAttribute('html', 'lang'), locale, `${url} should be in ${locale}`);
    await checkA11y(page, `${label}: ${url}`);
  }

  /** Submits the (last) form of the page's main content empty and checks the page with errors. */
  async function submitEmpty(page: Page, locale: Locale, label: string): Promise<void> {
    const res = await navigation(page, () => page.locator('main form[method="post"] button[type="submit"]').last().click());
    assert.equal(res.status(), 400);
    assert.ok((await page.title()).startsWith(`${ERRORS[locale]}: `), 'the title says there are errors');
    assert.ok((await page.locator('.error-summary a').count()) > 0, 'the error summary links to the fields');
    await checkA11y(page, `${label}: ${new URL(page.url()).pathname} with errors`);
  }

  /** The header switch; for a logged-in person it also saves the language to the account. */
  async function switchTo(page: Page, locale: Locale): Promise<void> {
    if ((await page.getAttribute('html', 'lang')) === locale) return;
    await navigation(page, () => page.locator('header').getByRole('button', { name: locale === 'en' ? /English/ : /Deutsch/ }).click());
    assert.equal(await page.getAttribute('html', 'lang'), locale);
  }

  describe('groups', { concurrency: 4 }, () => {
    for (const locale of LOCALES) {
      describe(`${locale}, logged out`, { concurrency: 1 }, () => {
        const label = `${locale}, logged out`;
        let page: Page;
        before(async () => {
          page = await openPage(label, { locale });
        });

        for (const [url, status] of LOGGED_OUT_PAGES) {
          test(`${label}: ${url}`, async () => {
            await check(page, url, locale, label, status);
          });
        }

        test(`${label}: /register with errors keeps the pseudonym`, async () => {
          await check(page, '/register', locale, label);
          await page.locator('#pseudonym').fill('Neu hier');
          await submitEmpty(page, locale, label);
          assert.equal(await page.locator('#pseudonym').inputValue(), 'Neu hier');
        });

        for (const url of ['/login', '/forgot-password']) {
          test(`${label}: ${url} with errors`, async () => {
            await check(page, url, locale, label);
            await submitEmpty(page, locale, label);
          });
        }
      });
    }

    for (const locale of LOCALES) {
      describe(`${locale}, member`, { concurrency: 1 }, () => {
        const label = `${locale}, member`;
        const email = `mitglied-${locale}@example.org`;
        let page: Page;
        let verifyToken = '';

        before(async () => {
          page = await openPage(label, { locale: 'de' });
        });

        test(`${label}: registering with an e-mail address (account page with flash and confirmation banner)`, async () => {
          await visit(page, '/register');
          await page.getByLabel('Pseudonym', { exact: true }).fill(`Mitglied ${randomBytes(3).toString('hex')}`);
          await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD);
          await page.getByLabel('E-Mail-Adresse (freiwillig)').fill(email);
          await page.getByLabel('Ich halte mich an die Gemeinschaftsregeln.').check();
          await page.getByLabel(/^Ich willige ein/).check();
          const res = await navigation(page, () => page.getByRole('button', { name: 'Konto anlegen' }).click());
          assert.equal(res.status(), 200);
          assert.equal(new URL(page.url()).pathname, '/account');
          await switchTo(page, locale);
          if (locale === 'de') await checkA11y(page, `${label}: /account right after registration`);

          await app.t.app.deps.jobs.runDue(100);
          const mail = await app.t.app.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
          verifyToken = /verify-email\?token=([\w-]+)/.exec(mail.text_body)?.[1] ?? '';
          assert.ok(verifyToken, 'the confirmation mail has a link');
        });

        for (const url of MEMBER_PAGES) {
          test(`${label}: ${url}`, async () => {
            await check(page, url, locale, label);
          });
        }

        test(`${label}: /verify-email with a valid token`, async () => {
          await check(page, `/verify-email?token=${verifyToken}`, locale, label);
        });

        for (const url of MEMBER_ERROR_PAGES) {
          test(`${label}: ${url} with errors`, async () => {
            await visit(page, url);
            for (const field of await page.locator('main input.input:not([type="password"])').all()) await field.fill('');
            await submitEmpty(page, locale, label);
          });
        }

        test(`${label}: /account/api-tokens after creating and revoking a key`, async () => {
          await visit(page, '/account/api-tokens');
          await page.locator('#name').fill('Kalender');
          await page.locator('#currentPassword').fill(STRONG_PASSWORD);
          const created = await navigation(page, () => page.locator('main form[method="post"] button[type="submit"]').last().click());
          assert.equal(created.status(), 201);
          assert.match((await page.locator('main code').first().innerText()).trim(), /^\S{20,}$/);
          await checkA11y(page, `${label}: /account/api-tokens with a new key`);
          const revoked = await navigation(page, () => page.locator('main table button[type="submit"]').first().click());
          assert.equal(revoked.status(), 200);
          await checkA11y(page, `${label}: /account/api-tokens after revoking`);
        });
      });
    }

    for (const locale of LOCALES) {
      describe(`${locale}, admin`, { concurrency: 1 }, () => {
        const label = `${locale}, admin`;
        let page: Page;

        before(async () => {
          const pseudonym = `Verwaltung ${randomBytes(3).toString('hex')}`;
          await createAccountDirectly(app.t.app, 'admin', pseudonym);
          page = await openPage(label);
          await logInThroughForm(page, pseudonym);
          await switchTo(page, locale);
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

        test(`${label}: /admin/pages/help/${locale} with errors`, async () => {
          await visit(page, `/admin/pages/help/${locale}`);
          await page.locator('#title').fill('');
          await page.locator('#body').fill('');
          const res = await navigation(page, () => page.locator('main form button[type="submit"]').first().click());
          assert.equal(res.status(), 400);
          await checkA11y(page, `${label}: /admin/pages/help/${locale} with errors`);
        });

        // Logged in, the frame differs (account menu, administration link).
        for (const [url, status] of PUBLIC_PAGES) {
          test(`${label}: ${url}`, async () => {
            await check(page, url, locale, label, status);
          });
        }
      });
    }

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
        test(`${label}: /setup?token=…, with errors, and with a wrong token`, async () => {
          const page = await openPage(label, { locale, base: fresh.base });
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
