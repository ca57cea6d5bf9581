// HTTP of the accounts feature. Each handler: validate → load → ensure → command → redirect or render.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { LANG_COOKIE, clearSessionCookie, pageContext, safeLocalPath, seeOther, sendHtml, setFlash, setSessionCookie } from '../../platform/http.tsx';
import { endOtherSessions, endSession, endSessionByHandle } from '../../platform/auth/sessions.ts';
import { formString } from '../../platform/forms.ts';
import { sendDownload } from '../../platform/download.ts';
import type { Locale } from '../../db/types.ts';
import { canRegister, ensureCanManageOwnAccount } from './policy.ts';
import * as schema from './schema.ts';
import * as accounts from './service.ts';
import {
  AccountScreen, DeleteScreen, EmailScreen, ExportScreen, ForgotScreen, LanguageScreen, LoginScreen, MessageScreen,
  PasswordScreen, PseudonymScreen, RegisterScreen, ResetScreen, VerifyScreen, ApiTokensScreen,
} from './views.tsx';
import { createApiToken, listApiTokens, revokeApiToken } from '../../platform/auth/api-tokens.ts';

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 300 })) });
const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })) });
const YEAR_SECONDS = 365 * 86_400;

export const accountsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const form = <T,>(body: T) => ({ body, attachValidation: true });
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);

  // --- Registration ---------------------------------------------------------
  app.get('/register', async (req, reply) => {
    if (!canRegister(req.actor)) return seeOther(reply, '/account');
    return sendHtml(reply, <RegisterScreen ctx={page(req, reply)} errors={[]} values={{}} />);
  });

  app.post('/register', { schema: form(schema.registerForm.schema) }, async (req, reply) => {
    if (!canRegister(req.actor)) return seeOther(reply, '/account');
    const { values, errors } = schema.registerForm.parse(req.body, req.t);
    if (errors.length === 0 && !(await accounts.allowRegistration(deps, req.ip))) {
      errors.push({ field: 'pseudonym', message: req.t('error.tooMany') });
    }
    if (errors.length === 0) {
      const created = await accounts.createAccount(deps, { pseudonym: values.pseudonym, password: values.password, email: values.email, locale: req.locale }, req.t);
      if (created.ok) {
        setSessionCookie(reply, deps, await accounts.startSession(deps, created.value.userId, req.headers['user-agent']));
        setFlash(reply, values.email ? 'register.doneVerify' : 'register.done');
        return seeOther(reply, '/account');
      }
      errors.push(...created.errors);
    }
    return sendHtml(reply, <RegisterScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
  });

  // --- Log in and out ---------------------------------------------------------
  // The device cookie marks a browser someone has logged in from; it opens nothing by itself, it only
  // spares its owner the slowing-down that failures of others cause (signed, so it cannot be made up).
  const deviceCookie = deps.config.secureCookies ? '__Host-device' : 'device';
  function readDevice(req: FastifyRequest): accounts.KnownDevice | undefined {
    const raw = req.cookies[deviceCookie];
    if (!raw) return undefined;
    const unsigned = req.unsignCookie(raw);
    const [userId, nonce] = unsigned.valid && unsigned.value ? unsigned.value.split('.') : [];
    return userId && nonce ? { userId, nonce } : undefined;
  }
  function rememberDevice(reply: FastifyReply, device: accounts.KnownDevice) {
    reply.setCookie(deviceCookie, `${device.userId}.${device.nonce}`, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: deps.config.secureCookies, maxAge: YEAR_SECONDS });
  }
  const waitText = (req: FastifyRequest, seconds: number) =>
    seconds < 90 ? req.t('login.waitSeconds', { count: seconds }) : req.t('login.waitMinutes', { count: Math.ceil(seconds / 60) });

  app.get('/login', { schema: { querystring: NextQuery }, attachValidation: true }, async (req, reply) => {
    const next = safeLocalPath(req.query.next, '');
    if (req.actor.kind === 'user') return seeOther(reply, next || '/account');
    return sendHtml(reply, <LoginScreen ctx={page(req, reply)} errors={[]} values={{ next }} />);
  });

  app.post('/login', { schema: form(schema.loginForm.schema) }, async (req, reply) => {
    const { values, errors } = schema.loginForm.parse(req.body, req.t);
    const next = safeLocalPath(values.next, '/');
    if (errors.length === 0) {
      const result = await accounts.checkLogin(deps, values.identifier, values.password, req.ip, readDevice(req));
      if (result.ok) {
        // A new session id at every log-in; the old one (if any) ends.
        if (req.actor.kind === 'user') await endSession(deps.db, req.actor.sessionId);
        setSessionCookie(reply, deps, await accounts.startSession(deps, result.userId, req.headers['user-agent']));
        rememberDevice(reply, result.device);
        setFlash(reply, 'login.welcome');
        return seeOther(reply, next);
      }
      errors.push({ field: 'identifier', message: result.reason === 'paused' ? req.t('login.paused', { wait: waitText(req, result.waitSeconds) }) : req.t('login.failed') });
    }
    return sendHtml(reply, <LoginScreen ctx={page(req, reply)} errors={errors} values={{ identifier: values.identifier, next: values.next }} />, 400);
  });

  app.post('/logout', async (req, reply) => {
    if (req.actor.kind === 'user') await endSession(deps.db, req.actor.sessionId);
    clearSessionCookie(reply, deps);
    setFlash(reply, 'login.loggedOut', undefined, 'info');
    return seeOther(reply, '/');
  });

  // --- Forgotten password -------------------------------------------------------
  app.get('/forgot-password', async (req, reply) => sendHtml(reply, <ForgotScreen ctx={page(req, reply)} errors={[]} values={{}} />));

  app.post('/forgot-password', { schema: form(schema.forgotForm.schema) }, async (req, reply) => {
    const { values, errors } = schema.forgotForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const result = await accounts.requestPasswordReset(deps, values.identifier, req.ip, req.locale);
      if (result === 'sent') {
        setFlash(reply, 'forgot.sent', undefined, 'info');
        return seeOther(reply, '/login');
      }
      errors.push({ field: 'identifier', message: req.t('error.tooMany') });
    }
    return sendHtml(reply, <ForgotScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
  });

  app.get('/reset-password', { schema: { querystring: TokenQuery }, attachValidation: true }, async (req, reply) => {
    const token = formString(req.query.token);
    const ctx = page(req, reply);
    if (!(await accounts.resetTokenIsValid(deps, token))) {
      return sendHtml(reply, <MessageScreen ctx={ctx} title={ctx.t('reset.title')} message={ctx.t('reset.invalid')} link={{ href: '/forgot-password', label: ctx.t('login.forgot') }} />, 410);
    }
    return sendHtml(reply, <ResetScreen ctx={ctx} errors={[]} values={{ token }} />);
  });

  app.post('/reset-password', { schema: form(schema.resetForm.schema) }, async (req, reply) => {
    const { values, errors } = schema.resetForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const result = await accounts.resetPassword(deps, values.token, values.password, req.t, req.locale);
      if (result.ok && result.value === 'done') {
        setFlash(reply, 'reset.done');
        return seeOther(reply, '/login');
      }
      if (result.ok) {
        const ctx = page(req, reply);
        return sendHtml(reply, <MessageScreen ctx={ctx} title={ctx.t('reset.title')} message={ctx.t('reset.invalid')} link={{ href: '/forgot-password', label: ctx.t('login.forgot') }} />, 410);
      }
      errors.push(...result.errors);
    }
    return sendHtml(reply, <ResetScreen ctx={page(req, reply)} errors={errors} values={{ token: values.token }} />, 400);
  });

  // --- E-mail confirmation: the link shows a button, so mail scanners do not use it up ---
  app.get('/verify-email', { schema: { querystring: TokenQuery }, attachValidation: true }, async (req, reply) => {
    const token = formString(req.query.token);
    const email = await accounts.verificationEmail(deps, token);
    const ctx = page(req, reply);
    if (!email) return sendHtml(reply, <MessageScreen ctx={ctx} title={ctx.t('verify.title')} message={ctx.t('verify.invalid')} />, 410);
    return sendHtml(reply, <VerifyScreen ctx={ctx} token={token} email={email} />);
  });

  app.post('/verify-email', { schema: form(schema.tokenForm.schema) }, async (req, reply) => {
    const { values } = schema.tokenForm.parse(req.body, req.t);
    const result = await accounts.confirmEmail(deps, values.token);
    if (result === 'done') {
      setFlash(reply, 'verify.done');
      return seeOther(reply, req.actor.kind === 'user' ? '/account' : '/login');
    }
    const ctx = page(req, reply);
    return sendHtml(reply, <MessageScreen ctx={ctx} title={ctx.t('verify.title')} message={ctx.t(result === 'taken' ? 'verify.taken' : 'verify.invalid')} />, 409);
  });

  app.post('/account/verify-email/resend', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    await accounts.resendVerification(deps, req.actor.id, req.locale);
    setFlash(reply, 'verify.resent', undefined, 'info');
    return seeOther(reply, '/account');
  });

  // --- The account page -------------------------------------------------------
  app.get('/account', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const account = await accounts.accountOverview(deps, req.actor.id, req.actor.sessionId);
    if (!account) return seeOther(reply, '/login');
    return sendHtml(reply, <AccountScreen ctx={page(req, reply)} account={account} />);
  });

  app.get('/account/pseudonym', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return sendHtml(reply, <PseudonymScreen ctx={page(req, reply)} errors={[]} values={{ pseudonym: req.actor.pseudonym }} />);
  });

  app.post('/account/pseudonym', { schema: form(schema.pseudonymForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values, errors } = schema.pseudonymForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const result = await accounts.changePseudonym(deps, req.actor.id, values.pseudonym, values.currentPassword, req.t);
      if (result.ok) {
        setFlash(reply, 'form.saved');
        return seeOther(reply, '/account');
      }
      errors.push(...result.errors);
    }
    return sendHtml(reply, <PseudonymScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
  });

  app.get('/account/email', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const account = await accounts.findUser(deps.db, req.actor.id);
    return sendHtml(reply, <EmailScreen ctx={page(req, reply)} errors={[]} values={{ email: account?.email_pending ?? account?.email ?? '' }} />);
  });

  app.post('/account/email', { schema: form(schema.emailForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values, errors } = schema.emailForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const result = await accounts.changeEmail(deps, req.actor.id, values.email, values.currentPassword, req.t, req.locale);
      if (result.ok) {
        if (result.value === 'sent') setFlash(reply, 'account.emailSent', { email: values.email }, 'info');
        else setFlash(reply, 'account.emailRemoved');
        return seeOther(reply, '/account');
      }
      errors.push(...result.errors);
    }
    return sendHtml(reply, <EmailScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
  });

  app.get('/account/password', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return sendHtml(reply, <PasswordScreen ctx={page(req, reply)} errors={[]} values={{}} />);
  });

  app.post('/account/password', { schema: form(schema.passwordForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values, errors } = schema.passwordForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const result = await accounts.changePassword(deps, req.actor.id, req.actor.sessionId, values.currentPassword, values.password, req.t, req.locale);
      if (result.ok) {
        setFlash(reply, 'account.passwordChanged');
        return seeOther(reply, '/account');
      }
      errors.push(...result.errors);
    }
    return sendHtml(reply, <PasswordScreen ctx={page(req, reply)} errors={errors} values={{}} />, 400);
  });

  // --- Language: from the header on every page, or from the account page ---------------
  async function changeLanguage(req: FastifyRequest, reply: FastifyReply, showErrors: boolean, input: unknown = req.body) {
    const { values, errors } = schema.languageForm.parse(input, req.t);
    if (errors.length > 0) {
      if (showErrors) return sendHtml(reply, <LanguageScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
      return seeOther(reply, safeLocalPath(values.back));
    }
    const locale = values.locale as Locale;
    if (req.actor.kind === 'user') await accounts.setLocale(deps, req.actor.id, locale);
    reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, secure: deps.config.secureCookies, maxAge: YEAR_SECONDS });
    return seeOther(reply, safeLocalPath(values.back));
  }

  app.post('/language', { schema: form(schema.languageForm.schema) }, (req, reply) => changeLanguage(req, reply, false));
  // The language switch in the header: a link-like GET (a language preference is nothing an attacker
  // gains by switching), so pages carry no CSRF token for it. The POST stays for older pages.
  app.get('/language', { schema: { querystring: schema.languageForm.schema } }, (req, reply) => changeLanguage(req, reply, false, req.query));

  app.get('/account/language', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return sendHtml(reply, <LanguageScreen ctx={page(req, reply)} errors={[]} values={{ locale: req.locale }} />);
  });

  app.post('/account/language', { schema: form(schema.languageForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return changeLanguage(req, reply, true);
  });

  // --- Sessions ---------------------------------------------------------------
  app.post('/account/sessions/end', { schema: form(schema.sessionForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values } = schema.sessionForm.parse(req.body, req.t);
    if (values.session) await endSessionByHandle(deps.db, req.actor.id, values.session);
    setFlash(reply, 'account.sessionEnded');
    return seeOther(reply, '/account#sessions');
  });

  app.post('/account/sessions/end-others', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    await endOtherSessions(deps.db, req.actor.id, req.actor.sessionId);
    setFlash(reply, 'account.sessionsEnded');
    return seeOther(reply, '/account#sessions');
  });

  // --- Data export and deletion, each behind a confirmation step -------------------
  app.get('/account/export', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return sendHtml(reply, <ExportScreen ctx={page(req, reply)} errors={[]} values={{}} />);
  });

  app.post('/account/export', { schema: form(schema.exportForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { errors, values } = schema.exportForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const check = await accounts.verifyOwnPassword(deps, req.actor.id, values.currentPassword, req.t);
      if (check.ok) {
        const data = await accounts.exportAccount(deps, req.actor.id);
        const day = new Date().toISOString().slice(0, 10);
        return sendDownload(reply, { filename: `miteinander-export-${day}.json`, type: 'application/json', body: JSON.stringify(data, null, 2) });
      }
      errors.push(...check.errors);
    }
    return sendHtml(reply, <ExportScreen ctx={page(req, reply)} errors={errors} values={{}} />, 400);
  });

  app.get('/account/delete', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    return sendHtml(reply, <DeleteScreen ctx={page(req, reply)} errors={[]} values={{}} />);
  });

  app.post('/account/delete', { schema: form(schema.deleteForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values, errors } = schema.deleteForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const check = await accounts.verifyOwnPassword(deps, req.actor.id, values.currentPassword, req.t);
      if (check.ok) {
        const result = await accounts.deleteAccount(deps, req.actor.id, values.posts === 'remove' ? 'remove' : 'anonymise');
        if (result === 'deleted') {
          clearSessionCookie(reply, deps);
          setFlash(reply, 'delete.done');
          return seeOther(reply, '/');
        }
        errors.push({ field: 'posts', message: req.t('delete.lastAdmin') });
      } else {
        errors.push(...check.errors);
      }
    }
    return sendHtml(reply, <DeleteScreen ctx={page(req, reply)} errors={errors} values={{ posts: values.posts, confirm: values.confirm }} />, 400);
  });

  // --- Access keys for programs (API bearer tokens) ------------------------------
  app.get('/account/api-tokens', async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const tokens = await listApiTokens(deps.db, req.actor.id);
    return sendHtml(reply, <ApiTokensScreen ctx={page(req, reply)} errors={[]} values={{}} tokens={tokens} />);
  });

  app.post('/account/api-tokens', { schema: form(schema.apiTokenForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values, errors } = schema.apiTokenForm.parse(req.body, req.t);
    if (errors.length === 0) {
      const check = await accounts.verifyOwnPassword(deps, req.actor.id, values.currentPassword, req.t);
      if (!check.ok) errors.push(...check.errors);
    }
    if (errors.length > 0) {
      const tokens = await listApiTokens(deps.db, req.actor.id);
      return sendHtml(reply, <ApiTokensScreen ctx={page(req, reply)} errors={errors} values={{ name: values.name }} tokens={tokens} />, 400);
    }
    // Shown once, in this response (not stored, not put in a cookie), so no redirect here.
    const token = await createApiToken(deps.db, req.actor.id, values.name);
    const tokens = await listApiTokens(deps.db, req.actor.id);
    return sendHtml(reply, <ApiTokensScreen ctx={page(req, reply)} errors={[]} values={{}} tokens={tokens} created={{ name: values.name, token }} />, 201);
  });

  app.post('/account/api-tokens/revoke', { schema: form(schema.apiTokenRevokeForm.schema) }, async (req, reply) => {
    ensureCanManageOwnAccount(req.actor);
    const { values } = schema.apiTokenRevokeForm.parse(req.body, req.t);
    if (values.token) await revokeApiToken(deps.db, req.actor.id, values.token);
    setFlash(reply, 'account.apiTokenRevoked');
    return seeOther(reply, '/account/api-tokens');
  });

  // --- API ------------------------------------------------------------------
  app.get('/api/v1/me', {
    schema: { summary: 'Who the request is authenticated as', tags: ['accounts'], response: { 200: schema.MeResponse } },
  }, async (req) => {
    if (req.actor.kind !== 'user') return { authenticated: false, locale: req.locale };
    return { authenticated: true, pseudonym: req.actor.pseudonym, role: req.actor.role, locale: req.locale, emailVerified: req.actor.emailVerified };
  });

  app.patch('/api/v1/me', {
    schema: {
      summary: 'Change settings of the authenticated account',
      description: 'Needs a bearer token (Authorization: Bearer mt_…) or a session cookie with a CSRF token.',
      tags: ['accounts'],
      body: schema.MeUpdate,
      response: { 200: schema.MeResponse },
    },
  }, async (req) => {
    ensureCanManageOwnAccount(req.actor);
    await accounts.setLocale(deps, req.actor.id, req.body.locale);
    return { authenticated: true, pseudonym: req.actor.pseudonym, role: req.actor.role, locale: req.body.locale, emailVerified: req.actor.emailVerified };
  });
};
