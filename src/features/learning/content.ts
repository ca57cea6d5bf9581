// Courses as Markdown with front matter: the shipped ones from content/courses/<course>/<language>/
// (read and rendered once per process), and the same format for courses staff write in the browser.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdownBody } from '../../platform/markdown.ts';

/** de and en, and "ls" for Leichte Sprache (easy-to-read German). */
export const VARIANTS = ['de', 'en', 'ls'] as const;
export type Variant = (typeof VARIANTS)[number];
export const isVariant = (v: unknown): v is Variant => (VARIANTS as readonly unknown[]).includes(v);

export const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const SECTORS = ['family', 'friends', 'neighbourhood', 'community', 'work', 'professional'];
const TOPIC = /^[a-z0-9-]{1,80}$/;

/** Where a lesson's "step into action" leads; resolved to a path by the routes (links may depend on other features). */
export type Step =
  | { kind: 'network'; sector: string }
  | { kind: 'directory'; topic: string }
  | { kind: 'groups' }
  | { kind: 'forum' }
  | { kind: 'touch' }
  | { kind: 'check' }
  | { kind: 'path'; path: string };

export interface Lesson {
  slug: string;
  title: string;
  summary: string;
  safeBodyHtml: string;
  reflection: string;
  step: Step | null;
  stepText: string;
  /** Slot of a video shown above the text (e.g. the DGS video), when one is uploaded. */
  video: string;
}

export interface Course {
  slug: string;
  variant: Variant;
  title: string;
  summary: string;
  order: number;
  minutes: number;
  safeIntroHtml: string;
  lessons: Lesson[];
  /** Shipped with the software (content/courses) or written in the browser. */
  source: 'file' | 'db';
  /**
   * Which text this is, unchanged while it lives: "file" for a shipped course (read once per
   * process), "<course id>:<version>" for a published version. Pages kept for visitors key on it.
   */
  edition: string;
}

export interface FrontMatter {
  data: Record<string, string>;
  body: string;
}

/** "---\nkey: value\n---\nbody"; values are single lines, keys letters only. */
export function parseFrontMatter(text: string): FrontMatter {
  const source = text.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(source);
  if (!match) return { data: {}, body: source.trim() };
  const data: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const kv = /^([A-Za-z]+):\s*(.*)$/.exec(line.trim());
    if (kv) data[kv[1] as string] = (kv[2] ?? '').trim();
  }
  return { data, body: source.slice(match[0].length).trim() };
}

/** "network:family", "directory:depression", "groups", "forum", "touch", "check" or a local path. */
export function parseStep(raw: string | undefined): Step | null | 'invalid' {
  const value = (raw ?? '').trim();
  if (!value) return null;
  const [kind = '', arg = ''] = value.split(':', 2);
  if (kind === 'network' && SECTORS.includes(arg)) return { kind, sector: arg };
  if (kind === 'directory' && TOPIC.test(arg)) return { kind, topic: arg };
  if ((kind === 'groups' || kind === 'forum' || kind === 'touch' || kind === 'check') && !arg) return { kind };
  if (value.startsWith('/') && !value.startsWith('//') && !/[\s\\]/.test(value) && value.length <= 300) return { kind: 'path', path: value };
  return 'invalid';
}

export interface LessonProblem {
  lesson: number;
  problem: 'title' | 'slug' | 'step' | 'duplicate';
}

/** One lesson from its file or block; `fallbackSlug` comes from the file name. */
function lessonFrom(fm: FrontMatter, fallbackSlug: string): { lesson?: Lesson; problem?: LessonProblem['problem'] } {
  const slug = (fm.data.slug || fallbackSlug).toLowerCase();
  if (!fm.data.title) return { problem: 'title' };
  if (!SLUG.test(slug)) return { problem: 'slug' };
  const step = parseStep(fm.data.step);
  if (step === 'invalid') return { problem: 'step' };
  return {
    lesson: {
      slug,
      title: fm.data.title,
      summary: fm.data.summary ?? '',
      safeBodyHtml: renderMarkdownBody(fm.body),
      reflection: fm.data.reflection ?? '',
      step,
      stepText: fm.data.stepText ?? '',
      video: fm.data.video && SLUG.test(fm.data.video) ? fm.data.video : '',
    },
  };
}

