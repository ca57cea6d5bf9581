// GET / — the home page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../platform/deps.ts';
import { pageContext, sendHtml } from '../../platform/http.tsx';
import { HomeScreen } from './views.tsx';

export const homeRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/', async (req, reply) => {
    const ctx = pageContext(req, reply, deps);
    return sendHtml(reply, <HomeScreen ctx={ctx} />);
  });
};
