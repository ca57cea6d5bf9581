// First administrator: on an empty instance a one-time setup link is printed; /setup uses it once.
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Locale } from '../../db/types.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import { countAdmins, createAccount } from '../accounts/index.ts';
import type { Outcome } from '../accounts/index.ts';

const SETUP_DAYS = 7;

export async function needsSetup(db: Db): Promise<boolean> {
  return (await countAdmins(db)) === 0;
}

/** A new setup token; earlier ones stop working. Returns the secret to print. */
export async function createSetupToken(db: Db): Promise<string> {
  const token = randomToken();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tokens').where('purpose', '=', 'setup').execute();
    await trx
      .insertInto('tokens')
      .values({ token_hash: sha256(token), purpose: 'setup', user_id: null, email: null, created_at: now, expires_at: new Date(Date.now() + SETUP_DAYS * 86_400_000).toISOString(), used_at: null })
      .execute();
  });
  return token;
}

export async function setupTokenValid(db: Db, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  if (!(await needsSetup(db))) return false;
  const row = await db
    .selectFrom('tokens')
    .select('token_hash')
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', 'setup')
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  return row !== undefined;
}

export async function completeSetup(
  deps: Deps,
  input: { token: string; pseudonym: string; password: string; email: string; locale: Locale },
  t: Translator,
): Promise<Outcome<{ userId: string }> | { ok: false; errors: []; invalid: true }> {
  if (!(await setupTokenValid(deps.db, input.token))) return { ok: false, errors: [], invalid: true };
  const created = await createAccount(deps, { ...input, role: 'admin' }, t);
  if (!created.ok) return created;
  await deps.db.updateTable('tokens').set({ used_at: nowIso() }).where('purpose', '=', 'setup').execute();
  await recordAudit(deps.db, { actorId: created.value.userId, action: 'instance.setup', subjectType: 'instance' });
  return created;
}
