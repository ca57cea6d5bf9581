// Media files (videos) from disk with HTTP range requests (RFC 9110 §14): players ask for the part
// they need to seek, and a phone on a slow line never loads more than it plays. The file is always
// streamed from disk, never read into memory. One range per request; a request for several ranges
// gets the whole file (allowed by the RFC, and no browser player asks for more than one).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from './errors.ts';

export interface MediaFile {
  path: string;
  type: string;
  /** Changes whenever the file does (for ETag). */
  version: string;
}

export type ByteRange = { start: number; end: number };

/**
 * The one range a Range header asks for, clipped to the file: a range, 'none' (no header, not bytes,
 * several ranges or malformed — serve the whole file), or 'unsatisfiable' (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'none' | 'unsatisfiable' {
  if (!header) return 'none';
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return 'none';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'none';
  if (first === '') {
    // The last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return 'none';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Sends a file from disk with ETag, Last-Modified, Accept-Ranges and 206/416 for ranges. */
export async function sendMedia(req: FastifyRequest, reply: FastifyReply, file: MediaFile): Promise<FastifyReply> {
  const info = await stat(file.path).catch(() => undefined);
  if (!info?.isFile()) throw notFound('media_not_found');
  const size = info.size;
  const etag = `"${file.version}-${size.toString(36)}"`;
  const lastModified = info.mtime.toUTCString();
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', etag);
  reply.header('last-modified', lastModified);
  reply.header('cache-control', 'public, max-age=86400');
  reply.header('content-type', file.type);
  reply.header('x-content-type-options', 'nosniff');

  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.status(304).send();
  const ifModifiedSince = req.headers['if-modified-since'];
  if (!ifNoneMatch && ifModifiedSince && Math.floor(info.mtimeMs / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000)) return reply.status(304).send();

  // If-Range: the range holds only while the client's copy is the current one.
  const ifRange = req.headers['if-range'];
  const rangeStillValid = !ifRange || ifRange === etag || ifRange === lastModified;
  const range = rangeStillValid ? parseRange(req.headers.range, size) : 'none';
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    reply.header('content-type', 'text/plain; charset=utf-8');
    return reply.status(416).send('');
  }
  if (range === 'none') {
    reply.header('content-length', String(size));
    return reply.status(200).send(size === 0 ? '' : createReadStream(file.path));
  }
  reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
  reply.header('content-length', String(range.end - range.start + 1));
  return reply.status(206).send(createReadStream(file.path, { start: range.start, end: range.end }));
}
