// Table types of events and meetings (features/events).

export interface EventsTable {
  id: string;
  /** The organiser: a group or an organisation (exactly one is set). */
  group_id: string | null;
  organisation_id: string | null;
  title: string;
  /** Markdown. */
  description: string;
  starts_at: string;
  ends_at: string;
  /** in_person | online | hybrid | phone */
  format: string;
  /** Public area, e.g. "Leipzig-Zentrum". */
  area: string;
  place_id: number | null;
  lat: number | null;
  lon: number | null;
  /** Exact place: confirmed participants and organisers only. */
  address: string;
  /** Online meeting link or dial-in: confirmed participants and organisers only. */
  online_url: string;
  /** Comma-separated: step_free, hearing_loop, sign_language, easy_language */
  accessibility: string;
  /** everyone | affected | relatives | professionals */
  audience: string;
  contact_name: string;
  contact_role: string;
  contact_phone: string;
  contact_email: string;
  /** scheduled | cancelled */
  status: string;
  cancel_reason: string;
  /** none | open | approval */
  registration: string;
  /** Places; null: no limit. */
  capacity: number | null;
  /** Places held by confirmed registrations; changed only by conditional updates. */
  taken: number;
  deadline: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventTopicsTable {
  event_id: string;
  topic_slug: string;
}

export interface EventRegistrationsTable {
  id: string;
  event_id: string;
  /** Members register with their account; visitors with name and address. */
  user_id: string | null;
  name: string;
  email: string | null;
  email_key: string | null;
  locale: string;
  /** unconfirmed (visitor's address not yet confirmed) | pending (awaits approval) | confirmed | waiting | declined | cancelled */
  status: string;
  reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingExceptionsTable {
  id: string;
  group_id: string;
  /** The meeting as the rule has it (UTC), which this exception replaces. */
  original_start: string;
  /** cancelled | moved */
  kind: string;
  starts_at: string | null;
  ends_at: string | null;
  /** Where a moved meeting takes place (members only); empty: the usual place. */
  place: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface EventMemberSettingsTable {
  user_id: string;
  reminders: number;
  /** SHA-256 of the secret calendar feed token; null: no feed. */
  feed_token_hash: string | null;
  feed_created_at: string | null;
  updated_at: string;
}

export interface EventsTables {
  events: EventsTable;
  event_topics: EventTopicsTable;
  event_registrations: EventRegistrationsTable;
  meeting_exceptions: MeetingExceptionsTable;
  event_member_settings: EventMemberSettingsTable;
}
