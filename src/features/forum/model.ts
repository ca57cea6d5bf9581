// Words and limits of the forum, shared by service, routes and views.
import type { Selectable } from 'kysely';
import type { ForumCategoriesTable, ForumPostsTable, ForumThreadsTable } from '../../db/types-forum.ts';

export const PAGE_SIZE = 50;
export const THREADS_PER_PAGE = 30;
export const BODY_MAX = 20_000;
export const TITLE_MIN = 5;
export const TITLE_MAX = 150;
/** A thread counts as unanswered while it has no reply this long after it started. */
export const UNANSWERED_AFTER_MS = 24 * 3_600_000;
export const DRAFT_KEY_MAX = 140;

export const READ_ACCESS = ['everyone', 'members', 'staff'] as const;
export const START_ACCESS = ['members', 'staff', 'moderators'] as const;
export const PREMODERATION = ['none', 'all', 'first_posts'] as const;
export const POST_STATUSES = ['published', 'pending', 'hidden', 'deleted'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export type ReadAccess = (typeof READ_ACCESS)[number];
export type StartAccess = (typeof START_ACCESS)[number];
export type Premoderation = (typeof PREMODERATION)[number];

export const CONTENT_NOTES = ['suicide', 'self_harm', 'violence', 'eating_disorder', 'addiction', 'loss', 'abuse'] as const;
export type ContentNote = (typeof CONTENT_NOTES)[number];

export const REACTIONS = ['thanks', 'relate', 'hug'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const LEVELS = ['watching', 'normal', 'muted'] as const;
export type Level = (typeof LEVELS)[number];
export const DIGESTS = ['off', 'daily', 'weekly'] as const;

// Rows as the forum's queries read them: the table types without the bookkeeping columns they leave out.
export type Category = Omit<Selectable<ForumCategoriesTable>, 'created_at' | 'updated_at'>;
export type Thread = Omit<Selectable<ForumThreadsTable>, 'updated_at'>;
export type Post = Omit<Selectable<ForumPostsTable>, 'anon_sealed' | 'search_text' | 'updated_at'>;

/** "Mein erster Beitrag!" → "mein-erster-beitrag" (for URLs only; the id decides). */
export function slugify(title: string): string {
  const s = title
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return s || 'thema';
}

export function threadUrl(t: { id: number; slug: string }, number?: number): string {
  if (!number || number <= PAGE_SIZE) return `/forum/t/${t.id}/${t.slug}${number ? `#p${number}` : ''}`;
  return `/forum/t/${t.id}/${t.slug}?page=${Math.ceil(number / PAGE_SIZE)}#p${number}`;
}

export function parseCounts(json: string): Record<Reaction, number> {
  const counts: Record<Reaction, number> = { thanks: 0, relate: 0, hug: 0 };
  if (!json) return counts;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    for (const r of REACTIONS) if (typeof raw[r] === 'number') counts[r] = raw[r];
  } catch {
    // An unreadable value counts as none; the next reaction writes it anew.
  }
  return counts;
}
