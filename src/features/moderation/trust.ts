// Trust levels: how far the platform trusts a member, earned by behaviour (days since joining, posts
// read, posts written) and lowered by reports upheld against them. A recurring job keeps the table
// current (and a decision that upholds a report recomputes its writer at once), so a request reads
// one row and never counts over history. Each level comes with limits on writing; administrators
// set thresholds and limits in /admin/trust.
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import { nowIso } from '../../platform/time.ts';
import { recordAudit } from '../../platform/audit.ts';

export const TRUST_LEVELS = [0, 1, 2, 3] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];
export const TRUST_JOB = 'moderation.trust';
/** A one-off run of the same work, when administrators changed the thresholds. */
export const TRUST_JOB_NOW = 'moderation.trust.now';
const DAY_MS = 86_400_000;

/** What a level asks for; level n needs all of its own and every lower level's thresholds. */
export const THRESHOLD_KEYS = ['days', 'read', 'written'] as const;
export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
/** What a level allows; 0 means "no limit". */
export const LIMIT_KEYS = ['posts_per_day', 'links_per_post', 'mentions_per_post', 'contacts_per_day', 'reports_per_day'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

export interface TrustSettings {
  thresholds: Record<1 | 2 | 3, Record<ThresholdKey, number>>;
  limits: Record<LimitKey, [number, number, number, number]>;
}

export const TRUST_DEFAULTS: TrustSettings = {
  thresholds: {
    1: { days: 1, read: 20, written: 0 },
    2: { days: 14, read: 100, written: 5 },
    3: { days: 60, read: 500, written: 30 },
  },
  limits: {
    posts_per_day: [20, 50, 150, 0],
    links_per_post: [2, 5, 20, 0],
    mentions_per_post: [2, 5, 10, 20],
    contacts_per_day: [3, 5, 10, 20],
    reports_per_day: [5, 10, 20, 50],
  },
};

const thresholdKey = (level: 1 | 2 | 3, key: ThresholdKey) => `trust.threshold.${level}.${key}`;
const limitKey = (key: LimitKey, level: TrustLevel) => `trust.limit.${key}.${level}`;

/** Every trust setting as one flat list of setting names and values (the admin form uses it). */
export function flatSettings(s: TrustSettings): Record<string, number> {
  const out: Record<string, number> = {};
  for (const level of [1, 2, 3] as const) for (const key of THRESHOLD_KEYS) out[thresholdKey(level, key)] = s.thresholds[level][key];
  for (const key of LIMIT_KEYS) for (const level of TRUST_LEVELS) out[limitKey(key, level)] = s.limits[key][level];
  return out;
}

export async function trustSettings(db: Db): Promise<TrustSettings> {
  const rows = await db.selectFrom('moderation_settings').select(['key', 'value']).where('key', 'like', 'trust.%').execute();
  const stored = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const pick = (name: string, fallback: number) => {
    const v = stored.get(name);
    return v !== undefined && Number.isSafeInteger(v) && v >= 0 ? v : fallback;
  };
  const d = TRUST_DEFAULTS;
  const thresholds = {} as TrustSettings['thresholds'];
  for (const level of [1, 2, 3] as const) {
    thresholds[level] = { days: pick(thresholdKey(level, 'days'), d.thresholds[level].days), read: pick(thresholdKey(level, 'read'), d.thresholds[level].read), written: pick(thresholdKey(level, 'written'), d.thresholds[level].written) };
  }
  const limits = {} as TrustSettings['limits'];
  for (const key of LIMIT_KEYS) limits[key] = TRUST_LEVELS.map((level) => pick(limitKey(key, level), d.limits[key][level])) as [number, number, number, number];
  return { thresholds, limits };
}

/** Stores the whole set and its audit row in one transaction; values were checked by the form. */
export async function saveTrustSettings(db: Db, values: Record<string, number>, o: { blockAlert: number; actorId: string }): Promise<void> {
  const rows = Object.entries(values).filter(([key]) => key.startsWith('trust.')).map(([key, value]) => ({ key, value: String(value) }));
  rows.push({ key: 'block_alert_threshold', value: String(o.blockAlert) });
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await trx.insertInto('moderation_settings').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value })).execute();
    }
    await recordAudit(trx, { actorId: o.actorId, action: 'moderation.trust_settings', subjectType: 'settings', subjectId: 'trust', details: { fields: rows.length } });
  });
}

