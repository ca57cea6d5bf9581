// Request context (actor, language), page rendering, redirects, flash messages and the one
// error handler that turns every error into a page or an RFC 9457 problem.
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type {} from '@fastify/cookie';
import type {} from '@fastify/csrf-protection';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../db/types.ts';
import { isDatabaseUnavailable } from '../db/index.ts';
import type { Deps } from './deps.ts';
import type { Actor } from './auth/actor.ts';
import { anonymous } from './auth/actor.ts';
import { sessionFor, type FactValues } from './auth/sessions.ts';
import { actorForApiToken } from './auth/api-tokens.ts';
import type { Guardian } from './guardian.ts';
import type { FieldProblem } from './errors.ts';
import { AppError } from './errors.ts';
import type { MessageKey, Params, Translator } from './i18n/index.ts';
import { DEFAULT_LOCALE, catalogs, isLocale, localeFromAcceptLanguage, translator } from './i18n/index.ts';
import type { PageContext } from './ui/layout.tsx';
import { Layout, type HeaderLink } from './ui/layout.tsx';
import { ButtonLink } from './ui/components.tsx';
import { displayPseudonym } from './auth/pseudonyms.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
    t: Translator;
    /** True when the actor came from an API bearer token rather than a session cookie. */
    viaBearer: boolean;
    /** What features asked about the signed-in person with the session's query (deps.sessionFacts); null without a session. */
    sessionFacts: FactValues | null;
    /** The request's guardian; use guardianOf(req, deps), which makes it for the current actor. */
    guardian: Guardian | null;
    /** Unread notifications of the signed-in member, for the header (set by the forum). */
    unreadNotifications: number;
    /** Extra links of the header's account menu that features add for this person (e.g. the moderation queue with its count). */
    headerLinks: HeaderLink[] | null;
  }
  interface FastifyContextConfig {
    /** false on the rare unsafe route that must not check a CSRF token (none so far). */
    csrf?: boolean;
  }
}

export const LANG_COOKIE = 'lang';
const FLASH_COOKIE = 'flash';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-sid' : 'sid';
}

/** Loads the actor from the session cookie and picks the language for every request. */
export function registerRequestContext(app: FastifyInstance, deps: Deps): void {
  const cookieName = sessionCookieName(deps.config.secureCookies);
  // Fastify wants reference types decorated as null and set per request.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as never);
  app.decorateRequest('viaBearer', false);
  app.decorateRequest('sessionFacts', null);
  app.decorateRequest('guardian', null);
  app.decorateRequest('unreadNotifications', 0);
  app.decorateRequest('headerLinks', null);
  app.addHook('onRequest', async (req) => {
    req.actor = anonymous;
    req.headerLinks = [];
    req.t = translator(DEFAULT_LOCALE);
    // Static files and probes need no session or language.
    if (req.url.startsWith('/assets/') || req.url === '/healthz' || req.url === '/metrics') return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && req.url.startsWith('/api/')) {
      // A bearer token stands alone: no session cookie is looked at, and a wrong token is an error.
      const actor = await actorForApiToken(deps.db, bearer);
      if (!actor) throw new AppError(401, 'invalid_token', 'error.invalidToken');
      req.actor = actor;
      req.viaBearer = true;
    } else {
      const token = req.cookies[cookieName];
      const session = token ? await sessionFor(deps.db, token, deps.config.sessionIdleDays, deps.sessionFacts) : undefined;
      req.actor = session?.actor ?? anonymous;
      req.sessionFacts = session?.facts ?? null;
    }
    const fromCookie = req.cookies[LANG_COOKIE];
    const locale =
      (req.actor.kind === 'user' && req.actor.locale) ||
      (isLocale(fromCookie) ? fromCookie : undefined) ||
      localeFromAcceptLanguage(req.headers['accept-language']) ||
      DEFAULT_LOCALE;
    req.locale = locale;
    req.t = translator(locale);
  });
}

export function setSessionCookie(reply: FastifyReply, deps: Deps, token: string): void {
  reply.setCookie(sessionCookieName(deps.config.secureCookies), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: deps.config.sessionIdleDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: Deps): void {
  reply.clearCookie(sessionCookieName(deps.config.secureCookies), { path: '/', secure: deps.config.secureCookies });
}

/** A message shown once on the next page, e.g. after a redirect. Holds a message key, not text. */
export function setFlash(reply: FastifyReply, key: MessageKey, params?: Params, kind: 'success' | 'info' = 'success'): void {
  reply.setCookie(FLASH_COOKIE, JSON.stringify({ k: key, p: params ?? {}, kind }), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 120,
  });
}

/** Whether a flash message waits for this request's page (such a page is one person's). */
export function hasFlash(req: FastifyRequest): boolean {
  return !!req.cookies[FLASH_COOKIE];
}

