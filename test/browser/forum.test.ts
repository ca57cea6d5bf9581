// The forum in Chromium: member A replies in a thread that member B has open — B sees it appear
// without reload; with JS off the same works by reload; a draft survives closing the page. Every
// forum page type goes through axe-core and the Nu Html Checker, in German and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, logInThroughForm, navigation, newContext, screenshot, setLangCookie, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { createCategory } from '../../src/features/forum/admin.ts';

browserSuite('forum journey (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let a: Page;
  let b: Page;
  let fixture: Awaited<ReturnType<typeof buildFixture>>;
  let threadUrl = '';
  const axe = new A11yLog();
  const html = new HtmlCollector();

  before(async () => {
    app = await startApp();
    fixture = await buildFixture(app.t.app);
    await createCategory(app.t.app.deps, { slug: 'allgemein', nameDe: 'Allgemeines', nameEn: 'General', position: 1, readAccess: 'everyone', noindex: false, descriptionDe: 'Für alle.', descriptionEn: 'For everyone.' });
    await createCategory(app.t.app.deps, { slug: 'depression', nameDe: 'Depression', nameEn: 'Depression', position: 2, readAccess: 'members', anonymous: true, descriptionDe: 'Leben mit Depression.', descriptionEn: 'Living with depression.' });
    browser = await launchBrowser();
    a = await (await newContext(browser, app.base)).newPage();
    b = await (await newContext(browser, app.base)).newPage();
    html.watch(a, 'A');
    html.watch(b, 'B');
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    html.dispose();
  });

  test('A starts a thread (the form keeps input on errors)', async () => {
    await logInThroughForm(a, 'Sonnenblume');
    await visit(a, '/forum');
    await axe.check(a, 'forum index');
    await visit(a, '/forum/c/depression');
    await axe.check(a, 'category');
    await visit(a, '/forum/c/depression/new');
    await axe.check(a, 'new thread form');
    await a.getByLabel('Titel').fill('Hi');
    await a.getByLabel('Ihr Text').fill('Wie geht ihr mit schlechten Tagen um?');
    await navigation(a, () => a.getByRole('button', { name: 'Thema veröffentlichen' }).click());
    assert.match(await a.locator('.error-summary').innerText(), /mindestens 5 Zeichen/);
    assert.equal(await a.getByLabel('Ihr Text').inputValue(), 'Wie geht ihr mit schlechten Tagen um?');
    await axe.check(a, 'new thread form with errors');
    await a.getByLabel('Titel').fill('Schlechte Tage');
    await a.getByLabel('Inhaltshinweis (freiwillig)').selectOption('loss');
    await navigation(a, () => a.getByRole('button', { name: 'Thema veröffentlichen' }).click());
    threadUrl = new URL(a.url()).pathname;
    assert.match(threadUrl, /^\/forum\/t\/\d+\/schlechte-tage$/);
    assert.match(await a.locator('main').innerText(), /Inhaltshinweis: Verlust und Trauer/);
    await axe.check(a, 'thread with a content note');
    await screenshot(a, 'forum-thread');
  });

  test('B has the thread open; A replies; B sees it appear without reload', async () => {
    await logInThroughForm(b, 'Kranich');
    await visit(b, threadUrl);
    await b.waitForTimeout(300);
    await a.getByLabel('Ihr Text').fill('Mir hilft ein Spaziergang, auch ein kurzer.');
    await navigation(a, () => a.getByRole('button', { name: 'Antwort senden' }).click());
    await b.locator('#p2').waitFor({ timeout: 5000 });
    assert.match(await b.locator('#p2').innerText(), /Spaziergang/);
    assert.match(await b.locator('#live-note').innerText(), /1 neue Antwort/);
    assert.equal(new URL(b.url()).pathname, threadUrl, 'no navigation happened');
    await axe.check(b, 'thread after a live update');
  });

  test('with JavaScript off the same journey works by reload', async () => {
    const c = await (await newContext(browser, app.base, { javaScriptEnabled: false })).newPage();
    html.watch(c, 'no JS');
    await logInThroughForm(c, 'Leitung Lena');
    await visit(c, threadUrl);
    await a.getByLabel('Ihr Text').fill('Noch ein Gedanke: Tee und eine Decke.');
    await navigation(a, () => a.getByRole('button', { name: 'Antwort senden' }).click());
    await visit(c, threadUrl);
    assert.match(await c.locator('#p3').innerText(), /Tee und eine Decke/);
    await c.getByLabel('Ihr Text').fill('Danke euch, ohne Skript geschrieben.');
    await navigation(c, () => c.getByRole('button', { name: 'Antwort senden' }).click());
    assert.match(await c.locator('#p4').innerText(), /ohne Skript/);
    await c.close();
  });

  test('a draft survives closing the page and opens on another device', async () => {
    const page = await (await newContext(browser, app.base)).newPage();
    await logInThroughForm(page, 'Kranich');
    await visit(page, threadUrl);
    await page.getByLabel('Ihr Text').fill('Ein Entwurf, der nicht verloren gehen darf.');
    await page.locator('#draft-status:has-text("Entwurf gespeichert")').waitFor({ timeout: 8000 });
    await page.close();
    await visit(b, threadUrl);
    assert.equal(await b.getByLabel('Ihr Text').inputValue(), 'Ein Entwurf, der nicht verloren gehen darf.');
    assert.match(await b.locator('main').innerText(), /Ihr Entwurf vom .* ist wiederhergestellt/);
    await axe.check(b, 'thread with a restored draft');
  });

  test('every other forum page type, in German and English', async () => {
    const postId = await app.t.app.deps.db.selectFrom('forum_posts').select('id').where('number', '=', 2).executeTakeFirstOrThrow();
    await visit(a, `/forum/p/${postId.id}/edit`);
    await axe.check(a, 'edit post');
    await a.getByLabel('Ihr Text').fill('Mir hilft ein Spaziergang, auch ein kurzer – und frische Luft.');
    await navigation(a, () => a.getByRole('button', { name: 'Änderung speichern' }).click());
    await visit(a, `/forum/p/${postId.id}/history`);
    await axe.check(a, 'post history');
    await visit(a, `/forum/p/${postId.id}/delete`);
    await axe.check(a, 'delete post');
    await visit(a, '/forum/search?q=spazier');
    assert.match(await a.locator('main').innerText(), /1 Treffer/);
    await axe.check(a, 'search');
    await visit(a, '/forum/search?q=x', 400);
    await axe.check(a, 'search with an error');
    await visit(a, '/forum/unanswered');
    await axe.check(a, 'unanswered');
    await visit(a, '/notifications');
    await axe.check(a, 'notifications');
    await visit(a, '/forum/settings');
    await axe.check(a, 'forum settings');
    const lena = await (await newContext(browser, app.base)).newPage();
    html.watch(lena, 'facilitator');
    await logInThroughForm(lena, 'Leitung Lena');
    await navigation(lena, () => lena.goto(`/forum/g/${fixture.groups.leipzigGroup.slug}`));
    assert.match(await lena.locator('h1').innerText(), /Pinnwand/);
    await axe.check(lena, 'group board');
    const admin = await (await newContext(browser, app.base)).newPage();
    html.watch(admin, 'admin');
    await logInThroughForm(admin, 'Admin Anke');
    await visit(admin, '/forum/admin/categories');
    await axe.check(admin, 'manage categories');
    await navigation(admin, () => admin.getByRole('button', { name: 'Kategorie speichern' }).click());
    await axe.check(admin, 'manage categories with errors');

    // English, as a visitor and as a member.
    const en = await newContext(browser, app.base, { locale: 'en-GB' });
    await setLangCookie(en, app.base, 'en');
    const visitor = await en.newPage();
    html.watch(visitor, 'en visitor');
    await visit(visitor, '/forum');
    await axe.check(visitor, 'forum index (en)');
    await visit(visitor, '/forum/c/allgemein');
    await axe.check(visitor, 'category (en)');
    await visit(visitor, '/forum/search?q=tee');
    await axe.check(visitor, 'search (en)');
    await visit(visitor, '/forum/unanswered');
    await axe.check(visitor, 'unanswered (en)');
    await logInThroughForm(visitor, 'Sonnenblume');
    await visitor.goto('/forum');
    await visit(visitor, threadUrl);
    await axe.check(visitor, 'thread (en)');
    await visit(visitor, '/forum/c/depression/new');
    await axe.check(visitor, 'new thread form (en)');
    await visit(visitor, `/forum/p/${postId.id}/edit`);
    await visit(visitor, `/forum/p/${postId.id}/history`);
    await visit(visitor, `/forum/p/${postId.id}/delete`);
    await visit(visitor, '/notifications');
    await axe.check(visitor, 'notifications (en)');
    await visit(visitor, '/forum/settings');
    await axe.check(visitor, 'settings (en)');
  });

  test('axe-core: 0 violations on every forum page', () => {
    axe.assertClean();
  });

  test('Nu Html Checker: 0 errors in the server HTML of every forum page', async () => {
    await html.assertValid();
  });
});
