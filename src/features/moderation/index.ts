// Safety and moderation as the app registers it, and what other features use: the crisis gate for
// every text box (help page, API problem, recording the writer's choice) and the target registry
// through which features let their posts and messages be reported and reviewed.
import type { FastifyInstance } from 'fastify';
import { registerQueueBadge, registerSanctionCheck } from './hooks.tsx';
import type { Deps } from '../../platform/deps.ts';
import { moderationRoutes } from './routes.tsx';
import { trustRoutes } from './routes-trust.tsx';
import { registerTrustJob } from './trust.ts';
import { blockList } from './blocking.ts';
import * as svc from './service.ts';
import type { FeatureModule } from '../../platform/feature.ts';
import { moderationDe, moderationEn } from './messages.ts';
import { queueDe, queueEn } from './messages-queue.ts';

export { moderationDe, moderationEn } from './messages.ts';
export { checkCrisisText, type CrisisCheck } from '../../platform/crisis/index.ts';
export { CrisisHelpScreen, crisisAsked, crisisChoiceOf, crisisChoiceProperty, sendCrisisProblem } from './crisis.tsx';
export { CRISIS_CHOICES, type CrisisChoice, type CrisisTarget, queueForReview, recordCrisisChoice, registerTarget, type TargetHandler, type TargetInfo } from './service.ts';
export { canModerate, isExemptFromTrustLimits } from './policy.ts';
export { checkWriteLimit, countWrite, limitError, registerActivitySource, type ActivitySource, type LimitProblem } from './trust.ts';
export { blockedBy, blockersAmong } from './blocking.ts';
export { noteWrite, writeRefusal, type WriteScope } from './gate.ts';
export { registerFacilitation } from './service.ts';

export async function registerModeration(app: FastifyInstance, deps: Deps): Promise<void> {
  // A profile is the account's pseudonym; reporting one puts it before the moderators.
  svc.registerTarget('profile', {
    async load(d, id) {
      const user = await d.db.selectFrom('users').select(['id', 'pseudonym']).where('id', '=', id).executeTakeFirst();
      return user ? { authorId: user.id, authorName: user.pseudonym, anonymous: false, text: user.pseudonym, url: '', categoryId: null, groupId: null, status: 'published' } : undefined;
    },
  });
  deps.accountData.register({
    name: 'moderation',
    // Reports a person made and notices they received are theirs to see; who reported them is not.
    async export(db, userId) {
      const reports = await db.selectFrom('reports').select(['target_type', 'target_id', 'reason', 'note', 'created_at']).where('reporter_id', '=', userId).execute();
      const notices = await db.selectFrom('moderation_notices').select(['kind', 'reason', 'body', 'created_at']).where('user_id', '=', userId).execute();
      const drafts = (await svc.draftsOf(deps, userId)).map((d) => ({ context: d.context, text: d.text, createdAt: d.createdAt }));
      // Whom they blocked is theirs; who blocked them is not (blocking stays unknown to the blocked).
      const blocks = (await blockList(db, userId)).map((b) => ({ pseudonym: b.pseudonym, since: b.since }));
      const trustLevel = await db.selectFrom('trust_levels').select(['level', 'days', 'posts_read', 'posts_written', 'upheld_reports', 'computed_at']).where('user_id', '=', userId).executeTakeFirst();
      return { reports, notices, drafts, blocks, trustLevel: trustLevel ?? null };
    },
    async delete(db, userId) {
      await db.deleteFrom('crisis_drafts').where('user_id', '=', userId).execute();
      await db.updateTable('moderation_items').set({ author_id: null }).where('author_id', '=', userId).execute();
    },
  });
  registerTrustJob(deps);
  registerSanctionCheck(app, deps);
  registerQueueBadge(app, deps);
  await app.register(moderationRoutes, { deps });
  await app.register(trustRoutes, { deps });
}

export const moderationModule: FeatureModule = { name: 'moderation', messages: { de: { ...moderationDe, ...queueDe }, en: { ...moderationEn, ...queueEn } }, register: (app, { deps }) => registerModeration(app, deps) };

// The feature's message keys join the app's MessageKey (platform imports no feature).
declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof moderationDe | keyof typeof queueDe, true> {}
}
