// The system feature as the app sees it: /healthz, /metrics and the OpenAPI description.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { systemRoutes } from './routes.ts';

async function register(app: FastifyInstance, { deps }: FeatureContext): Promise<void> {
  await app.register(systemRoutes, { deps });
}

export const systemModule: FeatureModule = { name: 'system', register };
