// Accounts: registration, log-in, e-mail confirmation, password reset, changes, export and deletion.
// Knows nothing of HTTP; returns results or problems that routes turn into pages.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../db/index.ts';
import type { Locale, Role, User } from '../../db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession, endOtherSessions, listSessions } from '../../platform/auth/sessions.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { displayPseudonym, hasInvisibleCharacters, pseudonymSkeleton } from '../../platform/auth/pseudonyms.ts';
import { recordAudit } from '../../platform/audit.ts';
import { keepsLastAdministrator } from './policy.ts';
import { nowIso } from '../../platform/time.ts';
import type { PostsChoice } from '../../platform/account-data.ts';
import { HEALTH_CONSENT_VERSION } from '../pages/index.ts';
import { currentRules } from './rules.ts';

const HOUR_MS = 3_600_000;
const VERIFY_HOURS = 48;
const RESET_HOURS = 1;
const LOGIN_WINDOW_MS = 15 * 60_000;

export type Outcome<T = void> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };
const ok = <T,>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (field: string, message: string): Outcome<never> => ({ ok: false, errors: [{ field, message }] });

/** Case-insensitive key of a pseudonym: "Anna", "ANNA" and "Ａｎｎａ" are the same person. */
export function pseudonymKey(pseudonym: string): string {
  return pseudonym.normalize('NFKC').toLocaleLowerCase('de-DE').replace(/\s+/g, ' ').trim();
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** Taken when another account has the same folded name or the same confusable skeleton. */
async function pseudonymTaken(db: Db, pseudonym: string, exceptUserId?: string): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where((eb) => eb.or([eb('pseudonym_key', '=', pseudonymKey(pseudonym)), eb('pseudonym_skeleton', '=', pseudonymSkeleton(pseudonym))]));
  if (exceptUserId) q = q.where('id', '!=', exceptUserId);
  return (await q.executeTakeFirst()) !== undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/i.test(e?.message ?? '');
}

async function issueToken(db: Db, purpose: 'verify_email' | 'reset_password', userId: string, email: string, hours: number): Promise<string> {
  const token = randomToken();
  const now = nowIso();
  await db
    .insertInto('tokens')
    .values({ token_hash: sha256(token), purpose, user_id: userId, email, created_at: now, expires_at: new Date(Date.now() + hours * HOUR_MS).toISOString(), used_at: null })
    .execute();
  return token;
}

/** A valid, unused token of the purpose, or undefined. */
async function findToken(db: Db, token: string, purpose: 'verify_email' | 'reset_password') {
  if (!token || token.length > 200) return undefined;
  return db
    .selectFrom('tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

async function sendVerification(deps: Deps, user: { id: string; pseudonym: string; locale: Locale | null }, email: string, locale: Locale, db: Db = deps.db) {
  const token = await issueToken(db, 'verify_email', user.id, email, VERIFY_HOURS);
  await deps.mailer.send(
    user.locale ?? locale,
    email,
    {
      subject: 'mail.verifySubject',
      paragraphs: ['mail.verifyBody'],
      action: { label: 'mail.verifyAction', url: `${deps.config.baseUrl}/verify-email?token=${token}` },
      after: ['mail.notYou'],
    },
    { name: user.pseudonym },
    db,
  );
}

export interface NewAccount {
  pseudonym: string;
  password: string;
  email: string;
  locale: Locale;
  role?: Role;
}

/** Creates an account with its consents; sends a confirmation mail when an address is given. */
export async function createAccount(deps: Deps, input: NewAccount, t: Translator): Promise<Outcome<{ userId: string }>> {
  const problem = passwordProblem(input.password, input.pseudonym);
  if (problem) return fail('password', t(problem));
  if (hasInvisibleCharacters(input.pseudonym)) return fail('pseudonym', t('register.pseudonymInvisible'));
  if (await pseudonymTaken(deps.db, input.pseudonym)) return fail('pseudonym', t('register.pseudonymTaken'));
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashing);
  const userId = randomUUID();
  const now = nowIso();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id: userId,
          pseudonym: input.pseudonym,
          pseudonym_key: pseudonymKey(input.pseudonym),
          pseudonym_skeleton: pseudonymSkeleton(input.pseudonym),
          email: null,
          email_key: null,
          email_verified_at: null,
          // The address counts only once confirmed, so nobody learns from registration whether it is in use.
          email_pending: input.email || null,
          password_hash: passwordHash,
          role: input.role ?? 'member',
          locale: input.locale,
          created_at: now,
          updated_at: now,
          last_login_at: now,
        })
        .execute();
      await trx
        .insertInto('consents')
        .values([
          // Registering means agreeing to the rules in force, which may be newer than the shipped text.
          { user_id: userId, kind: 'community_rules', version: (await currentRules(trx)).version, given_at: now },
          { user_id: userId, kind: 'health_data', version: HEALTH_CONSENT_VERSION, given_at: now },
        ])
        .execute();
      if (input.email) await sendVerification(deps, { id: userId, pseudonym: input.pseudonym, locale: input.locale }, input.email, input.locale, trx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('pseudonym', t('register.pseudonymTaken'));
    throw error;
  }
  return ok({ userId });
}

