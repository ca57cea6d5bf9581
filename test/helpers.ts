// Test helpers: a fresh app per test file on SQLite (temp dir) or, with TEST_DB=postgres and
// TEST_DATABASE_URL, in a fresh PostgreSQL schema; and a client that keeps cookies and CSRF tokens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import type { App, BuildOptions } from '../src/app.ts';

export const onPostgres = process.env.TEST_DB === 'postgres';

export interface TestApp {
  app: App;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'miteinander-test-'));
  let schema: string | undefined;
  const url = process.env.TEST_DATABASE_URL;
  if (onPostgres) {
    if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
    schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  const config = loadConfig(
    { DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://localhost:3000', ...(onPostgres ? { DATABASE_URL: url } : {}) },
    {
      runJobs: false,
      databaseSchema: schema,
      // Cheap hashing keeps the suite fast; the algorithm (argon2id) is the same.
      passwordHashing: { memoryCost: 1024, timeCost: 1 },
      rateLimits: { globalPerMinute: 100_000, loginPerIp: 1000, loginFailuresPerAccount: 5, registerPerIp: 1000, resetPerIp: 1000, resetPerAccount: 3 },
      ...overrides,
    },
  );
  const app = await buildApp(config, { logger: Boolean(options.logStream), ...options });
  return {
    app,
    config,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (schema && url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    },
  };
}

export type Form = Record<string, string | string[]>;

export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
}

/** A browser stand-in: keeps cookies, reads the CSRF token from the last page, follows nothing by itself. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  headers: Record<string, string> = {};

  constructor(readonly app: App) {}

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(res.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      if (token) this.csrf = token;
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...this.headers, ...headers } });
    this.remember(res);
    return res;
  }

  /** Posts a form the way a browser would, with the CSRF token of the last page seen. */
  async post(url: string, form: Form = {}, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    // Pages without a form that posts carry no token (the language switch is a GET form); a browser
    // posting a form has always seen one, so a client that has not yet opens a page that has one.
    if (options.csrf !== false && !this.csrf) await this.get('/login');
    const body = encodeForm(options.csrf === false ? form : { _csrf: this.csrf, ...form });
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...this.headers },
    });
    this.remember(res);
    return res;
  }

  /** GET a page first (for its token), then post its form. */
  async submit(pageUrl: string, action: string, form: Form): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(action, form);
  }
}

export const STRONG_PASSWORD = 'Gartenzwerg Mondlicht Tulpe 7';

export async function register(client: Client, pseudonym: string, extra: Form = {}): Promise<LightMyRequestResponse> {
  return client.submit('/register', '/register', { pseudonym, password: STRONG_PASSWORD, rules: 'yes', health: 'yes', ...extra });
}

export async function login(client: Client, identifier: string, password = STRONG_PASSWORD): Promise<LightMyRequestResponse> {
  return client.submit('/login', '/login', { identifier, password });
}

/** Runs queued jobs (mails) and returns the outbox, newest first. */
export async function outbox(app: App) {
  await app.deps.jobs.runDue(100);
  return app.deps.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').execute();
}

/** Creates an account with a role directly through the service, and a logged-in client for it. */
export async function signedInAs(app: App, role: 'member' | 'staff' | 'moderator' | 'admin', pseudonym = `${role}-${randomBytes(3).toString('hex')}`) {
  const { createAccount } = await import('../src/features/accounts/service.ts');
  const { translator } = await import('../src/platform/i18n/index.ts');
  const created = await createAccount(app.deps, { pseudonym, password: STRONG_PASSWORD, email: '', locale: 'de', role }, translator('de'));
  if (!created.ok) throw new Error(created.errors.map((e) => e.message).join());
  const client = new Client(app);
  const res = await login(client, pseudonym);
  if (res.statusCode !== 303) throw new Error(`login failed for ${pseudonym}: ${res.statusCode}`);
  return { client, userId: created.value.userId, pseudonym };
}

/** Text of the page without tags, for assertions on what a person reads. */
/** A visitor and one freshly signed-in client per platform role: the usual rows of a permission grid. */
export async function clientsByRole(app: App) {
  return {
    visitor: new Client(app),
    member: (await signedInAs(app, 'member')).client,
    staff: (await signedInAs(app, 'staff')).client,
    moderator: (await signedInAs(app, 'moderator')).client,
    admin: (await signedInAs(app, 'admin')).client,
  };
}

export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

