// The forum JSON API under /api/v1: categories, threads, posts, search; starting threads and
// replying with a personal access key (or session + X-CSRF-Token). Errors are problem+json.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as policy from './policy.ts';
import * as q from './queries.ts';
import * as cmd from './commands.ts';
import * as schema from './schema.ts';
import { PAGE_SIZE, THREADS_PER_PAGE, parseCounts, threadUrl, type Category } from './model.ts';
import { categoryName, loadCategory, loadThread, presentPosts, tiesOf } from './routes.tsx';
import { runSearch } from './search.ts';
import { limitError, sendCrisisProblem } from '../moderation/index.ts';
import { afterPostWritten, countPost, crisisOfPost, postLimit } from './safety.ts';

const fieldsProblem = (errors: Array<{ field: string; message: string }>) => new AppError(400, 'validation_failed', 'error.badRequest', errors);

export const forumApi: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const base = deps.config.baseUrl;
  const problems = { 400: schema.Problem, 401: schema.Problem, 403: schema.Problem, 404: schema.Problem };

  app.get('/api/v1/forum/categories', { schema: { summary: 'Forum categories the caller may read', tags: ['forum'], response: { 200: schema.CategoryList } } }, async (req) => {
    const ties = await tiesOf(deps, req);
    const cats = (await q.topicCategories(deps.db)).filter((c) => policy.canReadCategory(req.actor, c, ties));
    return {
      items: cats.map((c) => ({
        slug: c.slug, name: categoryName(c, req.locale), description: req.locale === 'en' ? c.description_en : c.description_de, readAccess: c.read_access,
        anonymousAllowed: policy.canPostAnonymously(c), locked: c.locked === 1, threads: c.thread_count, posts: c.post_count, url: `${base}/forum/c/${c.slug}`,
      })),
    };
  });

  app.get('/api/v1/forum/threads', { schema: { summary: 'Threads of a category, newest activity first', tags: ['forum'], querystring: schema.ThreadsQuery, response: { 200: schema.ThreadList, ...problems } } }, async (req) => {
    const { category, ties } = await loadCategory(deps, req, req.query.category);
    const page = req.query.page ?? 1;
    const found = await q.threadsOfCategory(deps.db, category, page, { userId: req.actor.id, moderates: policy.canModerateCategory(req.actor, category, ties) });
    if (page > 1 && page > Math.ceil(found.total / THREADS_PER_PAGE)) throw notFound('page_not_found');
    return {
      items: found.items.map((t) => ({
        id: t.id, title: t.title, url: `${base}${threadUrl(t)}`, author: t.anonymous ? req.t('forum.anonymous') : (t.author_pseudonym ?? req.t('forum.deletedMember')), anonymous: t.anonymous === 1,
        replies: t.reply_count, lastPostAt: t.last_post_at, createdAt: t.created_at, contentNote: t.content_note, status: t.status, locked: t.locked === 1,
      })),
      total: found.total,
      page,
    };
  });

  app.get('/api/v1/forum/threads/:id/posts', { schema: { summary: 'Posts of a thread, 50 per page by post number', tags: ['forum'], params: schema.IdParam, querystring: schema.PostsQuery, response: { 200: schema.PostList, ...problems } } }, async (req) => {
    const { thread, category, ties } = await loadThread(deps, req, String(req.params.id));
    const page = req.query.page ?? 1;
    const pages = Math.max(1, Math.ceil(thread.last_number / PAGE_SIZE));
    if (page > pages) throw notFound('page_not_found');
    const from = (page - 1) * PAGE_SIZE + 1;
    const rows = await q.postsByNumber(deps.db, thread.id, from, from + PAGE_SIZE - 1);
    const posts = await presentPosts(deps, req, rows, category, thread, ties, null);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      items: posts.map((p) => ({
        id: p.id, number: p.number, author: p.author, anonymous: p.authorKind === 'anonymous', html: p.html, createdAt: p.createdAt, editedAt: p.editedAt, status: p.state,
        contentNote: p.note, reactions: parseCounts(byId.get(p.id)?.reaction_counts ?? ''),
      })),
      total: thread.reply_count + 1,
      page,
      thread: { id: thread.id, title: thread.title, category: category.slug },
    };
  });

  const crisisNote = 'A text that sounds like a crisis answers 409 (type …/problems/crisis-check, with helpNumbers and choices) and publishes nothing; send it again with crisisChoice. "draft" and "moderators_only" answer 202.';
  app.post('/api/v1/forum/threads', { schema: { summary: 'Start a thread', description: crisisNote, tags: ['forum'], body: schema.NewThreadBody, response: { 201: schema.Created, 202: schema.Held, ...problems, 429: schema.Problem } } }, async (req, reply) => {
    const category = await q.categoryBySlug(deps.db, req.body.category);
    const ties = await tiesOf(deps, req);
    if (!category || !policy.canReadCategory(req.actor, category, ties)) throw fieldsProblem([{ field: 'category', message: req.t('forum.search.unknownCategory') }]);
    policy.ensureCanStartThread(req.actor, category, ties);
    const anonymous = req.body.anonymous === true;
    if (anonymous && !policy.canPostAnonymously(category)) throw fieldsProblem([{ field: 'anonymous', message: req.t('forum.error.anonymousNotAllowed') }]);
    const check = crisisOfPost(req.body.title, req.body.body);
    const choice = check.classes.length ? (req.body.crisisChoice ?? null) : null;
    if (check.classes.length && !choice) return sendCrisisProblem(deps, req, reply, check);
    if (choice === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, `c:${category.slug}`, { title: req.body.title, body: req.body.body, baseVersion: 0, device: 'api' });
      return reply.status(202).send({ status: 'draft' });
    }
    const hold = choice === 'moderators_only';
    const limited = await postLimit(deps, { actor: req.actor, body: `${req.body.title}\n${req.body.body}`, hold, t: req.t });
    if (limited) throw limitError(limited.limit, req.t);
    const result = await cmd.createThread(deps, { actor: req.actor, category: category as Category, ties, input: { title: req.body.title, body: req.body.body, anonymous, contentNote: req.body.contentNote ?? '' }, t: req.t, hold });
    if (!result.ok) throw fieldsProblem(result.errors);
    await countPost(deps, { actor: req.actor, hold });
    await afterPostWritten(deps, { written: result.value, authorId: req.actor.id, anonymous, category: category as Category, check, choice });
    if (choice === 'moderators_only') return reply.status(202).send({ status: 'moderators_only', id: result.value.postId, threadId: result.value.threadId });
    return reply.status(201).send({ id: result.value.postId, threadId: result.value.threadId, number: 1, url: `${base}${result.value.url}`, status: result.value.status });
  });

  app.post('/api/v1/forum/threads/:id/posts', { schema: { summary: 'Reply to a thread', description: crisisNote, tags: ['forum'], params: schema.IdParam, body: schema.NewPostBody, response: { 201: schema.Created, 202: schema.Held, ...problems, 429: schema.Problem } } }, async (req, reply) => {
    const { thread, category, ties } = await loadThread(deps, req, String(req.params.id));
    policy.ensureCanReply(req.actor, category, thread, ties);
    const anonymous = req.body.anonymous === true;
    if (anonymous && !policy.canPostAnonymously(category)) throw fieldsProblem([{ field: 'anonymous', message: req.t('forum.error.anonymousNotAllowed') }]);
    const check = crisisOfPost('', req.body.body);
    const choice = check.classes.length ? (req.body.crisisChoice ?? null) : null;
    if (check.classes.length && !choice) return sendCrisisProblem(deps, req, reply, check);
    if (choice === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, `t:${thread.id}`, { title: '', body: req.body.body, baseVersion: 0, device: 'api' });
      return reply.status(202).send({ status: 'draft' });
    }
    const hold = choice === 'moderators_only';
    const limited = await postLimit(deps, { actor: req.actor, body: req.body.body, hold, t: req.t });
    if (limited) throw limitError(limited.limit, req.t);
    const result = await cmd.createPost(deps, { actor: req.actor, category, thread, ties, input: { body: req.body.body, anonymous, contentNote: req.body.contentNote ?? '' }, t: req.t, hold });
    if (!result.ok) throw fieldsProblem(result.errors);
    await countPost(deps, { actor: req.actor, hold });
    await afterPostWritten(deps, { written: result.value, authorId: req.actor.id, anonymous, category, check, choice });
    if (choice === 'moderators_only') return reply.status(202).send({ status: 'moderators_only', id: result.value.postId, threadId: thread.id });
    return reply.status(201).send({ id: result.value.postId, threadId: thread.id, number: result.value.number, url: `${base}${result.value.url}`, status: result.value.status });
  });

  app.get('/api/v1/forum/search', { schema: { summary: 'Search posts the caller may read', tags: ['forum'], querystring: schema.SearchQuery, response: { 200: schema.SearchResult, ...problems } } }, async (req) => {
    const ties = await tiesOf(deps, req);
    const { q: text, category, author, from, to, mine, page } = req.query;
    const result = await runSearch(deps, req.actor, ties, { q: text, category, author, from, to, mine: mine ? '1' : '', page: page ? String(page) : undefined }, req.t, req.locale);
    if (result.errors.length) throw fieldsProblem(result.errors);
    return {
      items: result.hits.map((h, i) => ({
        postId: h.post_id, threadId: h.thread_id, number: h.number, title: h.title, url: `${base}${threadUrl({ id: h.thread_id, slug: h.thread_slug }, h.number)}`,
        author: h.anonymous ? req.t('forum.anonymous') : (h.author_pseudonym ?? req.t('forum.deletedMember')),
        createdAt: h.created_at, excerpt: result.view.items[i]?.excerpt ?? '',
      })),
      total: result.total,
      capped: result.view.capped,
    };
  });
};
