// Table types of the learning area (features/learning).

export interface LearningProgressTable {
  user_id: string;
  course_slug: string;
  lesson_slug: string;
  visited_at: string;
  /** When the person marked the lesson as done; null while only visited. */
  done_at: string | null;
}

export interface LearningAnswersTable {
  user_id: string;
  course_slug: string;
  lesson_slug: string;
  /** Sealed with the instance key, bound to the user, course and lesson (platform/crypto.ts). */
  answer_sealed: string;
  updated_at: string;
}

export interface LearningCoursesTable {
  id: string;
  slug: string;
  locale: string;
  author_id: string | null;
  /** The version readers see; null while nothing is published. */
  published_version: number | null;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface LearningCourseVersionsTable {
  course_id: string;
  version: number;
  title: string;
  summary: string;
  /** The lessons in the same Markdown-with-front-matter format as the shipped course files. */
  source: string;
  created_by: string | null;
  created_at: string;
}

export interface LearningVideosTable {
  id: string;
  /** Where the video belongs, e.g. "dgs-selbsthilfe" (named in a lesson's front matter). */
  slot: string;
  title: string;
  mime: string;
  bytes: number;
  captions_vtt: string;
  /** Language of the captions (de or en), for the player's <track srclang>. */
  captions_lang: string;
  transcript: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface LearningTables {
  learning_progress: LearningProgressTable;
  learning_answers: LearningAnswersTable;
  learning_courses: LearningCoursesTable;
  learning_course_versions: LearningCourseVersionsTable;
  learning_videos: LearningVideosTable;
}
