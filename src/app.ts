// Builds the Fastify app from a config. It never listens itself: main.ts does, tests use inject().
import { shareRoutes } from './platform/share-routes.tsx';
import { createLiveBus } from './platform/live/index.ts';
import { endAllStreams } from './platform/live/sse.ts';
import { placesRoutes } from './platform/geo/routes.ts';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preValidationHookHandler, RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/index.ts';
import { migrateToLatest, openDatabase } from './db/index.ts';
import { verifyDataKey } from './platform/key-check.ts';
import type { Deps } from './platform/deps.ts';
import { AccountDataRegistry } from './platform/account-data.ts';
import { JobQueue } from './platform/jobs/queue.ts';
import { Mailer } from './platform/mail/mailer.tsx';
import { createThrottle } from './platform/throttle.ts';
import { csrfUserInfo, registerErrorHandling, registerRequestContext } from './platform/http.tsx';
import { fileHandler, registerUploadCleanup } from './platform/uploads.ts';
import { loginRequired } from './platform/errors.ts';
import { createAccountsPort } from './features/accounts/index.ts';
import { featureModules } from './modules.ts';
import type { FeatureContext, Ports } from './platform/feature.ts';
import { DomainEvents } from './platform/domain-events.ts';
import { GuardianRules } from './platform/guardian.ts';
import { SessionFacts } from './platform/auth/sessions.ts';
import { addMessages } from './platform/i18n/index.ts';
import { registerHousekeeping } from './platform/housekeeping.ts';
import { registerMetrics } from './platform/metrics.ts';

/** `ports` are the ports features offered each other (tests look at the directory's, e.g. its rebuild count). */
export type App = FastifyInstance & { deps: Deps; routeList: RouteSummary[]; ports: Partial<Ports> };

export interface RouteSummary {
  method: string;
  url: string;
  csrf: boolean;
}

export interface BuildOptions {
  /** false silences logging (tests). */
  logger?: boolean;
  /** Where log lines go instead of stdout (tests record them). */
  logStream?: NodeJS.WritableStream;
  database?: DatabaseHandle;
}

const PUBLIC_DIR = new URL('../public/', import.meta.url).pathname;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The size limit per file unless a route sets its own (lower for vCards, higher for videos, which go to disk). */
const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

const isMultipart = (contentType: string | undefined) => /^\s*multipart\//i.test(contentType ?? '');

/** The CSRF token of a request: the form field, a header, or for uploads (whose body is read later) the query. */
function csrfTokenOf(req: FastifyRequest): string | undefined {
  const body = req.body as { _csrf?: unknown } | undefined;
  const header = req.headers['x-csrf-token'] ?? req.headers['csrf-token'] ?? req.headers['x-xsrf-token'] ?? req.headers['xsrf-token'];
  const fromQuery = isMultipart(req.headers['content-type']) ? (req.query as { _csrf?: unknown } | undefined)?._csrf : undefined;
  for (const value of [body?._csrf, header, fromQuery]) if (typeof value === 'string' && value) return value;
  return undefined;
}

/** A short hash of everything in public/, so asset URLs change when a file does. */
function hashPublicDir(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(name).update(readFileSync(path));
    }
  };
  walk(PUBLIC_DIR);
  return hash.digest('hex').slice(0, 10);
}

/**
 * The security headers helmet sets for these options, worked out once at start. The Fastify plugin
 * built helmet's middleware again for every request (parsing the CSP directives each time), a tenth
 * of what a small answer cost; the headers never depend on the request.
 */
