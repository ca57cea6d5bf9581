// HTTP of the learning area. Reading is open to everyone; progress and answers are the signed-in
// member's own; the editor belongs to staff and administrators. Each handler: validate → load →
// ensure → command → redirect or render.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { PreparedHtml, pageContext, seeOther, sendHtml, sendPreparedHtml, setFlash } from '../../platform/http.tsx';
import { formString } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { notFound } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import type { Course, Lesson, Step, Variant } from './content.ts';
import { SLUG, easyStartPage, parseLessons } from './content.ts';
import { checkCrisisText } from '../../platform/crisis/index.ts';
import * as learning from './service.ts';
import * as videos from './videos.ts';
import * as schema from './schema.ts';
import { canEditCourse, canKeepProgress, canUploadVideos, canWriteCourses, ensureCanEditCourse, ensureCanKeepProgress, ensureCanUploadVideos, ensureCanWriteCourses } from './policy.ts';
import { CourseScreen, EasyStartScreen, EditorScreen, LearnHomeScreen, LessonMain, LessonScreen, ManageScreen, PreviewScreen, VideosScreen, coursePath, lessonPath } from './views.tsx';
import type { EditorRow, EditorValues, LessonData, VideoView } from './views.tsx';
import { renderMarkdown } from '../../platform/markdown.ts';
import { sendMedia } from '../../platform/media.ts';
import { isUploadedFile } from '../../platform/uploads.ts';
import type { UploadedFile } from '../../platform/uploads.ts';

const { EASY_START_VIDEO } = videos;

const variantOf = (req: FastifyRequest, query: { sprache?: string | undefined }): Variant => (query.sprache === 'leicht' ? 'ls' : req.locale);

/**
 * Whether an answer sounds like a crisis: then the page shows the help box. Answers are private, so
 * nothing is sent to moderators and nothing is recorded.
 */
const answerCrisis = (text: string): boolean => checkCrisisText(text).classes.length > 0;

/** Where a lesson's step into action leads, with a way back to the lesson where the target offers one. */
export function stepHref(step: Step, back: string): string {
  switch (step.kind) {
    case 'network':
      return `/network/entries/new?${new URLSearchParams({ sector: step.sector, back }).toString()}`;
    case 'directory':
      return `/groups?topic=${encodeURIComponent(step.topic)}`;
    case 'groups':
      return '/groups';
    case 'forum':
      return '/forum';
    case 'touch':
      return '/network/stay-in-touch';
    case 'check':
      return '/network/check';
    case 'path':
      return step.path;
  }
}

function stepText(t: Translator, lesson: Lesson): string {
  if (lesson.stepText) return lesson.stepText;
  const kind = lesson.step?.kind ?? 'path';
  return t(`learn.step.${kind}`);
}

function editorRow(c: learning.EditableCourse): EditorRow {
  return { id: c.id, slug: c.slug, title: c.title, locale: c.locale, published: c.published_version, latest: c.latest_version, updatedAt: c.updated_at };
}

/** Problems of lessons written in the editor, as messages at the lessons field. */
function lessonProblems(t: Translator, problems: Array<{ lesson: number; problem: string }>): string[] {
  return problems.map((p) => t(`learn.manage.problem.${p.problem as 'title'}`, { n: p.lesson }));
}