// ---------------------------------------------------------------- activity (filled by other features)

/** Posts read and written per member, from the feature that holds them (the forum). */
export interface ActivitySource {
  counts(db: Db, userIds: string[]): Promise<Map<string, { read: number; written: number }>>;
}
// Keyed by feature, so building the app again (as tests do) replaces a source instead of counting it twice.
const sources = new Map<string, ActivitySource>();

export function registerActivitySource(feature: string, source: ActivitySource): void {
  sources.set(feature, source);
}

export interface Signals {
  days: number;
  read: number;
  written: number;
  upheld: number;
}

/** The level the signals earn: the highest whose thresholds (and all below) are met, one lower per upheld report. */
export function levelFor(signals: Signals, settings: TrustSettings): TrustLevel {
  let level = 0;
  for (const n of [1, 2, 3] as const) {
    const th = settings.thresholds[n];
    if (signals.days >= th.days && signals.read >= th.read && signals.written >= th.written) level = n;
    else break;
  }
  return Math.max(0, level - signals.upheld) as TrustLevel;
}

const BATCH = 500;

/** Recomputes the stored levels of some members, or of everyone (in batches). Returns how many. */
export async function recomputeTrust(deps: Deps, userIds?: string[]): Promise<number> {
  const settings = await trustSettings(deps.db);
  let done = 0;
  let after = '';
  for (;;) {
    let query = deps.db.selectFrom('users').select(['id', 'created_at']).orderBy('id').limit(BATCH);
    if (userIds) query = query.where('id', 'in', userIds.length ? userIds : ['']);
    else query = query.where('id', '>', after);
    const users = await query.execute();
    if (users.length === 0) break;
    const ids = users.map((u) => u.id);
    const activity = new Map<string, { read: number; written: number }>();
    for (const source of sources.values()) {
      for (const [id, c] of await source.counts(deps.db, ids)) {
        const seen = activity.get(id) ?? { read: 0, written: 0 };
        activity.set(id, { read: seen.read + c.read, written: seen.written + c.written });
      }
    }
    // Reports upheld against a member: items about their writing that a moderator hid or removed.
    const upheldRows = await deps.db
      .selectFrom('moderation_items')
      .innerJoin('reports', 'reports.item_id', 'moderation_items.id')
      .select(['moderation_items.author_id as author', (eb) => eb.fn.count<number>('moderation_items.id').distinct().as('n')])
      .where('moderation_items.author_id', 'in', ids)
      .where('reports.outcome', '=', 'upheld')
      .groupBy('moderation_items.author_id')
      .execute();
    const upheld = new Map(upheldRows.map((r) => [r.author as string, Number(r.n)]));
    const now = nowIso();
    for (const user of users) {
      const a = activity.get(user.id) ?? { read: 0, written: 0 };
      const signals: Signals = { days: Math.max(0, Math.floor((Date.now() - Date.parse(user.created_at)) / DAY_MS)), read: a.read, written: a.written, upheld: upheld.get(user.id) ?? 0 };
      const row = { level: levelFor(signals, settings), days: signals.days, posts_read: signals.read, posts_written: signals.written, upheld_reports: signals.upheld, computed_at: now };
      await deps.db.insertInto('trust_levels').values({ user_id: user.id, ...row }).onConflict((oc) => oc.column('user_id').doUpdateSet(row)).execute();
    }
    done += users.length;
    if (userIds || users.length < BATCH) break;
    after = (users[users.length - 1] as { id: string }).id;
  }
  return done;
}

export interface TrustRecord extends Signals {
  level: TrustLevel;
  computedAt: string;
}

/** A member's stored level; computed once for them when the job has not reached them yet. */
export async function trustOf(deps: Deps, userId: string): Promise<TrustRecord> {
  let row = await deps.db.selectFrom('trust_levels').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) {
    await recomputeTrust(deps, [userId]);
    row = await deps.db.selectFrom('trust_levels').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }
  if (!row) return { level: 0, days: 0, read: 0, written: 0, upheld: 0, computedAt: nowIso() };
  return { level: row.level as TrustLevel, days: row.days, read: row.posts_read, written: row.posts_written, upheld: row.upheld_reports, computedAt: row.computed_at };
}