// --- Permission grids -----------------------------------------------------------------------------
//
// One runner for every feature's grid: a table of actions, each with the roles that may do it, run
// for every role. Outcomes are explicit:
// - allowed: a 2xx answer, a redirect to where the action's success goes (`redirectsTo`), or a status
//   the action names (`alsoAllowed`, e.g. 400 when a form comes back with a message);
// - refused: 401, 403, 404, or a redirect to /login;
// - anything else (a redirect elsewhere, an unexpected 4xx, any 5xx) is a mismatch in both
//   directions, so a refusal that redirects somewhere cannot pass as allowed.
// An action may answer with a boolean instead of a response (content checks: "sees the exact place").
// With `routes` the runner also checks that every route of app.routeList the grid is about is named by
// some action's `route` ("GET /groups/:slug/edit") or excused in `routes.untested` with a reason.
//
//   const wrong = await runPermissionGrid({ app, clients: { visitor, member, admin }, actions: [
//     { name: 'edit', route: 'GET /groups/:slug/edit', allowed: ['admin'], run: (c) => c.get(`/groups/${slug}/edit`) },
//     { name: 'save', route: 'POST /groups/:slug/edit', allowed: ['admin'], redirectsTo: `/groups/${slug}`, run: (c) => c.submit(...) },
//   ], routes: { include: (r) => r.url.startsWith('/groups'), untested: { 'GET /groups/:slug/calendar.ics': 'public, in the events grid' } } });
//   assert.deepEqual(wrong, []);

export type GridOutcome = 'allowed' | 'refused';

/** What the runner needs of an answer: an inject() response, or the status and headers of a real request (live streams). */
export type GridAnswer = Pick<LightMyRequestResponse, 'statusCode' | 'headers'>;

export interface GridAction<Role extends string> {
  name: string;
  /** The route this action exercises, "METHOD /pattern" as in app.routeList (for the coverage check). */
  route?: string;
  allowed: readonly Role[];
  run(client: Client): Promise<GridAnswer | boolean>;
  /** Where success redirects (a prefix or a pattern of the Location header). */
  redirectsTo?: string | RegExp;
  /** Statuses besides 2xx that mean the action was allowed. */
  alsoAllowed?: readonly number[];
}

/** What a response means for a grid action: 'allowed', 'refused', or a description of why it is neither. */
export function gridOutcome(res: GridAnswer, action: Pick<GridAction<string>, 'redirectsTo' | 'alsoAllowed'>): GridOutcome | string {
  const status = res.statusCode;
  if (status >= 500) return `server error ${status}`;
  if (status >= 200 && status < 300) return 'allowed';
  if (action.alsoAllowed?.includes(status)) return 'allowed';
  if (status === 401 || status === 403 || status === 404) return 'refused';
  if (status >= 300 && status < 400) {
    const location = String(res.headers.location ?? '');
    if (location.startsWith('/login')) return 'refused';
    const target = action.redirectsTo;
    if (target !== undefined && (typeof target === 'string' ? location.startsWith(target) : target.test(location))) return 'allowed';
    return `redirect to ${location || '(nowhere)'}`;
  }
  return `status ${status}`;
}

export async function runPermissionGrid<Role extends string>(grid: {
  app: App;
  clients: Record<Role, Client>;
  actions: ReadonlyArray<GridAction<Role>>;
  routes?: { include: (route: { method: string; url: string }) => boolean; untested?: Record<string, string> };
}): Promise<string[]> {
  const wrong: string[] = [];
  const roles = Object.keys(grid.clients) as Role[];
  for (const action of grid.actions) {
    for (const role of roles) {
      const answer = await action.run(grid.clients[role]);
      const outcome = typeof answer === 'boolean' ? (answer ? 'allowed' : 'refused') : gridOutcome(answer, action);
      const expected: GridOutcome = action.allowed.includes(role) ? 'allowed' : 'refused';
      const status = typeof answer === 'boolean' ? '' : ` (${answer.statusCode})`;
      if (outcome !== expected) wrong.push(`${role} → ${action.name}: ${outcome}${status}, expected ${expected}`);
    }
  }
  if (grid.routes) {
    const named = new Set(grid.actions.map((a) => a.route).filter(Boolean));
    const untested = grid.routes.untested ?? {};
    for (const route of grid.app.routeList.filter(grid.routes.include)) {
      const key = `${route.method} ${route.url}`;
      if (!named.has(key) && !(key in untested)) wrong.push(`${key} is in no action of the grid`);
    }
  }
  return wrong;
}
