// Accounts as the app sees them: their pages and API, and the accounts port (mailboxes, pseudonyms) app.ts hands every feature.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { accountsRoutes } from './routes.tsx';
import { registerRulesGate } from './rules.ts';
import { rulesRoutes } from './rules-routes.tsx';
import { rulesDe, rulesEn } from './rules-messages.ts';
import { registerPseudonymCleaning } from './service.ts';
export { createAccountsPort } from './port.ts';
// What the admin and setup features use: account lists and roles, the first administrator.
export { countAdmins, createAccount, listAccounts, pseudonymsOf, setRole, startSession, type Outcome } from './service.ts';
export { setupForm } from './schema.ts';
// Every place that shows a pseudonym to people shows it through this (or PersonName, which uses it).
export { displayPseudonym } from '../../platform/auth/pseudonyms.ts';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  registerRulesGate(app, deps);
  registerPseudonymCleaning(deps);
  await app.register(accountsRoutes, { deps });
  await app.register(rulesRoutes, { deps });
}

export const accountsModule: FeatureModule = { name: 'accounts', messages: { de: rulesDe, en: rulesEn }, register };

// The rules messages join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof rulesDe, true> {}
}