export async function startSession(deps: Deps, userId: string, userAgent: string | undefined): Promise<string> {
  await deps.db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', userId).execute();
  return createSession(deps.db, userId, userAgent, deps.config.sessionIdleDays);
}

async function findByIdentifier(db: Db, identifier: string): Promise<User | undefined> {
  const value = identifier.trim();
  if (value.includes('@')) {
    return db.selectFrom('users').selectAll().where('email_key', '=', emailKey(value)).executeTakeFirst();
  }
  return db.selectFrom('users').selectAll().where('pseudonym_key', '=', pseudonymKey(value)).executeTakeFirst();
}

/** A browser someone has logged in from before: the device cookie names the account and a random id. */
export interface KnownDevice {
  userId: string;
  nonce: string;
}

export type LoginResult =
  | { ok: true; userId: string; device: KnownDevice }
  | { ok: false; reason: 'failed' }
  | { ok: false; reason: 'paused'; waitSeconds: number };

// Failures are answered by slowing down, not by locking: after a few free tries each further try
// from an unknown browser waits twice as long as the one before, up to a cap. The owner on a browser
// they have logged in from before (device cookie, as OWASP describes) is not slowed by what others
// do to their account or from their address; a device gets its own small budget of failures.
const ACCOUNT_WINDOW_MS = 60 * 60_000;
const ACCOUNT_MAX_WAIT_MS = 15 * 60_000;
const ADDRESS_MAX_WAIT_MS = 60_000;
const DEVICE_FAILURES = 10;

const waitAfter = (count: number, free: number, maxMs: number) => (count < free ? 0 : Math.min(maxMs, 1000 * 2 ** (count - free)));

async function countFailure(deps: Deps, name: string, free: number, windowMs: number, maxWaitMs: number): Promise<void> {
  const count = await deps.throttle.increment(`${name}:failures`, windowMs);
  const wait = waitAfter(count, free, maxWaitMs);
  if (wait > 0) await deps.throttle.hit(`${name}:wait`, 1, wait);
}

/**
 * Checks a log-in. E-mail address and pseudonym of an account count as one; the message never
 * says which part was wrong. `device` is the browser's device cookie, when it has a valid one.
 */
export async function checkLogin(deps: Deps, identifier: string, password: string, ip: string, device?: KnownDevice): Promise<LoginResult> {
  const limits = deps.config.rateLimits;
  const user = await findByIdentifier(deps.db, identifier);
  // Unknown names are counted by what was typed, so they behave like accounts and reveal nothing.
  const account = `login:account:${user ? user.id : `?${identifier.includes('@') ? emailKey(identifier) : pseudonymKey(identifier)}`}`;
  const address = `login:ip:${ip}`;
  const deviceKey = device ? `login:device:${device.nonce}` : undefined;
  const knownDevice = !!user && !!device && device.userId === user.id && !!deviceKey && !(await deps.throttle.isBlocked(deviceKey, DEVICE_FAILURES));
  if (!knownDevice) {
    const wait = Math.max(await deps.throttle.remainingMs(`${account}:wait`), await deps.throttle.remainingMs(`${address}:wait`));
    if (wait > 0) return { ok: false, reason: 'paused', waitSeconds: Math.ceil(wait / 1000) };
  }
  const valid = await verifyPassword(user?.password_hash, password, deps.config.passwordHashing);
  if (!user || !valid) {
    if (knownDevice && deviceKey) await deps.throttle.hit(deviceKey, DEVICE_FAILURES, LOGIN_WINDOW_MS);
    else {
      await countFailure(deps, account, limits.loginFailuresPerAccount, ACCOUNT_WINDOW_MS, ACCOUNT_MAX_WAIT_MS);
      await countFailure(deps, address, limits.loginPerIp, LOGIN_WINDOW_MS, ADDRESS_MAX_WAIT_MS);
    }
    return { ok: false, reason: 'failed' };
  }
  // The owner on a known browser leaves the count alone: an attack that goes on stays slowed down.
  if (!knownDevice) {
    await deps.throttle.clear(`${account}:failures`);
    await deps.throttle.clear(`${account}:wait`);
  }
  return { ok: true, userId: user.id, device: knownDevice && device ? device : { userId: user.id, nonce: randomToken(12) } };
}

