// The forum search, shared by the page and the API: words (folded, as prefixes) and filters,
// over the posts the person may read — an unreadable post is never counted or hinted at.
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import type { Locale } from '../../db/types.ts';
import { formString } from '../../platform/forms.ts';
import { searchTerms } from '../../db/fulltext.ts';
import { canReadCategory, type Ties } from './policy.ts';
import * as q from './queries.ts';
import { threadUrl } from './model.ts';
import { handleOf } from './anonymity.ts';
import type { SearchView } from './views.tsx';

export const SEARCH_PER_PAGE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SearchInput {
  q?: string | undefined;
  category?: string | undefined;
  author?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  mine?: string | undefined;
  page?: string | undefined;
}

const stripTags = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

export async function runSearch(deps: Deps, actor: Actor, ties: Ties, input: SearchInput, t: Translator, locale: Locale) {
  const text = formString(input.q).trim();
  const errors: FieldProblem[] = [];
  const page = Math.min(50, Math.max(1, Number(formString(input.page)) || 1));
  const terms = searchTerms(text);
  if (text && terms.length === 0) errors.push({ field: 'q', message: t('forum.search.tooShort') });
  const from = formString(input.from);
  const to = formString(input.to);
  if (from && !DATE.test(from)) errors.push({ field: 'from', message: t('forum.search.date') });
  if (to && !DATE.test(to)) errors.push({ field: 'to', message: t('forum.search.date') });
  const topics = (await q.topicCategories(deps.db)).filter((c) => canReadCategory(actor, c, ties));
  const categorySlug = formString(input.category);
  const category = categorySlug ? (await q.categoryBySlug(deps.db, categorySlug)) : undefined;
  // A category the person may not read is treated as unknown, exactly like one that does not exist.
  if (categorySlug && (!category || !canReadCategory(actor, category, ties))) errors.push({ field: 'category', message: t('forum.search.unknownCategory') });
  const authorName = formString(input.author).trim();
  let authorId: string | undefined;
  const mine = formString(input.mine) !== '' && actor.kind === 'user';
  if (mine && actor.kind === 'user') authorId = actor.id;
  else if (authorName) {
    const users = await q.usersByPseudonymKeys(deps.db, [authorName.normalize('NFKC').toLocaleLowerCase('de-DE').replace(/^@/, '')]);
    if (!users[0]) errors.push({ field: 'author', message: t('forum.search.unknownAuthor', { name: authorName }) });
    else authorId = users[0].id;
  }
  let found: { items: q.SearchHit[]; total: number } = { items: [], total: 0 };
  const searched = terms.length > 0 && errors.length === 0;
  if (searched) {
    const readable = await q.readableCategoryIds(deps.db, actor, ties);
    found = await q.searchPosts(deps.db, {
      terms, readable, categoryId: category?.id, authorId, page, perPage: SEARCH_PER_PAGE,
      from: from ? `${from}T00:00:00.000Z` : undefined,
      to: to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
    });
  }
  const capped = found.total > q.SEARCH_COUNT_CAP;
  const total = Math.min(found.total, q.SEARCH_COUNT_CAP);
  const view: SearchView = {
    q: text, category: categorySlug, author: authorName, from, to, mine, errors,
    categories: topics.map((c) => ({ slug: c.slug, name: locale === 'en' ? c.name_en : c.name_de })),
    items: found.items.map((h) => {
      const plain = stripTags(h.html);
      return {
        url: threadUrl({ id: h.thread_id, slug: h.thread_slug }, h.number),
        title: h.title,
        author: h.anonymous ? t('forum.anonymous') : (h.author_pseudonym ?? t('forum.deletedMember')),
        createdAt: h.created_at,
        excerpt: plain.length > 240 ? `${plain.slice(0, 240)}…` : plain,
      };
    }),
    total, capped, page, pages: Math.max(1, Math.ceil(total / SEARCH_PER_PAGE)), searched, signedIn: actor.kind === 'user',
  };
  return { view, hits: found.items, total, errors, handleOf };
}
