// HTTP of the forum pages. Each handler: validate → load → ensure → command → render or redirect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Actor, UserActor } from '../../platform/auth/actor.ts';
import type { Locale } from '../../db/types.ts';
import { guardianOf, pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { AppError, badRequest, notFound, type FieldProblem } from '../../platform/errors.ts';
import { formString } from '../../platform/forms.ts';
import { openEventStream } from '../../platform/live/sse.ts';
import { boardGroupBySlug } from '../directory/index.ts';
import * as policy from './policy.ts';
import * as q from './queries.ts';
import * as cmd from './commands.ts';
import { handleOf } from './anonymity.ts';
import { unsubscribeAll, unsubscribeKeyValid } from './notify.ts';
import { renderFeed } from './feed.ts';
import { CONTENT_NOTES, PAGE_SIZE, THREADS_PER_PAGE, DIGESTS, parseCounts, threadUrl, type Category, type Thread } from './model.ts';
import { runSearch } from './search.ts';
import {
  CategoryAdminScreen, CategoryScreen, DeletePostScreen, EditPostScreen, HistoryScreen, IndexScreen, NewThreadScreen, NotificationsScreen, PostsFragment, SearchScreen,
  SettingsScreen, ThreadScreen, UnansweredScreen, UnsubscribeScreen, type CategoryFormValues, type ComposeValues, type DraftInfo, type PostView, type ThreadItem,
} from './views.tsx';
import { readCategoryForm, saveCategory } from './admin.ts';
import { blockedBy, CrisisHelpScreen, crisisAsked, crisisChoiceOf, crisisChoiceProperty, type CrisisCheck, type CrisisChoice } from '../moderation/index.ts';
import { afterPostWritten, countPost, crisisOfPost, postLimit } from './safety.ts';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 140 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const ThreadParams = Type.Object({ id: Type.String({ maxLength: 20 }), slug: Type.Optional(Type.String({ maxLength: 200 })) });
const PageQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 10 })), quote: Type.Optional(Type.String({ maxLength: 20 })) });
const DraftParams = Type.Object({ key: Type.String({ maxLength: 140 }) });
const PENDING_COOKIE = 'forum_pending';

export const categoryName = (c: Pick<Category, 'name_de' | 'name_en'>, locale: Locale): string => (locale === 'en' ? c.name_en : c.name_de);
const categoryDescription = (c: Category, locale: Locale): string => (locale === 'en' ? c.description_en : c.description_de);

