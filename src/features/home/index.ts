// The home page as the app sees it.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { homeRoutes } from './routes.tsx';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  await app.register(homeRoutes, { deps });
}

export const homeModule: FeatureModule = { name: 'home', register };
