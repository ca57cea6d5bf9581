// JSON API of the learning area: the course list (public) and the signed-in member's own progress.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../platform/deps.ts';
import * as learning from './service.ts';
import { CourseList, ProgressList } from './schema.ts';
import { ensureCanKeepProgress } from './policy.ts';
import { coursePath, lessonPath } from './views.tsx';

export const learningApi: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['learning'];
  const absolute = (path: string) => `${deps.config.baseUrl.replace(/\/$/, '')}${path}`;

  app.get('/api/v1/learn/courses', {
    schema: { summary: 'All courses, in the language of the request (public)', tags, response: { 200: CourseList } },
  }, async (req) => {
    const courses = await learning.listCourses(deps.db, req.locale);
    return {
      items: courses.map((c) => ({
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        lessons: c.lessons.length,
        languages: c.source === 'file' ? learning.variantsOf(c.slug) : [c.variant],
        language: c.variant,
        minutes: c.minutes,
        url: absolute(coursePath(c)),
      })),
    };
  });

  app.get('/api/v1/learn/progress', {
    schema: { summary: 'Your own progress per course (only ever your own)', tags, response: { 200: ProgressList } },
  }, async (req) => {
    ensureCanKeepProgress(req.actor);
    const courses = await learning.listCourses(deps.db, req.locale);
    const all = await learning.progressOf(deps.db, req.actor.id, courses.map((c) => c.slug));
    return {
      items: courses.map((c) => {
        const p = learning.progressIn(all, c.slug);
        const slugs = new Set(c.lessons.map((l) => l.slug));
        const next = learning.continueAt(c, p);
        return {
          slug: c.slug,
          title: c.title,
          lessons: c.lessons.length,
          lessonsDone: [...p.done].filter((s) => slugs.has(s)).length,
          answersGiven: [...p.answered].filter((s) => slugs.has(s)).length,
          lastLesson: p.last?.lesson ?? null,
          lastVisitedAt: p.last?.at ?? null,
          continueAt: next ? lessonPath(c, next) : null,
        };
      }),
    };
  });
};
