// Shared helpers of the browser suite: skip logic, the app on a real port, Chromium, axe-core,
// a collector of the raw server HTML of every page visited, and the Nu Html Checker (vnu-jar).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';
import { STRONG_PASSWORD, createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

export { STRONG_PASSWORD };

const require = createRequire(import.meta.url);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS_DIR = '/tmp/miteinander-shots';
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// --- Skip logic -----------------------------------------------------------------------------

function missingTool(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) return `browser suite skipped: Chromium not found at ${CHROMIUM_PATH}`;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'browser suite skipped: Java not found (`java -version` failed), needed for the Nu Html Checker (vnu-jar)';
  return undefined;
}

const missing = missingTool();
if (missing) console.log(process.env.REQUIRE_ALL === '1' ? `${missing} – but REQUIRE_ALL=1, so the suite fails` : missing);

/** Why the browser suite cannot run here (Chromium or Java missing), or undefined. */
export const skipReason: string | undefined = missing;

/**
 * A suite that needs Chromium and Java. Without them it is one skipped test carrying the reason,
 * or, with REQUIRE_ALL=1 (CI), one failing test with that message.
 */
export function browserSuite(name: string, fn: () => void): void {
  if (!missing) {
    describe(name, fn);
  } else if (process.env.REQUIRE_ALL === '1') {
    test(name, () => {
      assert.fail(`${missing} (REQUIRE_ALL=1: the browser suite must run)`);
    });
  } else {
    test(name, { skip: missing }, () => undefined);
  }
}

// --- App and browser ----------------------------------------------------------------------------

export interface RunningApp {
  t: TestApp;
  base: string;
  close(): Promise<void>;
}

/** A fresh app (test/helpers.ts) listening on a free port of 127.0.0.1. */
export async function startApp(): Promise<RunningApp> {
  const t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, base: `http://127.0.0.1:${port}`, close: () => t.close() };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A context as a German-speaking visitor would have, with CSP bypassed so axe can be injected. */
export function newContext(browser: Browser, base: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, baseURL: base, locale: 'de-DE', acceptDownloads: true, ...options });
}

/** Sets the language cookie the header switch would set (used for visitors who are not logged in). */
export async function setLangCookie(context: BrowserContext, base: string, locale: 'de' | 'en'): Promise<void> {
  await context.addCookies([{ name: 'lang', value: locale, url: base, httpOnly: true, sameSite: 'Lax' }]);
}

/** An account created through the service, as test/helpers.ts signedInAs does (no log-in). */
export async function createAccountDirectly(app: TestApp['app'], role: 'member' | 'staff' | 'moderator' | 'admin', pseudonym: string, email = ''): Promise<string> {
  const { createAccount } = await import('../../src/features/accounts/service.ts');
  const { translator } = await import('../../src/platform/i18n/index.ts');
  const created = await createAccount(app.deps, { pseudonym, password: STRONG_PASSWORD, email, locale: 'de', role }, translator('de'));
  if (!created.ok) throw new Error(created.errors.map((e) => e.message).join());
  return created.value.userId;
}

/** Logs in through the /login form of the page (German or English labels). */
export async function logInThroughForm(page: Page, identifier: string, password = STRONG_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(Pseudonym oder E-Mail-Adresse|Pseudonym or e-mail address)$/).fill(identifier);
  await page.getByLabel(/^(Passwort|Password)$/).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.locator('main').getByRole('button', { name: /^(Anmelden|Log in)$/ }).click()]);
}

/**
 * A page of its own browser context (JavaScript on or off, a language), watched for HTML checks and
 * signed in through the form: one person of a journey.
 */
export async function signedInPage(browser: Browser, base: string, html: HtmlCollector, person: { label: string; pseudonym: string; js: boolean; locale?: 'de-DE' | 'en-GB' }): Promise<Page> {
  const page = await (await newContext(browser, base, { javaScriptEnabled: person.js, locale: person.locale ?? 'de-DE' })).newPage();
  html.watch(page, person.label);
  await logInThroughForm(page, person.pseudonym);
  return page;
}


