// Pages of the forum. Views get plain data and flags (can.*), never a database or a policy.
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, ButtonLink, Checkbox, ChoiceGroup, ErrorSummary, NotificationBanner, Pagination, PostForm, Select, Tag, TextArea, TextInput } from '../../platform/ui/components.tsx';
import { PersonName } from '../../platform/ui/person.tsx';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import { displayPseudonym } from '../../platform/auth/pseudonyms.ts';
import { formatDateTime } from '../../platform/time.ts';
import { BODY_MAX, CONTENT_NOTES, LEVELS, PREMODERATION, READ_ACCESS, REACTIONS, START_ACCESS, TITLE_MAX, DIGESTS, type Reaction } from './model.ts';

const noteLabel = (n: string) => `forum.note.${n}` as MessageKey;
const reactionLabel = (r: string) => `forum.reaction.${r}` as MessageKey;
const levelLabel = (l: string) => `forum.level.${l}` as MessageKey;

export interface CategoryCard {
  slug: string;
  name: string;
  description: string;
  threads: number;
  posts: number;
  lastPostAt: string | null;
  access: string;
  locked: boolean;
}

function Subnav({ ctx, current }: { ctx: PageContext; current: string }) {
  const { t } = ctx;
  const items: Array<[string, MessageKey]> = [
    ['/forum', 'forum.nav.categories'],
    ['/forum/unanswered', 'forum.nav.unanswered'],
    ['/forum/search', 'forum.nav.search'],
  ];
  if (ctx.user) items.push(['/notifications', 'forum.nav.notifications'], ['/forum/settings', 'forum.nav.settings']);
  return (
    <nav class="subnav" aria-label={t('forum.nav.label')}>
      <ul class="subnav__list">
        {items.map(([href, label]) => (
          <li><a class="subnav__link" href={href} aria-current={href === current ? 'page' : undefined} safe>{t(label)}</a></li>
        ))}
      </ul>
    </nav>
  );
}

export function IndexScreen({ ctx, categories, boards, canAdminister }: { ctx: PageContext; categories: CategoryCard[]; boards: Array<{ slug: string; name: string }>; canAdminister: boolean }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.title')} description={t('forum.lead')}>
      <h1 class="heading-xl" safe>{t('forum.title')}</h1>
      <p class="lead" safe>{t('forum.lead')}</p>
      <Subnav ctx={ctx} current="/forum" />
      {canAdminister ? <p><ButtonLink href="/forum/admin/categories" variant="secondary"><span safe>{t('forum.admin.manage')}</span></ButtonLink></p> : ''}
      <ul class="result-list forum-categories">
        {categories.map((c) => (
          <li class="result">
            <h2 class="result__title"><a href={`/forum/c/${c.slug}`} safe>{c.name}</a></h2>
            {c.description ? <p safe>{c.description}</p> : ''}
            <p class="result__meta hint">
              <span safe>{t('forum.counts', {
                threads: c.threads === 1 ? t('forum.threadsOne') : t('forum.threadsMany', { count: c.threads }),
                posts: c.posts === 1 ? t('forum.postsOne') : t('forum.postsMany', { count: c.posts }),
              })}</span>
              {c.lastPostAt ? <span safe>{` · ${t('forum.lastPost', { when: formatDateTime(c.lastPostAt, locale) })}`}</span> : ''}
            </p>
            <p class="tags">
              {c.access !== 'everyone' ? <Tag text={t(`forum.access.${c.access}` as MessageKey)} tone="blue" /> : ''}
              {c.locked ? <Tag text={t('forum.readOnly')} tone="yellow" /> : ''}
            </p>
          </li>
        ))}
      </ul>
      {boards.length ? (
        <>
          <h2 class="heading-m" safe>{t('forum.boards')}</h2>
          <p class="hint" safe>{t('forum.boardsHint')}</p>
          <ul class="list">
            {boards.map((b) => <li><a href={`/forum/g/${b.slug}`} safe>{b.name}</a></li>)}
          </ul>
        </>
      ) : ''}
    </Layout>
  );
}

export interface ThreadItem {
  id: number;
  title: string;
  url: string;
  author: string;
  authorBadge?: StaffBadge | undefined;
  replies: number;
  lastPostAt: string;
  createdAt: string;
  note: string;
  status: string;
  locked: boolean;
  /** Posts since the member's last visit; null when never opened (or a visitor). */
  unread: number | null;
  isNew: boolean;
  categoryName?: string;
}