/** Counts a registration attempt from an address; false when it has made too many this hour. */
export function allowRegistration(deps: Deps, ip: string): Promise<boolean> {
  return deps.throttle.hit(`register:ip:${ip}`, deps.config.rateLimits.registerPerIp, HOUR_MS);
}

/** Sends a reset link when the account has a confirmed address. Says nothing about whether it exists. */
export async function requestPasswordReset(deps: Deps, identifier: string, ip: string, locale: Locale): Promise<'sent' | 'limited'> {
  if (!(await deps.throttle.hit(`reset:ip:${ip}`, deps.config.rateLimits.resetPerIp, HOUR_MS))) return 'limited';
  const user = await findByIdentifier(deps.db, identifier);
  if (!user || !user.email || !user.email_verified_at) return 'sent';
  if (!(await deps.throttle.hit(`reset:account:${user.id}`, deps.config.rateLimits.resetPerAccount, HOUR_MS))) return 'sent';
  const token = await issueToken(deps.db, 'reset_password', user.id, user.email, RESET_HOURS);
  await deps.mailer.send(user.locale ?? locale, user.email, {
    subject: 'mail.resetSubject',
    paragraphs: ['mail.resetBody'],
    action: { label: 'mail.resetAction', url: `${deps.config.baseUrl}/reset-password?token=${token}` },
    after: ['mail.notYou'],
  }, { name: user.pseudonym });
  return 'sent';
}

export async function resetTokenIsValid(deps: Deps, token: string): Promise<boolean> {
  return (await findToken(deps.db, token, 'reset_password')) !== undefined;
}

async function setPassword(deps: Deps, user: User, password: string, exceptSessionId: string | undefined, locale: Locale): Promise<void> {
  const passwordHash = await hashPassword(password, deps.config.passwordHashing);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', user.id).execute();
    // Every other way in ends: other sessions, personal access keys (one planted by someone who had
    // the session for a minute must not outlive the new password) and outstanding reset links.
    await endOtherSessions(trx, user.id, exceptSessionId);
    await trx.deleteFrom('api_tokens').where('user_id', '=', user.id).execute();
    await trx.updateTable('tokens').set({ used_at: nowIso() }).where('user_id', '=', user.id).where('purpose', '=', 'reset_password').where('used_at', 'is', null).execute();
    if (user.email && user.email_verified_at) {
      await deps.mailer.send(user.locale ?? locale, user.email, {
        subject: 'mail.passwordChangedSubject',
        paragraphs: ['mail.passwordChangedBody'],
        action: { label: 'mail.passwordChangedAction', url: `${deps.config.baseUrl}/forgot-password` },
        after: ['mail.passwordChangedNotYou'],
      }, { name: user.pseudonym }, trx);
    }
  });
}

export async function resetPassword(deps: Deps, token: string, password: string, t: Translator, locale: Locale): Promise<Outcome<'done' | 'invalid'>> {
  const row = await findToken(deps.db, token, 'reset_password');
  if (!row || !row.user_id) return ok('invalid');
  const user = await findUser(deps.db, row.user_id);
  if (!user) return ok('invalid');
  const problem = passwordProblem(password, user.pseudonym);
  if (problem) return fail('password', t(problem));
  await setPassword(deps, user, password, undefined, locale);
  return ok('done');
}

