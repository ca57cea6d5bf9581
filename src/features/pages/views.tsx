// Editable pages as HTML.
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { formatDate } from '../../platform/time.ts';

export interface PageView {
  title: string;
  /** Already rendered by markdown-it with HTML switched off. */
  safeBodyHtml: string;
  updatedAt: string | null;
}

export function PageScreen({ ctx, page }: { ctx: PageContext; page: PageView }) {
  const safeBody = page.safeBodyHtml;
  return (
    <Layout ctx={ctx} title={page.title}>
      <article class="prose">
        <h1 class="heading-l" safe>{page.title}</h1>
        {safeBody}
        {page.updatedAt ? <p class="hint" safe>{ctx.t('page.updated', { date: formatDate(page.updatedAt, ctx.locale) })}</p> : ''}
      </article>
    </Layout>
  );
}
