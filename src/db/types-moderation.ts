// Table types of safety and moderation (features/moderation).

export interface ModerationItemsTable {
  id: string;
  /** report | premoderation | crisis | appeal */
  kind: string;
  urgent: number;
  /** open | resolved */
  status: string;
  /** post | thread | profile | message | conversation | notice | text */
  target_type: string;
  target_id: string;
  /** Forum category of the target, for moderators limited to categories. */
  category_id: string | null;
  /** Group whose board or inbox the target belongs to, for the group's facilitators. */
  group_id: string | null;
  /** Who wrote the target (never shown for anonymous posts). */
  author_id: string | null;
  /** Comma-separated classes of the crisis check, or ''. */
  crisis_classes: string;
  /** publish | publish_and_alert | moderators_only | draft */
  crisis_choice: string | null;
  /** Text sent only to the moderators (or an appeal), sealed with the author's id as context. */
  sealed_body: string | null;
  /** Where the target can be seen (a local path). */
  context_url: string;
  report_count: number;
  /** Sum of the reporters' weights, in hundredths. */
  report_weight: number;
  hidden_by_reports: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface ReportsTable {
  id: string;
  item_id: string;
  target_type: string;
  target_id: string;
  reporter_id: string;
  /** rules | harassment | personal_data | spam | danger */
  reason: string;
  note: string;
  /** The reporter's weight when they reported, in hundredths. */
  weight: number;
  /** upheld | dismissed | null while open */
  outcome: string | null;
  created_at: string;
}

export interface ModerationNoticesTable {
  id: string;
  user_id: string;
  item_id: string | null;
  /** removed | hidden | edited | reply | sanction */
  kind: string;
  reason: string;
  body: string;
  created_at: string;
  read_at: string | null;
  answered_at: string | null;
}

export interface ModeratorCategoriesTable {
  user_id: string;
  category_id: string;
}

export interface SanctionsTable {
  id: string;
  user_id: string;
  /** silence | suspend */
  kind: string;
  reason: string;
  until: string;
  created_by: string | null;
  created_at: string;
  lifted_at: string | null;
}

export interface ModerationAlertsTable {
  id: string;
  user_id: string;
  item_id: string;
  created_at: string;
  seen_at: string | null;
}

export interface CrisisDraftsTable {
  id: string;
  user_id: string;
  /** Where the text was meant to go, e.g. "contact:<group slug>". */
  context: string;
  sealed_body: string;
  created_at: string;
}

export interface ModerationSettingsTable {
  key: string;
  value: string;
}

export interface SlowModesTable {
  /** thread | category */
  scope_type: string;
  scope_id: string;
  minutes: number;
  set_by: string | null;
  created_at: string;
}

/** When a member last wrote in a slowed thread or category; rows exist only while slow mode is on. */
export interface SlowModeMarksTable {
  user_id: string;
  scope_type: string;
  scope_id: string;
  written_at: string;
}

export interface UnmaskRequestsTable {
  id: string;
  target_type: string;
  target_id: string;
  item_id: string | null;
  requested_by: string | null;
  reason: string;
  created_at: string;
  /** pending | confirmed | refused */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  /** Until when the requester may see the writer (confirmed requests). */
  visible_until: string | null;
}

export interface ModerationTables {
  moderation_items: ModerationItemsTable;
  reports: ReportsTable;
  moderation_notices: ModerationNoticesTable;
  moderator_categories: ModeratorCategoriesTable;
  sanctions: SanctionsTable;
  moderation_alerts: ModerationAlertsTable;
  crisis_drafts: CrisisDraftsTable;
  moderation_settings: ModerationSettingsTable;
  slow_modes: SlowModesTable;
  slow_mode_marks: SlowModeMarksTable;
  unmask_requests: UnmaskRequestsTable;
}