function securityHeaders(options: HelmetOptions): Array<[string, string]> {
  const headers = new Map<string, string>();
  const collect = {
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  helmet(options)(
    {} as never,
    collect as never,
    (error?: unknown) => {
      if (error) throw error;
    },
  );
  return [...headers];
}

/** Logs carry the method, the path without its query (queries hold search words and tokens) and ids. */
const serializers = {
  req(req: { method: string; url: string; id: string }) {
    return { method: req.method, path: req.url.split('?')[0], id: req.id };
  },
  res(res: { statusCode: number }) {
    return { statusCode: res.statusCode };
  },
};

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const database = options.database ?? openDatabase(config);
  try {
    await migrateToLatest(database.db, config.databaseSchema);
    await verifyDataKey(database.db, config);
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }

  const loggerOption = {
    logger: options.logger === false ? false : { level: config.logLevel, serializers, ...(options.logStream ? { stream: options.logStream } : {}) },
  };

  const app = Fastify({
    ...loggerOption,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A request that reaches a closing server is still served (with Connection: close), not refused.
    return503OnClosing: false,
    genReqId: () => randomUUID(),
    requestIdHeader: config.trustProxy ? 'x-request-id' : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  database.onConnectionLost = (error) => app.log.warn({ reason: error.message }, 'database connection lost; the next query opens a new one');
  const jobs = new JobQueue(database.db, app.log);
  const deps: Deps = {
    config,
    db: database.db,
    database,
    jobs,
    mailer: new Mailer(config, database.db, jobs),
    throttle: createThrottle(database.db),
    log: app.log,
    nav: [],
    accountData: new AccountDataRegistry(),
    accounts: createAccountsPort(database.db),
    guardian: new GuardianRules(),
    sessionFacts: new SessionFacts(),
    assetVersion: hashPublicDir(),
    draining: false,
    metrics: registerMetrics(app),
    live: createLiveBus(config, database, app.log),
  };
  registerHousekeeping(jobs, database.db);

  // Every route is listed (the CSRF test walks this list), and every unsafe one gets the
  // CSRF check before validation unless it explicitly opts out.
  const routeList: RouteSummary[] = [];
  // Requests authenticated by an API bearer token carry no cookie a browser could send on its own.
  const csrfCheck: preValidationHookHandler = function (req, reply, done) {
    if (req.viaBearer) return done();
    return (app.csrfProtection as preValidationHookHandler).call(this, req, reply, done);
  };
  // An upload is refused before its body is read: a multipart request needs a session and carries
  // its token in the query (?_csrf=) or a header, checked as soon as the request arrives. Every
  // other request keeps the check before validation, where the form body holds the token.
  const uploadCheck: onRequestHookHandler = function (req, reply, done) {
    if (!isMultipart(req.headers['content-type']) || req.viaBearer) return done();
    if (req.actor.kind !== 'user') return reply.send(loginRequired());
    return (csrfCheck as unknown as onRequestHookHandler).call(this, req, reply, done);
  };
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const unsafe = methods.some((m) => UNSAFE_METHODS.has(m));
    const checks = unsafe && route.config?.csrf !== false;
    if (checks) {
      const existing = route.preValidation ? (Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]) : [];
      route.preValidation = [csrfCheck, ...existing];
      const early = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [...early, uploadCheck];
    }
    for (const m of methods) if (m !== 'HEAD') routeList.push({ method: m, url: route.url, csrf: checks });
  });

  await app.register(cookie, { secret: config.cookieSecret });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // Uploads (the directory's import, the network's vCards, the learning area's videos): one parser for the whole app. Fields and
  // the file land in req.body before the CSRF check runs; a route sets its own file size with
  // config.multipartOptions, and a larger file is refused with 413 before its handler runs.
  // A route with config.uploadToDisk (videos) gets its files streamed to temporary files instead.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', onFile: fileHandler(config.dataDir), limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 10, parts: 12 } });
  registerUploadCleanup(app);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.secureCookies ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: config.secureCookies },
    csrfOpts: { hmacKey: config.cookieSecret },
    getUserInfo: csrfUserInfo,
    getToken: csrfTokenOf,
  });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  headers.push(['permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()']);
  // On the raw response, as helmet itself does: answers that bypass Fastify's reply (event streams)
  // carry them too, and a route's own header (a stricter referrer policy) still wins at writeHead.
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // While shutting down, clients open a new connection (to another process) for their next request.
    if (deps.draining) reply.header('connection', 'close');
  });
  // Brotli's default quality (11) costs milliseconds per page; 4 is nearly as small and far cheaper.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });

  let redis: { quit(): Promise<unknown> } | undefined;
  const rateLimitStore: Record<string, unknown> = {};
  if (config.redisUrl) {
    const { Redis } = await import('ioredis');
    const client = new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1 });
    // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event. An
    // outage is logged once (and its end once); meanwhile the rate limit lets requests through
    // (skipOnError) rather than answering 500: log-ins and resets keep their own counters in the database.
    let outage = false;
    client.on('error', (error) => {
      if (outage) return;
      outage = true;
      app.log.warn({ err: error }, 'redis is unreachable; the shared rate limit is off until it is back');
    });
    client.on('ready', () => {
      if (!outage) return;
      outage = false;
      app.log.info('redis is reachable again; the shared rate limit counts again');
    });
    redis = client;
    rateLimitStore.redis = client;
    rateLimitStore.skipOnError = true;
  }
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimits.globalPerMinute,
    timeWindow: 60_000,
    allowList: (req) => req.url.startsWith('/assets/') || req.url === '/healthz' || req.url === '/metrics',
    ...rateLimitStore,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Miteinander API', version: '1.0.0', description: 'JSON API of Miteinander. Errors are application/problem+json (RFC 9457).' },
      servers: [{ url: config.baseUrl }],
    },
    hideUntagged: false,
    transform: ({ schema, url }) => {
      const visible = url.startsWith('/api/v1') || url === '/healthz';
      return { schema: visible ? schema : { ...(schema ?? {}), hide: true }, url } as never;
    },
  });

  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  registerRequestContext(app, deps);
  registerErrorHandling(app, deps);

  // The features: their texts first (pages of one feature may show another's), then each registers.
  for (const feature of featureModules) if (feature.messages) addMessages(feature.name, feature.messages);
  const context: FeatureContext = { deps, ports: {}, events: new DomainEvents(app.log, deps.live) };
  await app.register(placesRoutes);
  for (const feature of featureModules) await feature.register(app as unknown as FastifyInstance, context);
  // Share links (platform, no feature of its own) come after the features.
  await app.register(shareRoutes, { deps });

  if (config.runJobs) {
    // Recurring work (clean-up, reminders, digests) runs in whichever process claims it.
    await jobs.scheduleRecurring();
    jobs.start();
  }

  // Open event streams would hold the server open; they end first and browsers reconnect.
  app.addHook('preClose', async () => endAllStreams(deps.live));
  app.addHook('onClose', async () => {
    await jobs.stop();
    context.events.close();
    await deps.live.close();
    deps.mailer.close();
    if (redis) await redis.quit().catch(() => undefined);
    if (!options.database) await database.close();
  });

  return Object.assign(app as unknown as FastifyInstance, { deps, routeList, ports: context.ports });
}
