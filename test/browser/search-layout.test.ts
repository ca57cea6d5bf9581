// The search page puts results first: on a desktop screen (1280 × 900) and on a phone (390 × 844),
// with and without JavaScript, the count and the first result are on the first screen, and no
// element of the search, start and group pages runs past the right edge. axe-core and the Nu Html
// Checker look at every page on the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, newContext, SHOTS_DIR, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';

const SCREENS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Elements whose right edge lies past the window's width (hidden ones and screen-reader-only text aside). */
async function overflowing(page: Page): Promise<string[]> {
  // A string, as the other browser tests pass theirs: this project's TypeScript knows no DOM types.
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) found.push('the page scrolls sideways (' + document.documentElement.scrollWidth + ' > ' + width + ')');
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.visually-hidden, .skip-link, [hidden], details:not([open]) > :not(summary)')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const name = el.id ? '#' + el.id : typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
        found.push(el.tagName.toLowerCase() + name + ' from ' + Math.round(box.left) + ' to ' + Math.round(box.right));
      }
    }
    return found;
  })()`);
}

/** What the first screen shows, into /tmp/miteinander-shots/ for a person to look at. */
async function screenshotOfScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
}

/** The bottom edge of the first element matching the selector, in page pixels from the top. */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is not shown`);
  return box.y + box.height;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  browserSuite(`search page layout ${mode} (Chromium)`, () => {
    let app: RunningApp;
    let browser: Browser;
    let fixture: Awaited<ReturnType<typeof buildFixture>>;
    const axe = new A11yLog();
    const html = new HtmlCollector();

    before(async () => {
      app = await startApp();
      fixture = await buildFixture(app.t.app);
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      html.dispose();
    });

    for (const screen of SCREENS) {
      test(`${screen.name} (${screen.width} × ${screen.height}): the count and the first result are on the first screen, nothing runs past the edge`, async () => {
        const context = await newContext(browser, app.base, { javaScriptEnabled, viewport: { width: screen.width, height: screen.height } });
        const page = await context.newPage();
        html.watch(page, screen.name);
        try {
          await visit(page, '/groups?q=Depression&near=Leipzig&radius=25');
          await screenshotOfScreen(page, `search-first-screen-${screen.name}-${javaScriptEnabled ? 'js' : 'nojs'}`);
          assert.ok(await bottomOf(page, '#results-title') <= screen.height, 'the count is on the first screen');
          assert.ok(await bottomOf(page, '.result__title') <= screen.height, `the first result's title is on the first screen (bottom at ${await bottomOf(page, '.result__title')})`);
          assert.deepEqual(await overflowing(page), []);
          if (javaScriptEnabled) await axe.check(page, `search results, ${screen.name}`);

          // With filters chosen, the filters are open: every field still fits the screen.
          await visit(page, '/groups?q=Depression&near=Leipzig&radius=25&format=online&accessibility=step_free');
          assert.equal(await page.locator('details.finder__filters').getAttribute('open'), '');
          assert.deepEqual(await overflowing(page), []);
          if (javaScriptEnabled) await axe.check(page, `search with open filters, ${screen.name}`);

          // The start page and a group page, too.
          await visit(page, '/groups');
          assert.deepEqual(await overflowing(page), []);
          await visit(page, `/groups/${fixture.groups.leipzigGroup.slug}`);
          assert.deepEqual(await overflowing(page), []);
          if (javaScriptEnabled) await axe.check(page, `group page, ${screen.name}`);
        } finally {
          await context.close();
        }
      });
    }

    test('axe-core and the Nu Html Checker find nothing on these pages', async () => {
      if (javaScriptEnabled) axe.assertClean();
      await html.assertValid();
    });
  });
}
