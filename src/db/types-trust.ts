// Table types of trust levels, blocks and published rules versions (features/moderation).

export interface TrustLevelsTable {
  user_id: string;
  /** 0 new … 3 trusted, as last computed. */
  level: number;
  days: number;
  posts_read: number;
  posts_written: number;
  upheld_reports: number;
  computed_at: string;
}

export interface UserBlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: string;
}

export interface RulesVersionsTable {
  /** e.g. "rules-2"; the newest published_at is the one members must accept. */
  version: string;
  /** What changed, in the administrator's words (shown on the accept page). */
  summary: string;
  published_by: string | null;
  published_at: string;
}

export interface TrustTables {
  trust_levels: TrustLevelsTable;
  user_blocks: UserBlocksTable;
  rules_versions: RulesVersionsTable;
}