export const learningRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const absolute = (path: string) => `${deps.config.baseUrl.replace(/\/$/, '')}${path}`;
  /** Rendered lesson content for visitors, by edition, course, variant, lesson, language and video (bounded below). */
  const visitorLessons = new Map<string, string>();
  /**
   * Whole course and lesson pages as every visitor sees them, with their compressed forms, by the
   * course's edition (which never changes under its name), and a visitor's page holds nothing of the person
   * (no form that posts, so no CSRF token). Used only at the page's own address (the language
   * switch sends people back to it) and when no message (flash) waits for the visitor.
   */
  const visitorPages = new Map<string, PreparedHtml>();
  const keepVisitorPage = (key: string, prepared: PreparedHtml) => {
    // New versions and new uploads to a video slot make new keys; the bound keeps old ones from piling up.
    if (visitorPages.size > 2000) visitorPages.clear();
    visitorPages.set(key, prepared);
  };

  /** Transcripts rendered from Markdown, by video id (a video never changes: a new upload is a new id). */
  const transcripts = new Map<string, string>();
  async function videoFor(slot: string): Promise<VideoView | undefined> {
    const v = await videos.videoForSlot(deps.db, slot);
    if (!v) return undefined;
    let safeTranscriptHtml = transcripts.get(v.id);
    if (safeTranscriptHtml === undefined) {
      safeTranscriptHtml = renderMarkdown(v.transcript);
      if (transcripts.size > 200) transcripts.clear();
      transcripts.set(v.id, safeTranscriptHtml);
    }
    return { id: v.id, title: v.title, mime: v.mime, captionsLang: v.captionsLang, safeTranscriptHtml };
  }

  async function loadCourse(slug: string, variant: Variant): Promise<Course> {
    const course = SLUG.test(slug) ? await learning.findCourse(deps.db, slug, variant) : undefined;
    if (!course) throw notFound('course_not_found');
    return course;
  }

  function findLesson(course: Course, slug: string): { lesson: Lesson; index: number } {
    const index = course.lessons.findIndex((l) => l.slug === slug);
    if (index < 0) throw notFound('lesson_not_found');
    return { lesson: course.lessons[index] as Lesson, index };
  }

  // --- Reading -------------------------------------------------------------------------------------
  app.get('/learn', async (req, reply) => {
    const courses = await learning.listCourses(deps.db, req.locale);
    let progress: Map<string, learning.CourseProgress> | undefined;
    let resume: { course: Course; lesson: Lesson } | undefined;
    if (canKeepProgress(req.actor)) {
      progress = await learning.progressOf(deps.db, req.actor.id, courses.map((c) => c.slug));
      // The course touched last, at the lesson to go on with.
      const latest = [...progress.entries()].filter(([, p]) => p.last).sort(([, a], [, b]) => (b.last?.at ?? '').localeCompare(a.last?.at ?? ''));
      for (const [slug, p] of latest) {
        const course = courses.find((c) => c.slug === slug);
        const lesson = course ? learning.continueAt(course, p) : undefined;
        if (course && lesson) {
          resume = { course, lesson };
          break;
        }
      }
    }
    const easyCourses = courses.filter((c) => learning.variantsOf(c.slug).includes('ls')).map((c) => c.slug);
    return sendHtml(reply, <LearnHomeScreen ctx={page(req, reply)} data={{ courses, progress, resume, easyCourses, canWrite: canWriteCourses(req.actor) }} />);
  });

  app.get('/learn/:course', { schema: { params: schema.CourseParams, querystring: schema.VariantQuery } }, async (req, reply) => {
    const course = await loadCourse(req.params.course, variantOf(req, req.query));
    const progress = canKeepProgress(req.actor) ? learning.progressIn(await learning.progressOf(deps.db, req.actor.id, [course.slug]), course.slug) : undefined;
    const path = coursePath(course);
    const ctx = page(req, reply);
    const pageKey = !progress && !ctx.flash && req.url === path ? `${course.edition}|${req.locale}|${path}` : '';
    const kept = pageKey ? visitorPages.get(pageKey) : undefined;
    if (kept) return sendPreparedHtml(reply, kept);
    const html = await (
      <CourseScreen
        ctx={ctx}
        data={{
          course,
          progress,
          resume: progress ? learning.continueAt(course, progress) : undefined,
          hasEasy: learning.variantsOf(course.slug).includes('ls'),
          share: { url: absolute(path), title: course.title },
        }}
      />
    );
    const prepared = new PreparedHtml(html);
    if (pageKey) keepVisitorPage(pageKey, prepared);
    return sendPreparedHtml(reply, prepared);
  });

  async function lessonPage(req: FastifyRequest, reply: FastifyReply, course: Course, lessonSlug: string, form: { errors: FieldProblem[]; typed?: string }) {
    const { lesson, index } = findLesson(course, lessonSlug);
    const path = lessonPath(course, lesson);
    let progress: learning.CourseProgress | undefined;
    let answer: { text: string; updatedAt: string } | undefined;
    if (canKeepProgress(req.actor)) {
      if (form.errors.length === 0) await learning.recordVisit(deps.db, req.actor.id, course.slug, lesson.slug);
      [progress, answer] = await Promise.all([
        learning.progressOf(deps.db, req.actor.id, [course.slug]).then((all) => learning.progressIn(all, course.slug)),
        lesson.reflection ? learning.getAnswer(deps, req.actor.id, course.slug, lesson.slug) : Promise.resolve(undefined),
      ]);
    }
    const ctx = page(req, reply);
    // What a visitor sees of a lesson changes only with the course's edition (a shipped course never
    // while the process runs, a written one when another version is published) and the video in its
    // slot (staff may upload a new one at any time): it is rendered once for each and per language.
    const video = lesson.video ? await videoFor(lesson.video) : undefined;
    const cacheKey = !progress && !form.errors.length ? `${course.edition}|${course.slug}/${course.variant}/${lesson.slug}/${req.locale}/${video?.id ?? ''}` : '';
    const pageKey = cacheKey && !ctx.flash && req.url === path ? cacheKey : '';
    const kept = pageKey ? visitorPages.get(pageKey) : undefined;
    if (kept) return sendPreparedHtml(reply, kept);
    const cached = cacheKey ? visitorLessons.get(cacheKey) : undefined;
    if (cached !== undefined) {
      const prepared = new PreparedHtml(await (<LessonScreen ctx={ctx} course={course} lesson={lesson} hasErrors={false} safeMain={cached} />));
      if (pageKey) keepVisitorPage(pageKey, prepared);
      return sendPreparedHtml(reply, prepared);
    }
    const step = lesson.step ? { href: stepHref(lesson.step, path), text: stepText(req.t, lesson) } : undefined;
    const data: LessonData = {
      course,
      lesson,
      index,
      progress,
      answer,
      errors: form.errors,
      typed: form.typed,
      crisis: answerCrisis(form.typed ?? answer?.text ?? ''),
      step,
      video,
      videoSlotForStaff: lesson.video && canUploadVideos(req.actor) ? lesson.video : undefined,
      share: { url: absolute(path), title: `${lesson.title} – ${course.title}` },
    };
    const safeMain = await (<LessonMain ctx={ctx} data={data} />);
    if (cacheKey) {
      if (visitorLessons.size > 2000) visitorLessons.clear();
      visitorLessons.set(cacheKey, safeMain);
    }
    const prepared = new PreparedHtml(await (<LessonScreen ctx={ctx} course={course} lesson={lesson} hasErrors={form.errors.length > 0} safeMain={safeMain} />));
    if (pageKey) keepVisitorPage(pageKey, prepared);
    return sendPreparedHtml(reply, prepared, form.errors.length ? 400 : 200);
  }

  app.get('/learn/:course/:lesson', { schema: { params: schema.LessonParams, querystring: schema.VariantQuery } }, async (req, reply) => {
    const course = await loadCourse(req.params.course, variantOf(req, req.query));
    return lessonPage(req, reply, course, req.params.lesson, { errors: [] });
  });

  // The start page in Leichte Sprache (easy-to-read German), linked from every page's header.
  app.get('/leichte-sprache', async (req, reply) => {
    const start = easyStartPage();
    const courses = (await learning.listCourses(deps.db, 'ls')).filter((c) => c.variant === 'ls');
    const video = await videoFor(EASY_START_VIDEO);
    const slot = canUploadVideos(req.actor) ? EASY_START_VIDEO : undefined;
    return sendHtml(reply, <EasyStartScreen ctx={page(req, reply)} title={start.title} safeBodyHtml={start.safeBodyHtml} courses={courses} video={video} videoSlotForStaff={slot} />);
  });

  // --- Progress and answers (the member's own) ------------------------------------------------------------
  app.post('/learn/:course/:lesson/answer', {
    schema: { params: schema.LessonParams, querystring: schema.VariantQuery, body: schema.answerForm.schema },
    attachValidation: true,
  }, async (req, reply) => {
    ensureCanKeepProgress(req.actor);
    const course = await loadCourse(req.params.course, variantOf(req, req.query));
    const { lesson } = findLesson(course, req.params.lesson);
    if (!lesson.reflection) throw notFound('reflection_not_found');
    const { values, errors } = schema.answerForm.parse(req.body, req.t);
    // The little script saves as the person types and asks for JSON; the plain form gets a page.
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    if (errors.length) {
      if (wantsJson) return reply.status(400).send({ saved: false, errors });
      return lessonPage(req, reply, course, lesson.slug, { errors, typed: formString((req.body as Record<string, unknown> | undefined)?.answer) });
    }
    const savedAt = await learning.saveAnswer(deps, req.actor.id, course.slug, lesson.slug, values.answer);
    if (wantsJson) return reply.header('cache-control', 'no-store').send({ saved: true, savedAt, crisis: answerCrisis(values.answer) });
    setFlash(reply, 'learn.answerSaved');
    return seeOther(reply, `${lessonPath(course, lesson)}#reflection-title`);
  });

  app.post('/learn/:course/:lesson/done', {
    schema: { params: schema.LessonParams, querystring: schema.VariantQuery, body: schema.doneForm.schema },
    attachValidation: true,
  }, async (req, reply) => {
    ensureCanKeepProgress(req.actor);
    const course = await loadCourse(req.params.course, variantOf(req, req.query));
    const { lesson, index } = findLesson(course, req.params.lesson);
    const done = schema.doneForm.parse(req.body, req.t).values.done !== '0';
    await learning.setDone(deps.db, req.actor.id, course.slug, lesson.slug, done);
    const next = course.lessons[index + 1];
    if (!done) return seeOther(reply, lessonPath(course, lesson));
    if (next) return seeOther(reply, lessonPath(course, next));
    setFlash(reply, 'learn.courseFinished', { course: course.title });
    return seeOther(reply, coursePath(course));
  });

  // --- The course editor ---------------------------------------------------------------------------------
  app.get('/learn/manage', async (req, reply) => {
    ensureCanWriteCourses(req.actor);
    const all = await learning.listEditableCourses(deps.db);
    const mine = all.filter((c) => canEditCourse(req.actor, c));
    return sendHtml(reply, <ManageScreen ctx={page(req, reply)} courses={mine.map(editorRow)} />);
  });

  const template = (t: Translator) => t('learn.manage.template');

  app.get('/learn/manage/new', async (req, reply) => {
    ensureCanWriteCourses(req.actor);
    return sendHtml(reply, <EditorScreen ctx={page(req, reply)} course={undefined} values={{ locale: req.locale, source: template(req.t) }} errors={[]} versions={[]} />);
  });

  function checkSource(t: Translator, source: string, errors: FieldProblem[]): void {
    if (!source) return;
    const parsed = parseLessons(source);
    const messages = lessonProblems(t, parsed.problems);
    if (parsed.lessons.length === 0 && messages.length === 0) messages.push(t('learn.manage.problem.none'));
    if (messages.length) errors.push({ field: 'source', message: messages.join(' ') });
  }

  app.post('/learn/manage', { schema: { body: schema.newCourseForm.schema }, attachValidation: true }, async (req, reply) => {
    ensureCanWriteCourses(req.actor);
    const { values, errors } = schema.newCourseForm.parse(req.body, req.t);
    if (values.slug && !errors.some((e) => e.field === 'slug') && (values.slug === 'manage' || (await learning.slugTaken(deps.db, values.slug)))) {
      errors.push({ field: 'slug', message: req.t('learn.manage.slugTaken') });
    }
    checkSource(req.t, values.source, errors);
    if (errors.length) return sendHtml(reply, <EditorScreen ctx={page(req, reply)} course={undefined} values={values as EditorValues} errors={errors} versions={[]} />, 400);
    const id = await learning.createCourse(deps.db, { actorId: req.actor.id, slug: values.slug, locale: values.locale as 'de' | 'en', draft: { title: values.title, summary: values.summary, source: values.source } });
    setFlash(reply, 'learn.manage.created');
    return seeOther(reply, `/learn/manage/${id}`);
  });

  async function editorPage(req: FastifyRequest, reply: FastifyReply, course: learning.EditableCourse, values: EditorValues, errors: FieldProblem[]) {
    const versions = (await learning.listVersions(deps.db, course.id)).map((v) => ({ version: v.version, title: v.title, createdAt: v.created_at }));
    return sendHtml(reply, <EditorScreen ctx={page(req, reply)} course={editorRow(course)} values={values} errors={errors} versions={versions} />, errors.length ? 400 : 200);
  }

  app.get('/learn/manage/:id', { schema: { params: schema.IdParams } }, async (req, reply) => {
    const course = await learning.findEditableCourse(deps.db, req.params.id);
    ensureCanEditCourse(req.actor, course);
    return editorPage(req, reply, course, { title: course.title, summary: course.summary, source: course.source }, []);
  });

  app.post('/learn/manage/:id', { schema: { params: schema.IdParams, body: schema.editCourseForm.schema }, attachValidation: true }, async (req, reply) => {
    const course = await learning.findEditableCourse(deps.db, req.params.id);
    ensureCanEditCourse(req.actor, course);
    const { values, errors } = schema.editCourseForm.parse(req.body, req.t);
    checkSource(req.t, values.source, errors);
    if (errors.length) return editorPage(req, reply, course, values, errors);
    const version = await learning.saveVersion(deps.db, { actorId: (req.actor as { id: string }).id, courseId: course.id, draft: values });
    setFlash(reply, 'learn.manage.savedVersion', { version });
    return seeOther(reply, `/learn/manage/${course.id}`);
  });

  app.post('/learn/manage/:id/publish', { schema: { params: schema.IdParams, body: schema.publishForm.schema }, attachValidation: true }, async (req, reply) => {
    const course = await learning.findEditableCourse(deps.db, req.params.id);
    ensureCanEditCourse(req.actor, course);
    const raw = schema.publishForm.parse(req.body, req.t).values.version;
    const version = raw ? Number(raw) : null;
    if (version !== null && !(await learning.getVersion(deps.db, course.id, version))) throw notFound('version_not_found');
    await learning.publishVersion(deps.db, { actorId: (req.actor as { id: string }).id, courseId: course.id, version });
    setFlash(reply, version === null ? 'learn.manage.unpublished' : 'learn.manage.published', { version: version ?? 0 });
    return seeOther(reply, `/learn/manage/${course.id}`);
  });

  app.get('/learn/manage/:id/preview/:version', { schema: { params: schema.PreviewParams } }, async (req, reply) => {
    const course = await learning.findEditableCourse(deps.db, req.params.id);
    ensureCanEditCourse(req.actor, course);
    const version = await learning.getVersion(deps.db, course.id, Number(req.params.version));
    if (!version) throw notFound('version_not_found');
    const parsed = learning.parseVersion(course.id, version.version, version.source, version.summary);
    return sendHtml(reply, (
      <PreviewScreen ctx={page(req, reply)} courseId={course.id} version={version.version} title={version.title} summary={version.summary} lessons={parsed.lessons} problems={lessonProblems(req.t, parsed.problems)} />
    ));
  });
  // --- Videos (staff upload; everyone watches) ------------------------------------------------------------
  async function videoSlots() {
    const written = await learning.listEditableCourses(deps.db);
    const lessons = written.flatMap((c) => learning.parseVersion(c.id, c.latest_version, c.source, c.summary).lessons.map((lesson) => ({ course: c.slug, lesson })));
    const slots = videos.knownSlots(lessons);
    const stored = await videos.listVideos(deps.db);
    for (const v of stored) if (!slots.has(v.slot)) slots.set(v.slot, []);
    return [...slots.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([slot, where]) => {
      const v = stored.find((s) => s.slot === slot);
      return { slot, where, video: v ? { id: v.id, title: v.title, bytes: v.bytes } : undefined };
    });
  }

  const maxMb = Math.round(videos.VIDEO_MAX_BYTES / (1024 * 1024));

  async function videosPage(req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldProblem[]) {
    return sendHtml(reply, <VideosScreen ctx={page(req, reply)} slots={await videoSlots()} values={values} errors={errors} maxMb={maxMb} />, errors.length ? 400 : 200);
  }

  app.get('/learn/videos', { schema: { querystring: schema.SlotQuery } }, async (req, reply) => {
    ensureCanUploadVideos(req.actor);
    const slot = req.query.slot && SLUG.test(req.query.slot) ? req.query.slot : '';
    return videosPage(req, reply, { slot, captionsLang: req.locale }, []);
  });

  app.post('/learn/videos', {
    // Who may upload is checked as the request arrives, before a byte of a large body is read.
    onRequest: async (req) => ensureCanUploadVideos(req.actor),
    config: { uploadToDisk: true, multipartOptions: { limits: { fileSize: videos.VIDEO_MAX_BYTES, files: 2 } } },
  }, async (req, reply) => {
    ensureCanUploadVideos(req.actor);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const { values, errors } = schema.videoForm.parse(body, req.t);
    const file = (name: string): UploadedFile | undefined => {
      const v = body[name];
      return isUploadedFile(v) && v.bytes > 0 ? v : undefined;
    };
    const video = file('video');
    const captionsFile = file('captions');
    let mime: 'video/mp4' | 'video/webm' | undefined;
    if (!video) errors.push({ field: 'video', message: req.t('learn.video.fileRequired') });
    else {
      mime = videos.videoTypeOf(await videos.headOf(video.path));
      if (!mime) errors.push({ field: 'video', message: req.t('learn.video.fileType') });
    }
    let captions: string | undefined;
    if (!captionsFile) errors.push({ field: 'captions', message: req.t('learn.video.captionsRequired') });
    else if (captionsFile.bytes > videos.CAPTIONS_MAX_BYTES) errors.push({ field: 'captions', message: req.t('learn.video.captionsTooLarge') });
    else {
      const checked = videos.checkCaptions(await videos.readSmall(captionsFile.path));
      if (checked.ok) captions = checked.text;
      else errors.push({ field: 'captions', message: req.t(`learn.video.captionsProblem.${checked.problem}`) });
    }
    // Files are not kept across a failed attempt (a browser cannot refill a file field): they are chosen again.
    if (errors.length || !video || !mime || captions === undefined) return videosPage(req, reply, values, errors);
    await videos.storeVideo(deps, req.actor.id, {
      slot: values.slot, title: values.title, transcript: values.transcript, captionsLang: values.captionsLang === 'en' ? 'en' : 'de',
      captions, mime, tempPath: video.path, bytes: video.bytes,
    });
    setFlash(reply, 'learn.video.uploaded');
    return seeOther(reply, '/learn/videos');
  });

  app.post('/learn/videos/:id/delete', { schema: { params: schema.VideoParams } }, async (req, reply) => {
    ensureCanUploadVideos(req.actor);
    const video = await videos.findVideo(deps.db, req.params.id);
    if (!video) throw notFound('video_not_found');
    await videos.deleteVideo(deps, req.actor.id, video);
    setFlash(reply, 'learn.video.deleted');
    return seeOther(reply, '/learn/videos');
  });

  // Served from this host only, with range requests (players seek without loading the whole file).
  app.get('/media/videos/:id', { schema: { params: schema.VideoParams } }, async (req, reply) => {
    const video = await videos.findVideo(deps.db, req.params.id);
    if (!video) throw notFound('video_not_found');
    return sendMedia(req, reply, { path: videos.videoPath(deps, video), type: video.mime, version: video.id.slice(0, 8) });
  });

  app.get('/media/videos/:id/captions.vtt', { schema: { params: schema.VideoParams } }, async (req, reply) => {
    const captions = await videos.captionsOf(deps.db, req.params.id);
    if (captions === undefined) throw notFound('video_not_found');
    return reply.header('content-type', 'text/vtt; charset=utf-8').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(captions);
  });
};
