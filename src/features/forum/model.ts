// Words and limits of the forum, shared by service, routes and views.

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

export interface Category {
  id: string;
  slug: string;
  name_de: string;
  name_en: string;
  description_de: string;
  description_en: string;
  position: number;
  read_access: string;
  start_access: string;
  anonymous_allowed: number;
  premoderation: string;
  noindex: number;
  locked: number;
  group_id: string | null;
  thread_count: number;
  post_count: number;
  thread_seq: number;
  last_post_at: string | null;
}

export interface Thread {
  id: number;
  category_id: string;
  title: string;
  slug: string;
  author_id: string | null;
  anonymous: number;
  content_note: string;
  status: string;
  locked: number;
  category_seq: number;
  last_number: number;
  reply_count: number;
  first_reply_at: string | null;
  last_post_at: string;
  created_at: string;
}

export interface Post {
  id: number;
  thread_id: number;
  category_id: string;
  number: number;
  author_id: string | null;
  anonymous: number;
  anon_key: string | null;
  body: string;
  html: string;
  content_note: string;
  reply_to: number | null;
  status: string;
  deleted_by_author: number;
  edited_at: string | null;
  reaction_counts: string;
  created_at: string;
}

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
