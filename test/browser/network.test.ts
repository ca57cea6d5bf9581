// "My support network" in Chromium, keyboard only: add five people across the parts of life, log a
// contact, watch the map, the due list and the network check change. axe-core runs on every page of
// the feature; the Nu Html Checker checks the server HTML of all of them (the map included), with
// JavaScript on and, for the map and a form, off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  A11yLog, HtmlCollector, STRONG_PASSWORD, browserSuite, createAccountDirectly, launchBrowser, navigation, newContext, screenshot, startApp, textOf, visit,
} from './support.ts';
import type { RunningApp } from './support.ts';
import { addDays, today } from '../../src/platform/time.ts';

browserSuite('my support network, keyboard only (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const a11y = new A11yLog();
  const html = new HtmlCollector();
  const shots: string[] = [];
  const pseudonym = 'Netzknüpferin';

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await newContext(browser, app.base);
    page = await context.newPage();
    html.watch(page);
    await createAccountDirectly(app.t.app, 'member', pseudonym);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    html.dispose();
    if (shots.length) console.log(`screenshots:\n  ${shots.join('\n  ')}`);
  });

  /** Focuses a field by its label and types, as a keyboard user would after tabbing there. */
  async function type(label: string | RegExp, text: string): Promise<void> {
    await page.getByLabel(label, { exact: typeof label === 'string' }).focus();
    await page.keyboard.type(text);
  }
  /** Focuses a radio button or checkbox and presses the space bar. */
  async function choose(label: string, group?: string): Promise<void> {
    await (group ? page.getByRole('group', { name: group }) : page).getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('Space');
  }
  /** Focuses a button or link and presses Enter; returns the response of the page it leads to. */
  async function press(role: 'button' | 'link', name: string | RegExp, within = 'main') {
    const target = page.locator(within).getByRole(role, { name, exact: typeof name === 'string' }).first();
    await target.focus();
    return navigation(page, () => page.keyboard.press('Enter'));
  }
  const findings = async () => page.locator('[data-finding]').evaluateAll((items) => items.map((i) => i.getAttribute('data-finding')));
  const mapPoints = async () => page.locator('svg.netmap a.netmap__point').count();

  test('log in with the keyboard and find the empty network with its check', async () => {
    await visit(page, '/login?next=/network');
    await type('Pseudonym oder E-Mail-Adresse', pseudonym);
    await type('Passwort', STRONG_PASSWORD);
    await navigation(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).pathname, '/network');
    assert.equal(await textOf(page, 'h1'), 'Mein Unterstützungsnetz');
    assert.equal(await mapPoints(), 0);
    await a11y.check(page, 'network map, empty');
    await press('link', 'Netz-Check');
    assert.deepEqual(await findings(), ['empty']);
    await a11y.check(page, 'network check, empty');
  });

  test('an empty name comes back with the error summary and the typed notes', async () => {
    await press('link', 'Karte');
    await press('link', 'Jemanden hinzufügen');
    await a11y.check(page, 'add entry');
    await type('Notizen (freiwillig)', 'mag Sonnenblumen');
    await type('Alle', '0');
    const res = await press('button', 'Speichern');
    assert.equal(res.status(), 400);
    const hrefs = await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['#name', '#sector', '#circle', '#rhythmEvery']);
    assert.equal(await page.getByLabel('Notizen (freiwillig)').inputValue(), 'mag Sonnenblumen');
    await a11y.check(page, 'add entry with errors');
    shots.push(await screenshot(page, 'network-add-errors'));
  });

  const people = [
    { name: 'Mama', sector: 'Familie', circle: 'Ganz nah (innerer Kreis)', support: 'hört zu, tröstet', rhythm: '1' },
    { name: 'Lena', sector: 'Freundschaft', circle: 'Nah (mittlerer Kreis)', support: 'leistet Gesellschaft', rhythm: '2' },
    { name: 'Frau Kaya', sector: 'Nachbarschaft', circle: 'Weiter weg (äußerer Kreis)', support: 'packt mit an', rhythm: '' },
    { name: 'Dr. Weber', sector: 'Fachleute', circle: 'Weiter weg (äußerer Kreis)', support: 'weiß Rat, gibt Auskunft', rhythm: '' },
    { name: 'Tim', sector: 'Arbeit und Schule', circle: 'Nah (mittlerer Kreis)', support: 'leistet Gesellschaft', rhythm: '4' },
  ];

  test('five people across five parts of life: each one appears on the map', async () => {
    // The form from the failed attempt is still open: fill it in properly.
    let first = true;
    for (const [i, p] of people.entries()) {
      if (!first) await press('link', 'Jemanden hinzufügen');
      if (first) {
        await page.getByLabel('Notizen (freiwillig)').fill('');
        await page.getByLabel('Alle', { exact: true }).fill('');
      }
      first = false;
      await type('Name', p.name);
      await choose(p.sector);
      await choose(p.circle);
      await choose(p.support);
      if (p.rhythm) await type('Alle', p.rhythm);
      const res = await press('button', 'Speichern');
      assert.equal(res.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/network');
      assert.equal(await textOf(page, '.banner'), `${p.name} steht jetzt in Ihrem Netz.`);
      assert.equal(await mapPoints(), i + 1, `the map shows ${i + 1} point(s)`);
      assert.equal(await page.locator(`svg.netmap a[aria-label*=". ${p.name}: ${p.sector}"]`).count(), 1);
    }
    assert.equal(await page.locator('#table ~ .table-wrap tbody tr').count(), 5);
    await a11y.check(page, 'network map with five entries');
    shots.push(await screenshot(page, 'network-map'));
  });

  test('the points of the map are reached with Tab and opened with Enter', async () => {
    await visit(page, '/network');
    let onPoint = false;
    for (let i = 0; i < 40 && !onPoint; i++) {
      await page.keyboard.press('Tab');
      onPoint = await page.evaluate("document.activeElement?.classList.contains('netmap__point') ?? false");
    }
    assert.ok(onPoint, 'a point of the map takes the focus');
    const label = await page.evaluate("document.activeElement.getAttribute('aria-label')");
    await navigation(page, () => page.keyboard.press('Enter'));
    assert.ok(String(label).includes(`. ${await textOf(page, 'h1')}: `), `${label} opened its page`);
    await a11y.check(page, 'entry page');
  });

  test('when Mama is due she is on the due list and in the check; logging a call takes her off both', async () => {
    const db = app.t.app.deps.db;
    await db.updateTable('network_entries').set({ created_at: `${addDays(today(), -10)}T09:00:00.000Z` }).execute();
    await visit(page, '/network');
    await press('link', 'In Kontakt bleiben', '.subnav');
    assert.match(await textOf(page, '.touch-list'), /Mama/);
    await a11y.check(page, 'stay in touch, Mama due');
    shots.push(await screenshot(page, 'network-touch'));
    await press('link', 'Netz-Check', '.subnav');
    assert.ok((await findings()).includes('dueNow'));
    const before = await findings();
    await press('link', 'In Kontakt bleiben', '.subnav');
    await press('link', /^Kontakt eintragen\W+Mama$/);
    assert.equal(new URL(page.url()).hash, '#contact');
    await choose('Telefonat');
    await type('Notiz zum Kontakt (freiwillig)', 'Lange telefoniert');
    const res = await press('button', 'Kontakt eintragen');
    assert.equal(res.status(), 200);
    assert.equal(await textOf(page, '.banner'), 'Der Kontakt mit Mama ist eingetragen.');
    await press('link', 'In Kontakt bleiben', '.subnav');
    assert.doesNotMatch(await textOf(page, 'main'), /fällig seit .* Mama|Mama .*fällig seit/);
    await press('link', 'Netz-Check', '.subnav');
    const after = await findings();
    assert.ok(after.length < before.length, `findings ${before} → ${after}`);
    assert.ok(!after.includes('dueNow') || !(await textOf(page, 'main')).includes('3 Kontakte'));
    await press('link', 'Karte', '.subnav');
    assert.match(await textOf(page, '#table ~ .table-wrap'), new RegExp(`Mama .*${new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date())}`));
  });

  test('give and take, gratitude, check-ins, edit, delete and import pages pass axe', async () => {
    await visit(page, '/network');
    await page.locator('svg.netmap a[aria-label*=". Lena: "]').focus();
    await navigation(page, () => page.keyboard.press('Enter'));
    await choose('Lena hat mir geholfen');
    await choose('packt mit an');
    await press('button', 'Eintragen');
    await type('Wofür sind Sie Lena dankbar?', 'Fürs Zuhören am Sonntag');
    await press('button', 'Im Tagebuch speichern');
    await a11y.check(page, 'entry with give and take and thanks');
    shots.push(await screenshot(page, 'network-entry'));
    await press('link', 'Bearbeiten');
    await a11y.check(page, 'edit entry');
    await visit(page, page.url().replace('/edit', '/delete'));
    await a11y.check(page, 'delete entry');
    for (const [section, label] of [['Geben und Nehmen', 'give and take'], ['Dankbarkeit', 'gratitude']] as const) {
      await press('link', section, '.subnav');
      await a11y.check(page, label);
    }
    await press('link', 'Wie geht es mir?', '.subnav');
    await a11y.check(page, 'check-ins, empty');
    for (const [mood, energy] of [['eher schlecht', 'wenig'], ['mittel', 'viel']] as const) {
      await choose(mood, 'Wie ist Ihre Stimmung?');
      await choose(energy, 'Wie viel Kraft haben Sie?');
      await press('button', 'Speichern');
    }
    assert.equal(await page.locator('svg.chart polyline').count(), 2);
    await a11y.check(page, 'check-ins with chart');
    shots.push(await screenshot(page, 'network-checkins'));
    await press('link', 'Importieren und Exportieren', '.subnav');
    await a11y.check(page, 'import and export');
    const dir = mkdtempSync(join(tmpdir(), 'vcf-'));
    const file = join(dir, 'kontakte.vcf');
    writeFileSync(file, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Onkel Ben\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nTEL:1\r\nEND:VCARD\r\n');
    await page.getByLabel(/vCard-Datei/).setInputFiles(file);
    const res = await press('button', 'Importieren');
    assert.equal(res.status(), 200);
    assert.match(await textOf(page, '.banner'), /1 Kontakte übernommen.*Kontakt 2: kein Name/);
    await a11y.check(page, 'import result');
    await press('link', 'Netz-Check', '.subnav');
    await a11y.check(page, 'network check with findings');
    shots.push(await screenshot(page, 'network-check'));
  });

  test('without JavaScript the map and the forms work the same', async () => {
    const nojs = await newContext(browser, app.base, { javaScriptEnabled: false });
    try {
      await nojs.addCookies(await context.cookies());
      const p = await nojs.newPage();
      html.watch(p, 'no JS');
      await p.goto('/network');
      assert.equal(await p.locator('svg.netmap a.netmap__point').count(), 6);
      await p.goto('/network/stay-in-touch');
      assert.equal(await p.locator('h1').innerText(), 'In Kontakt bleiben');
    } finally {
      await nojs.close();
    }
  });

  test('axe found nothing and the Nu Html Checker finds no errors in any network page', async () => {
    a11y.assertClean();
    await html.assertValid();
  });
});
