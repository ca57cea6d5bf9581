// Forms and API schemas of the learning area.
import { Type } from 'typebox';
import { defineForm } from '../../platform/forms.ts';
import { MAX_ANSWER } from './service.ts';
import { CAPTION_LANGUAGES, TRANSCRIPT_MAX } from './videos.ts';

export const CourseParams = Type.Object({ course: Type.String({ maxLength: 80 }) });
export const LessonParams = Type.Object({ course: Type.String({ maxLength: 80 }), lesson: Type.String({ maxLength: 80 }) });
/** "sprache=leicht" asks for the Leichte Sprache version where there is one. */
export const VariantQuery = Type.Object({ sprache: Type.Optional(Type.String({ maxLength: 20 })) });

export const answerForm = defineForm({
  answer: { kind: 'longtext', label: 'learn.answerLabel', max: MAX_ANSWER },
});

export const doneForm = defineForm({
  done: { kind: 'choice', label: 'learn.lessonDone', values: ['0', '1'] },
});

export const SOURCE_MAX = 200_000;

export const newCourseForm = defineForm({
  slug: { kind: 'text', label: 'learn.manage.slug', required: true, max: 80, pattern: /^[a-z0-9][a-z0-9-]*$/, messages: { invalid: 'learn.manage.slugInvalid' } },
  locale: { kind: 'choice', label: 'learn.manage.language', required: true, values: ['de', 'en'] },
  title: { kind: 'text', label: 'learn.manage.courseTitle', required: true, max: 160 },
  summary: { kind: 'longtext', label: 'learn.manage.summary', required: true, max: 2000 },
  source: { kind: 'longtext', label: 'learn.manage.source', required: true, max: SOURCE_MAX },
});

export const editCourseForm = defineForm({
  title: newCourseForm.fields.title,
  summary: newCourseForm.fields.summary,
  source: newCourseForm.fields.source,
});

export const publishForm = defineForm({
  version: { kind: 'text', label: 'learn.manage.version', max: 10, pattern: /^\d+$/ },
});

// Text fields of the video upload (multipart: the files are checked by the route).
export const videoForm = defineForm({
  slot: { kind: 'text', label: 'learn.video.slot', required: true, max: 80, pattern: /^[a-z0-9][a-z0-9-]*$/, messages: { invalid: 'learn.video.slotInvalid' } },
  title: { kind: 'text', label: 'learn.video.title', required: true, max: 160 },
  captionsLang: { kind: 'choice', label: 'learn.video.captionsLang', required: true, values: CAPTION_LANGUAGES },
  transcript: { kind: 'longtext', label: 'learn.video.transcriptField', required: true, max: TRANSCRIPT_MAX },
});

export const SlotQuery = Type.Object({ slot: Type.Optional(Type.String({ maxLength: 80 })) });
export const VideoParams = Type.Object({ id: Type.String({ maxLength: 60 }) });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
export const PreviewParams = Type.Object({ id: Type.String({ maxLength: 60 }), version: Type.String({ maxLength: 10, pattern: '^[0-9]+$' }) });

// --- API -------------------------------------------------------------------------------------------

export const CourseItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  lessons: Type.Integer({ description: 'Number of lessons' }),
  languages: Type.Array(Type.String(), { description: 'de, en, and ls for Leichte Sprache (easy-to-read German)' }),
  language: Type.String({ description: 'Language of title and summary' }),
  minutes: Type.Integer({ description: 'About how long the course takes (0: not given)' }),
  url: Type.String(),
});
export const CourseList = Type.Object({ items: Type.Array(CourseItem) });

export const ProgressItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  lessons: Type.Integer(),
  lessonsDone: Type.Integer(),
  answersGiven: Type.Integer(),
  lastLesson: Type.Union([Type.String(), Type.Null()], { description: 'Slug of the lesson visited last' }),
  lastVisitedAt: Type.Union([Type.String(), Type.Null()]),
  continueAt: Type.Union([Type.String(), Type.Null()], { description: 'Path of the lesson to go on with; null when all are done' }),
});
export const ProgressList = Type.Object({ items: Type.Array(ProgressItem) });