export async function verificationEmail(deps: Deps, token: string): Promise<string | undefined> {
  return (await findToken(deps.db, token, 'verify_email'))?.email ?? undefined;
}

export async function confirmEmail(deps: Deps, token: string): Promise<'done' | 'invalid' | 'taken'> {
  const row = await findToken(deps.db, token, 'verify_email');
  if (!row || !row.user_id || !row.email) return 'invalid';
  const key = emailKey(row.email);
  const other = await deps.db.selectFrom('users').select('id').where('email_key', '=', key).where('id', '!=', row.user_id).executeTakeFirst();
  if (other) return 'taken';
  try {
    await deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      await trx
        .updateTable('users')
        .set({ email: row.email, email_key: key, email_verified_at: now, email_pending: null, updated_at: now })
        .where('id', '=', row.user_id as string)
        .execute();
      await trx.updateTable('tokens').set({ used_at: now }).where('user_id', '=', row.user_id as string).where('purpose', '=', 'verify_email').where('used_at', 'is', null).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) return 'taken';
    throw error;
  }
  return 'done';
}

/** For demo content and operators' tools only: records an address as confirmed without a mail. */
export async function setConfirmedEmail(db: Db, userId: string, email: string): Promise<void> {
  const now = nowIso();
  await db.updateTable('users').set({ email, email_key: emailKey(email), email_verified_at: now, email_pending: null, updated_at: now }).where('id', '=', userId).execute();
}

export async function resendVerification(deps: Deps, userId: string, locale: Locale): Promise<boolean> {
  const user = await findUser(deps.db, userId);
  if (!user?.email_pending) return false;
  if (!(await deps.throttle.hit(`verify:account:${userId}`, 5, HOUR_MS))) return false;
  await sendVerification(deps, user, user.email_pending, locale);
  return true;
}

async function checkCurrentPassword(deps: Deps, user: User, password: string, t: Translator): Promise<Outcome> {
  const limits = deps.config.rateLimits;
  const key = `password:account:${user.id}`;
  if (await deps.throttle.isBlocked(key, limits.loginFailuresPerAccount)) return fail('currentPassword', t('login.paused'));
  if (!(await verifyPassword(user.password_hash, password, deps.config.passwordHashing))) {
    await deps.throttle.hit(key, limits.loginFailuresPerAccount, LOGIN_WINDOW_MS);
    return fail('currentPassword', t('account.currentPasswordWrong'));
  }
  return ok(undefined);
}

export async function changePseudonym(deps: Deps, userId: string, pseudonym: string, currentPassword: string, t: Translator): Promise<Outcome> {
  const user = await findUser(deps.db, userId);
  if (!user) return fail('pseudonym', t('error.notFound'));
  const check = await checkCurrentPassword(deps, user, currentPassword, t);
  if (!check.ok) return check;
  if (hasInvisibleCharacters(pseudonym)) return fail('pseudonym', t('register.pseudonymInvisible'));
  if (await pseudonymTaken(deps.db, pseudonym, userId)) return fail('pseudonym', t('register.pseudonymTaken'));
  try {
    await deps.db.updateTable('users').set({ pseudonym, pseudonym_key: pseudonymKey(pseudonym), pseudonym_skeleton: pseudonymSkeleton(pseudonym), updated_at: nowIso() }).where('id', '=', userId).execute();
  } catch (error) {
    if (isUniqueViolation(error)) return fail('pseudonym', t('register.pseudonymTaken'));
    throw error;
  }
  return ok(undefined);
}

// --- Pseudonyms stored before the character rules -------------------------------------------------

const CLEAN_PAGE = 500;
export const CLEAN_PSEUDONYMS_JOB = 'accounts.clean-pseudonyms';

/**
 * Pseudonyms registered before invisible characters were refused (migration 0009 only added the
 * skeleton) may still hold them. Pages already show them cleaned (displayPseudonym); this command
 * cleans what is stored, so mentions, searches and the account page agree: the visible name stays,
 * and where that is now empty or taken by someone else a number is added ("Admin Anke 2"). Each
 * change leaves an audit row (account id, no names) for administrators. Returns what it changed.
 */