function readFlash(req: FastifyRequest, reply: FastifyReply): PageContext['flash'] {
  const raw = req.cookies[FLASH_COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const data = JSON.parse(unsigned.value) as { k: string; p: Params; kind: 'success' | 'info' };
    if (!(data.k in catalogs.de)) return undefined;
    return { kind: data.kind === 'info' ? 'info' : 'success', message: req.t(data.k as MessageKey, data.p) };
  } catch {
    return undefined;
  }
}

/** What a CSRF token is bound to: the session, or for visitors a fixed word (their secret cookie still binds it). */
export function csrfUserInfo(req: FastifyRequest): string {
  return req.actor?.kind === 'user' ? req.actor.sessionId : 'visitor';
}

const madeToken = new WeakSet<FastifyRequest>();
export function csrfToken(req: FastifyRequest, reply: FastifyReply): string {
  madeToken.add(req);
  return reply.generateCsrf({ userInfo: csrfUserInfo(req) });
}

/** Whether this request's page got a CSRF token (a page with one belongs to one visitor and is never shared). */
export function carriesCsrfToken(req: FastifyRequest): boolean {
  return madeToken.has(req);
}

/** The one guardian of this request, made for its actor on first use (again if the actor changed). */
export function guardianOf(req: FastifyRequest, deps: Deps): Guardian {
  const actor = req.actor ?? anonymous;
  if (!req.guardian || req.guardian.actor !== actor) req.guardian = deps.guardian.for(actor);
  return req.guardian;
}

export function pageContext(req: FastifyRequest, reply: FastifyReply, deps: Deps): PageContext {
  const actor = req.actor ?? anonymous;
  let csrf: string | undefined;
  return {
    locale: req.locale ?? DEFAULT_LOCALE,
    t: req.t ?? translator(DEFAULT_LOCALE),
    path: req.url.length > 1000 ? '/' : req.url,
    // Made when a form on the page asks for it, once: a page without a form that posts (most pages
    // a visitor sees) then costs no token and sets no cookie, and is the same for every visitor.
    get csrf() {
      return (csrf ??= csrfToken(req, reply));
    },
    user: actor.kind === 'user' ? { pseudonym: displayPseudonym(actor.pseudonym), notifications: req.unreadNotifications ?? 0, links: req.headerLinks ?? [] } : undefined,
    can: { administer: guardianOf(req, deps).can('administer') },
    nav: deps.nav.map((n) => ({ href: n.href, label: req.t(n.label) })),
    flash: readFlash(req, reply),
    assetVersion: deps.assetVersion,
  };
}

/** br or gzip when the client accepts it (q > 0), br first. */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  for (const encoding of ['br', 'gzip'] as const) if ((accepted.get(encoding) ?? wildcard) > 0) return encoding;
  return undefined;
}

const SYNC_COMPRESS_LIMIT = 256 * 1024;
// Quality 2 is twice as fast as 4 for a page of a few kilobytes and only ~10 % larger; telling
// brotli the size up front saves another third (it sizes its window and tables to fit).
/** Brotli for a page compressed in one call: quality 2 by default (a page asked once costs little), lower for big pages compressed per request. */
export const brotliOptions = (length: number, quality = 2) => ({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: length } });

export async function sendHtml(reply: FastifyReply, html: JSX.Element, status = 200): Promise<FastifyReply> {
  return sendPreparedHtml(reply, new PreparedHtml(await html), status);
}

/**
 * A rendered page that may be sent many times (a page that is the same for every visitor): its
 * compressed forms are made at the first request that asks for each and kept with it.
 */
export class PreparedHtml {
  br: Buffer | undefined;
  gzip: Buffer | undefined;
  /** Text, or UTF-8 bytes when parts of the page were kept encoded (encoding text with `–` or `„` costs ~1 ms per 100 KB). */
  constructor(readonly body: string | Buffer) {}
}

/**
 * Bytes kept past the request that made them. zlib's one-call functions hand back a view of a 16 KiB
 * chunk, so a 2 KB page kept as it came holds 16 KiB and a cache counting 2 KB is eight times over its
 * bound; a copy of exactly its own size holds what the cache counts.
 */
