// Videos for lessons and pages (e.g. in German Sign Language): uploaded by staff, kept as files in
// DATA_DIR/videos, served from this host with range requests, always with WebVTT captions and a
// transcript. A lesson names a slot ("video: dgs-selbsthilfe"); the video uploaded to it is shown.
// Nothing here knows HTTP: the routes hand in temporary files and get problems or a stored video back.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import { SLUG, shippedCourses } from './content.ts';
import type { Lesson } from './content.ts';

/** Large enough for a few minutes of sign language in good quality, small enough for one disk. */
export const VIDEO_MAX_BYTES = 300 * 1024 * 1024;
/** Captions are text: a file larger than this is not a caption file. */
export const CAPTIONS_MAX_BYTES = 512 * 1024;
export const TRANSCRIPT_MAX = 50_000;
export const CAPTION_LANGUAGES = ['de', 'en'] as const;
export type CaptionLanguage = (typeof CAPTION_LANGUAGES)[number];
/** The slot of the start page's video in German Sign Language. */
export const EASY_START_VIDEO = 'dgs-start';

export interface StoredVideo {
  id: string;
  slot: string;
  title: string;
  mime: string;
  bytes: number;
  captionsLang: CaptionLanguage;
  transcript: string;
  createdAt: string;
}

// --- Checking what was uploaded ------------------------------------------------------------------

/**
 * The container a file starts with, by its magic bytes (never by its name or the browser's type):
 * MP4 has an `ftyp` box first, WebM the EBML header with the document type "webm".
 */
export function videoTypeOf(head: Buffer): 'video/mp4' | 'video/webm' | undefined {
  if (head.length >= 12 && head.subarray(4, 8).toString('latin1') === 'ftyp' && head.readUInt32BE(0) >= 8) return 'video/mp4';
  if (head.length >= 8 && head.readUInt32BE(0) === 0x1a45dfa3 && head.subarray(4, 64).includes('webm', 0, 'latin1')) return 'video/webm';
  return undefined;
}

const TIMESTAMP = '((?:\\d{2,}:)?[0-5]\\d:[0-5]\\d\\.\\d{3})';
const TIMING = new RegExp(`^${TIMESTAMP}[ \\t]+-->[ \\t]+${TIMESTAMP}(?:[ \\t].*)?$`);

const seconds = (stamp: string): number => {
  const parts = stamp.split(':').map(Number);
  return parts.reduce((sum, n) => sum * 60 + n, 0);
};

export type CaptionsProblem = 'encoding' | 'header' | 'cue' | 'empty';

/**
 * Checks a WebVTT file (W3C WebVTT): UTF-8, the "WEBVTT" signature on the first line, then blocks
 * separated by blank lines — notes, styles and regions, or cues whose timing line reads
 * "00:01.000 --> 00:04.000" with the end after the start. At least one cue is needed.
 */
export function checkCaptions(bytes: Buffer): { ok: true; text: string; cues: number } | { ok: false; problem: CaptionsProblem } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'encoding' };
  }
  text = text.replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, problem: 'header' };
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) blocks.push(current);
  // The header may go on until the first blank line (metadata); it is the first block if it touches line 1.
  const headerGoesOn = lines.length > 1 && (lines[1] ?? '').trim() !== '';
  let cues = 0;
  for (const [i, block] of blocks.entries()) {
    if (i === 0 && headerGoesOn) continue;
    const first = block[0] ?? '';
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const timingLine = first.includes('-->') ? first : block[1];
    const timing = timingLine ? TIMING.exec(timingLine.trim()) : null;
    if (!timing || seconds(timing[2] ?? '') <= seconds(timing[1] ?? '')) return { ok: false, problem: 'cue' };
    cues++;
  }
  if (cues === 0) return { ok: false, problem: 'empty' };
  return { ok: true, text, cues };
}

