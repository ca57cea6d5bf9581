// Table types of the directory (topics, organisations, groups and what hangs off them).
import type { Generated } from 'kysely';

export interface TopicsTable {
  slug: string;
  area: string;
  name_de: string;
  name_en: string;
  /** One synonym per line. */
  synonyms_de: string;
  synonyms_en: string;
  updated_at: string;
}

export interface OrganisationsTable {
  id: string;
  slug: string;
  /** contact_point | umbrella | member_org | self_help_org */
  kind: string;
  name: string;
  description: string;
  region: string;
  place_id: number | null;
  area: string;
  lat: number | null;
  lon: number | null;
  serves_radius_km: number;
  street: string;
  phone: string;
  email: string;
  website: string;
  opening_hours: string;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationStaffTable {
  organisation_id: string;
  user_id: string;
  created_at: string;
}

export interface GroupsTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** self_help | social | peer_support */
  kind: string;
  /** affected | relatives | both */
  audience: string;
  /** Comma-separated: in_person, online, phone, hybrid */
  formats: string;
  place_id: number | null;
  area: string;
  lat: number | null;
  lon: number | null;
  /** Exact meeting place: admitted members, facilitators and the region's staff only. */
  address: string;
  rhythm: string;
  rrule: string;
  start_time: string;
  duration_minutes: number;
  /** Comma-separated language codes. */
  languages: string;
  /** Comma-separated: step_free, hearing_loop, sign_language, easy_language */
  accessibility: string;
  /** proposed | founding | active | paused */
  status: string;
  accepting: number;
  contact_point_id: string | null;
  organisation_id: string | null;
  proposed_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupTopicsTable {
  group_id: string;
  topic_slug: string;
}

export interface MembershipsTable {
  group_id: string;
  user_id: string;
  /** facilitator | member */
  role: string;
  /** requested | admitted | declined */
  status: string;
  listed: number;
  request_message: string;
  decision_message: string;
  requested_at: string;
  decided_at: string | null;
}

export interface GroupRevisionsTable {
  id: Generated<number>;
  group_id: string;
  actor_id: string | null;
  actor_label: string;
  /** JSON: { field: [before, after] } */
  changes: string;
  created_at: string;
}

export interface AnnouncementsTable {
  id: string;
  group_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
}

export interface ConversationsTable {
  id: string;
  group_id: string;
  user_id: string | null;
  visitor_name: string;
  visitor_email: string | null;
  visitor_locale: string;
  /** unconfirmed | open | closed */
  status: string;
  created_at: string;
  last_message_at: string;
}

export interface ConversationMessagesTable {
  id: string;
  conversation_id: string;
  from_group: number;
  author_id: string | null;
  body: string;
  created_at: string;
}

export interface FoundingInterestTable {
  group_id: string;
  user_id: string;
  created_at: string;
}

export interface TopicWatchesTable {
  id: string;
  topic_slug: string;
  user_id: string | null;
  email: string | null;
  locale: string;
  confirmed: number;
  created_at: string;
  notified_at: string | null;
}

export interface DirectoryChangesTable {
  seq: Generated<number>;
  group_id: string;
  /** 'group' or 'topics'; PostgreSQL also keeps the writer's transaction id (txid, see db/change-feed.ts). */
  subject: Generated<string>;
  created_at: string;
}

export interface DirectoryTables {
  topics: TopicsTable;
  organisations: OrganisationsTable;
  organisation_staff: OrganisationStaffTable;
  groups: GroupsTable;
  group_topics: GroupTopicsTable;
  memberships: MembershipsTable;
  group_revisions: GroupRevisionsTable;
  announcements: AnnouncementsTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  founding_interest: FoundingInterestTable;
  topic_watches: TopicWatchesTable;
  directory_changes: DirectoryChangesTable;
}
