// The learning area as the app registers it: pages, editor, API, the navigation entry, and a
// person's progress and reflection answers in the data export and account deletion.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import * as learning from './service.ts';
import { learningRoutes } from './routes.tsx';
import { learningApi } from './api.ts';
import type { FeatureModule } from '../../platform/feature.ts';
import { learningDe, learningEn } from './messages.ts';

export async function registerLearning(app: FastifyInstance, deps: Deps): Promise<void> {
  deps.nav.push({ href: '/learn', label: 'learn.nav' });
  deps.accountData.register({
    name: 'learning',
    export: (db, userId) => learning.exportForUser(deps, db, userId),
    delete: (db, userId) => learning.deleteForUser(db, userId),
  });
  await app.register(learningRoutes, { deps });
  await app.register(learningApi, { deps });
}

export const learningModule: FeatureModule = { name: 'learning', messages: { de: learningDe, en: learningEn }, register: (app, { deps }) => registerLearning(app, deps) };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof learningDe, true> {}
}