// --- axe-core --------------------------------------------------------------------------------

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface A11yProblem {
  label: string;
  url: string;
  violation: AxeViolation;
}

/** Runs axe-core on the page as it is now and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const present = await page.evaluate('typeof window.axe === "object"');
  if (!present) await page.addScriptTag({ content: AXE_SOURCE });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

/** One entry per rule and element, with the pages it was found on, so a fault of the frame is listed once. */
export function formatA11y(problems: A11yProblem[]): string {
  const groups = new Map<string, { v: AxeViolation; node: AxeNode; pages: string[] }>();
  for (const { label, url, violation: v } of problems) {
    for (const node of v.nodes) {
      const key = `${v.id} ${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`;
      const group = groups.get(key) ?? { v, node, pages: [] };
      group.pages.push(`${label} <${new URL(url).pathname}>`);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map(({ v, node, pages }) => {
      const summary = node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : '';
      const where = pages.length > 6 ? `${pages.slice(0, 6).join('; ')}; … ${pages.length - 6} more` : pages.join('; ');
      return `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help} – ${v.helpUrl}\n    target ${JSON.stringify(node.target)}: ${node.html.slice(0, 200)}${summary}\n    on ${pages.length} page(s): ${where}`;
    })
    .join('\n');
}

/** axe-core on the page; asserts 0 violations, reporting id, impact, target and help. */
export async function checkA11y(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  const problems = violations.map((violation) => ({ label, url: page.url(), violation }));
  assert.equal(problems.length, 0, `axe-core found ${problems.length} violation(s):\n${formatA11y(problems)}`);
}

/** Collects axe violations over many pages so a journey can go on; assert once at the end. */
export class A11yLog {
  readonly problems: A11yProblem[] = [];
  readonly checked: string[] = [];

  async check(page: Page, label: string): Promise<void> {
    const violations = await axeViolations(page);
    this.checked.push(label);
    for (const violation of violations) this.problems.push({ label, url: page.url(), violation });
  }

  assertClean(): void {
    assert.ok(this.checked.length > 0, 'axe-core ran on no page');
    assert.equal(this.problems.length, 0, `axe-core found ${this.problems.length} violation(s) on ${new Set(this.problems.map((p) => p.label)).size} of ${this.checked.length} page(s):\n${formatA11y(this.problems)}`);
  }
}

// --- Raw server HTML and the Nu Html Checker -------------------------------------------------------

interface Collected {
  file: string;
  url: string;
  status: number;
  label: string;
}

/**
 * Saves the HTML the server sent for every main-frame navigation of the pages it watches
 * (not the DOM after scripts), so the Nu Html Checker sees exactly what the server rendered.
 */
export class HtmlCollector {
  readonly dir = mkdtempSync(join(tmpdir(), 'miteinander-html-'));
  readonly pages: Collected[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: unknown[] = [];
  private n = 0;
  private readonly labels = new WeakMap<Page, string>();

  /** Collects the HTML of the page's navigations from now on, labelled e.g. "en, admin". */
  watch(page: Page, label = ''): void {
    this.labels.set(page, label);
    page.on('response', (res) => {
      const job: Promise<void> = this.take(page, res)
        .catch((error: unknown) => {
          // A page replaced by the next navigation before its body arrived is not a page type of its own.
          if (!/No resource with given identifier|Target .*closed|Response body is unavailable/i.test(String(error))) this.failures.push(error);
        })
        .finally(() => this.pending.delete(job));
      this.pending.add(job);
    });
  }

  private async take(page: Page, res: Response): Promise<void> {
    const req = res.request();
    if (!req.isNavigationRequest() || req.frame() !== page.mainFrame()) return;
    if (res.status() >= 300 && res.status() < 400) return;
    const type = (await res.allHeaders())['content-type'] ?? '';
    if (!type.startsWith('text/html')) return;
    const html = await res.text();
    const what = `${req.method()} ${new URL(res.url()).pathname}`;
    const label = this.labels.get(page);
    this.add(html, res.url(), res.status(), label ? `${label}: ${what}` : what);
  }

  add(html: string, url: string, status: number, label: string): void {
    this.n += 1;
    const slug = label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60);
    const file = join(this.dir, `${String(this.n).padStart(3, '0')}-${slug}.html`);
    writeFileSync(file, html);
    this.pages.push({ file, url, status, label });
  }

  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failures.length > 0) throw new Error(`could not read a page's HTML: ${this.failures.map(String).join('; ')}`);
  }

  /** Changes the label of a watched page (e.g. after switching its language). */
  relabel(page: Page, label: string): void {
    this.labels.set(page, label);
  }

  /** Runs the Nu Html Checker once over everything collected and asserts 0 errors. */
  async assertValid(): Promise<void> {
    await this.settle();
    assert.ok(this.pages.length > 0, 'no HTML was collected');
    // A canary with a known error proves the checker really looked at the files.
    const canary = join(this.dir, '000-canary.html');
    writeFileSync(canary, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head><body><p id="x"></p><p id="x"></p></body></html>');
    const all = await runVnu([canary, ...this.pages.map((p) => p.file)]);
    const canaryUrl = pathToFileURL(canary).href;
    const isCanary = (m: VnuMessage) => sameFile(m.url, canaryUrl);
    assert.ok(all.some(isCanary), `the Nu Html Checker did not report the canary's duplicate id; it may not be checking anything:\n${JSON.stringify(all).slice(0, 500)}`);
    const errors = all.filter((m) => !isCanary(m));
    const lines = errors.map((m) => {
      const p = this.pages.find((page) => sameFile(m.url, pathToFileURL(page.file).href));
      const where = p ? `${p.label} → ${p.url} (HTTP ${p.status})` : m.url ?? '?';
      return `  ${where}, line ${m.lastLine ?? '?'}: ${m.message}\n    ${JSON.stringify(m.extract ?? '')}`;
    });
    assert.equal(errors.length, 0, `Nu Html Checker found ${errors.length} error(s) in ${this.pages.length} page(s):\n${lines.join('\n')}`);
  }

  /** Removes the saved HTML, unless KEEP_HTML=1 asks to keep it for a look. */
  dispose(): void {
    if (process.env.KEEP_HTML === '1') {
      console.log(`server HTML kept in ${this.dir}`);
      return;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** vnu writes file:/tmp/… where Node writes file:///tmp/…. */
function sameFile(a: string | undefined, b: string): boolean {
  const norm = (u: string) => u.replace(/^file:\/+/, 'file:///');
  return a !== undefined && norm(a) === norm(b);
}

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** java -jar vnu.jar --errors-only --format json --stdout FILES; returns the messages of type "error" (and checker failures). */
export async function runVnu(files: string[]): Promise<VnuMessage[]> {
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...files]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  let parsed: { messages: VnuMessage[] };
  try {
    parsed = JSON.parse(out.stdout) as { messages: VnuMessage[] };
  } catch {
    throw new Error(`vnu did not answer with JSON (exit ${out.code}):\n${out.stdout}\n${out.stderr}`);
  }
  return parsed.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
}

// --- Screenshots -------------------------------------------------------------------------------

/** A full-page screenshot into /tmp/miteinander-shots/ for a person to look at (never asserted). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// --- Navigation ----------------------------------------------------------------------------------

/** Does something that navigates (a click on a link or a submit button) and returns the final response. */
export async function navigation(page: Page, act: () => Promise<unknown>): Promise<Response> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
  assert.ok(res, 'the click did not lead to a new page');
  return res;
}

/** page.goto that insists on a response with the expected status. */
export async function visit(page: Page, url: string, status = 200): Promise<Response> {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res, `no response for ${url}`);
  assert.equal(res.status(), status, `GET ${url}: expected HTTP ${status}, got ${res.status()}`);
  return res;
}

/** The visible text of an element, with white space collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();
}
