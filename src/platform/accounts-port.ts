// What features may ask about people without touching the accounts feature's table: where a mail to
// them goes (only a confirmed address counts) and in which language, and who holds a pseudonym.
// The accounts feature implements it (features/accounts/port.ts); app.ts hands it to every feature.
import type { Role } from '../db/types.ts';
import type { Db } from '../db/index.ts';
import type { Locale } from '../db/types.ts';

export interface Mailbox {
  userId: string;
  pseudonym: string;
  /** A confirmed address; people without one are left out of every answer. */
  email: string;
  locale: Locale;
}

export interface AccountsPort {
  /** The mailbox of one person, or undefined without a confirmed address. `db` may be a transaction. */
  mailbox(userId: string, db?: Db): Promise<Mailbox | undefined>;
  /** Mailboxes of several people, in the order asked, leaving out those without a confirmed address. */
  mailboxes(userIds: readonly string[], db?: Db): Promise<Mailbox[]>;
  /** The account with exactly this pseudonym (compared the way registration compares them). */
  findByPseudonym(pseudonym: string, db?: Db): Promise<{ id: string; pseudonym: string; role: Role } | undefined>;
  /** The roles of these people (for staff badges beside their names); people who are gone are left out. */
  roles(userIds: readonly string[], db?: Db): Promise<Map<string, Role>>;
}