export function ownBytes(bytes: Buffer): Buffer {
  if (bytes.buffer.byteLength === bytes.length) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

export function sendPreparedHtml(reply: FastifyReply, page: PreparedHtml, status = 200): FastifyReply {
  const body = page.body;
  reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
  // Pages are small: compressing them in one synchronous call costs a tenth of what the
  // streaming compressor does. Larger bodies are left to @fastify/compress.
  const encoding = body.length >= 1024 && body.length <= SYNC_COMPRESS_LIMIT ? preferredEncoding(reply.request.headers['accept-encoding']) : undefined;
  if (!encoding) return reply.send(body);
  const compressed = encoding === 'br' ? (page.br ??= ownBytes(brotliCompressSync(body, brotliOptions(body.length)))) : (page.gzip ??= ownBytes(gzipSync(body, { level: 6 })));
  return reply.header('content-encoding', encoding).header('vary', 'accept-encoding').send(compressed);
}

/** POST → 303 → GET. Every redirect target goes through safeLocalPath, so none can leave the site or break the header. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(safeLocalPath(location), 303);
}

// A stand-in origin: targets are resolved against it the way a browser resolves them against ours,
// and only what stays on it is accepted. It is never sent anywhere.
const OWN_ORIGIN = 'http://own.invalid';

/**
 * A local path to return to after an action, or the fallback when the value would leave the site.
 * The value is parsed as a URL the way a browser would (tabs and line breaks dropped, backslashes
 * read as slashes, dot segments resolved), and only a same-origin result is kept; what comes back
 * is the parsed, percent-encoded path, so control and non-Latin-1 characters can never reach the
 * Location header.
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 1000 || !value.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, `${OWN_ORIGIN}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN || url.username || url.password) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/..//x" resolves to the path "//x", which a browser reads as another host.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  // The URL parser leaves a few characters as they are (e.g. in the fragment); a header takes none of them.
  if (!/^[\x21-\x7e]*$/.test(path)) return fallback;
  return path;
}

export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/healthz';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldProblem[];
}

function problemFields(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
    const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    // Body fields are named as they are; query and path parameters keep their context.
    const context = error.validationContext === 'body' ? '' : error.validationContext;
    const field = [context, path, missing].filter(Boolean).join('.');
    return { field: field || String(error.validationContext ?? 'body'), message: v.message ?? 'is invalid' };
  });
}

function classify(error: FastifyError | AppError): { status: number; code: string; key: MessageKey; fields: FieldProblem[] } {
  if (error instanceof AppError) return { status: error.status, code: error.code, key: error.messageKey, fields: error.fields };
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'database_unavailable', key: 'error.unavailable', fields: [] };
  const code = error.code ?? '';
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, code: 'csrf_invalid', key: 'error.csrf', fields: [] };
  }
  if (error.validation) return { status: 400, code: 'validation_failed', key: 'error.badRequest', fields: problemFields(error) };
  const status = error.statusCode ?? 500;
  if (status === 429) return { status, code: 'too_many_requests', key: 'error.tooMany', fields: [] };
  if (status === 413) return { status, code: 'payload_too_large', key: 'error.payloadTooLarge', fields: [] };
  if (status === 404) return { status, code: 'not_found', key: 'error.notFound', fields: [] };
  if (status >= 400 && status < 500) return { status, code: code.toLowerCase() || 'bad_request', key: 'error.badRequest', fields: [] };
  return { status: 500, code: 'internal_error', key: 'error.server', fields: [] };
}

function ErrorPage({ ctx, message, reference, title = ctx.t('error.title') }: { ctx: PageContext; message: string; reference?: string; title?: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="heading-l" safe>{title}</h1>
      <p class="lead" safe>{message}</p>
      {reference ? <p class="hint" safe>{ctx.t('error.reference', { id: reference })}</p> : ''}
      <p>
        <ButtonLink href="/" variant="secondary"><span safe>{ctx.t('error.home')}</span></ButtonLink>
      </p>
    </Layout>
  );
}

export function registerErrorHandling(app: FastifyInstance, deps: Deps): void {
  app.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
    const { status, code, key, fields } = classify(error);
    // The database being away is an outage to ride out, not a bug: one warning line, no stack.
    if (status === 503) {
      req.log.warn({ code, reason: error.message }, 'database unavailable');
      reply.header('retry-after', '10');
    } else if (status >= 500) req.log.error({ err: error }, 'request failed');
    else req.log.info({ code, status }, 'request refused');

    if (wantsJson(req)) {
      const t = req.t ?? translator(DEFAULT_LOCALE);
      const problem: Problem = {
        type: `about:blank`,
        title: t(key),
        status,
        code,
        instance: req.url.split('?')[0],
        ...(fields.length ? { errors: fields } : {}),
        ...(status >= 500 && status !== 503 ? { detail: t('error.reference', { id: req.id }) } : {}),
      };
      return reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    }
    if (status === 401) {
      const next = req.method === 'GET' ? req.url : (req.headers.referer ? new URL(req.headers.referer, 'http://x').pathname : '/');
      return seeOther(reply, `/login?next=${encodeURIComponent(safeLocalPath(next))}`);
    }
    const ctx = pageContext(req, reply, deps);
    if (status === 503) return sendHtml(reply, <ErrorPage ctx={ctx} title={ctx.t('error.unavailableTitle')} message={ctx.t(key)} />, status);
    return sendHtml(reply, <ErrorPage ctx={ctx} message={ctx.t(key)} reference={status >= 500 ? String(req.id) : undefined} />, status);
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (wantsJson(req)) {
      const problem: Problem = { type: 'about:blank', title: req.t('error.notFound'), status: 404, code: 'not_found', instance: req.url.split('?')[0] };
      return reply.status(404).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    }
    const ctx = pageContext(req, reply, deps);
    return sendHtml(reply, <ErrorPage ctx={ctx} message={ctx.t('error.notFound')} />, 404);
  });
}