export async function cleanStoredPseudonyms(db: Db): Promise<Array<{ userId: string; from: string; to: string }>> {
  const changed: Array<{ userId: string; from: string; to: string }> = [];
  for (let after = ''; ; ) {
    const rows = await db.selectFrom('users').select(['id', 'pseudonym']).where('id', '>', after).orderBy('id').limit(CLEAN_PAGE).execute();
    for (const row of rows) {
      const visible = displayPseudonym(row.pseudonym);
      if (visible === row.pseudonym && !hasInvisibleCharacters(row.pseudonym)) continue;
      const base = visible || 'Mitglied';
      let name = base;
      for (let n = 2; (await pseudonymTaken(db, name, row.id)) || hasInvisibleCharacters(name); n++) name = `${base} ${n}`;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ pseudonym: name, pseudonym_key: pseudonymKey(name), pseudonym_skeleton: pseudonymSkeleton(name), updated_at: nowIso() }).where('id', '=', row.id).execute();
        await recordAudit(trx, { actorId: null, action: 'account.pseudonym_cleaned', subjectType: 'account', subjectId: row.id });
      });
      changed.push({ userId: row.id, from: row.pseudonym, to: name });
    }
    if (rows.length < CLEAN_PAGE) return changed;
    after = rows[rows.length - 1]!.id;
  }
}

/** Daily: new rules may come, and a restored backup may bring old names back. */
export function registerPseudonymCleaning(deps: Deps): void {
  deps.jobs.every(CLEAN_PSEUDONYMS_JOB, { everyMs: 86_400_000, firstAfterMs: 2 * 60_000 }, () => cleanStoredPseudonyms(deps.db));
}

export async function changeEmail(deps: Deps, userId: string, email: string, currentPassword: string, t: Translator, locale: Locale): Promise<Outcome<'sent' | 'removed'>> {
  const user = await findUser(deps.db, userId);
  if (!user) return fail('email', t('error.notFound'));
  const check = await checkCurrentPassword(deps, user, currentPassword, t);
  if (!check.ok) return check;
  if (!email) {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ email: null, email_key: null, email_verified_at: null, email_pending: null, updated_at: nowIso() }).where('id', '=', userId).execute();
      await trx.updateTable('tokens').set({ used_at: nowIso() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    });
    return ok('removed');
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ email_pending: email, updated_at: nowIso() }).where('id', '=', userId).execute();
    await sendVerification(deps, user, email, locale, trx);
  });
  return ok('sent');
}

export async function changePassword(deps: Deps, userId: string, sessionId: string, currentPassword: string, password: string, t: Translator, locale: Locale): Promise<Outcome> {
  const user = await findUser(deps.db, userId);
  if (!user) return fail('password', t('error.notFound'));
  const check = await checkCurrentPassword(deps, user, currentPassword, t);
  if (!check.ok) return check;
  const problem = passwordProblem(password, user.pseudonym);
  if (problem) return fail('password', t(problem));
  await setPassword(deps, user, password, sessionId, locale);
  return ok(undefined);
}

export async function setLocale(deps: Deps, userId: string, locale: Locale): Promise<void> {
  await deps.db.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', userId).execute();
}

export interface AccountOverview {
  pseudonym: string;
  email: string | null;
  emailPending: string | null;
  role: Role;
  locale: Locale | null;
  createdAt: string;
  sessions: Awaited<ReturnType<typeof listSessions>>;
}

export async function accountOverview(deps: Deps, userId: string, sessionId: string): Promise<AccountOverview | undefined> {
  const user = await findUser(deps.db, userId);
  if (!user) return undefined;
  return {
    pseudonym: user.pseudonym,
    email: user.email_verified_at ? user.email : null,
    emailPending: user.email_pending,
    role: user.role,
    locale: user.locale,
    createdAt: user.created_at,
    sessions: await listSessions(deps.db, userId, sessionId),
  };
}

export async function verifyOwnPassword(deps: Deps, userId: string, password: string, t: Translator): Promise<Outcome> {
  const user = await findUser(deps.db, userId);
  if (!user) return fail('currentPassword', t('error.notFound'));
  return checkCurrentPassword(deps, user, password, t);
}