export function pageNumber(raw: unknown): number {
  const n = Number(formString(raw));
  return Number.isSafeInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

export function idNumber(raw: unknown): number {
  const s = formString(raw);
  return /^\d{1,15}$/.test(s) ? Number(s) : 0;
}

/** Ties of the request's actor (groups, boards, organisations), in the request guardian's memo: loaded once per request. */
export function tiesOf(deps: Deps, req: FastifyRequest): Promise<policy.Ties> {
  const guardian = guardianOf(req, deps);
  return guardian.once('forum:ties', () => q.loadTies(deps.db, guardian.actor));
}

export function authorLabel(t: (k: 'forum.deletedMember' | 'forum.anonymousHandle', p?: Record<string, string>) => string, p: { anonymous: number; anon_key: string | null; author_pseudonym: string | null }): string {
  if (p.anonymous) return t('forum.anonymousHandle', { handle: handleOf(p.anon_key ?? '') });
  return p.author_pseudonym ?? t('forum.deletedMember');
}

/** Loads a thread with its category and checks the reader may see it (404 otherwise, never a hint). */
export async function loadThread(deps: Deps, req: FastifyRequest, rawId: unknown): Promise<{ thread: Thread; category: Category; ties: policy.Ties }> {
  const thread = await q.threadById(deps.db, idNumber(rawId));
  const category = thread ? (await q.categoriesByIds(deps.db, [thread.category_id])).get(thread.category_id) : undefined;
  const ties = await tiesOf(deps, req);
  policy.ensureCanSeeThread(req.actor, category, thread, ties);
  return { thread, category: category as Category, ties };
}

export async function loadCategory(deps: Deps, req: FastifyRequest, slug: string): Promise<{ category: Category; ties: policy.Ties }> {
  const category = await q.categoryBySlug(deps.db, slug);
  const ties = await tiesOf(deps, req);
  policy.ensureCanReadCategory(req.actor, category, ties);
  return { category: category as Category, ties };
}

function foldedFor(settings: { folded_notes: string | null } | undefined, note: string): boolean {
  if (!note) return false;
  // Without a choice every note stays folded; with one, only the chosen notes do.
  if (!settings || settings.folded_notes === null) return true;
  return settings.folded_notes.split(',').includes(note);
}

/** Post rows → what the page shows, with the reader's flags. */
export async function presentPosts(
  deps: Deps, req: FastifyRequest, rows: q.PostRow[], category: Category, thread: Thread, ties: policy.Ties, lastRead: number | null,
  known?: { settings: Awaited<ReturnType<typeof q.forumSettings>> | undefined },
): Promise<PostView[]> {
  const actor = req.actor;
  const userId = actor.kind === 'user' ? actor.id : null;
  const ids = rows.map((r) => r.id);
  const mine = userId ? await q.reactionsOf(deps.db, ids, userId) : new Map<number, Set<string>>();
  const authored = new Set(rows.filter((r) => cmd.isAuthorOf(deps, actor, r)).map((r) => r.id));
  const reactors = authored.size ? await q.reactorsOf(deps.db, [...authored]) : new Map();
  // The thread page reads the settings for itself too and hands them in (one query fewer).
  const settings = known ? known.settings : userId ? await q.forumSettings(deps.db, userId) : undefined;
  const moderates = policy.canModerateCategory(actor, category, ties);
  // Posts of people this reader blocked come folded (never anonymous ones: their writer stays sealed).
  const blocked = userId ? await blockedBy(deps.db, userId) : new Set<string>();
  const out: PostView[] = [];
  for (const r of rows) {
    const isAuthor = authored.has(r.id);
    if ((r.status === 'pending' || r.status === 'hidden') && !policy.canSeeUnpublishedPost(actor, category, isAuthor, ties)) continue;
    const state: PostView['state'] = r.status === 'deleted' ? (r.deleted_by_author ? 'removed_by_author' : 'removed') : (r.status as PostView['state']);
    const canReply = policy.canReply(actor, category, thread, ties);
    out.push({
      id: r.id,
      number: r.number,
      author: r.status === 'deleted' ? '' : authorLabel(req.t, r),
      authorKind: r.anonymous ? 'anonymous' : r.author_pseudonym ? 'member' : 'deleted',
      badge: r.status === 'deleted' ? undefined : policy.authorBadge(r),
      createdAt: r.created_at,
      editedAt: r.edited_at,
      html: state === 'published' || state === 'pending' || (state === 'hidden' && moderates) ? r.html : '',
      state,
      note: r.content_note,
      folded: foldedFor(settings, r.content_note),
      isNew: lastRead !== null && r.number > lastRead,
      blocked: !r.anonymous && !!r.author_id && blocked.has(r.author_id),
      blockName: !r.anonymous && r.author_pseudonym && !isAuthor ? r.author_pseudonym : null,
      counts: parseCounts(r.reaction_counts),
      mine: mine.get(r.id) ?? new Set(),
      reactors: policy.canSeeReactors(actor, isAuthor) ? reactors.get(r.id) ?? [] : null,
      can: {
        react: policy.canReact(actor, r, isAuthor),
        edit: policy.canEditPost(actor, r, isAuthor),
        delete: policy.canDeletePost(actor, r, isAuthor),
        history: policy.canSeeHistory(actor, category, isAuthor, ties),
        quote: canReply && r.status === 'published',
        // Members report others' published posts; the report goes to moderation (/report).
        report: actor.kind === 'user' && !isAuthor && r.status === 'published',
        block: actor.kind === 'user' && !isAuthor && !r.anonymous && !!r.author_id && !blocked.has(r.author_id),
      },
    });
  }
  return out;
}

function readCompose(body: unknown, withTitle: boolean): ComposeValues & { action: string; version: number } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const note = formString(b.note);
  return {
    title: withTitle ? formString(b.title).normalize('NFC').trim() : '',
    body: formString(b.body).normalize('NFC').replace(/\r\n/g, '\n').replace(/\s+$/, ''),
    note: (CONTENT_NOTES as readonly string[]).includes(note) ? note : '',
    anonymous: ['yes', 'on', '1', 'true'].includes(formString(b.anonymous)),
    action: formString(b.action) === 'draft' ? 'draft' : 'post',
    version: idNumber(b.version),
  };
}

/** "> quoted text" with a line naming the post, for a reply that quotes. */
function quoteOf(post: q.PostRow, label: string): string {
  const lines = post.body.split('\n').slice(0, 20).map((l) => `> ${l}`);
  return `${label} (#${post.number}):\n${lines.join('\n')}\n\n`;
}

const ComposeBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  title: Type.Optional(Type.String({ maxLength: 2000 })),
  body: Type.Optional(Type.String({ maxLength: 200_000 })),
  note: Type.Optional(Type.String({ maxLength: 40 })),
  anonymous: Type.Optional(Type.String({ maxLength: 10 })),
  action: Type.Optional(Type.String({ maxLength: 10 })),
  version: Type.Optional(Type.String({ maxLength: 20 })),
  ...crisisChoiceProperty,
});

