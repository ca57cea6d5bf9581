// The accounts feature's answer to platform/accounts-port.ts: the one place outside this feature's
// own service that reads e-mail addresses from the users table.
import type { Db } from '../../db/index.ts';
import type { AccountsPort, Mailbox } from '../../platform/accounts-port.ts';
import { findUserByPseudonym } from './service.ts';

export function createAccountsPort(defaultDb: Db): AccountsPort {
  const mailboxes = async (userIds: readonly string[], db: Db = defaultDb): Promise<Mailbox[]> => {
    if (userIds.length === 0) return [];
    const rows = await db
      .selectFrom('users')
      .select(['id', 'pseudonym', 'email', 'locale'])
      .where('id', 'in', [...new Set(userIds)])
      .where('email', 'is not', null)
      .where('email_verified_at', 'is not', null)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, { userId: r.id, pseudonym: r.pseudonym, email: r.email as string, locale: r.locale ?? 'de' } satisfies Mailbox]));
    return [...new Set(userIds)].flatMap((id) => byId.get(id) ?? []);
  };
  return {
    mailboxes,
    mailbox: async (userId, db) => (await mailboxes([userId], db))[0],
    findByPseudonym: (pseudonym, db = defaultDb) => findUserByPseudonym(db, pseudonym),
    roles: async (userIds, db = defaultDb) => {
      if (userIds.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'role']).where('id', 'in', [...new Set(userIds)]).execute();
      return new Map(rows.map((r) => [r.id, r.role]));
    },
  };
}
