// The learning area as HTML: all courses, one course as a step-by-step list, one lesson with its
// story, reflection and step into action, the Leichte Sprache start page, and the course editor.
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Button, ButtonLink, ErrorSummary, NotificationBanner, PostForm, Select, Table, Tag, Text, TextArea, TextInput } from '../../platform/ui/components.tsx';
import { ShareBlock } from '../../platform/ui/share.tsx';
import type { ShareTarget } from '../../platform/ui/share.tsx';
import { formatDateTime } from '../../platform/time.ts';
import type { Course, Lesson, Variant } from './content.ts';
import type { CourseProgress } from './service.ts';
import { MAX_ANSWER } from './service.ts';

/** A video as the page shows it (served from this host; captions required). */
export interface VideoView {
  id: string;
  title: string;
  mime: string;
  captionsLang: 'de' | 'en';
  /** The transcript, rendered from Markdown. */
  safeTranscriptHtml: string;
}

/** "?sprache=leicht" keeps Leichte Sprache on while reading on. */
export const variantQuery = (variant: Variant) => (variant === 'ls' ? '?sprache=leicht' : '');
export const coursePath = (course: { slug: string; variant: Variant }) => `/learn/${course.slug}${variantQuery(course.variant)}`;
export const lessonPath = (course: { slug: string; variant: Variant }, lesson: { slug: string }) => `/learn/${course.slug}/${lesson.slug}${variantQuery(course.variant)}`;

/** German content shown in an English frame (Leichte Sprache) says so to screen readers. */
const contentLang = (ctx: PageContext, variant: Variant) => (variant === 'en' ? (ctx.locale === 'en' ? undefined : 'en') : ctx.locale === 'de' ? undefined : 'de');

function ProgressTag({ ctx, course, progress }: { ctx: PageContext; course: Course; progress: CourseProgress | undefined }) {
  if (!progress) return '';
  const done = course.lessons.filter((l) => progress.done.has(l.slug)).length;
  if (done === 0 && !progress.last) return <Tag text={ctx.t('learn.notStarted')} />;
  if (done === course.lessons.length) return <Tag text={ctx.t('learn.finished')} tone="green" />;
  return <Tag text={ctx.t('learn.doneOf', { done, total: course.lessons.length })} tone="blue" />;
}

export interface LearnHomeData {
  courses: Course[];
  progress: Map<string, CourseProgress> | undefined;
  /** The lesson to go on with, when a member has started something. */
  resume: { course: Course; lesson: Lesson } | undefined;
  easyCourses: string[];
  canWrite: boolean;
}

export function LearnHomeScreen({ ctx, data }: { ctx: PageContext; data: LearnHomeData }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learn.title')} description={t('learn.lead')}>
      <h1 class="heading-xl" safe>{t('learn.title')}</h1>
      <p class="lead" safe>{t('learn.lead')}</p>
      {data.resume ? (
        <div class="resume">
          <h2 class="heading-s" safe>{t('learn.resumeTitle')}</h2>
          <p safe>{t('learn.resumeText', { course: data.resume.course.title, lesson: data.resume.lesson.title })}</p>
          <ButtonLink href={lessonPath(data.resume.course, data.resume.lesson)}><span safe>{t('learn.resume')}</span></ButtonLink>
        </div>
      ) : ctx.user ? '' : <p class="hint" safe>{t('learn.visitorHint')}</p>}
      <ul class="course-list">
        {data.courses.map((course) => (
          <li class="card">
            <h2 class="card__title"><a class="card__link" href={coursePath(course)} safe>{course.title}</a></h2>
            <p lang={contentLang(ctx, course.variant)} safe>{course.summary}</p>
            <p class="hint">
              <span safe>{t('learn.lessonCount', { count: course.lessons.length })}</span>
              {course.minutes ? <span safe>{` · ${t('learn.minutes', { minutes: course.minutes })}`}</span> : ''}
            </p>
            <ProgressTag ctx={ctx} course={course} progress={data.progress?.get(course.slug) ?? (data.progress ? { done: new Set(), answered: new Set(), last: null } : undefined)} />
            {data.easyCourses.includes(course.slug) ? (
              <p><a href={`/learn/${course.slug}?sprache=leicht`} lang="de" safe>{t('learn.easyVersion')}</a></p>
            ) : ''}
          </li>
        ))}
      </ul>
      <p><a href="/leichte-sprache" lang="de" safe>{t('learn.easyStart')}</a></p>
      {data.canWrite ? <p><a href="/learn/manage" safe>{t('learn.manage.link')}</a></p> : ''}
    </Layout>
  );
}

