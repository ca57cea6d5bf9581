// The features of the app, in the order app.ts registers them: a feature that uses another's port
// comes after it (events and network use the directory's). Each entry is the feature's index.ts.
import type { FeatureModule } from './platform/feature.ts';
import { systemModule } from './features/system/index.ts';
import { pagesModule } from './features/pages/index.ts';
import { homeModule } from './features/home/index.ts';
import { accountsModule } from './features/accounts/index.ts';
import { setupModule } from './features/setup/index.ts';
import { adminModule } from './features/admin/index.ts';
import { directoryModule } from './features/directory/index.ts';
import { eventsModule } from './features/events/index.ts';
import { forumModule } from './features/forum/index.ts';
import { moderationModule } from './features/moderation/index.ts';
import { networkModule } from './features/network/index.ts';
import { learningModule } from './features/learning/index.ts';

export const featureModules: readonly FeatureModule[] = [
  systemModule,
  pagesModule,
  homeModule,
  accountsModule,
  setupModule,
  adminModule,
  directoryModule,
  eventsModule,
  forumModule,
  moderationModule,
  networkModule,
  learningModule,
];
