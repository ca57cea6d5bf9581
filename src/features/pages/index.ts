// The editable pages (help in a crisis, rules, privacy, accessibility, imprint) as the app sees them.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { pagesRoutes } from './routes.tsx';

// What other features use: the versions people consent to (accounts) and the page texts (admin).
export { HEALTH_CONSENT_VERSION, RULES_VERSION, getPage, isPageSlug, listPages, resetPage, savePage } from './service.ts';
export { ensureCanEditPages } from './policy.ts';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  await app.register(pagesRoutes, { deps });
}

export const pagesModule: FeatureModule = { name: 'pages', register };
