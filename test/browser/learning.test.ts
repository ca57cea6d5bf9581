// The learning area in Chromium, with JavaScript on and off: a visitor reads; a member reads a lesson,
// answers the reflection (saved as they type, or with the button), takes the step into the network,
// comes back and sees their progress. axe-core runs on every page type in German and English and the
// Nu Html Checker checks the server HTML of all of them; axe also runs on a network map with long names.
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  A11yLog, HtmlCollector, browserSuite, createAccountDirectly, launchBrowser, logInThroughForm, navigation, newContext, screenshot, setLangCookie, startApp, textOf, visit,
} from './support.ts';
import type { RunningApp } from './support.ts';

const LESSON = '/learn/unterstuetzungsnetz/familie-und-freunde';

browserSuite('learning: read, reflect, take a step, come back (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const a11y = new A11yLog();
  const html = new HtmlCollector();
  const shots: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    html.dispose();
    if (shots.length) console.log(`screenshots:\n  ${shots.join('\n  ')}`);
  });

  async function openPage(label: string, options: { javaScriptEnabled?: boolean; locale?: 'de' | 'en' } = {}): Promise<Page> {
    const context = await newContext(browser, app.base, { javaScriptEnabled: options.javaScriptEnabled ?? true });
    contexts.push(context);
    if (options.locale) await setLangCookie(context, app.base, options.locale);
    const page = await context.newPage();
    html.watch(page, label);
    return page;
  }

  const answerRows = async (userId: string) => app.t.app.deps.db.selectFrom('learning_answers').selectAll().where('user_id', '=', userId).execute();

  test('a visitor reads every page type in German and English', async () => {
    for (const locale of ['de', 'en'] as const) {
      const page = await openPage(`${locale}, visitor`, { locale });
      for (const path of ['/learn', '/learn/unterstuetzungsnetz', LESSON, '/learn/selbsthilfe/geben-und-nehmen?sprache=leicht', '/leichte-sprache', '/share?path=%2Flearn&title=Lernen']) {
        await visit(page, path);
        await a11y.check(page, `${locale} visitor ${path}`);
      }
      await visit(page, '/share?path=%2Flearn&instance=nicht+gueltig', 400);
      await a11y.check(page, `${locale} share page with an error`);
      if (locale === 'de') shots.push(await screenshot(page, 'learn-share-error'));
    }
    const page = await openPage('de, visitor');
    await visit(page, LESSON);
    assert.match(await textOf(page, 'main'), /Melden Sie sich an, um Ihre Antwort privat aufzuschreiben/);
    shots.push(await screenshot(page, 'learn-lesson-visitor'));
  });

  for (const javaScript of [true, false]) {
    test(`a member reads, answers, takes the step into the network, comes back and sees progress (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const pseudonym = javaScript ? 'Lernende Mit Skript' : 'Lernende Ohne Skript';
      const userId = await createAccountDirectly(app.t.app, 'member', pseudonym);
      const page = await openPage(`de, member, JS ${javaScript ? 'on' : 'off'}`, { javaScriptEnabled: javaScript });
      await logInThroughForm(page, pseudonym);
      await visit(page, '/learn');
      await navigation(page, () => page.locator('main').getByRole('link', { name: 'Ein Unterstützungsnetz aufbauen und pflegen' }).click());
      await navigation(page, () => page.locator('main').getByRole('link', { name: 'Kurs beginnen' }).click());
      assert.equal(new URL(page.url()).pathname, LESSON);
      const check = async (label: string) => {
        if (javaScript) await a11y.check(page, label);
      };
      await check('lesson, member');

      const box = page.getByLabel('Wer aus Ihrer Familie oder Ihrem Freundeskreis hat Ihnen schon einmal geholfen, ohne dass Sie fragen mussten?');
      if (javaScript) {
        await box.click();
        await page.keyboard.type('Meine Schwester Ruth, beim Umzug.');
        await page.locator('[data-autosave-status]').filter({ hasText: 'Gespeichert.' }).waitFor({ timeout: 10_000 });
        await a11y.check(page, 'lesson, answer saved while typing');
      } else {
        await box.fill('Meine Schwester Ruth, beim Umzug.');
        await navigation(page, () => page.getByRole('button', { name: 'Antwort speichern' }).click());
        assert.match(await textOf(page, 'main'), /Ihre Antwort ist gespeichert/);
        assert.equal(await page.getByLabel(/^Wer aus Ihrer Familie/).inputValue(), 'Meine Schwester Ruth, beim Umzug.');
      }
      const rows = await answerRows(userId);
      assert.equal(rows.length, 1);
      assert.match(rows[0]!.answer_sealed, /^v1\./);

      // The step into action: the network form with the part of life already chosen, then back.
      await navigation(page, () => page.locator('.action-step').getByRole('link').click());
      assert.equal(new URL(page.url()).pathname, '/network/entries/new');
      assert.equal(await page.getByRole('group', { name: 'Lebensbereich' }).getByLabel('Familie', { exact: true }).isChecked(), true);
      await check('network form from a lesson');
      await page.getByLabel('Name', { exact: true }).fill('Schwester Ruth');
      await page.getByRole('group', { name: /Wie nah/ }).getByRole('radio').first().check();
      await navigation(page, () => page.getByRole('button', { name: 'Speichern' }).click());
      assert.equal(new URL(page.url()).pathname, LESSON, 'saving leads back to the lesson');
      assert.match(await textOf(page, 'main'), /Schwester Ruth/);

      await navigation(page, () => page.getByRole('button', { name: 'Erledigt – weiter zur nächsten Lektion' }).click());
      assert.equal(new URL(page.url()).pathname, '/learn/unterstuetzungsnetz/vereine-und-gemeinschaft');
      await visit(page, '/learn');
      assert.match(await textOf(page, 'main'), /Weiter, wo Sie aufgehört haben/);
      assert.match(await textOf(page, 'main'), /1 von 8 Lektionen erledigt/);
      await check('learn, with progress');
      await navigation(page, () => page.locator('.resume').getByRole('link', { name: 'Weiterlesen' }).click());
      assert.equal(new URL(page.url()).pathname, '/learn/unterstuetzungsnetz/vereine-und-gemeinschaft');
      await visit(page, '/learn/unterstuetzungsnetz');
      await check('course, with progress');
      shots.push(await screenshot(page, `learn-course-progress-js-${javaScript ? 'on' : 'off'}`));
      await visit(page, LESSON);
      shots.push(await screenshot(page, `learn-lesson-member-js-${javaScript ? 'on' : 'off'}`));
    });
  }

  test('English lesson and the help box for an answer that sounds like a crisis pass axe', async () => {
    const userId = await createAccountDirectly(app.t.app, 'member', 'Reader En');
    await app.t.app.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', userId).execute();
    const page = await openPage('en, member');
    await logInThroughForm(page, 'Reader En');
    await visit(page, LESSON);
    await page.getByLabel(/^Who in your family/).fill('I want to kill myself.');
    // While typing, the script's save brings up the help box; after saving with the button, the page has it too.
    await page.locator('#help-box').waitFor({ state: 'visible', timeout: 10_000 });
    await navigation(page, () => page.getByRole('button', { name: 'Save answer' }).click());
    assert.equal(await page.locator('#help-box').isVisible(), true);
    await a11y.check(page, 'en lesson with help box');
    shots.push(await screenshot(page, 'learn-help-box'));
  });

  test('staff write, preview and publish a course; every editor page passes axe', async () => {
    await createAccountDirectly(app.t.app, 'staff', 'Kurs Kerstin');
    const page = await openPage('de, staff');
    await logInThroughForm(page, 'Kurs Kerstin');
    await visit(page, '/learn/manage');
    await a11y.check(page, 'editor list');
    await navigation(page, () => page.locator('main').getByRole('link', { name: 'Neuen Kurs anlegen' }).click());
    await a11y.check(page, 'new course');
    await page.getByLabel('Kurzname für die Adresse').fill('mut-fassen');
    await navigation(page, () => page.getByRole('button', { name: 'Als neue Fassung speichern' }).click());
    await a11y.check(page, 'new course with errors');
    await page.getByLabel('Titel').fill('Mut fassen');
    await page.getByLabel('Kurzbeschreibung').fill('Wie man den ersten Schritt in eine Gruppe wagt.');
    await navigation(page, () => page.getByRole('button', { name: 'Als neue Fassung speichern' }).click());
    assert.match(new URL(page.url()).pathname, /^\/learn\/manage\/[0-9a-f-]{36}$/);
    await a11y.check(page, 'course editor');
    await navigation(page, () => page.getByRole('link', { name: 'Vorschau der Fassung 1' }).click());
    await a11y.check(page, 'preview');
    await page.goBack();
    await navigation(page, () => page.getByRole('button', { name: 'Fassung 1 veröffentlichen' }).click());
    await visit(page, '/learn/mut-fassen/lektion-1');
    await a11y.check(page, 'written course, lesson');
  });

  test('the network map with long names: every point keeps its visible label in its name', async () => {
    const userId = await createAccountDirectly(app.t.app, 'member', 'Langname');
    const { createEntry } = await import('../../src/features/network/service.ts');
    const names = ['Selbsthilfegruppe Lichtblick Leipzig', 'Katrin (Schulfreundin aus Dresden)', 'Selbsthilfe-Kontaktstelle Mitte', 'Dr. Weber (Hausärztin)', 'Frau Brandt (Therapeutin)', 'Großtante Hildegard-Marie', 'Ab (Cdefgh Ijklmnopq)', 'Donaudampfschifffahrtsgesellschaft'];
    const sectors = ['community', 'friends', 'professional', 'professional', 'professional', 'family', 'neighbourhood', 'work'] as const;
    for (const [i, name] of names.entries()) {
      await createEntry(app.t.app.deps, userId, { kind: 'person', name, sector: sectors[i]!, circle: (['inner', 'middle', 'outer'] as const)[i % 3]!, support: [], phone: '', email: '', notes: '', rhythmDays: null });
    }
    const page = await openPage('de, map');
    await logInThroughForm(page, 'Langname');
    await visit(page, '/network');
    assert.equal(await page.locator('svg.netmap a.netmap__point').count(), names.length);
    await a11y.check(page, 'network map with long names');
    shots.push(await screenshot(page, 'network-map-long-names'));
  });

  test('staff upload a sign-language video with captions; the lesson and the start page show it in German and English', async () => {
    await createAccountDirectly(app.t.app, 'staff', 'Video Vera');
    const page = await openPage('de, staff, videos');
    await logInThroughForm(page, 'Video Vera');
    await visit(page, '/learn/selbsthilfe/geben-und-nehmen');
    await navigation(page, () => page.locator('main').getByRole('link', { name: 'Video hochladen' }).click());
    assert.equal(new URL(page.url()).pathname, '/learn/videos');
    assert.equal(await page.getByLabel('Platz', { exact: true }).inputValue(), 'dgs-selbsthilfe');
    await a11y.check(page, 'videos, upload form');
    // Without captions the upload is refused with a message at the field.
    const dir = mkdtempSync(join(tmpdir(), 'miteinander-video-'));
    // The smallest file that is an MP4 by its magic bytes (no encoder on this machine; it does not play).
    const mp4 = join(dir, 'gebaerden.mp4');
    writeFileSync(mp4, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isommp41', 'latin1'), Buffer.alloc(64)]));
    const vtt = join(dir, 'gebaerden.vtt');
    writeFileSync(vtt, 'WEBVTT\n\n00:00.000 --> 00:04.000\nIn der Selbsthilfe hilft man sich gegenseitig.\n');
    await page.getByLabel('Titel des Videos').fill('Selbsthilfe in Gebärdensprache');
    await page.getByLabel(/^Videodatei/).setInputFiles(mp4);
    await page.getByLabel('Text zum Video').fill('Petra erklärt, was **Selbsthilfe** bedeutet.');
    await navigation(page, () => page.getByRole('button', { name: 'Video hochladen' }).click());
    assert.match(await textOf(page, '.error-summary'), /Ohne Untertitel zeigen wir kein Video/);
    await a11y.check(page, 'videos, upload without captions');
    await page.getByLabel(/^Videodatei/).setInputFiles(mp4);
    await page.getByLabel(/^Untertitel/).setInputFiles(vtt);
    await navigation(page, () => page.getByRole('button', { name: 'Video hochladen' }).click());
    assert.match(await textOf(page, '.banner'), /Das Video ist hochgeladen/);
    await a11y.check(page, 'videos, list with a video');
    shots.push(await screenshot(page, 'learn-videos'));
    for (const locale of ['de', 'en'] as const) {
      const reader = await openPage(`${locale}, visitor, video`, { locale });
      await visit(reader, '/learn/selbsthilfe/geben-und-nehmen');
      assert.equal(await reader.locator('video[controls][preload="metadata"] > track[kind="captions"][default]').count(), 1);
      assert.equal(await reader.locator('.video__transcript strong').textContent(), 'Selbsthilfe');
      await a11y.check(reader, `${locale} lesson with a video`);
      if (locale === 'de') shots.push(await screenshot(reader, 'learn-lesson-video'));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('axe found nothing and the Nu Html Checker finds no errors on any learning page', async () => {
    a11y.assertClean();
    await html.assertValid();
  });
});
