// The learning area's rules and queries: which courses exist (shipped files and published courses
// from the browser editor), each member's progress and private reflection answers (sealed at rest),
// versions of browser-written courses, and uploaded videos. Knows nothing of HTTP.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { LearningCoursesTable, LearningCourseVersionsTable } from '../../db/types-learning.ts';
import type { Deps } from '../../platform/deps.ts';
import { sealerFor } from '../../platform/crypto.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import type { Course, Lesson, LessonProblem, Variant } from './content.ts';
import { parseLessons, renderIntro, shippedCourses } from './content.ts';

export const MAX_ANSWER = 5000;

// --- Courses -------------------------------------------------------------------------------------

/** A course in the person's language; Leichte Sprache when asked for and available, else German. */
export function pickVariant(variants: Partial<Record<Variant, Course>>, wanted: Variant): Course | undefined {
  return variants[wanted] ?? (wanted === 'ls' ? variants.de : undefined) ?? variants.de ?? variants.en ?? variants.ls;
}

// Versions never change once written, so their parsed lessons can be kept for the process's life.
const parsedVersions = new Map<string, { lessons: Lesson[]; problems: LessonProblem[]; safeIntroHtml: string }>();

export function parseVersion(courseId: string, version: number, source: string, summary: string) {
  const key = `${courseId}:${version}`;
  let parsed = parsedVersions.get(key);
  if (!parsed) {
    parsed = { ...parseLessons(source), safeIntroHtml: renderIntro(summary) };
    if (parsedVersions.size > 500) parsedVersions.clear();
    parsedVersions.set(key, parsed);
  }
  return parsed;
}

type DbCourseRow = Selectable<LearningCoursesTable>;
type DbCourseVersion = Pick<Selectable<LearningCourseVersionsTable>, 'version' | 'title' | 'summary' | 'source'>;

function dbCourse(row: DbCourseRow, version: DbCourseVersion): Course {
  const parsed = parseVersion(row.id, version.version, version.source, version.summary);
  return {
    slug: row.slug,
    variant: row.locale === 'en' ? 'en' : 'de',
    title: version.title,
    summary: version.summary,
    order: 1000,
    minutes: 0,
    safeIntroHtml: parsed.safeIntroHtml,
    lessons: parsed.lessons,
    source: 'db',
    edition: `${row.id}:${version.version}`,
  };
}

/** Every course a reader sees: the shipped ones, then the published ones from the editor. */
export async function listCourses(db: Db, wanted: Variant): Promise<Course[]> {
  const courses: Course[] = [];
  for (const variants of shippedCourses().values()) {
    const course = pickVariant(variants, wanted);
    if (course) courses.push(course);
  }
  const rows = await db
    .selectFrom('learning_courses as c')
    .innerJoin('learning_course_versions as v', (j) => j.onRef('v.course_id', '=', 'c.id').onRef('v.version', '=', 'c.published_version'))
    .select(['c.id', 'c.slug', 'c.locale', 'c.author_id', 'c.published_version', 'c.latest_version', 'c.created_at', 'c.updated_at', 'v.version', 'v.title', 'v.summary', 'v.source'])
    .orderBy('v.title')
    .execute();
  for (const row of rows) {
    const course = dbCourse(row, row);
    if (course.lessons.length) courses.push(course);
  }
  return courses;
}

/** The languages a shipped course exists in ("ls": Leichte Sprache). */
export function variantsOf(slug: string): Variant[] {
  return Object.keys(shippedCourses().get(slug) ?? {}) as Variant[];
}

/** One readable course: shipped, or published from the editor. */
export async function findCourse(db: Db, slug: string, wanted: Variant): Promise<Course | undefined> {
  const variants = shippedCourses().get(slug);
  if (variants) return pickVariant(variants, wanted);
  const row = await db.selectFrom('learning_courses').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row || row.published_version === null) return undefined;
  const version = await getVersion(db, row.id, row.published_version);
  if (!version) return undefined;
  const course = dbCourse(row, version);
  return course.lessons.length ? course : undefined;
}

// --- Progress ------------------------------------------------------------------------------------

export interface CourseProgress {
  done: Set<string>;
  answered: Set<string>;
  /** The lesson visited last and when. */
  last: { lesson: string; at: string } | null;
}

const emptyProgress = (): CourseProgress => ({ done: new Set(), answered: new Set(), last: null });