export interface CourseData {
  course: Course;
  progress: CourseProgress | undefined;
  resume: Lesson | undefined;
  hasEasy: boolean;
  share: ShareTarget;
}

/** The lessons as a numbered step-by-step list (GOV.UK step-by-step navigation). */
function StepList({ ctx, course, progress, current }: { ctx: PageContext; course: Course; progress: CourseProgress | undefined; current?: string }) {
  const { t } = ctx;
  return (
    <ol class="steps">
      {course.lessons.map((lesson, i) => (
        <li class={lesson.slug === current ? 'steps__item steps__item--current' : 'steps__item'}>
          <span class="steps__number" aria-hidden="true" safe>{String(i + 1)}</span>
          <span class="steps__body">
            <a href={lessonPath(course, lesson)} aria-current={lesson.slug === current ? 'step' : undefined} lang={contentLang(ctx, course.variant)} safe>{lesson.title}</a>
            {progress?.done.has(lesson.slug) ? <Tag text={t('learn.lessonDone')} tone="green" /> : ''}
            {lesson.summary && !current ? <span class="steps__summary hint" lang={contentLang(ctx, course.variant)} safe>{lesson.summary}</span> : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function CourseScreen({ ctx, data }: { ctx: PageContext; data: CourseData }) {
  const { t } = ctx;
  const { course, progress } = data;
  const first = course.lessons[0] as Lesson;
  const started = Boolean(progress && (progress.last || progress.done.size));
  const safeIntro = course.safeIntroHtml;
  return (
    <Layout ctx={ctx} title={course.title} description={course.summary}>
      <p class="breadcrumb"><a href="/learn" safe>{t('learn.title')}</a></p>
      <div lang={contentLang(ctx, course.variant)}>
        <h1 class="heading-l" safe>{course.title}</h1>
        <p class="lead" safe>{course.summary}</p>
      </div>
      {data.hasEasy ? (
        <p>{course.variant === 'ls' ? <a href={`/learn/${course.slug}`} safe>{t('learn.standardVersion')}</a> : <a href={`/learn/${course.slug}?sprache=leicht`} lang="de" safe>{t('learn.easyVersion')}</a>}</p>
      ) : ''}
      {progress ? <p><ProgressTag ctx={ctx} course={course} progress={progress} /></p> : ''}
      <p class="button-group">
        <ButtonLink href={lessonPath(course, data.resume ?? first)}><span safe>{started ? t('learn.resume') : t('learn.start')}</span></ButtonLink>
      </p>
      <div class="prose" lang={contentLang(ctx, course.variant)}>{safeIntro}</div>
      <h2 class="heading-m" id="lessons" safe>{t('learn.lessons')}</h2>
      <StepList ctx={ctx} course={course} progress={progress} />
      <ShareBlock ctx={ctx} target={data.share} path={coursePath(course)} heading={t('learn.shareTitle')} />
    </Layout>
  );
}

export interface LessonData {
  course: Course;
  lesson: Lesson;
  index: number;
  progress: CourseProgress | undefined;
  answer: { text: string; updatedAt: string } | undefined;
  /** Values typed into the answer box that could not be saved (too long). */
  errors: FieldProblem[];
  typed?: string;
  /** The answer holds words of a crisis: the help box is shown (nobody else is told). */
  crisis?: boolean;
  step: { href: string; text: string } | undefined;
  video: VideoView | undefined;
  /** Staff see where a video for this lesson could go. */
  videoSlotForStaff: string | undefined;
  share: ShareTarget;
}

/**
 * The help box: what the check-in shows when someone is very low; here when an answer sounds like a
 * crisis. It sits below the answer box, so appearing while the person types does not push the text away.
 */
export function HelpBox({ ctx, hidden }: { ctx: PageContext; hidden?: boolean }) {
  return (
    <div class="banner banner--warning" role="region" aria-labelledby="help-box-title" id="help-box" hidden={hidden}>
      <h2 class="banner__title" id="help-box-title" safe>{ctx.t('learn.help.title')}</h2>
      <p safe>{ctx.t('learn.help.text')}</p>
      <p><a href="/help" safe>{ctx.t('learn.help.action')}</a></p>
    </div>
  );
}

export function VideoPlayer({ ctx, video }: { ctx: PageContext; video: VideoView }) {
  // preload="metadata": the page loads only the first bytes (duration, size); the rest comes with
  // range requests once the person presses play.
  const safeTranscript = video.safeTranscriptHtml;
  return (
    <div class="video">
      <figure class="video__figure">
        <video controls preload="metadata" class="video__player" aria-describedby={`transcript-${video.id}`}>
          <source src={`/media/videos/${video.id}`} type={video.mime} />
          <track kind="captions" src={`/media/videos/${video.id}/captions.vtt`} srclang={video.captionsLang} label={ctx.t(`learn.video.captions.${video.captionsLang}`)} default="" />
        </video>
        <figcaption safe>{video.title}</figcaption>
      </figure>
      <details class="video__transcript" open>
        <summary safe>{ctx.t('learn.video.transcript')}</summary>
        <div id={`transcript-${video.id}`} class="prose">{safeTranscript}</div>
      </details>
    </div>
  );
}

/** Where staff can upload a video for this place (only they see it). */
export function VideoSlotNote({ ctx, slot, hasVideo }: { ctx: PageContext; slot: string; hasVideo: boolean }) {
  return (
    <p class="hint video-slot">
      <span safe>{ctx.t('learn.video.slotForStaff', { slot })}</span>{' '}
      <a href={`/learn/videos?slot=${encodeURIComponent(slot)}#upload-title`} safe>{ctx.t(hasVideo ? 'learn.video.slotReplace' : 'learn.video.slotUpload')}</a>
    </p>
  );
}

/** The frame of a lesson around its content (rendered by LessonMain, or kept from an earlier request). */
export function LessonScreen({ ctx, course, lesson, hasErrors, safeMain }: { ctx: PageContext; course: Course; lesson: Lesson; hasErrors: boolean; safeMain: string }) {
  return (
    <Layout ctx={ctx} title={`${lesson.title} – ${course.title}`} description={lesson.summary} hasErrors={hasErrors}>
      {safeMain}
    </Layout>
  );
}

/** Everything inside the frame; for visitors it is the same for every request (the routes keep it). */
export function LessonMain({ ctx, data }: { ctx: PageContext; data: LessonData }) {
  const { t } = ctx;
  const { course, lesson, index } = data;
  const previous = course.lessons[index - 1];
  const next = course.lessons[index + 1];
  const path = lessonPath(course, lesson);
  const e = errorsByField(data.errors);
  const done = data.progress?.done.has(lesson.slug) ?? false;
  const lang = contentLang(ctx, course.variant);
  const safeBody = lesson.safeBodyHtml;
  const answerValue = data.typed ?? data.answer?.text ?? '';
  const lastSaved = data.answer ? t('learn.lastSaved', { date: formatDateTime(data.answer.updatedAt, ctx.locale) }) : '';
  return (
    <>
      <ErrorSummary title={t('form.errorSummary')} errors={data.errors} />
      <p class="breadcrumb"><a href={coursePath(course)} lang={lang} safe>{course.title}</a></p>
      <p class="caption" safe>{t('learn.lessonOf', { n: index + 1, total: course.lessons.length })}</p>
      <h1 class="heading-l" lang={lang} safe>{lesson.title}</h1>
      {data.video ? <VideoPlayer ctx={ctx} video={data.video} /> : ''}
      {data.videoSlotForStaff ? <VideoSlotNote ctx={ctx} slot={data.videoSlotForStaff} hasVideo={Boolean(data.video)} /> : ''}
      <div class="prose lesson" lang={lang}>{safeBody}</div>

      {lesson.reflection ? (
        <section class="reflection" aria-labelledby="reflection-title">
          <h2 class="heading-m" id="reflection-title" safe>{t('learn.reflectionTitle')}</h2>
          {ctx.user ? (
            <PostForm action={`/learn/${course.slug}/${lesson.slug}/answer${variantQuery(course.variant)}`} csrf={ctx.csrf} class="reflection__form">
              <div lang={lang}>
                <TextArea name="answer" label={lesson.reflection} labelClass="label label--l" hint={t('learn.answerHint')} error={e.answer} value={answerValue} rows={6} maxlength={MAX_ANSWER} />
              </div>
              <p class="hint" role="status" data-autosave-status data-saving={t('learn.saving')} data-saved={t('learn.savedAt')} data-failed={t('learn.saveFailed')} safe>
                {lastSaved}
              </p>
              <Button variant="secondary"><span safe>{t('learn.saveAnswer')}</span></Button>
            </PostForm>
          ) : ''}
          {ctx.user ? <HelpBox ctx={ctx} hidden={!data.crisis} /> : ''}
          {ctx.user ? '' : (
            <>
              <p class="label--l" lang={lang} safe>{lesson.reflection}</p>
              <p><a href={`/login?next=${encodeURIComponent(path)}`} safe>{t('learn.loginToAnswer')}</a></p>
            </>
          )}
        </section>
      ) : ''}

      {data.step ? (
        <section class="action-step" aria-labelledby="step-title">
          <h2 class="heading-m" id="step-title" safe>{t('learn.stepTitle')}</h2>
          <p lang={lang} safe>{data.step.text}</p>
          <ButtonLink href={data.step.href} variant="secondary"><span lang={lang} safe>{data.step.text}</span></ButtonLink>
        </section>
      ) : ''}

      {ctx.user ? (
        <PostForm action={`/learn/${course.slug}/${lesson.slug}/done${variantQuery(course.variant)}`} csrf={ctx.csrf} class="lesson-done">
          {done ? (
            <>
              <p><Tag text={t('learn.lessonDone')} tone="green" /></p>
              <input type="hidden" name="done" value="0" />
              <Button variant="link"><span safe>{t('learn.markNotDone')}</span></Button>
            </>
          ) : (
            <>
              <input type="hidden" name="done" value="1" />
              <Button><span safe>{next ? t('learn.doneNext') : t('learn.doneFinish')}</span></Button>
            </>
          )}
        </PostForm>
      ) : ''}

      <nav class="lesson-nav" aria-label={t('learn.lessonNav')}>
        <ul class="lesson-nav__list">
          {previous ? (
            <li class="lesson-nav__item">
              <a href={lessonPath(course, previous)} rel="prev">
                <span class="lesson-nav__dir" safe>{t('learn.previous')}</span>
                <span class="lesson-nav__title" lang={lang} safe>{previous.title}</span>
              </a>
            </li>
          ) : ''}
          {next ? (
            <li class="lesson-nav__item lesson-nav__item--next">
              <a href={lessonPath(course, next)} rel="next">
                <span class="lesson-nav__dir" safe>{t('learn.next')}</span>
                <span class="lesson-nav__title" lang={lang} safe>{next.title}</span>
              </a>
            </li>
          ) : ''}
        </ul>
      </nav>

      <details class="steps-details">
        <summary safe>{t('learn.allLessons', { count: course.lessons.length })}</summary>
        <StepList ctx={ctx} course={course} progress={data.progress} current={lesson.slug} />
      </details>
      <ShareBlock ctx={ctx} target={data.share} path={path} heading={t('learn.shareTitle')} />
    </>
  );
}

// --- Leichte Sprache -----------------------------------------------------------------------------

export function EasyStartScreen({ ctx, title, safeBodyHtml, courses, video, videoSlotForStaff }: {
  ctx: PageContext;
  title: string;
  safeBodyHtml: string;
  courses: Course[];
  video: VideoView | undefined;
  videoSlotForStaff: string | undefined;
}) {
  const lang = ctx.locale === 'de' ? undefined : 'de';
  return (
    <Layout ctx={ctx} title={title}>
      <div lang={lang} class="easy">
        <h1 class="heading-l" safe>{title}</h1>
        {video ? <VideoPlayer ctx={ctx} video={video} /> : ''}
        {videoSlotForStaff ? <VideoSlotNote ctx={ctx} slot={videoSlotForStaff} hasVideo={Boolean(video)} /> : ''}
        <div class="prose">{safeBodyHtml}</div>
        <h2 class="heading-m" safe>{ctx.t('learn.easyCourses')}</h2>
        <ul class="list">
          {courses.map((c) => <li><a href={coursePath(c)} safe>{c.title}</a></li>)}
        </ul>
      </div>
    </Layout>
  );
}

// --- The course editor (staff and administrators) -----------------------------------------------------

export interface EditorRow {
  id: string;
  slug: string;
  title: string;
  locale: string;
  published: number | null;
  latest: number;
  updatedAt: string;
}

export function ManageScreen({ ctx, courses }: { ctx: PageContext; courses: EditorRow[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learn.manage.title')}>
      <p class="breadcrumb"><a href="/learn" safe>{t('learn.title')}</a></p>
      <h1 class="heading-l" safe>{t('learn.manage.title')}</h1>
      <p class="lead" safe>{t('learn.manage.lead')}</p>
      <p class="button-group">
        <ButtonLink href="/learn/manage/new"><span safe>{t('learn.manage.new')}</span></ButtonLink>
        <ButtonLink href="/learn/videos" variant="secondary"><span safe>{t('learn.video.manageLink')}</span></ButtonLink>
      </p>
      {courses.length === 0 ? <p safe>{t('learn.manage.none')}</p> : (
        <Table
          caption={t('learn.manage.yours')}
          columns={[t('learn.manage.courseTitle'), t('learn.manage.language'), t('learn.manage.status'), t('learn.manage.updated')]}
          rows={courses.map((c) => [
            <a href={`/learn/manage/${c.id}`} safe>{c.title}</a>,
            <Text value={t(c.locale === 'en' ? 'language.en' : 'language.de')} />,
            c.published === null ? <Tag text={t('learn.manage.draft')} /> : <Tag text={t('learn.manage.publishedVersion', { version: c.published })} tone="green" />,
            <Text value={formatDateTime(c.updatedAt, ctx.locale)} />,
          ])}
        />
      )}
    </Layout>
  );
}

export type EditorValues = Record<string, string>;

export function EditorScreen({ ctx, course, values, errors, versions }: {
  ctx: PageContext;
  course: EditorRow | undefined;
  values: EditorValues;
  errors: FieldProblem[];
  versions: Array<{ version: number; title: string; createdAt: string }>;
}) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const title = course ? t('learn.manage.edit', { title: course.title }) : t('learn.manage.new');
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href="/learn/manage" safe>{t('learn.manage.title')}</a></p>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-l" safe>{title}</h1>
      <PostForm action={course ? `/learn/manage/${course.id}` : '/learn/manage'} csrf={ctx.csrf}>
        {course ? <p safe>{t('learn.manage.address', { path: `/learn/${course.slug}` })}</p> : (
          <>
            <TextInput name="slug" label={t('learn.manage.slug')} hint={t('learn.manage.slugHint')} error={e.slug} value={values.slug} width="medium" spellcheck={false} />
            <Select name="locale" label={t('learn.manage.language')} error={e.locale} value={values.locale} options={[{ value: 'de', label: t('language.de') }, { value: 'en', label: t('language.en') }]} />
          </>
        )}
        <TextInput name="title" label={t('learn.manage.courseTitle')} error={e.title} value={values.title} width="full" />
        <TextArea name="summary" label={t('learn.manage.summary')} hint={t('learn.manage.summaryHint')} error={e.summary} value={values.summary} rows={3} />
        <TextArea name="source" label={t('learn.manage.source')} hint={t('learn.manage.sourceHint')} error={e.source} value={values.source} rows={24} />
        <Button><span safe>{t('learn.manage.saveVersion')}</span></Button>
      </PostForm>
      {course ? (
        <>
          <h2 class="heading-m" safe>{t('learn.manage.versions')}</h2>
          <Table
            caption={t('learn.manage.versionsCaption')}
            columns={[t('learn.manage.version'), t('learn.manage.courseTitle'), t('learn.manage.saved'), { label: t('learn.manage.actions'), hidden: true }]}
            rows={versions.map((v) => [
              <span>
                <span safe>{String(v.version)}</span>
                {course.published === v.version ? <> <Tag text={t('learn.manage.live')} tone="green" /></> : ''}
              </span>,
              <Text value={v.title} />,
              <Text value={formatDateTime(v.createdAt, ctx.locale)} />,
              <div class="inline-list">
                <a href={`/learn/manage/${course.id}/preview/${v.version}`} aria-label={t('learn.manage.previewLabel', { version: v.version })} safe>{t('learn.manage.preview')}</a>
                {course.published === v.version ? '' : (
                  <PostForm action={`/learn/manage/${course.id}/publish`} csrf={ctx.csrf} class="inline-form">
                    <input type="hidden" name="version" value={String(v.version)} />
                    <button class="link-button" type="submit" aria-label={t('learn.manage.publishLabel', { version: v.version })} safe>{t('learn.manage.publish')}</button>
                  </PostForm>
                )}
              </div>,
            ])}
          />
          {course.published !== null ? (
            <PostForm action={`/learn/manage/${course.id}/publish`} csrf={ctx.csrf}>
              <input type="hidden" name="version" value="" />
              <Button variant="secondary"><span safe>{t('learn.manage.unpublish')}</span></Button>
            </PostForm>
          ) : ''}
        </>
      ) : ''}
    </Layout>
  );
}

/** A saved version as readers would see it, all lessons on one page, before it is published. */
export function PreviewScreen({ ctx, courseId, version, title, summary, lessons, problems }: {
  ctx: PageContext;
  courseId: string;
  version: number;
  title: string;
  summary: string;
  lessons: Lesson[];
  problems: string[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learn.manage.previewTitle', { title, version })}>
      <NotificationBanner kind="info" title={t('learn.manage.previewBanner', { version })} id="preview-title">
        <p><a href={`/learn/manage/${courseId}`} safe>{t('learn.manage.backToEditor')}</a></p>
      </NotificationBanner>
      {problems.length ? (
        <div class="banner banner--warning" role="region" aria-labelledby="problems-title">
          <h2 class="banner__title" id="problems-title" safe>{t('learn.manage.problemsTitle')}</h2>
          <ul class="list">{problems.map((p) => <li safe>{p}</li>)}</ul>
        </div>
      ) : ''}
      <h1 class="heading-l" safe>{title}</h1>
      <p class="lead" safe>{summary}</p>
      {lessons.map((lesson, i) => {
        const safeBody = lesson.safeBodyHtml;
        return (
          <article class="preview-lesson" aria-labelledby={`lesson-${i + 1}`}>
            <p class="caption" safe>{t('learn.lessonOf', { n: i + 1, total: lessons.length })}</p>
            <h2 class="heading-m" id={`lesson-${i + 1}`} safe>{lesson.title}</h2>
            <div class="prose">{safeBody}</div>
            {lesson.reflection ? <p><strong safe>{t('learn.reflectionTitle')}:</strong> <span safe>{lesson.reflection}</span></p> : ''}
            {lesson.stepText ? <p><strong safe>{t('learn.stepTitle')}:</strong> <span safe>{lesson.stepText}</span></p> : ''}
          </article>
        );
      })}
    </Layout>
  );
}

// --- Videos (staff) ----------------------------------------------------------------------------------

export interface VideoSlotRow {
  slot: string;
  where: string[];
  video: { id: string; title: string; bytes: number } | undefined;
}

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

export function VideosScreen({ ctx, slots, values, errors, maxMb }: { ctx: PageContext; slots: VideoSlotRow[]; values: Record<string, string>; errors: FieldProblem[]; maxMb: number }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const fileField = (name: 'video' | 'captions', label: string, accept: string) => (
    <div class={e[name] ? 'field field--error' : 'field'}>
      <label class="label" for={name} safe>{label}</label>
      {e[name] ? <p id={`${name}-error`} class="field-error" safe>{e[name]}</p> : ''}
      <input class="file-input" type="file" id={name} name={name} accept={accept} aria-describedby={e[name] ? `${name}-error` : undefined} aria-invalid={e[name] ? 'true' : undefined} />
    </div>
  );
  return (
    <Layout ctx={ctx} title={t('learn.video.manage')} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p class="breadcrumb"><a href="/learn" safe>{t('learn.title')}</a></p>
      <h1 class="heading-l" safe>{t('learn.video.manage')}</h1>
      <p class="lead" safe>{t('learn.video.lead')}</p>
      <Table
        caption={t('learn.video.slots')}
        columns={[t('learn.video.col.slot'), t('learn.video.col.where'), t('learn.video.col.video'), t('learn.video.col.actions')]}
        rows={slots.map((s) => [
          <code safe>{s.slot}</code>,
          <span>{s.where.map((w, i) => <>{i > 0 ? ', ' : ''}<a href={w} safe>{w}</a></>)}</span>,
          s.video ? <a href={`/media/videos/${s.video.id}`} safe>{t('learn.video.size', { title: s.video.title, mb: megabytes(s.video.bytes) })}</a> : <Text value={t('learn.video.none')} />,
          s.video ? (
            <PostForm action={`/learn/videos/${s.video.id}/delete`} csrf={ctx.csrf} class="inline-form">
              <Button variant="warning"><span safe>{t('learn.video.delete', { title: s.video.title })}</span></Button>
            </PostForm>
          ) : <a href={`/learn/videos?slot=${encodeURIComponent(s.slot)}#upload-title`} safe>{t('learn.video.slotUpload')}</a>,
        ])}
      />
      <h2 class="heading-m" id="upload-title" safe>{t('learn.video.uploadTitle')}</h2>
      <p safe>{t('learn.video.uploadHint')}</p>
      {/* The token rides in the address too: uploads are checked before their body is read. */}
      <form method="post" action={`/learn/videos?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <TextInput name="slot" label={t('learn.video.slot')} hint={t('learn.video.slotHint')} value={values.slot} error={e.slot} maxlength={80} spellcheck={false} />
        <TextInput name="title" label={t('learn.video.title')} value={values.title} error={e.title} maxlength={160} width="full" />
        {fileField('video', t('learn.video.file', { mb: maxMb }), 'video/mp4,video/webm,.mp4,.webm')}
        {fileField('captions', t('learn.video.captionsFile'), '.vtt,text/vtt')}
        <Select
          name="captionsLang"
          label={t('learn.video.captionsLang')}
          value={values.captionsLang}
          error={e.captionsLang}
          options={[{ value: 'de', label: t('language.de') }, { value: 'en', label: t('language.en') }]}
        />
        <TextArea name="transcript" label={t('learn.video.transcriptField')} hint={t('learn.video.transcriptHint')} value={values.transcript} error={e.transcript} rows={10} />
        <Button><span safe>{t('learn.video.submit')}</span></Button>
      </form>
    </Layout>
  );
}