/** Lessons written in one text (the browser editor): each starts with its own front matter block. */
export function parseLessons(source: string): { lessons: Lesson[]; problems: LessonProblem[] } {
  const text = source.replace(/\r\n/g, '\n').trim();
  const lessons: Lesson[] = [];
  const problems: LessonProblem[] = [];
  // A block starts at a line "---" that opens a front matter (followed later by a closing "---").
  const starts: number[] = [];
  const re = /(^|\n)---\n[\s\S]*?\n---(\n|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + (m[1] ? 1 : 0));
  starts.forEach((start, i) => {
    const block = text.slice(start, starts[i + 1] ?? text.length);
    const { lesson, problem } = lessonFrom(parseFrontMatter(block), `lektion-${i + 1}`);
    if (problem) problems.push({ lesson: i + 1, problem });
    else if (lesson && lessons.some((l) => l.slug === lesson.slug)) problems.push({ lesson: i + 1, problem: 'duplicate' });
    else if (lesson) lessons.push(lesson);
  });
  return { lessons, problems };
}

const COURSES_DIR = new URL('../../../content/courses/', import.meta.url).pathname;

/** Reads one course variant from its folder; throws on a broken file (shipped content is tested). */
function readCourseDir(slug: string, variant: Variant, dir: string): Course {
  const meta = parseFrontMatter(readFileSync(join(dir, 'course.md'), 'utf8'));
  const lessons: Lesson[] = [];
  for (const file of readdirSync(dir).filter((f) => /^\d{2}-[a-z0-9-]+\.md$/.test(f)).sort()) {
    const { lesson, problem } = lessonFrom(parseFrontMatter(readFileSync(join(dir, file), 'utf8')), file.slice(3, -3));
    if (!lesson) throw new Error(`course ${slug}/${variant}/${file}: ${problem}`);
    lessons.push(lesson);
  }
  if (!meta.data.title || lessons.length === 0) throw new Error(`course ${slug}/${variant} needs a title and lessons`);
  return {
    slug,
    variant,
    title: meta.data.title,
    summary: meta.data.summary ?? '',
    order: Number(meta.data.order) || 100,
    minutes: Number(meta.data.minutes) || 0,
    safeIntroHtml: renderMarkdownBody(meta.body),
    lessons,
    source: 'file',
    edition: 'file',
  };
}

let shipped: Map<string, Partial<Record<Variant, Course>>> | undefined;

/** All shipped courses by slug, each with the variants it has. Read once per process. */
export function shippedCourses(): Map<string, Partial<Record<Variant, Course>>> {
  if (shipped) return shipped;
  const found = new Map<string, Partial<Record<Variant, Course>>>();
  if (existsSync(COURSES_DIR)) {
    for (const slug of readdirSync(COURSES_DIR).sort()) {
      if (!SLUG.test(slug)) continue;
      const variants: Partial<Record<Variant, Course>> = {};
      for (const variant of VARIANTS) {
        const dir = join(COURSES_DIR, slug, variant);
        if (existsSync(join(dir, 'course.md'))) variants[variant] = readCourseDir(slug, variant, dir);
      }
      if (Object.keys(variants).length) found.set(slug, variants);
    }
  }
  const order = (v: Partial<Record<Variant, Course>>) => Object.values(v)[0]?.order ?? 100;
  shipped = new Map([...found].sort(([, a], [, b]) => order(a) - order(b)));
  return shipped;
}

/** The introduction of a course written in the browser: its summary as Markdown. */
export function renderIntro(text: string): string {
  return renderMarkdownBody(text);
}

let easyStart: { title: string; safeBodyHtml: string } | undefined;

/** The start page in Leichte Sprache (content/leichte-sprache/start.md). */
export function easyStartPage(): { title: string; safeBodyHtml: string } {
  if (!easyStart) {
    const fm = parseFrontMatter(readFileSync(new URL('../../../content/leichte-sprache/start.md', import.meta.url), 'utf8'));
    easyStart = { title: fm.data.title ?? 'Leichte Sprache', safeBodyHtml: renderMarkdownBody(fm.body) };
  }
  return easyStart;
}
