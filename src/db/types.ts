// Table types for Kysely. Timestamps are ISO-8601 UTC strings and flags are 0/1 integers
// on both engines, so rows look the same on SQLite and PostgreSQL.
import type { DirectoryTables } from './types-directory.ts';
import type { EventsTables } from './types-events.ts';
import type { LearningTables } from './types-learning.ts';
import type { ForumTables } from './types-forum.ts';
import type { ModerationTables } from './types-moderation.ts';
import type { TrustTables } from './types-trust.ts';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'member' | 'staff' | 'moderator' | 'admin';
export type Locale = 'de' | 'en';

export interface UsersTable {
  id: string;
  pseudonym: string;
  /** Case- and width-folded pseudonym; unique. */
  pseudonym_key: string;
  /** Confusable skeleton of the pseudonym (Unicode TR39, platform/auth/pseudonyms.ts); unique. Null only before migration 0009. */
  pseudonym_skeleton: string | null;
  /** Confirmed address (lower-cased key is unique). */
  email: string | null;
  email_key: string | null;
  email_verified_at: string | null;
  /** Address given but not yet confirmed. */
  email_pending: string | null;
  password_hash: string;
  role: Role;
  locale: Locale | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface ConsentsTable {
  id: Generated<number>;
  user_id: string;
  /** 'community_rules' | 'health_data' */
  kind: string;
  version: string;
  given_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the cookie value itself is never stored. */
  id: string;
  /** Short public handle to name a session in forms without revealing its id. */
  handle: string;
  user_id: string;
  device: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface TokensTable {
  /** SHA-256 of the token sent by mail or printed; single use. */
  token_hash: string;
  purpose: 'verify_email' | 'reset_password' | 'setup';
  user_id: string | null;
  email: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: 'pending' | 'done' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: string;
}

export interface PagesTable {
  slug: string;
  locale: Locale;
  title: string;
  body: string;
  updated_at: string;
  updated_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
  created_at: string;
}

export interface ThrottlesTable {
  key: string;
  count: number;
  reset_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

// --- My support network (features/network). *_sealed columns hold AES-GCM ciphertext (platform/crypto.ts). ---
export type NetworkKind = 'person' | 'organisation';
export type NetworkSector = 'family' | 'friends' | 'neighbourhood' | 'community' | 'work' | 'professional';
export type NetworkCircle = 'inner' | 'middle' | 'outer';

export interface NetworkEntriesTable {
  id: string;
  user_id: string;
  kind: NetworkKind;
  name_sealed: string;
  sector: NetworkSector;
  circle: NetworkCircle;
  /** Comma-separated kinds of support: emotional, practical, information, company. */
  support: string;
  phone_sealed: string | null;
  email_sealed: string | null;
  notes_sealed: string | null;
  /** Where it came from in the directory (e.g. "group:slug|https://…"). */
  link_sealed: string | null;
  rhythm_days: number | null;
  /** Date (YYYY-MM-DD) of the latest logged contact. */
  last_contact_on: string | null;
  /** Date until which reminders for this entry rest. */
  snoozed_until: string | null;
  /** Give and take notes of this entry by direction, kept by triggers on network_ledger (migration 0024). */
  received_count: Generated<number>;
  given_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface NetworkContactsTable {
  id: string;
  user_id: string;
  entry_id: string;
  kind: 'call' | 'meeting' | 'message' | 'letter';
  happened_on: string;
  note_sealed: string | null;
  created_at: string;
}

export interface NetworkLedgerTable {
  id: string;
  user_id: string;
  entry_id: string;
  direction: 'given' | 'received';
  support: string;
  happened_on: string;
  note_sealed: string | null;
  created_at: string;
}

export interface NetworkGratitudeTable {
  id: string;
  user_id: string;
  entry_id: string;
  text_sealed: string;
  written_on: string;
  created_at: string;
}

export interface NetworkCheckinsTable {
  id: string;
  user_id: string;
  mood: number;
  energy: number;
  note_sealed: string | null;
  checked_on: string;
  created_at: string;
}

export interface NetworkSettingsTable {
  user_id: string;
  weekly_digest: number;
  digest_sent_at: string | null;
  updated_at: string;
}

/** Values the instance checks at start (the DATA_KEY check value). */
export interface InstanceChecksTable {
  name: string;
  value: string;
  created_at: string;
}

/** Version counters that answer caches key on; triggers raise them with each change they count. */
export interface ChangeCountersTable {
  name: string;
  version: number | string;
}

/** A member's network version, raised by triggers with every change to their entries (migration 0023). */
export interface NetworkVersionsTable {
  user_id: string;
  version: number | string;
}

export interface Database extends DirectoryTables, EventsTables, ForumTables, ModerationTables, LearningTables, TrustTables {
  users: UsersTable;
  consents: ConsentsTable;
  sessions: SessionsTable;
  tokens: TokensTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  pages: PagesTable;
  audit_log: AuditLogTable;
  throttles: ThrottlesTable;
  api_tokens: ApiTokensTable;
  network_entries: NetworkEntriesTable;
  network_contacts: NetworkContactsTable;
  network_ledger: NetworkLedgerTable;
  network_gratitude: NetworkGratitudeTable;
  network_checkins: NetworkCheckinsTable;
  network_settings: NetworkSettingsTable;
  instance_checks: InstanceChecksTable;
  change_counters: ChangeCountersTable;
  network_versions: NetworkVersionsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Job = Selectable<JobsTable>;
