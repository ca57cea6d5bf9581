// Demo content: one account per role, so every part of the platform can be tried at once.
// Later features add their demo content here.
import type { Deps } from '../platform/deps.ts';
import type { Role } from '../db/types.ts';
import { createAccount, setConfirmedEmail } from '../features/accounts/service.ts';
import { translator } from '../platform/i18n/index.ts';
import { seedDirectory } from './directory.ts';
import { SONNENBLUME_NETWORK, seedNetworkHistory } from '../features/network/demo.ts';
import { seedEvents } from '../features/events/demo.ts';
import { seedLearningProgress } from '../features/learning/demo.ts';
import { seedForum } from './forum.ts';
import { seedModeration } from './moderation.ts';

export interface DemoLogin {
  role: Role;
  pseudonym: string;
  password: string;
}

export const DEMO_PASSWORD = 'Miteinander-Demo-2026';

const DEMO_ACCOUNTS: Array<{ role: Role; pseudonym: string; email: string }> = [
  { role: 'admin', pseudonym: 'Admin Anke', email: 'anke@example.org' },
  { role: 'staff', pseudonym: 'Kontakt Karl', email: 'karl@example.org' },
  { role: 'moderator', pseudonym: 'Moderation Mia', email: 'mia@example.org' },
  { role: 'member', pseudonym: 'Sonnenblume', email: 'sonnenblume@example.org' },
  // Leads a depression group in Leipzig (and a few others): answers first contacts, admits members.
  { role: 'member', pseudonym: 'Leitung Lena', email: 'lena@example.org' },
  { role: 'member', pseudonym: 'Kranich', email: 'kranich@example.org' },
];

export async function seedDemo(deps: Deps): Promise<DemoLogin[]> {
  const t = translator('de');
  const logins: DemoLogin[] = [];
  const ids = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const created = await createAccount(deps, { pseudonym: account.pseudonym, password: DEMO_PASSWORD, email: '', locale: 'de', role: account.role }, t);
    if (!created.ok) throw new Error(`demo account ${account.pseudonym}: ${created.errors.map((e) => e.message).join(', ')}`);
    // Demo addresses count as confirmed, so password reset can be tried (the mail lands in the outbox).
    await setConfirmedEmail(deps.db, created.value.userId, account.email);
    logins.push({ role: account.role, pseudonym: account.pseudonym, password: DEMO_PASSWORD });
    ids.set(account.pseudonym, created.value.userId);
    // The demo member keeps a support network with about five years of history.
    if (account.pseudonym === 'Sonnenblume') {
      await seedNetworkHistory(deps, created.value.userId, SONNENBLUME_NETWORK, { years: 5 });
      await seedLearningProgress(deps, created.value.userId);
    }
  }
  const id = (name: string) => ids.get(name) as string;
  const demoDirectory = await seedDirectory(deps, { staffId: id('Kontakt Karl'), facilitatorId: id('Leitung Lena'), memberId: id('Sonnenblume'), otherMemberId: id('Kranich') });
  await seedEvents(deps, { leipzigDepressionSlug: demoDirectory.leipzigDepressionSlug, memberId: id('Leitung Lena'), otherMemberId: id('Kranich') });
  await seedForum(deps, { ids, password: DEMO_PASSWORD, leipzigDepressionSlug: demoDirectory.leipzigDepressionSlug });
  await seedModeration(deps);
  return logins;
}