export function registerTrustJob(deps: Deps): void {
  deps.jobs.every(TRUST_JOB, { everyMs: 60 * 60_000, firstAfterMs: 2 * 60_000 }, () => recomputeTrust(deps));
  deps.jobs.register(TRUST_JOB_NOW, async () => {
    await recomputeTrust(deps);
  });
}

// ---------------------------------------------------------------- limits

export type LimitedWrite = 'post' | 'contact' | 'report';
const DAILY: Record<LimitedWrite, LimitKey> = { post: 'posts_per_day', contact: 'contacts_per_day', report: 'reports_per_day' };

export interface LimitProblem {
  /** 429 for "too many today", 403 for what this level may not put in one text. */
  status: 429 | 403;
  code: 'rate_limited' | 'too_many_links' | 'too_many_mentions';
  field: string;
  messageKey: MessageKey;
  params: Record<string, string | number>;
}

/** Web addresses in a text: "http(s)://…" and "www.…", the way a reader would count links. */
export function countLinks(text: string): number {
  return (text.match(/\bhttps?:\/\/|(?<![\w/.])www\./gi) ?? []).length;
}

/** Distinct @names in a text. */
export function countMentions(text: string): number {
  return new Set((text.match(/(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.-]+/gu) ?? []).map((m) => m.toLowerCase())).size;
}

/**
 * Whether a member may write this now: the daily count of their level, and for posts the links and
 * mentions one text may hold. Null when it may go ahead. `exempt`: staff, who are never limited.
 */
export async function checkWriteLimit(
  deps: Deps,
  o: { userId: string; exempt: boolean; kind: LimitedWrite; text?: string; mentions?: number; field?: string },
): Promise<LimitProblem | null> {
  if (o.exempt) return null;
  const settings = await trustSettings(deps.db);
  const { level } = await trustOf(deps, o.userId);
  const field = o.field ?? 'body';
  if (o.kind === 'post' && o.text !== undefined) {
    const maxLinks = settings.limits.links_per_post[level];
    const links = countLinks(o.text);
    if (maxLinks > 0 && links > maxLinks) return { status: 403, code: 'too_many_links', field, messageKey: 'trust.limit.links', params: { count: links, max: maxLinks } };
    const maxMentions = settings.limits.mentions_per_post[level];
    const mentions = o.mentions ?? countMentions(o.text);
    if (maxMentions > 0 && mentions > maxMentions) return { status: 403, code: 'too_many_mentions', field, messageKey: 'trust.limit.mentions', params: { count: mentions, max: maxMentions } };
  }
  const perDay = settings.limits[DAILY[o.kind]][level];
  if (perDay > 0 && (await deps.throttle.isBlocked(`trust:${o.kind}:${o.userId}`, perDay))) {
    const hours = Math.max(1, Math.ceil((await deps.throttle.remainingMs(`trust:${o.kind}:${o.userId}`)) / 3_600_000));
    return { status: 429, code: 'rate_limited', field, messageKey: `trust.limit.daily.${o.kind}`, params: { max: perDay, hours } };
  }
  return null;
}

/** Counts one write that went through toward the member's daily limit. */
export async function countWrite(deps: Deps, o: { userId: string; exempt: boolean; kind: LimitedWrite }): Promise<void> {
  if (o.exempt) return;
  await deps.throttle.increment(`trust:${o.kind}:${o.userId}`, DAY_MS);
}

/** The weight (hundredths) a reporter's level gives before their accuracy scales it. */
export function reportBaseWeight(level: TrustLevel): number {
  return [100, 100, 150, 200][level] as number;
}

/** The limit as an API error: problem+json with the status and a message at the field. */
export function limitError(p: LimitProblem, t: Translator): AppError {
  return new AppError(p.status, p.code, p.status === 429 ? 'error.tooMany' : 'error.forbidden', [{ field: p.field, message: t(p.messageKey, p.params) }]);
}
