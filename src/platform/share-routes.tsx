// GET /share: the share block's page on this host, for what a plain link cannot do — sharing on
// one's own Mastodon instance and copying the link for Signal and other apps. The link to the
// other server is only followed when the person clicks it (a form redirect would break the CSP).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from './deps.ts';
import { pageContext, safeLocalPath, sendHtml } from './http.tsx';
import { formString } from './forms.ts';
import { Layout } from './ui/layout.tsx';
import { ErrorSummary } from './ui/components.tsx';
import { mastodonHost, mastodonShareUrl, ShareScriptButtons } from './ui/share.tsx';

const ShareQuery = Type.Object({
  path: Type.Optional(Type.String({ maxLength: 1000 })),
  title: Type.Optional(Type.String({ maxLength: 300 })),
  instance: Type.Optional(Type.String({ maxLength: 300 })),
});

export const shareRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/share', { schema: { querystring: ShareQuery } }, async (req, reply) => {
    const ctx = pageContext(req, reply, deps);
    const { t } = ctx;
    // Only pages of this site are shared from here, so the page cannot be used to pass on foreign links.
    const path = safeLocalPath(req.query.path, '/');
    const title = formString(req.query.title).trim().slice(0, 200) || t('site.name');
    const url = `${deps.config.baseUrl.replace(/\/$/, '')}${path}`;
    const typed = formString(req.query.instance).trim();
    const host = typed ? mastodonHost(typed) : undefined;
    const errors = typed && !host ? [{ field: 'instance', message: t('share.page.instanceInvalid') }] : [];
    return sendHtml(reply, (
      <Layout ctx={ctx} title={t('share.page.title')} hasErrors={errors.length > 0}>
        <ErrorSummary title={t('form.errorSummary')} errors={errors} />
        <h1 class="heading-l" safe>{t('share.page.title')}</h1>
        <p class="lead" safe>{t('share.page.lead')}</p>
        <div class="field">
          <label class="label" for="share-link" safe>{t('share.page.link', { title })}</label>
          <input class="input input--full" id="share-link" type="text" readonly value={url} />
        </div>
        <section class="share" data-share-url={url} data-share-title={title} aria-label={t('share.title')}>
          <ShareScriptButtons t={t} />
        </section>
        {host ? <p><a class="button" href={mastodonShareUrl(host, { url, title })} rel="nofollow noopener noreferrer" safe>{t('share.page.onInstance', { host })}</a></p> : ''}
        <form method="get" action="/share" novalidate>
          <input type="hidden" name="path" value={path} />
          <input type="hidden" name="title" value={title} />
          <div class={errors.length ? 'field field--error' : 'field'}>
            <label class="label" for="instance" safe>{t('share.mastodon')}</label>
            <div id="instance-hint" class="hint" safe>{t('share.mastodonHint')}</div>
            {errors.length ? <p id="instance-error" class="field-error" safe>{errors[0]?.message}</p> : ''}
            <input class="input input--medium" id="instance" name="instance" type="text" value={typed} autocomplete="off" spellcheck="false" aria-describedby={errors.length ? 'instance-hint instance-error' : 'instance-hint'} aria-invalid={errors.length ? 'true' : undefined} />
          </div>
          <button class="button button--secondary" type="submit" safe>{t('share.mastodonSubmit')}</button>
        </form>
        <p><a href={path} safe>{t('share.page.back')}</a></p>
      </Layout>
    ), errors.length ? 400 : 200);
  });
};
