// My support network as the app sees it: private pages and API, the weekly digest, the person's
// data, and "add to my network" for groups and organisations (names come from the directory port).
import type { FastifyInstance } from 'fastify';
import type { FeatureContext, FeatureModule } from '../../platform/feature.ts';
import { networkRoutes } from './routes.tsx';
import { setDirectoryResolver } from './directory-link.ts';
import { networkDe, networkEn } from './messages.ts';

async function register(app: FastifyInstance, { deps, ports }: FeatureContext): Promise<void> {
  // Without a directory in the app, references to groups are simply not found (a friendly 404).
  if (ports.directory) setDirectoryResolver(deps, ports.directory.findEntry);
  await app.register(networkRoutes, { deps });
}

export const networkModule: FeatureModule = { name: 'network', messages: { de: networkDe, en: networkEn }, register };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof networkDe, true> {}
}
