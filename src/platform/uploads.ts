// Files that go to disk as they arrive. The app's multipart parser keeps small uploads (a vCard, a
// directory import) in memory; a route that takes large files (videos) sets `config.uploadToDisk`,
// and then each file part is streamed into DATA_DIR/uploads-tmp and the body holds an UploadedFile
// instead of a Buffer. Whatever the handler does not move away is deleted before the response goes
// out (also an error response), or when the client goes away.
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Multipart files of this route are streamed to a temporary file instead of into memory. */
    uploadToDisk?: boolean;
  }
}

/** A file part of a multipart body that was written to a temporary file. */
export interface UploadedFile {
  readonly kind: 'uploaded-file';
  path: string;
  bytes: number;
  filename: string;
  mimetype: string;
}

export const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'uploaded-file';

const pending = new WeakMap<FastifyRequest, string[]>();

/**
 * The parser's onFile: in memory by default (what attachFieldsToBody does without it), to disk for
 * routes that ask for it. A file cut at the route's size limit is refused with 413.
 */
export function fileHandler(dataDir: string) {
  const dir = join(dataDir, 'uploads-tmp');
  return async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
    if (!this.routeOptions.config.uploadToDisk) {
      await part.toBuffer();
      return;
    }
    mkdirSync(dir, { recursive: true });
    const path = join(dir, randomUUID());
    const files = pending.get(this) ?? [];
    files.push(path);
    pending.set(this, files);
    const out = createWriteStream(path, { flags: 'wx' });
    await pipeline(part.file, out);
    if (part.file.truncated) throw new AppError(413, 'payload_too_large', 'error.payloadTooLarge');
    const file: UploadedFile = { kind: 'uploaded-file', path, bytes: out.bytesWritten, filename: part.filename, mimetype: part.mimetype };
    // attachFieldsToBody 'keyValues' puts a part's `value` into the body.
    (part as unknown as { value: UploadedFile }).value = file;
  };
}

/** Deletes the temporary files of a request as its response is sent (moved files are gone already). */
export function registerUploadCleanup(app: FastifyInstance): void {
  const clean = async (req: FastifyRequest) => {
    const files = pending.get(req);
    if (!files) return;
    pending.delete(req);
    await Promise.all(files.map((f) => rm(f, { force: true })));
  };
  app.addHook('onSend', async (req, _reply, payload) => {
    await clean(req);
    return payload;
  });
  app.addHook('onRequestAbort', clean);
}