/** Everything stored about a person, as one JSON-ready object. */
export async function exportAccount(deps: Deps, userId: string): Promise<Record<string, unknown>> {
  const user = await findUser(deps.db, userId);
  if (!user) return {};
  const consents = await deps.db.selectFrom('consents').select(['kind', 'version', 'given_at']).where('user_id', '=', userId).orderBy('id').execute();
  const sessions = await deps.db.selectFrom('sessions').select(['device', 'created_at', 'last_seen_at', 'expires_at']).where('user_id', '=', userId).execute();
  const apiTokens = await deps.db.selectFrom('api_tokens').select(['name', 'created_at', 'last_used_at']).where('user_id', '=', userId).execute();
  const audit = await deps.db.selectFrom('audit_log').select(['action', 'subject_type', 'subject_id', 'created_at']).where('actor_id', '=', userId).orderBy('id').execute();
  return {
    format: 'miteinander-account-export',
    version: 1,
    exportedAt: nowIso(),
    account: {
      id: user.id,
      pseudonym: user.pseudonym,
      email: user.email,
      emailVerifiedAt: user.email_verified_at,
      emailPending: user.email_pending,
      role: user.role,
      language: user.locale,
      createdAt: user.created_at,
      updatedAt: user.updated_at,
      lastLoginAt: user.last_login_at,
    },
    consents: consents.map((c) => ({ kind: c.kind, version: c.version, givenAt: c.given_at })),
    sessions: sessions.map((s) => ({ device: s.device, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at })),
    apiTokens: apiTokens.map((k) => ({ name: k.name, createdAt: k.created_at, lastUsedAt: k.last_used_at })),
    actionsAsStaff: audit.map((a) => ({ action: a.action, subject: a.subject_type, subjectId: a.subject_id, at: a.created_at })),
    ...(await deps.accountData.exportAll(deps.db, userId)),
  };
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes the account and, through the registered contributors, everything tied to it. */
export async function deleteAccount(deps: Deps, userId: string, posts: PostsChoice): Promise<'deleted' | 'last_admin'> {
  const user = await findUser(deps.db, userId);
  if (!user) return 'deleted';
  if (keepsLastAdministrator(user, await countAdmins(deps.db))) return 'last_admin';
  await deps.db.transaction().execute(async (trx) => {
    await deps.accountData.deleteAll(trx, userId, posts);
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    // The trail keeps that an account went, not whose it was.
    await recordAudit(trx, { actorId: null, action: 'account.deleted', subjectType: 'account', subjectId: null, details: { posts } });
  });
  return 'deleted';
}

// --- For administrators: listing accounts and giving roles (checked by the admin policy) ---

export interface AccountListItem {
  id: string;
  pseudonym: string;
  role: Role;
  createdAt: string;
}

export async function listAccounts(db: Db, query: string, page: number, perPage: number): Promise<{ items: AccountListItem[]; total: number }> {
  let q = db.selectFrom('users');
  const key = pseudonymKey(query);
  if (key) q = q.where('pseudonym_key', 'like', `%${key.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['id', 'pseudonym', 'role', 'created_at'])
    .orderBy('pseudonym_key')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, pseudonym: r.pseudonym, role: r.role, createdAt: r.created_at })), total: Number(totalRow.n) };
}

export async function setRole(deps: Deps, { actorId, userId, role }: { actorId: string; userId: string; role: Role }): Promise<'done' | 'self' | 'not_found' | 'last_admin'> {
  if (actorId === userId) return 'self';
  const user = await findUser(deps.db, userId);
  if (!user) return 'not_found';
  if (keepsLastAdministrator(user, await countAdmins(deps.db), role)) return 'last_admin';
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ role, updated_at: nowIso() }).where('id', '=', userId).execute();
    await recordAudit(trx, { actorId, action: 'account.role_changed', subjectType: 'account', subjectId: userId, details: { from: user.role, to: role } });
  });
  return 'done';
}

export async function pseudonymsOf(db: Db, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'pseudonym']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.pseudonym]));
}

/** An account by its pseudonym, regardless of case and width (e.g. to name someone as staff). */
export async function findUserByPseudonym(db: Db, pseudonym: string): Promise<{ id: string; pseudonym: string; role: Role } | undefined> {
  return db.selectFrom('users').select(['id', 'pseudonym', 'role']).where('pseudonym_key', '=', pseudonymKey(pseudonym)).executeTakeFirst();
}