/** The first bytes of a file on disk, for the magic check. */
export async function headOf(path: string, length = 64): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A small text file on disk, read whole (the caller checked its size). */
export async function readSmall(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

// --- Storing and finding -------------------------------------------------------------------------

const extensionOf = (mime: string) => (mime === 'video/webm' ? '.webm' : '.mp4');
const videoDir = (deps: Deps) => join(deps.config.dataDir, 'videos');
export const videoPath = (deps: Deps, video: { id: string; mime: string }) => join(videoDir(deps), `${video.id}${extensionOf(video.mime)}`);

type VideoRow = { id: string; slot: string; title: string; mime: string; bytes: number; captions_lang: string; transcript: string; created_at: string };

function stored(row: VideoRow): StoredVideo {
  return {
    id: row.id,
    slot: row.slot,
    title: row.title,
    mime: row.mime,
    bytes: Number(row.bytes),
    captionsLang: row.captions_lang === 'en' ? 'en' : 'de',
    transcript: row.transcript,
    createdAt: row.created_at,
  };
}

const COLUMNS = ['id', 'slot', 'title', 'mime', 'bytes', 'captions_lang', 'transcript', 'created_at'] as const;

export async function videoForSlot(db: Db, slot: string): Promise<StoredVideo | undefined> {
  const row = await db.selectFrom('learning_videos').select(COLUMNS).where('slot', '=', slot).executeTakeFirst();
  return row ? stored(row) : undefined;
}

export async function findVideo(db: Db, id: string): Promise<StoredVideo | undefined> {
  const row = await db.selectFrom('learning_videos').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? stored(row) : undefined;
}

export async function captionsOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('learning_videos').select('captions_vtt').where('id', '=', id).executeTakeFirst();
  return row?.captions_vtt;
}

export async function listVideos(db: Db): Promise<StoredVideo[]> {
  return (await db.selectFrom('learning_videos').select(COLUMNS).orderBy('slot').execute()).map(stored);
}

/** Where videos can go: the start page in Leichte Sprache and every lesson that names a slot. */
export function knownSlots(writtenLessons: Array<{ course: string; lesson: Lesson }>): Map<string, string[]> {
  const slots = new Map<string, string[]>([[EASY_START_VIDEO, ['/leichte-sprache']]]);
  const add = (slot: string, where: string) => {
    const list = slots.get(slot) ?? [];
    if (!list.includes(where)) list.push(where);
    slots.set(slot, list);
  };
  for (const variants of shippedCourses().values()) {
    for (const course of Object.values(variants)) {
      for (const lesson of course?.lessons ?? []) if (lesson.video) add(lesson.video, `/learn/${course!.slug}/${lesson.slug}`);
    }
  }
  for (const { course, lesson } of writtenLessons) if (lesson.video) add(lesson.video, `/learn/${course}/${lesson.slug}`);
  return slots;
}

export interface NewVideo {
  slot: string;
  title: string;
  transcript: string;
  captionsLang: CaptionLanguage;
  captions: string;
  mime: 'video/mp4' | 'video/webm';
  /** The checked upload in the temporary folder; it is moved, not copied. */
  tempPath: string;
  bytes: number;
}

/** Stores a video in its slot; a video that was there before is replaced (row and file). */
export async function storeVideo(deps: Deps, actorId: string, video: NewVideo): Promise<string> {
  if (!SLUG.test(video.slot)) throw new Error('invalid slot');
  const id = randomUUID();
  mkdirSync(videoDir(deps), { recursive: true });
  const path = videoPath(deps, { id, mime: video.mime });
  await rename(video.tempPath, path);
  let previous: StoredVideo | undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      previous = await videoForSlot(trx, video.slot);
      if (previous) await trx.deleteFrom('learning_videos').where('id', '=', previous.id).execute();
      await trx.insertInto('learning_videos').values({
        id, slot: video.slot, title: video.title, mime: video.mime, bytes: video.bytes, captions_vtt: video.captions, captions_lang: video.captionsLang,
        transcript: video.transcript, uploaded_by: actorId, created_at: nowIso(),
      }).execute();
      await recordAudit(trx, { actorId, action: previous ? 'video.replaced' : 'video.uploaded', subjectType: 'video', subjectId: id, details: { slot: video.slot } });
    });
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  if (previous) await rm(videoPath(deps, previous), { force: true });
  return id;
}

export async function deleteVideo(deps: Deps, actorId: string, video: StoredVideo): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('learning_videos').where('id', '=', video.id).execute();
    await recordAudit(trx, { actorId, action: 'video.deleted', subjectType: 'video', subjectId: video.id, details: { slot: video.slot } });
  });
  await rm(videoPath(deps, video), { force: true });
}