export const forumRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const noDraft: DraftInfo = { version: 0, restored: 'none', updatedAt: null };

  // A reply or new thread sent after the session ran out fails the CSRF check (its token was bound
  // to the old session). The text is kept under a token in a cookie, and restored after log-in.
  app.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
    const csrfFailed = 'code' in error && (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET');
    const url = req.url.split('?')[0] ?? '';
    const target = /^\/forum\/t\/(\d+)\/reply$/.exec(url) ?? /^\/forum\/c\/([^/]+)\/new$/.exec(url);
    if (req.method === 'POST' && target && req.actor.kind === 'anonymous' && (csrfFailed || (error instanceof AppError && error.status === 401))) {
      const values = readCompose(req.body, true);
      if (values.body.trim()) {
        const isReply = url.endsWith('/reply');
        const key = isReply ? `t:${target[1]}` : `c:${target[1]}`;
        const token = await cmd.keepPendingDraft(deps.db, key, values.title, values.body);
        reply.setCookie(PENDING_COOKIE, token, { path: '/forum', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 3600, secure: deps.config.secureCookies });
        const back = isReply ? `/forum/t/${target[1]}#reply` : `/forum/c/${target[1]}/new`;
        return seeOther(reply, `/login?next=${encodeURIComponent(back)}`);
      }
    }
    throw error;
  });

  /** After log-in, text kept from an expired session becomes the member's draft. */
  async function claimPending(req: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
    const raw = req.cookies[PENDING_COOKIE];
    if (!raw || req.actor.kind !== 'user') return undefined;
    reply.clearCookie(PENDING_COOKIE, { path: '/forum' });
    const token = req.unsignCookie(raw);
    if (!token.valid || !token.value) return undefined;
    return cmd.claimPendingDraft(deps.db, token.value, req.actor.id);
  }

  async function draftFor(actor: Actor, key: string, claimed: string | undefined): Promise<{ info: DraftInfo; title: string; body: string } | undefined> {
    if (actor.kind !== 'user') return undefined;
    const d = await q.draftOf(deps.db, actor.id, key);
    if (!d) return undefined;
    return { info: { version: d.version, restored: claimed === key ? 'login' : 'draft', updatedAt: d.updated_at }, title: d.title, body: d.body };
  }

  app.get('/forum', async (req, reply) => {
    const ties = await tiesOf(deps, req);
    const cats = (await q.topicCategories(deps.db)).filter((c) => policy.canReadCategory(req.actor, c, ties));
    const boards = req.actor.kind === 'user' ? await q.boardsFor(deps.db, ties) : [];
    return sendHtml(
      reply,
      <IndexScreen
        ctx={page(req, reply)}
        categories={cats.map((c) => ({ slug: c.slug, name: categoryName(c, req.locale), description: categoryDescription(c, req.locale), threads: c.thread_count, posts: c.post_count, lastPostAt: c.last_post_at, access: c.read_access, locked: c.locked === 1 }))}
        boards={boards.map((b) => ({ slug: b.slug, name: b.name }))}
        canAdminister={policy.canAdministerForum(req.actor)}
      />,
    );
  });

  // A group's board: made on first visit by someone who may read it.
  app.get('/forum/g/:slug', { schema: { params: SlugParams } }, async (req, reply) => {
    const group = await boardGroupBySlug(deps.db, req.params.slug);
    const ties = await tiesOf(deps, req);
    const probe = { read_access: 'members', start_access: 'members', locked: 0, anonymous_allowed: 0, group_id: group?.id ?? null };
    if (!group || group.status === 'proposed' || !policy.canReadCategory(req.actor, probe, ties)) throw notFound('category_not_found');
    const board = await q.ensureBoard(deps.db, group);
    return seeOther(reply, `/forum/c/${board.slug}`);
  });

  async function threadItems(req: FastifyRequest, rows: q.ThreadListItem[], names?: Map<string, string>): Promise<ThreadItem[]> {
    const marks = req.actor.kind === 'user' ? await q.readMarks(deps.db, req.actor.id, rows.map((r) => r.id)) : new Map<number, number>();
    const signedIn = req.actor.kind === 'user';
    return rows.map((r) => {
      const read = marks.get(r.id);
      return {
        id: r.id, title: r.title, url: threadUrl(r), replies: r.reply_count, lastPostAt: r.last_post_at, createdAt: r.created_at, note: r.content_note, status: r.status,
        locked: r.locked === 1,
        author: r.anonymous ? req.t('forum.anonymous') : (r.author_pseudonym ?? req.t('forum.deletedMember')),
        authorBadge: policy.authorBadge(r),
        unread: read !== undefined && r.last_number > read ? r.last_number - read : null,
        isNew: signedIn && read === undefined,
        ...(names ? { categoryName: names.get(r.category_id) ?? '' } : {}),
      };
    });
  }

  app.get('/forum/c/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) => {
    const { category, ties } = await loadCategory(deps, req, req.params.slug);
    const pageNo = pageNumber(req.query.page);
    const moderates = policy.canModerateCategory(req.actor, category, ties);
    const found = await q.threadsOfCategory(deps.db, category, pageNo, { userId: req.actor.id, moderates });
    const pages = Math.max(1, Math.ceil(found.total / THREADS_PER_PAGE));
    if (pageNo > pages) throw notFound('page_not_found');
    const group = await q.boardGroupOf(deps.db, category);
    const level = req.actor.kind === 'user' ? await q.subscriptionLevel(deps.db, req.actor.id, 'category', category.id) : 'normal';
    return sendHtml(
      reply,
      <CategoryScreen
        ctx={page(req, reply)}
        c={{
          slug: category.slug, name: group ? req.t('forum.boardOf', { group: group.name }) : categoryName(category, req.locale), description: categoryDescription(category, req.locale),
          isBoard: !!group, groupUrl: group ? `/groups/${group.slug}` : null, threads: await threadItems(req, found.items), page: pageNo, pages,
          feedUrl: category.read_access === 'everyone' && !category.group_id ? `/forum/c/${category.slug}/feed.atom` : null,
          can: { start: policy.canStartThread(req.actor, category, ties), subscribe: req.actor.kind === 'user' }, level, locked: category.locked === 1, liveSeq: category.thread_seq,
        }}
      />,
    );
  });

  app.get('/forum/c/:slug/feed.atom', { schema: { params: SlugParams } }, async (req, reply) => {
    const category = await q.categoryBySlug(deps.db, req.params.slug);
    // Feeds are for public categories only: a feed reader has no session.
    if (!category || category.group_id || category.read_access !== 'everyone') throw notFound('category_not_found');
    const items = await q.recentThreads(deps.db, category.id);
    const xml = renderFeed(deps.config.baseUrl, { slug: category.slug, name: categoryName(category, req.locale), updated: category.last_post_at ?? category.thread_seq.toString() }, items.map((i) => ({ ...i, author: i.anonymous ? req.t('forum.anonymous') : (i.author_pseudonym ?? req.t('forum.deletedMember')) })));
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });

  async function newThreadPage(req: FastifyRequest, reply: FastifyReply, category: Category, values: ComposeValues, errors: FieldProblem[], draft: DraftInfo, status = 200) {
    return sendHtml(
      reply,
      <NewThreadScreen ctx={page(req, reply)} category={{ slug: category.slug, name: categoryName(category, req.locale) }} values={values} errors={errors} anonymousAllowed={policy.canPostAnonymously(category)} draft={draft} />,
      status,
    );
  }

  app.get('/forum/c/:slug/new', { schema: { params: SlugParams } }, async (req, reply) => {
    const { category, ties } = await loadCategory(deps, req, req.params.slug);
    policy.ensureCanStartThread(req.actor, category, ties);
    const claimed = await claimPending(req, reply);
    const draft = await draftFor(req.actor, `c:${category.slug}`, claimed);
    return newThreadPage(req, reply, category, { title: draft?.title ?? '', body: draft?.body ?? '', note: '', anonymous: false }, [], draft?.info ?? noDraft);
  });

  /**
   * The crisis check before a post is written: the calm help page when the text matched and the
   * writer has not chosen yet (every field travels along), otherwise the choice (null: no match).
   */
  async function crisisStep(req: FastifyRequest, reply: FastifyReply, action: string, values: ComposeValues & { version: number }): Promise<{ page: FastifyReply } | { check: CrisisCheck; choice: CrisisChoice | null }> {
    const check = crisisOfPost(values.title, values.body);
    if (check.classes.length === 0) return { check, choice: null };
    const choice = crisisChoiceOf(req.body);
    if (choice) return { check, choice };
    const fields: Record<string, string> = { title: values.title, body: values.body, note: values.note, anonymous: values.anonymous ? 'yes' : '', version: String(values.version) };
    if (!values.title) delete fields.title;
    const asked = crisisAsked(req.body);
    return { page: await sendHtml(reply, <CrisisHelpScreen ctx={page(req, reply)} action={action} fields={fields} text={values.body} signedIn error={asked} />, asked ? 400 : 200) };
  }

  app.post('/forum/c/:slug/new', { schema: { params: SlugParams, body: ComposeBody }, attachValidation: true }, async (req, reply) => {
    const { category, ties } = await loadCategory(deps, req, req.params.slug);
    policy.ensureCanStartThread(req.actor, category, ties);
    const values = readCompose(req.body, true);
    const key = `c:${category.slug}`;
    if (values.action === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, key, { title: values.title, body: values.body, baseVersion: values.version, device: 'form' });
      setFlash(reply, 'forum.draft.savedFlash');
      return seeOther(reply, `/forum/c/${category.slug}/new`);
    }
    const step = await crisisStep(req, reply, `/forum/c/${category.slug}/new`, values);
    if ('page' in step) return step.page;
    if (step.choice === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, key, { title: values.title, body: values.body, baseVersion: values.version, device: 'form' });
      setFlash(reply, 'crisis.draftKept', {}, 'info');
      return seeOther(reply, `/forum/c/${category.slug}/new`);
    }
    const anonymous = values.anonymous && policy.canPostAnonymously(category);
    const hold = step.choice === 'moderators_only';
    const limited = await postLimit(deps, { actor: req.actor, body: `${values.title}\n${values.body}`, hold, t: req.t });
    if (limited) return newThreadPage(req, reply, category, values, limited.errors, { version: values.version, restored: 'none', updatedAt: null }, limited.limit.status);
    const result = await cmd.createThread(deps, { actor: req.actor, category, ties, input: { title: values.title, body: values.body, anonymous, contentNote: values.note }, t: req.t, hold });
    if (!result.ok) return newThreadPage(req, reply, category, values, result.errors, { version: values.version, restored: 'none', updatedAt: null }, 400);
    return afterWrite(reply, { actor: req.actor, written: result.value, anonymous, category, step, hold }, 'forum.threadCreated');
  });

  /** After a thread or reply is written: moderation and crisis follow-up, then where the writer goes and what they are told. */
  async function afterWrite(
    reply: FastifyReply,
    { actor, written, anonymous, category, step, hold }: { actor: UserActor; written: Parameters<typeof afterPostWritten>[1]['written']; anonymous: boolean; category: Category; step: { check: Parameters<typeof afterPostWritten>[1]['check']; choice: Parameters<typeof afterPostWritten>[1]['choice'] }; hold: boolean },
    done: 'forum.threadCreated' | 'forum.replied',
  ) {
    await countPost(deps, { actor, hold });
    await afterPostWritten(deps, { written, authorId: actor.id, anonymous, category, check: step.check, choice: step.choice });
    if (hold) {
      setFlash(reply, 'crisis.sentModerators', {}, 'info');
      return seeOther(reply, '/notices');
    }
    setFlash(reply, step.choice === 'publish_and_alert' ? 'crisis.alerted' : written.status === 'pending' ? 'forum.pendingFlash' : done);
    return seeOther(reply, written.url);
  }

  async function threadPage(req: FastifyRequest, reply: FastifyReply, rawId: string, pageRaw: unknown, composer: { values: ComposeValues; errors: FieldProblem[]; status?: number } | null, quoteId?: number) {
    const { thread, category, ties } = await loadThread(deps, req, rawId);
    const pages = Math.max(1, Math.ceil(thread.last_number / PAGE_SIZE));
    const requested = pageRaw === undefined && composer ? pages : pageNumber(pageRaw);
    if (requested > pages) throw notFound('page_not_found');
    const from = (requested - 1) * PAGE_SIZE + 1;
    const rows = await q.postsByNumber(deps.db, thread.id, from, from + PAGE_SIZE - 1);
    const userId = req.actor.kind === 'user' ? req.actor.id : null;
    // The reader's own facts are independent of each other: asked at once (on PostgreSQL in parallel).
    const [marks, settings, level] = userId
      ? await Promise.all([q.readMarks(deps.db, userId, [thread.id]), q.forumSettings(deps.db, userId), q.subscriptionLevel(deps.db, userId, 'thread', String(thread.id))])
      : [undefined, undefined, 'normal' as const];
    const lastRead = marks?.get(thread.id) ?? null;
    const posts = await presentPosts(deps, req, rows, category, thread, ties, lastRead, { settings });
    const lastShown = rows.length ? (rows[rows.length - 1]?.number ?? 0) : 0;
    if (userId && lastShown && (lastRead === null || lastShown > lastRead)) await cmd.markRead(deps.db, userId, thread.id, lastShown);
    const canReply = policy.canReply(req.actor, category, thread, ties);
    let compose: { values: ComposeValues; errors: FieldProblem[]; draft: DraftInfo } | null = null;
    if (canReply) {
      if (composer) compose = { values: composer.values, errors: composer.errors, draft: noDraft };
      else {
        const claimed = await claimPending(req, reply);
        const draft = await draftFor(req.actor, `t:${thread.id}`, claimed);
        let body = draft?.body ?? '';
        if (quoteId) {
          const quoted = await q.postById(deps.db, quoteId);
          if (quoted && quoted.thread_id === thread.id && quoted.status === 'published') body = `${body}${body ? '\n\n' : ''}${quoteOf(quoted, authorLabel(req.t, quoted))}`;
        }
        compose = { values: { title: '', body, note: '', anonymous: false }, errors: [], draft: draft?.info ?? noDraft };
      }
    }
    const firstNew = lastRead !== null ? posts.find((p) => p.number > lastRead)?.number ?? null : null;
    const lastVisible = posts.filter((p) => p.state === 'published').reduce((m, p) => Math.max(m, p.number), 0) || lastShown;
    return sendHtml(
      reply,
      <ThreadScreen
        ctx={page(req, reply)}
        th={{
          id: thread.id, title: thread.title, slug: thread.slug, category: { slug: category.slug, name: categoryName(category, req.locale) }, note: thread.content_note,
          folded: foldedFor(settings, thread.content_note), posts, page: requested, pages, lastNumber: thread.last_number, lastVisible,
          locked: thread.locked === 1,
          closedReason: canReply ? 'none' : req.actor.kind !== 'user' ? 'signin' : thread.locked ? 'locked' : category.locked ? 'readonly' : 'none',
          newSince: firstNew, level,
          noindex: category.noindex === 1 || category.read_access !== 'everyone',
          can: { reply: canReply, subscribe: !!userId, anonymous: policy.canPostAnonymously(category) },
          composer: compose,
        }}
      />,
      composer?.errors.length ? (composer.status ?? 400) : 200,
    );
  }

  app.get('/forum/t/:id', { schema: { params: ThreadParams, querystring: PageQuery } }, async (req, reply) => threadPage(req, reply, req.params.id, req.query.page, null, idNumber(req.query.quote)));
  app.get('/forum/t/:id/:slug', { schema: { params: ThreadParams, querystring: PageQuery } }, async (req, reply) => threadPage(req, reply, req.params.id, req.query.page, null, idNumber(req.query.quote)));

  app.post('/forum/t/:id/reply', { schema: { params: IdParams, body: ComposeBody }, attachValidation: true }, async (req, reply) => {
    const { thread, category, ties } = await loadThread(deps, req, req.params.id);
    policy.ensureCanReply(req.actor, category, thread, ties);
    const values = readCompose(req.body, false);
    if (values.action === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, `t:${thread.id}`, { title: '', body: values.body, baseVersion: values.version, device: 'form' });
      setFlash(reply, 'forum.draft.savedFlash');
      return seeOther(reply, `${threadUrl(thread)}#reply`);
    }
    const step = await crisisStep(req, reply, `/forum/t/${thread.id}/reply`, values);
    if ('page' in step) return step.page;
    if (step.choice === 'draft') {
      await cmd.saveDraft(deps.db, req.actor.id, `t:${thread.id}`, { title: '', body: values.body, baseVersion: values.version, device: 'form' });
      setFlash(reply, 'crisis.draftKept', {}, 'info');
      return seeOther(reply, `${threadUrl(thread)}#reply`);
    }
    const anonymous = values.anonymous && policy.canPostAnonymously(category);
    const hold = step.choice === 'moderators_only';
    const limited = await postLimit(deps, { actor: req.actor, body: values.body, hold, t: req.t });
    if (limited) return threadPage(req, reply, req.params.id, undefined, { values, errors: limited.errors, status: limited.limit.status });
    const result = await cmd.createPost(deps, { actor: req.actor, category, thread, ties, input: { body: values.body, anonymous, contentNote: values.note }, t: req.t, hold });
    if (!result.ok) return threadPage(req, reply, req.params.id, undefined, { values, errors: result.errors });
    return afterWrite(reply, { actor: req.actor, written: result.value, anonymous, category, step, hold }, 'forum.replied');
  });

  // The posts a live page fetches after an event: numbers after `after`, as the page would show them.
  app.get('/forum/t/:id/posts', { schema: { params: IdParams, querystring: Type.Object({ after: Type.Optional(Type.String({ maxLength: 12 })) }) } }, async (req, reply) => {
    const { thread, category, ties } = await loadThread(deps, req, req.params.id);
    const after = idNumber(req.query.after);
    const rows = (await q.postsByNumber(deps.db, thread.id, after + 1, after + PAGE_SIZE)).filter((r) => r.status === 'published');
    const posts = await presentPosts(deps, req, rows, category, thread, ties, null);
    if (req.actor.kind === 'user' && rows.length) await cmd.markRead(deps.db, req.actor.id, thread.id, rows[rows.length - 1]?.number ?? 0);
    const ctx = page(req, reply);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return reply.send(await (<PostsFragment ctx={ctx} posts={posts} threadId={thread.id} />));
  });

  app.get('/forum/t/:id/live', { schema: { params: IdParams } }, async (req, reply) => {
    const { thread } = await loadThread(deps, req, req.params.id);
    await openEventStream(req, reply, {
      bus: deps.live,
      channel: `forum:t:${thread.id}`,
      toEvent: (m) => {
        const d = m as { id: number; threadId: number; number: number };
        return { id: d.number, event: 'post', data: { id: d.id, threadId: d.threadId, number: d.number } };
      },
      replay: async (after) => (await q.publishedAfter(deps.db, thread.id, after)).map((p) => ({ id: p.number, event: 'post', data: { id: p.id, threadId: thread.id, number: p.number } })),
    });
  });

  app.get('/forum/c/:slug/live', { schema: { params: SlugParams } }, async (req, reply) => {
    const { category } = await loadCategory(deps, req, req.params.slug);
    await openEventStream(req, reply, {
      bus: deps.live,
      channel: `forum:c:${category.id}`,
      toEvent: (m) => {
        const d = m as { id: number; threadId: number; number: number; seq: number };
        // Only new threads change a category page's list of threads.
        return d.number === 1 && d.seq ? { id: d.seq, event: 'thread', data: { id: d.id, threadId: d.threadId, number: d.number } } : undefined;
      },
      replay: async (after) => (await q.threadsAfterSeq(deps.db, category.id, after)).map((t) => ({ id: t.category_seq, event: 'thread', data: { id: 0, threadId: t.id, number: 1 } })),
    });
  });

  app.post('/forum/t/:id/level', { schema: { params: IdParams, body: Type.Object({ _csrf: Type.Optional(Type.String()), level: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const { thread } = await loadThread(deps, req, req.params.id);
    policy.ensureSignedIn(req.actor);
    const level = formString(req.body.level);
    if (!['watching', 'normal', 'muted'].includes(level)) throw badRequest('invalid_level', [{ field: 'level', message: req.t('form.choiceRequired', { label: req.t('forum.level.label') }) }]);
    await cmd.setSubscription(deps.db, { userId: req.actor.id, target: 'thread', targetId: String(thread.id), level });
    setFlash(reply, 'forum.level.saved');
    return seeOther(reply, threadUrl(thread));
  });

  app.post('/forum/c/:slug/level', { schema: { params: SlugParams, body: Type.Object({ _csrf: Type.Optional(Type.String()), level: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const { category } = await loadCategory(deps, req, req.params.slug);
    policy.ensureSignedIn(req.actor);
    const level = formString(req.body.level);
    if (!['watching', 'normal', 'muted'].includes(level)) throw badRequest('invalid_level', [{ field: 'level', message: req.t('form.choiceRequired', { label: req.t('forum.level.label') }) }]);
    await cmd.setSubscription(deps.db, { userId: req.actor.id, target: 'category', targetId: category.id, level });
    setFlash(reply, 'forum.level.saved');
    return seeOther(reply, `/forum/c/${category.slug}`);
  });

  /** A post with its thread and category, visible to the reader (404 otherwise). */
  async function loadPost(req: FastifyRequest, rawId: string) {
    const post = await q.postById(deps.db, idNumber(rawId));
    if (!post) throw notFound('post_not_found');
    const { thread, category, ties } = await loadThread(deps, req, String(post.thread_id));
    const isAuthor = cmd.isAuthorOf(deps, req.actor, post);
    if (post.status !== 'published' && !policy.canSeeUnpublishedPost(req.actor, category, isAuthor, ties)) throw notFound('post_not_found');
    return { post, thread, category, ties, isAuthor };
  }

  app.post('/forum/p/:id/react', { schema: { params: IdParams, body: Type.Object({ _csrf: Type.Optional(Type.String()), kind: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const { post, thread, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanReact(req.actor, post, isAuthor);
    const outcome = await cmd.react(deps, { postId: post.id, userId: req.actor.id, kind: formString(req.body.kind) });
    if (outcome === 'invalid') throw badRequest('invalid_reaction', [{ field: 'kind', message: req.t('forum.error.reaction') }]);
    return seeOther(reply, threadUrl(thread, post.number));
  });

  app.get('/forum/p/:id/edit', { schema: { params: IdParams } }, async (req, reply) => {
    const { post, thread, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanEditPost(req.actor, post, isAuthor);
    return sendHtml(reply, <EditPostScreen ctx={page(req, reply)} postId={post.id} back={threadUrl(thread, post.number)} values={{ body: post.body, note: post.content_note }} errors={[]} />);
  });

  app.post('/forum/p/:id/edit', { schema: { params: IdParams, body: ComposeBody }, attachValidation: true }, async (req, reply) => {
    const { post, thread, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanEditPost(req.actor, post, isAuthor);
    const values = readCompose(req.body, false);
    const result = await cmd.editPost(deps, { post, body: values.body, contentNote: values.note, t: req.t, actorId: req.actor.id ?? undefined });
    if (!result.ok) return sendHtml(reply, <EditPostScreen ctx={page(req, reply)} postId={post.id} back={threadUrl(thread, post.number)} values={{ body: values.body, note: values.note }} errors={result.errors} />, 400);
    setFlash(reply, 'forum.edit.saved');
    return seeOther(reply, threadUrl(thread, post.number));
  });

  app.get('/forum/p/:id/history', { schema: { params: IdParams } }, async (req, reply) => {
    const { post, thread, category, ties, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanSeeHistory(req.actor, category, isAuthor, ties);
    const revisions = await q.revisionsOf(deps.db, post.id);
    return sendHtml(reply, <HistoryScreen ctx={page(req, reply)} back={threadUrl(thread, post.number)} current={post.body} revisions={revisions.map((r) => ({ body: r.body, createdAt: r.created_at, byModerator: r.moderator_note !== null }))} />);
  });

  app.get('/forum/p/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    const { post, thread, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanDeletePost(req.actor, post, isAuthor);
    return sendHtml(reply, <DeletePostScreen ctx={page(req, reply)} postId={post.id} back={threadUrl(thread, post.number)} />);
  });

  app.post('/forum/p/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    const { post, thread, isAuthor } = await loadPost(req, req.params.id);
    policy.ensureCanDeletePost(req.actor, post, isAuthor);
    await cmd.deleteOwnPost(deps, post);
    setFlash(reply, 'forum.delete.done');
    return seeOther(reply, threadUrl(thread, post.number));
  });

  // Autosave from the page's script: JSON in, JSON out.
  app.post('/forum/drafts/:key', {
    schema: { params: DraftParams, body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), title: Type.Optional(Type.String({ maxLength: 2000 })), body: Type.Optional(Type.String({ maxLength: 200_000 })), version: Type.Optional(Type.String({ maxLength: 20 })), device: Type.Optional(Type.String({ maxLength: 40 })) }) },
  }, async (req, reply) => {
    policy.ensureSignedIn(req.actor);
    const key = req.params.key;
    const m = /^(t):(\d{1,15})$/.exec(key) ?? /^(c):([a-z0-9-]{1,120})$/.exec(key);
    if (!m) throw notFound('draft_not_found');
    if (m[1] === 't') {
      const { thread, category, ties } = await loadThread(deps, req, m[2]);
      policy.ensureCanReply(req.actor, category, thread, ties);
    } else {
      const { category, ties } = await loadCategory(deps, req, m[2] ?? '');
      policy.ensureCanStartThread(req.actor, category, ties);
    }
    const body = formString(req.body.body).slice(0, 100_000);
    const outcome = await cmd.saveDraft(deps.db, req.actor.id, key, { title: formString(req.body.title).slice(0, 500), body, baseVersion: idNumber(req.body.version), device: formString(req.body.device).slice(0, 40) });
    return reply.header('cache-control', 'no-store').send(outcome);
  });

  app.get('/forum/unanswered', async (req, reply) => {
    const ties = await tiesOf(deps, req);
    const readable = await q.readableCategoryIds(deps.db, req.actor, ties);
    const rows = await q.unanswered(deps.db, readable);
    const names = new Map([...(await q.categoriesByIds(deps.db, rows.map((r) => r.category_id)))].map(([id, c]) => [id, categoryName(c, req.locale)]));
    return sendHtml(reply, <UnansweredScreen ctx={page(req, reply)} items={await threadItems(req, rows, names)} />);
  });

  app.get('/forum/search', { schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 300 })), category: Type.Optional(Type.String({ maxLength: 140 })), author: Type.Optional(Type.String({ maxLength: 80 })), from: Type.Optional(Type.String({ maxLength: 20 })), to: Type.Optional(Type.String({ maxLength: 20 })), mine: Type.Optional(Type.String({ maxLength: 5 })), page: Type.Optional(Type.String({ maxLength: 10 })) }) } }, async (req, reply) => {
    const ties = await tiesOf(deps, req);
    const result = await runSearch(deps, req.actor, ties, req.query, req.t, req.locale);
    return sendHtml(reply, <SearchScreen ctx={page(req, reply)} s={result.view} />, result.view.errors.length ? 400 : 200);
  });

  app.get('/notifications', async (req, reply) => {
    policy.ensureSignedIn(req.actor);
    const ties = await tiesOf(deps, req);
    const rows = await q.notificationsOf(deps.db, req.actor.id);
    const cats = await q.categoriesByIds(deps.db, rows.map((r) => r.category_id));
    // A notification about a place the member can no longer read is not shown.
    const visible = rows.filter((r) => {
      const c = cats.get(r.category_id);
      return c && policy.canSeeThread(req.actor, c, { status: r.status, author_id: null }, ties);
    });
    const items = visible.map((r) => ({ kind: r.kind, url: threadUrl({ id: r.thread_id, slug: r.slug }, r.post_number), title: r.title, who: r.actor_label, createdAt: r.created_at, unread: r.read_at === null }));
    return sendHtml(reply, <NotificationsScreen ctx={page(req, reply)} items={items} />);
  });

  app.post('/notifications/read', async (req, reply) => {
    policy.ensureSignedIn(req.actor);
    await cmd.markNotificationsRead(deps.db, req.actor.id);
    return seeOther(reply, '/notifications');
  });

  app.get('/forum/settings', async (req, reply) => {
    policy.ensureSignedIn(req.actor);
    const s = await q.forumSettings(deps.db, req.actor.id);
    return sendHtml(reply, <SettingsScreen ctx={page(req, reply)} v={{ mailReplies: s?.mail_replies === 1, mailMentions: s?.mail_mentions === 1, digest: s?.digest ?? 'off', foldedNotes: s?.folded_notes === null || !s ? [...CONTENT_NOTES] : s.folded_notes.split(',').filter(Boolean), hasEmail: req.actor.emailVerified }} />);
  });

  app.post('/forum/settings', async (req, reply) => {
    policy.ensureSignedIn(req.actor);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const folded = (Array.isArray(b.folded) ? b.folded : b.folded ? [b.folded] : []).map(formString).filter((n) => (CONTENT_NOTES as readonly string[]).includes(n));
    const digest = formString(b.digest);
    await cmd.saveSettings(deps.db, req.actor.id, { mailReplies: formString(b.mailReplies) !== '', mailMentions: formString(b.mailMentions) !== '', digest: (DIGESTS as readonly string[]).includes(digest) ? digest : 'off', foldedNotes: folded });
    setFlash(reply, 'forum.settings.saved');
    return seeOther(reply, '/forum/settings');
  });

  const UnsubQuery = Type.Object({ u: Type.Optional(Type.String({ maxLength: 64 })), k: Type.Optional(Type.String({ maxLength: 64 })) });
  app.get('/forum/unsubscribe', { schema: { querystring: UnsubQuery } }, async (req, reply) => {
    const u = formString(req.query.u);
    const k = formString(req.query.k);
    if (!unsubscribeKeyValid(deps, u, k)) throw notFound('link_invalid');
    return sendHtml(reply, <UnsubscribeScreen ctx={page(req, reply)} userId={u} k={k} done={false} />);
  });

  app.post('/forum/unsubscribe', { schema: { body: Type.Object({ _csrf: Type.Optional(Type.String()), u: Type.Optional(Type.String({ maxLength: 64 })), k: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (req, reply) => {
    const u = formString(req.body.u);
    const k = formString(req.body.k);
    if (!unsubscribeKeyValid(deps, u, k)) throw notFound('link_invalid');
    await unsubscribeAll(deps, u);
    return sendHtml(reply, <UnsubscribeScreen ctx={page(req, reply)} userId={u} k={k} done />);
  });

  // Administrators make, change and order categories.
  app.get('/forum/admin/categories', { schema: { querystring: Type.Object({ edit: Type.Optional(Type.String({ maxLength: 140 })) }) } }, async (req, reply) => {
    policy.ensureCanAdministerForum(req.actor);
    const list = await q.topicCategories(deps.db);
    const editing = req.query.edit ? list.find((c) => c.slug === req.query.edit) : undefined;
    const values: CategoryFormValues = editing
      ? { slug: editing.slug, nameDe: editing.name_de, nameEn: editing.name_en, descriptionDe: editing.description_de, descriptionEn: editing.description_en, position: String(editing.position), readAccess: editing.read_access, startAccess: editing.start_access, anonymous: editing.anonymous_allowed === 1, premoderation: editing.premoderation, noindex: editing.noindex === 1, locked: editing.locked === 1 }
      : { slug: '', nameDe: '', nameEn: '', descriptionDe: '', descriptionEn: '', position: String((list.length + 1) * 10), readAccess: 'members', startAccess: 'members', anonymous: false, premoderation: 'none', noindex: true, locked: false };
    return sendHtml(reply, <CategoryAdminScreen ctx={page(req, reply)} list={list.map((c) => ({ slug: c.slug, name: categoryName(c, req.locale), position: c.position }))} values={values} errors={[]} editing={editing?.slug ?? null} />);
  });

  app.post('/forum/admin/categories', async (req, reply) => {
    policy.ensureCanAdministerForum(req.actor);
    const { values, errors, editing } = readCategoryForm(req.body, req.t);
    if (!errors.length) {
      const saved = await saveCategory(deps, req.actor as UserActor, values, editing, req.t);
      if (saved.ok) {
        setFlash(reply, 'forum.admin.saved');
        return seeOther(reply, '/forum/admin/categories');
      }
      errors.push(...saved.errors);
    }
    const list = await q.topicCategories(deps.db);
    return sendHtml(reply, <CategoryAdminScreen ctx={page(req, reply)} list={list.map((c) => ({ slug: c.slug, name: categoryName(c, req.locale), position: c.position }))} values={values} errors={errors} editing={editing} />, 400);
  });
};
