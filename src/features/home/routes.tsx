// GET / — the home page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Locale } from '../../db/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { PreparedHtml, pageContext, sendHtml, sendPreparedHtml } from '../../platform/http.tsx';
import { HomeScreen } from './views.tsx';

export const homeRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  /**
   * The page every visitor sees, per language, with its compressed forms. It holds nothing of the
   * person and nothing from the database (texts from the catalogs, the menu the features registered
   * at start, the asset version), so it never goes stale and one entry per language is the bound.
   * Used only at "/" itself (the language switch sends people back to the address they were at)
   * and when no message (flash) waits for the visitor; members' pages are rendered per request.
   */
  const visitorPages = new Map<Locale, PreparedHtml>();

  app.get('/', async (req, reply) => {
    const ctx = pageContext(req, reply, deps);
    const kept = !ctx.user && !ctx.flash && req.url === '/';
    const prepared = kept ? visitorPages.get(ctx.locale) : undefined;
    if (prepared) return sendPreparedHtml(reply, prepared);
    if (!kept) return sendHtml(reply, <HomeScreen ctx={ctx} />);
    // A token in a page kept for everyone would hand one visitor's token to all: refuse loudly.
    Object.defineProperty(ctx, 'csrf', {
      get: () => {
        throw new Error('the home page kept for every visitor must not carry a form that posts');
      },
    });
    const page = new PreparedHtml(await (<HomeScreen ctx={ctx} />));
    visitorPages.set(ctx.locale, page);
    return sendPreparedHtml(reply, page);
  });
};
