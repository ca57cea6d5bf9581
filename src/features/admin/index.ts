// The administration pages as the app sees them, and the "administer" ability the layout asks about.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { adminRoutes } from './routes.tsx';
import { canAdminister } from './policy.ts';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  deps.guardian.define('administer', canAdminister);
  await app.register(adminRoutes, { deps });
}

export const adminModule: FeatureModule = { name: 'admin', register };
