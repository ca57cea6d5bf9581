// GET /help, /rules, /privacy, /accessibility, /imprint.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../platform/deps.ts';
import { pageContext, sendHtml } from '../../platform/http.tsx';
import { renderMarkdownBody } from '../../platform/markdown.ts';
import { PAGE_SLUGS, getPage } from './service.ts';
import { PageScreen } from './views.tsx';

export const pagesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  for (const slug of PAGE_SLUGS) {
    app.get(`/${slug}`, async (req, reply) => {
      const page = await getPage(deps.db, slug, req.locale);
      const ctx = pageContext(req, reply, deps);
      return sendHtml(reply, <PageScreen ctx={ctx} page={{ title: page.title, safeBodyHtml: renderMarkdownBody(page.body), updatedAt: page.updatedAt }} />);
    });
  }
};