function ThreadList({ ctx, items }: { ctx: PageContext; items: ThreadItem[] }) {
  const { t, locale } = ctx;
  return (
    <ul class="result-list thread-list" id="thread-list">
      {items.map((th) => (
        <li class="result">
          <h3 class="result__title"><a href={th.url} safe>{th.title}</a></h3>
          <p class="result__meta hint">
            <PersonName name={th.author} badge={th.authorBadge} t={t} />
            <span safe>{` · ${t('forum.replies', { count: th.replies })} · ${formatDateTime(th.lastPostAt, locale)}`}</span>
            {th.categoryName ? <span safe>{` · ${th.categoryName}`}</span> : ''}
          </p>
          <p class="tags">
            {th.isNew ? <Tag text={t('forum.newThread')} tone="green" /> : ''}
            {th.unread ? <Tag text={t('forum.unread', { count: th.unread })} tone="green" /> : ''}
            {th.note ? <Tag text={t('forum.noteTag', { note: t(noteLabel(th.note)) })} tone="yellow" /> : ''}
            {th.status === 'pending' ? <Tag text={t('forum.pending')} tone="yellow" /> : ''}
            {th.locked ? <Tag text={t('forum.locked')} tone="neutral" /> : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

export interface CategoryView {
  slug: string;
  name: string;
  description: string;
  isBoard: boolean;
  groupUrl: string | null;
  threads: ThreadItem[];
  page: number;
  pages: number;
  feedUrl: string | null;
  can: { start: boolean; subscribe: boolean };
  level: string;
  locked: boolean;
  liveSeq: number;
}

function LevelForm({ ctx, action, level, id }: { ctx: PageContext; action: string; level: string; id: string }) {
  const { t } = ctx;
  return (
    <PostForm action={action} csrf={ctx.csrf} class="inline-form level-form">
      <Select name="level" id={id} label={t('forum.level.label')} value={level} options={LEVELS.map((l) => ({ value: l, label: t(levelLabel(l)) }))} />
      <Button variant="secondary"><span safe>{t('forum.level.save')}</span></Button>
    </PostForm>
  );
}

export function CategoryScreen({ ctx, c }: { ctx: PageContext; c: CategoryView }) {
  const { t } = ctx;
  const head = (
    <>
      {c.feedUrl ? <link rel="alternate" type="application/atom+xml" href={c.feedUrl} title={c.name} /> : ''}
    </>
  );
  return (
    <Layout ctx={ctx} title={c.name} description={c.description || undefined} head={head}>
      <p class="breadcrumb"><a href="/forum" safe>{t('forum.title')}</a></p>
      <h1 class="heading-xl" safe>{c.name}</h1>
      {c.description ? <p class="lead" safe>{c.description}</p> : ''}
      {c.groupUrl ? <p><a href={c.groupUrl} safe>{t('forum.boardGroupLink')}</a></p> : ''}
      {c.locked ? <NotificationBanner kind="info" title={t('forum.readOnlyExplained')} /> : ''}
      <div class="button-group">
        {c.can.start ? <ButtonLink href={`/forum/c/${c.slug}/new`}><span safe>{t('forum.newThreadButton')}</span></ButtonLink> : ''}
        {c.feedUrl ? <a href={c.feedUrl} safe>{t('forum.feed')}</a> : ''}
      </div>
      <div class="live-note" id="live-note" role="status" data-live={`/forum/c/${c.slug}/live`} data-last-id={String(c.liveSeq)} data-one={t('forum.live.newThreadOne')} data-many={t('forum.live.newThreadMany')} data-reload={t('forum.live.reload')}></div>
      <h2 class="heading-m" safe>{t('forum.threadsHeading')}</h2>
      {c.threads.length ? <ThreadList ctx={ctx} items={c.threads} /> : <p safe>{t('forum.noThreads')}</p>}
      <Pagination page={c.page} pages={c.pages} href={(n) => `/forum/c/${c.slug}?page=${n}`} labels={{ nav: t('pagination.nav'), previous: t('pagination.previous'), next: t('pagination.next'), page: (n) => t('pagination.page', { n }) }} />
      {c.can.subscribe ? <LevelForm ctx={ctx} action={`/forum/c/${c.slug}/level`} level={c.level} id="category-level" /> : ''}
    </Layout>
  );
}

export interface ComposeValues {
  title: string;
  body: string;
  note: string;
  anonymous: boolean;
}

export interface DraftInfo {
  version: number;
  restored: 'none' | 'draft' | 'login';
  updatedAt: string | null;
}

function NoteSelect({ t, value, id }: { t: Translator; value: string; id?: string }) {
  return (
    <Select
      name="note"
      id={id ?? 'note'}
      label={t('forum.form.note')}
      hint={t('forum.form.noteHint')}
      value={value}
      options={[{ value: '', label: t('forum.form.noNote') }, ...CONTENT_NOTES.map((n) => ({ value: n, label: t(noteLabel(n)) }))]}
    />
  );
}

function DraftNote({ ctx, draft }: { ctx: PageContext; draft: DraftInfo }) {
  const { t, locale } = ctx;
  if (draft.restored === 'none') return '';
  const text = draft.restored === 'login' ? t('forum.draft.restoredAfterLogin') : t('forum.draft.restored', { when: draft.updatedAt ? formatDateTime(draft.updatedAt, locale) : '' });
  return <NotificationBanner kind="info" title={text} id="draft-restored" />;
}

/** The composer: reply or new thread. Saving a draft works without JS (a second button) and with it (autosave). */
function Composer(p: { ctx: PageContext; action: string; draftUrl: string; values: ComposeValues; errors: FieldProblem[]; withTitle: boolean; anonymousAllowed: boolean; draft: DraftInfo; submitLabel: string; heading: string }) {
  const { t } = p.ctx;
  const e = errorsByField(p.errors);
  return (
    <form method="post" action={p.action} class="composer" novalidate data-draft={p.draftUrl} data-version={String(p.draft.version)} data-saved={t('forum.draft.saved')} data-replaced={t('forum.draft.replaced')} data-failed={t('forum.draft.failed')} id="composer">
      <input type="hidden" name="_csrf" value={p.ctx.csrf} />
      <input type="hidden" name="version" value={String(p.draft.version)} />
      <h2 class="heading-m" id="reply" safe>{p.heading}</h2>
      <DraftNote ctx={p.ctx} draft={p.draft} />
      <ErrorSummary title={t('form.errorSummary')} errors={p.errors} />
      {p.withTitle ? <TextInput name="title" label={t('forum.form.title')} value={p.values.title} error={e.title} width="full" maxlength={TITLE_MAX + 50} /> : ''}
      <TextArea name="body" label={t('forum.form.body')} hint={t('forum.form.bodyHint', { max: BODY_MAX.toLocaleString('de-DE') })} value={p.values.body} error={e.body} rows={10} />
      <NoteSelect t={t} value={p.values.note} />
      {p.anonymousAllowed ? <Checkbox name="anonymous" checked={p.values.anonymous} label={<span safe>{t('forum.form.anonymous')}</span>} hint={t('forum.form.anonymousHint')} /> : ''}
      <p class="draft-status hint" id="draft-status" role="status"></p>
      <div class="button-group">
        <Button name="action" value="post"><span safe>{p.submitLabel}</span></Button>
        <Button variant="secondary" name="action" value="draft"><span safe>{t('forum.draft.save')}</span></Button>
      </div>
    </form>
  );
}

export function NewThreadScreen({ ctx, category, values, errors, anonymousAllowed, draft }: { ctx: PageContext; category: { slug: string; name: string }; values: ComposeValues; errors: FieldProblem[]; anonymousAllowed: boolean; draft: DraftInfo }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.newThreadIn', { category: category.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={`/forum/c/${category.slug}`} safe>{category.name}</a></p>
      <h1 class="heading-l" safe>{t('forum.newThreadIn', { category: category.name })}</h1>
      <Composer ctx={ctx} action={`/forum/c/${category.slug}/new`} draftUrl={`/forum/drafts/c:${category.slug}`} values={values} errors={errors} withTitle anonymousAllowed={anonymousAllowed} draft={draft} submitLabel={t('forum.form.startThread')} heading={t('forum.form.yourThread')} />
      <script src={`/assets/js/forum.js?v=${ctx.assetVersion}`} defer></script>
    </Layout>
  );
}

export interface PostView {
  id: number;
  number: number;
  author: string;
  authorKind: 'member' | 'anonymous' | 'deleted';
  /** From the author's role; none for anonymous posts. */
  badge?: StaffBadge | undefined;
  createdAt: string;
  editedAt: string | null;
  /** Markdown rendered when it was written. */
  html: string;
  state: 'published' | 'pending' | 'hidden' | 'removed' | 'removed_by_author';
  note: string;
  /** Keep the note folded for this reader. */
  folded: boolean;
  isNew: boolean;
  /** Written by someone this reader blocked: shown folded. */
  blocked: boolean;
  /** The writer's pseudonym for the block link (never for anonymous posts or one's own). */
  blockName: string | null;
  counts: Record<Reaction, number>;
  mine: Set<string>;
  reactors: Array<{ kind: string; pseudonym: string }> | null;
  can: { react: boolean; edit: boolean; delete: boolean; history: boolean; quote: boolean; report: boolean; block: boolean };
}

export function PostArticle({ ctx, p, threadId }: { ctx: PageContext; p: PostView; threadId: number }) {
  const { t, locale } = ctx;
  const safeHtml = p.html;
  const content =
    p.state === 'removed_by_author' ? <p class="hint" safe>{t('forum.post.removedByAuthor')}</p>
    : p.state === 'removed' ? <p class="hint" safe>{t('forum.post.removed')}</p>
    : p.state === 'hidden' && !p.html ? <p class="hint" safe>{t('forum.post.hidden')}</p>
    : p.note ? (
      <details class="content-note" open={!p.folded}>
        <summary><span safe>{t('forum.noteTag', { note: t(noteLabel(p.note)) })}</span> <span class="hint" safe>{t('forum.noteOpen')}</span></summary>
        <div class="prose post__body">{safeHtml}</div>
      </details>
    ) : <div class="prose post__body">{safeHtml}</div>;
  const body = p.blocked ? (
    <details class="content-note blocked-post">
      <summary safe>{t('block.folded')}</summary>
      {content}
    </details>
  ) : content;
  return (
    <article class={`post${p.isNew ? ' post--new' : ''}`} id={`p${p.number}`} aria-labelledby={`p${p.number}-by`}>
      <header class="post__meta">
        <h3 class="post__author heading-s" id={`p${p.number}-by`}>
          <PersonName name={p.author} badge={p.badge} t={t} />
          {p.authorKind === 'anonymous' ? <span class="visually-hidden" safe>{` (${t('forum.post.anonymousNote')})`}</span> : ''}
        </h3>
        <a class="post__link hint" href={`#p${p.number}`}>
          <time datetime={p.createdAt} safe>{formatDateTime(p.createdAt, locale)}</time>
          <span safe>{` · #${p.number}`}</span>
        </a>
        {p.editedAt ? <span class="hint" safe>{` · ${t('forum.post.edited')}`}</span> : ''}
        {p.isNew ? <Tag text={t('forum.post.new')} tone="green" /> : ''}
        {p.state === 'pending' ? <Tag text={t('forum.pending')} tone="yellow" /> : ''}
        {p.state === 'hidden' ? <Tag text={t('forum.post.hiddenTag')} tone="red" /> : ''}
      </header>
      {body}
      {p.state === 'published' ? (
        <footer class="post__actions">
          {p.can.react ? (
            // One form per post: the pressed button sends its kind (three forms per post made a
            // page of fifty posts carry 150 forms and tokens).
            <PostForm action={`/forum/p/${p.id}/react`} csrf={ctx.csrf}>
              <ul class="reactions" aria-label={t('forum.reactions')}>
                {REACTIONS.map((r) => (
                  <li>
                    <button class={`reaction${p.mine.has(r) ? ' reaction--mine' : ''}`} type="submit" name="kind" value={r} aria-pressed={p.mine.has(r) ? 'true' : 'false'}>
                      <span safe>{t(reactionLabel(r))}</span>{' '}<span class="reaction__count" safe>{String(p.counts[r])}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </PostForm>
          ) : (
            <ul class="reactions" aria-label={t('forum.reactions')}>
              {REACTIONS.map((r) => (
                <li>
                  <span class="reaction reaction--static"><span safe>{t(reactionLabel(r))}</span>{' '}<span class="reaction__count" safe>{String(p.counts[r])}</span></span>
                </li>
              ))}
            </ul>
          )}
          {p.reactors && p.reactors.length ? (
            <details class="reactors">
              <summary safe>{t('forum.reactors', { count: p.reactors.length })}</summary>
              <ul class="list">{p.reactors.map((r) => <li safe>{`${displayPseudonym(r.pseudonym)}: ${t(reactionLabel(r.kind))}`}</li>)}</ul>
            </details>
          ) : ''}
          <ul class="inline-list post__tools">
            {p.can.quote ? <li><a href={`/forum/t/${threadId}?quote=${p.id}#reply`} safe>{t('forum.post.quote')}</a></li> : ''}
            {p.can.edit ? <li><a href={`/forum/p/${p.id}/edit`} safe>{t('forum.post.edit')}</a></li> : ''}
            {p.can.history && p.editedAt ? <li><a href={`/forum/p/${p.id}/history`} safe>{t('forum.post.history')}</a></li> : ''}
            {p.can.delete ? <li><a href={`/forum/p/${p.id}/delete`} safe>{t('forum.post.delete')}</a></li> : ''}
            {p.can.report ? <li><a href={`/report?type=post&id=${p.id}`} safe>{t('report.link')}</a></li> : ''}
            {p.can.block && p.blockName ? <li><a href={`/block?name=${encodeURIComponent(p.blockName)}&next=${encodeURIComponent(`/forum/t/${threadId}#p${p.number}`)}`} safe>{t('block.link')}</a></li> : ''}
          </ul>
        </footer>
      ) : ''}
    </article>
  );
}

export interface ThreadView {
  id: number;
  title: string;
  slug: string;
  category: { slug: string; name: string };
  note: string;
  folded: boolean;
  posts: PostView[];
  page: number;
  pages: number;
  lastNumber: number;
  lastVisible: number;
  locked: boolean;
  closedReason: 'none' | 'locked' | 'readonly' | 'signin';
  newSince: number | null;
  level: string;
  noindex: boolean;
  can: { reply: boolean; subscribe: boolean; anonymous: boolean };
  composer: { values: ComposeValues; errors: FieldProblem[]; draft: DraftInfo } | null;
}

export function ThreadScreen({ ctx, th }: { ctx: PageContext; th: ThreadView }) {
  const { t } = ctx;
  const head = th.noindex ? <meta name="robots" content="noindex" /> : '';
  const onLastPage = th.page === th.pages;
  return (
    <Layout ctx={ctx} title={th.title} hasErrors={(th.composer?.errors.length ?? 0) > 0} head={head}>
      <p class="breadcrumb"><a href={`/forum/c/${th.category.slug}`} safe>{th.category.name}</a></p>
      <h1 class="heading-l" safe>{th.title}</h1>
      {th.note ? <p class="tags"><Tag text={t('forum.noteTag', { note: t(noteLabel(th.note)) })} tone="yellow" /></p> : ''}
      {th.newSince ? <p><a href={`#p${th.newSince}`} safe>{t('forum.jumpToNew')}</a></p> : ''}
      <Pagination page={th.page} pages={th.pages} href={(n) => `/forum/t/${th.id}/${th.slug}?page=${n}`} labels={{ nav: t('pagination.nav'), previous: t('pagination.previous'), next: t('pagination.next'), page: (n) => t('pagination.page', { n }) }} />
      <h2 class="visually-hidden" safe>{t('forum.postsHeading')}</h2>
      <div class="posts" id="posts" data-thread={String(th.id)} data-live={onLastPage ? `/forum/t/${th.id}/live` : undefined} data-last-id={String(th.lastVisible)}>
        {th.posts.map((p) => <PostArticle ctx={ctx} p={p} threadId={th.id} />)}
      </div>
      <div class="live-note" id="live-note" role="status" data-one={t('forum.live.newOne')} data-many={t('forum.live.newMany')} data-show={t('forum.live.show')}></div>
      <Pagination page={th.page} pages={th.pages} href={(n) => `/forum/t/${th.id}/${th.slug}?page=${n}`} labels={{ nav: t('forum.paginationBottom'), previous: t('pagination.previous'), next: t('pagination.next'), page: (n) => t('pagination.page', { n }) }} />
      {th.composer && th.can.reply ? (
        <Composer ctx={ctx} action={`/forum/t/${th.id}/reply`} draftUrl={`/forum/drafts/t:${th.id}`} values={th.composer.values} errors={th.composer.errors} withTitle={false} anonymousAllowed={th.can.anonymous} draft={th.composer.draft} submitLabel={t('forum.form.reply')} heading={t('forum.form.yourReply')} />
      ) : th.closedReason === 'signin' ? (
        <p><a href={`/login?next=${encodeURIComponent(`/forum/t/${th.id}/${th.slug}`)}`} safe>{t('forum.signInToReply')}</a></p>
      ) : th.closedReason === 'locked' ? <NotificationBanner kind="info" title={t('forum.lockedExplained')} /> : th.closedReason === 'readonly' ? <NotificationBanner kind="info" title={t('forum.readOnlyExplained')} /> : ''}
      {th.can.subscribe ? <LevelForm ctx={ctx} action={`/forum/t/${th.id}/level`} level={th.level} id="thread-level" /> : ''}
      <script src={`/assets/js/forum.js?v=${ctx.assetVersion}`} defer></script>
    </Layout>
  );
}

/** The posts a live page asks for after an event (the same markup as on the page). */
export function PostsFragment({ ctx, posts, threadId }: { ctx: PageContext; posts: PostView[]; threadId: number }) {
  return <>{posts.map((p) => <PostArticle ctx={ctx} p={p} threadId={threadId} />)}</>;
}

export function EditPostScreen({ ctx, postId, back, values, errors }: { ctx: PageContext; postId: number; back: string; values: { body: string; note: string }; errors: FieldProblem[] }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('forum.edit.title')} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={back} safe>{t('forum.backToThread')}</a></p>
      <h1 class="heading-l" safe>{t('forum.edit.title')}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <PostForm action={`/forum/p/${postId}/edit`} csrf={ctx.csrf}>
        <TextArea name="body" label={t('forum.form.body')} hint={t('forum.edit.hint')} value={values.body} error={e.body} rows={12} />
        <NoteSelect t={t} value={values.note} />
        <Button><span safe>{t('forum.edit.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function DeletePostScreen({ ctx, postId, back }: { ctx: PageContext; postId: number; back: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.delete.title')}>
      <p class="breadcrumb"><a href={back} safe>{t('forum.backToThread')}</a></p>
      <h1 class="heading-l" safe>{t('forum.delete.title')}</h1>
      <p safe>{t('forum.delete.explain')}</p>
      <PostForm action={`/forum/p/${postId}/delete`} csrf={ctx.csrf}>
        <div class="button-group">
          <Button variant="warning"><span safe>{t('forum.delete.confirm')}</span></Button>
          <a href={back} safe>{t('forum.delete.cancel')}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

export function HistoryScreen({ ctx, back, current, revisions }: { ctx: PageContext; back: string; current: string; revisions: Array<{ body: string; createdAt: string; byModerator?: boolean }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.history.title')}>
      <p class="breadcrumb"><a href={back} safe>{t('forum.backToThread')}</a></p>
      <h1 class="heading-l" safe>{t('forum.history.title')}</h1>
      <h2 class="heading-m" safe>{t('forum.history.current')}</h2>
      <pre class="revision" safe>{current}</pre>
      {revisions.map((r) => (
        <>
          <h2 class="heading-m" safe>{t('forum.history.before', { when: formatDateTime(r.createdAt, locale) })}</h2>
          {r.byModerator ? <p class="hint" safe>{t('forum.history.byModerator')}</p> : ''}
          <pre class="revision" safe>{r.body}</pre>
        </>
      ))}
    </Layout>
  );
}

export interface SearchView {
  q: string;
  category: string;
  author: string;
  from: string;
  to: string;
  mine: boolean;
  errors: FieldProblem[];
  categories: Array<{ slug: string; name: string }>;
  items: Array<{ url: string; title: string; author: string; createdAt: string; excerpt: string }>;
  total: number;
  capped: boolean;
  page: number;
  pages: number;
  searched: boolean;
  signedIn: boolean;
}

export function SearchScreen({ ctx, s }: { ctx: PageContext; s: SearchView }) {
  const { t, locale } = ctx;
  const e = errorsByField(s.errors);
  const params = (n: number) => {
    const u = new URLSearchParams({ q: s.q });
    if (s.category) u.set('category', s.category);
    if (s.author) u.set('author', s.author);
    if (s.from) u.set('from', s.from);
    if (s.to) u.set('to', s.to);
    if (s.mine) u.set('mine', '1');
    u.set('page', String(n));
    return `/forum/search?${u.toString()}`;
  };
  return (
    <Layout ctx={ctx} title={s.q ? t('forum.search.titleFor', { q: s.q }) : t('forum.search.title')} hasErrors={s.errors.length > 0}>
      <h1 class="heading-l" safe>{t('forum.search.title')}</h1>
      <Subnav ctx={ctx} current="/forum/search" />
      <ErrorSummary title={t('form.errorSummary')} errors={s.errors} />
      <form method="get" action="/forum/search" class="search-form" role="search" novalidate>
        <TextInput name="q" type="search" label={t('forum.search.q')} hint={t('forum.search.hint')} value={s.q} error={e.q} width="full" />
        <Select name="category" label={t('forum.search.category')} value={s.category} options={[{ value: '', label: t('forum.search.anyCategory') }, ...s.categories.map((c) => ({ value: c.slug, label: c.name }))]} />
        <TextInput name="author" label={t('forum.search.author')} value={s.author} error={e.author} />
        <div class="inline-fields">
          <TextInput name="from" type="date" label={t('forum.search.from')} value={s.from} error={e.from} width="short" />
          <TextInput name="to" type="date" label={t('forum.search.to')} value={s.to} error={e.to} width="short" />
        </div>
        {s.signedIn ? <Checkbox name="mine" value="1" checked={s.mine} label={<span safe>{t('forum.search.mine')}</span>} /> : ''}
        <Button><span safe>{t('forum.search.submit')}</span></Button>
      </form>
      {s.searched ? (
        <>
          <h2 class="heading-m" safe>{s.capped ? t('forum.search.resultsMany', { count: s.total }) : t('forum.search.results', { count: s.total })}</h2>
          <ul class="result-list">
            {s.items.map((i) => (
              <li class="result">
                <h3 class="result__title"><a href={i.url} safe>{i.title}</a></h3>
                <p class="result__meta hint" safe>{`${i.author} · ${formatDateTime(i.createdAt, locale)}`}</p>
                <p safe>{i.excerpt}</p>
              </li>
            ))}
          </ul>
          <Pagination page={s.page} pages={s.pages} href={params} labels={{ nav: t('pagination.nav'), previous: t('pagination.previous'), next: t('pagination.next'), page: (n) => t('pagination.page', { n }) }} />
        </>
      ) : ''}
    </Layout>
  );
}

export function UnansweredScreen({ ctx, items }: { ctx: PageContext; items: ThreadItem[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.unanswered.title')}>
      <h1 class="heading-l" safe>{t('forum.unanswered.title')}</h1>
      <Subnav ctx={ctx} current="/forum/unanswered" />
      <p class="lead" safe>{t('forum.unanswered.lead')}</p>
      {items.length ? <ThreadList ctx={ctx} items={items} /> : <p safe>{t('forum.unanswered.none')}</p>}
    </Layout>
  );
}

export function NotificationsScreen({ ctx, items }: { ctx: PageContext; items: Array<{ kind: string; url: string; title: string; who: string; createdAt: string; unread: boolean }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.notifications.title')}>
      <h1 class="heading-l" safe>{t('forum.notifications.title')}</h1>
      <Subnav ctx={ctx} current="/notifications" />
      {items.some((i) => i.unread) ? (
        <PostForm action="/notifications/read" csrf={ctx.csrf}>
          <Button variant="secondary"><span safe>{t('forum.notifications.markRead')}</span></Button>
        </PostForm>
      ) : ''}
      {items.length ? (
        <ul class="result-list">
          {items.map((n) => (
            <li class="result">
              <p>
                {n.unread ? <><Tag text={t('forum.notifications.new')} tone="green" />{' '}</> : ''}
                <a href={n.url} safe>{t(`forum.notifications.${n.kind}` as MessageKey, { who: n.who || t('forum.anonymous'), title: n.title })}</a>
              </p>
              <p class="hint" safe>{formatDateTime(n.createdAt, locale)}</p>
            </li>
          ))}
        </ul>
      ) : <p safe>{t('forum.notifications.none')}</p>}
    </Layout>
  );
}

export interface SettingsValues {
  mailReplies: boolean;
  mailMentions: boolean;
  digest: string;
  foldedNotes: string[];
  hasEmail: boolean;
}

export function SettingsScreen({ ctx, v }: { ctx: PageContext; v: SettingsValues }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.settings.title')}>
      <h1 class="heading-l" safe>{t('forum.settings.title')}</h1>
      <Subnav ctx={ctx} current="/forum/settings" />
      <PostForm action="/forum/settings" csrf={ctx.csrf}>
        <h2 class="heading-m" safe>{t('forum.settings.mails')}</h2>
        {v.hasEmail ? '' : <p class="hint" safe>{t('forum.settings.noEmail')}</p>}
        <Checkbox name="mailReplies" checked={v.mailReplies} label={<span safe>{t('forum.settings.mailReplies')}</span>} />
        <Checkbox name="mailMentions" checked={v.mailMentions} label={<span safe>{t('forum.settings.mailMentions')}</span>} />
        <ChoiceGroup type="radio" name="digest" legend={t('forum.settings.digest')} value={v.digest} options={DIGESTS.map((d) => ({ value: d, label: t(`forum.digest.${d}` as MessageKey) }))} />
        <ChoiceGroup type="checkbox" name="folded" legend={t('forum.settings.folded')} hint={t('forum.settings.foldedHint')} value={v.foldedNotes} options={CONTENT_NOTES.map((n) => ({ value: n, label: t(noteLabel(n)) }))} />
        <Button><span safe>{t('forum.settings.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function UnsubscribeScreen({ ctx, userId, k, done }: { ctx: PageContext; userId: string; k: string; done: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forum.unsubscribe.title')}>
      <h1 class="heading-l" safe>{t('forum.unsubscribe.title')}</h1>
      {done ? <p safe>{t('forum.unsubscribe.done')}</p> : (
        <PostForm action="/forum/unsubscribe" csrf={ctx.csrf}>
          <input type="hidden" name="u" value={userId} />
          <input type="hidden" name="k" value={k} />
          <p safe>{t('forum.unsubscribe.explain')}</p>
          <Button><span safe>{t('forum.unsubscribe.confirm')}</span></Button>
        </PostForm>
      )}
    </Layout>
  );
}

export interface CategoryFormValues {
  slug: string;
  nameDe: string;
  nameEn: string;
  descriptionDe: string;
  descriptionEn: string;
  position: string;
  readAccess: string;
  startAccess: string;
  anonymous: boolean;
  premoderation: string;
  noindex: boolean;
  locked: boolean;
}

export function CategoryAdminScreen({ ctx, list, values, errors, editing }: { ctx: PageContext; list: Array<{ slug: string; name: string; position: number }>; values: CategoryFormValues; errors: FieldProblem[]; editing: string | null }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('forum.admin.title')} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href="/forum" safe>{t('forum.title')}</a></p>
      <h1 class="heading-l" safe>{t('forum.admin.title')}</h1>
      <ol class="list">
        {list.map((c) => <li><a href={`/forum/admin/categories?edit=${c.slug}`} safe>{`${c.name} (${c.position})`}</a></li>)}
      </ol>
      <h2 class="heading-m" safe>{editing ? t('forum.admin.edit', { name: editing }) : t('forum.admin.new')}</h2>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <PostForm action="/forum/admin/categories" csrf={ctx.csrf}>
        <input type="hidden" name="editing" value={editing ?? ''} />
        <TextInput name="slug" label={t('forum.admin.slug')} hint={t('forum.admin.slugHint')} value={values.slug} error={e.slug} />
        <TextInput name="nameDe" label={t('forum.admin.nameDe')} value={values.nameDe} error={e.nameDe} width="full" />
        <TextInput name="nameEn" label={t('forum.admin.nameEn')} value={values.nameEn} error={e.nameEn} width="full" />
        <TextArea name="descriptionDe" label={t('forum.admin.descriptionDe')} value={values.descriptionDe} error={e.descriptionDe} rows={3} />
        <TextArea name="descriptionEn" label={t('forum.admin.descriptionEn')} value={values.descriptionEn} error={e.descriptionEn} rows={3} />
        <TextInput name="position" label={t('forum.admin.position')} value={values.position} error={e.position} width="short" inputmode="numeric" />
        <ChoiceGroup type="radio" name="readAccess" legend={t('forum.admin.readAccess')} value={values.readAccess} error={e.readAccess} options={READ_ACCESS.map((a) => ({ value: a, label: t(`forum.access.${a}` as MessageKey) }))} />
        <ChoiceGroup type="radio" name="startAccess" legend={t('forum.admin.startAccess')} value={values.startAccess} error={e.startAccess} options={START_ACCESS.map((a) => ({ value: a, label: t(`forum.start.${a}` as MessageKey) }))} />
        <ChoiceGroup type="radio" name="premoderation" legend={t('forum.admin.premoderation')} value={values.premoderation} error={e.premoderation} options={PREMODERATION.map((a) => ({ value: a, label: t(`forum.premoderation.${a}` as MessageKey) }))} />
        <Checkbox name="anonymous" checked={values.anonymous} label={<span safe>{t('forum.admin.anonymous')}</span>} />
        <Checkbox name="noindex" checked={values.noindex} label={<span safe>{t('forum.admin.noindex')}</span>} />
        <Checkbox name="locked" checked={values.locked} label={<span safe>{t('forum.admin.locked')}</span>} />
        <Button><span safe>{t('forum.admin.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}
