// The one-time first-administrator page as the app sees it.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { setupRoutes } from './routes.tsx';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  await app.register(setupRoutes, { deps });
}

export const setupModule: FeatureModule = { name: 'setup', register };
