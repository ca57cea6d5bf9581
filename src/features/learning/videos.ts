// Videos for lessons and pages (e.g. in German Sign Language): uploaded by staff, kept as files in
// DATA_DIR/videos, served from this host with range requests, always with WebVTT captions and a
// transcript. A lesson names a slot ("video: dgs-selbsthilfe"); the video uploaded to it is shown.
import type { Db } from '../../db/index.ts';
import type { VideoView } from './views.tsx';

export async function videoForSlot(db: Db, slot: string): Promise<VideoView | undefined> {
  const row = await db.selectFrom('learning_videos').select(['id', 'title', 'mime', 'transcript']).where('slot', '=', slot).executeTakeFirst();
  return row ? { id: row.id, title: row.title, mime: row.mime, transcript: row.transcript } : undefined;
}