/** Progress of one member in the given courses (all courses when none are named). */
export async function progressOf(db: Db, userId: string, courseSlugs?: string[]): Promise<Map<string, CourseProgress>> {
  const result = new Map<string, CourseProgress>();
  if (courseSlugs && courseSlugs.length === 0) return result;
  let visits = db.selectFrom('learning_progress').select(['course_slug', 'lesson_slug', 'visited_at', 'done_at']).where('user_id', '=', userId);
  let answers = db.selectFrom('learning_answers').select(['course_slug', 'lesson_slug']).where('user_id', '=', userId);
  if (courseSlugs) {
    visits = visits.where('course_slug', 'in', courseSlugs);
    answers = answers.where('course_slug', 'in', courseSlugs);
  }
  const [visitRows, answerRows] = await Promise.all([visits.execute(), answers.execute()]);
  const get = (slug: string) => {
    let p = result.get(slug);
    if (!p) result.set(slug, (p = emptyProgress()));
    return p;
  };
  for (const row of visitRows) {
    const p = get(row.course_slug);
    if (row.done_at) p.done.add(row.lesson_slug);
    if (!p.last || row.visited_at > p.last.at) p.last = { lesson: row.lesson_slug, at: row.visited_at };
  }
  for (const row of answerRows) get(row.course_slug).answered.add(row.lesson_slug);
  return result;
}

export function progressIn(all: Map<string, CourseProgress>, slug: string): CourseProgress {
  return all.get(slug) ?? emptyProgress();
}

/** Where to go on: the lesson last visited, unless it is done, then the first lesson not done. */
export function continueAt(course: Course, progress: CourseProgress): Lesson | undefined {
  const last = progress.last ? course.lessons.findIndex((l) => l.slug === progress.last?.lesson) : -1;
  const lastLesson = course.lessons[last];
  if (lastLesson && !progress.done.has(lastLesson.slug)) return lastLesson;
  const after = course.lessons.slice(last + 1).find((l) => !progress.done.has(l.slug));
  return after ?? course.lessons.find((l) => !progress.done.has(l.slug));
}

export async function recordVisit(db: Db, userId: string, course: string, lesson: string): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('learning_progress')
    .values({ user_id: userId, course_slug: course, lesson_slug: lesson, visited_at: now, done_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'course_slug', 'lesson_slug']).doUpdateSet({ visited_at: now }))
    .execute();
}

export async function setDone(db: Db, userId: string, course: string, lesson: string, done: boolean): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('learning_progress')
    .values({ user_id: userId, course_slug: course, lesson_slug: lesson, visited_at: now, done_at: done ? now : null })
    .onConflict((oc) => oc.columns(['user_id', 'course_slug', 'lesson_slug']).doUpdateSet({ done_at: done ? now : null, visited_at: now }))
    .execute();
}

// --- Reflection answers ----------------------------------------------------------------------------

/** A sealed answer opens only for its author and its own lesson. */
const answerContext = (userId: string, course: string, lesson: string) => `learning:${userId}:${course}/${lesson}`;

export async function getAnswer(deps: Deps, userId: string, course: string, lesson: string): Promise<{ text: string; updatedAt: string } | undefined> {
  const row = await deps.db
    .selectFrom('learning_answers')
    .select(['answer_sealed', 'updated_at'])
    .where('user_id', '=', userId)
    .where('course_slug', '=', course)
    .where('lesson_slug', '=', lesson)
    .executeTakeFirst();
  if (!row) return undefined;
  return { text: sealerFor(deps.config.dataKey).open(row.answer_sealed, answerContext(userId, course, lesson)), updatedAt: row.updated_at };
}

/** Saves (or, when empty, removes) a member's answer; returns when it was saved. */
export async function saveAnswer(deps: Deps, userId: string, course: string, lesson: string, text: string): Promise<string> {
  const now = nowIso();
  const where = deps.db.deleteFrom('learning_answers').where('user_id', '=', userId).where('course_slug', '=', course).where('lesson_slug', '=', lesson);
  if (!text) {
    await where.execute();
    return now;
  }
  const sealed = sealerFor(deps.config.dataKey).seal(text, answerContext(userId, course, lesson));
  await deps.db
    .insertInto('learning_answers')
    .values({ user_id: userId, course_slug: course, lesson_slug: lesson, answer_sealed: sealed, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'course_slug', 'lesson_slug']).doUpdateSet({ answer_sealed: sealed, updated_at: now }))
    .execute();
  return now;
}

/** Everything the learning area keeps about a person, readable, for the data export. */
export async function exportForUser(deps: Deps, db: Db, userId: string) {
  const s = sealerFor(deps.config.dataKey);
  const [progress, answers] = await Promise.all([
    db.selectFrom('learning_progress').select(['course_slug', 'lesson_slug', 'visited_at', 'done_at']).where('user_id', '=', userId).orderBy('course_slug').orderBy('lesson_slug').execute(),
    db.selectFrom('learning_answers').select(['course_slug', 'lesson_slug', 'answer_sealed', 'updated_at']).where('user_id', '=', userId).orderBy('course_slug').orderBy('lesson_slug').execute(),
  ]);
  return {
    progress: progress.map((p) => ({ course: p.course_slug, lesson: p.lesson_slug, visitedAt: p.visited_at, doneAt: p.done_at })),
    reflections: answers.map((a) => ({ course: a.course_slug, lesson: a.lesson_slug, answer: s.open(a.answer_sealed, answerContext(userId, a.course_slug, a.lesson_slug)), updatedAt: a.updated_at })),
  };
}

/** Runs inside the account deletion's transaction. Courses a person wrote stay (they belong to the instance). */
export async function deleteForUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('learning_answers').where('user_id', '=', userId).execute();
  await db.deleteFrom('learning_progress').where('user_id', '=', userId).execute();
}

// --- Courses written in the browser -------------------------------------------------------------------

export type EditableCourse = DbCourseRow & { title: string; summary: string; source: string };

export async function getVersion(db: Db, courseId: string, version: number) {
  return db.selectFrom('learning_course_versions').selectAll().where('course_id', '=', courseId).where('version', '=', version).executeTakeFirst();
}

export async function listVersions(db: Db, courseId: string) {
  return db.selectFrom('learning_course_versions').select(['version', 'title', 'created_at', 'created_by']).where('course_id', '=', courseId).orderBy('version', 'desc').execute();
}

export async function findEditableCourse(db: Db, id: string): Promise<EditableCourse | undefined> {
  const row = await db.selectFrom('learning_courses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const latest = await getVersion(db, row.id, row.latest_version);
  return latest ? { ...row, title: latest.title, summary: latest.summary, source: latest.source } : undefined;
}

/** The courses written in the browser with their latest title, newest first. */
export async function listEditableCourses(db: Db): Promise<EditableCourse[]> {
  return db
    .selectFrom('learning_courses as c')
    .innerJoin('learning_course_versions as v', (j) => j.onRef('v.course_id', '=', 'c.id').onRef('v.version', '=', 'c.latest_version'))
    .select(['c.id', 'c.slug', 'c.locale', 'c.author_id', 'c.published_version', 'c.latest_version', 'c.created_at', 'c.updated_at', 'v.title', 'v.summary', 'v.source'])
    .orderBy('c.updated_at', 'desc')
    .execute();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  if (shippedCourses().has(slug)) return true;
  return Boolean(await db.selectFrom('learning_courses').select('id').where('slug', '=', slug).executeTakeFirst());
}

export interface CourseDraft {
  title: string;
  summary: string;
  source: string;
}

export async function createCourse(db: Db, { actorId, slug, locale, draft }: { actorId: string; slug: string; locale: 'de' | 'en'; draft: CourseDraft }): Promise<string> {
  const id = randomUUID();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('learning_courses').values({ id, slug, locale, author_id: actorId, published_version: null, latest_version: 1, created_at: now, updated_at: now }).execute();
    await trx.insertInto('learning_course_versions').values({ course_id: id, version: 1, ...draft, created_by: actorId, created_at: now }).execute();
    await recordAudit(trx, { actorId, action: 'course.created', subjectType: 'course', subjectId: id });
  });
  return id;
}

/** Every save is a new version; what readers see changes only on publish. */
export async function saveVersion(db: Db, { actorId, courseId, draft }: { actorId: string; courseId: string; draft: CourseDraft }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('learning_courses').select('latest_version').where('id', '=', courseId).executeTakeFirstOrThrow();
    const version = row.latest_version + 1;
    const now = nowIso();
    await trx.insertInto('learning_course_versions').values({ course_id: courseId, version, ...draft, created_by: actorId, created_at: now }).execute();
    await trx.updateTable('learning_courses').set({ latest_version: version, updated_at: now }).where('id', '=', courseId).execute();
    await recordAudit(trx, { actorId, action: 'course.saved', subjectType: 'course', subjectId: courseId, details: { version } });
    return version;
  });
}

/** Publishes one version (null takes the course off the list). */
export async function publishVersion(db: Db, { actorId, courseId, version }: { actorId: string; courseId: string; version: number | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('learning_courses').set({ published_version: version, updated_at: nowIso() }).where('id', '=', courseId).execute();
    await recordAudit(trx, { actorId, action: version === null ? 'course.unpublished' : 'course.published', subjectType: 'course', subjectId: courseId, details: { version } });
  });
}
