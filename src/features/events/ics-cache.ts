// Answers of /calendar.ics kept by address and locale for the state of the events they were made
// from: calendar programs ask the same address again and again, and a year of events takes a while
// to write. Each calendar is written once for all requests that ask meanwhile, and compressed once,
// off the event loop (zlib's thread pool). Only the compressed bytes are kept (a year of events is
// megabytes of text but a quarter of a megabyte in brotli); gzip is made from them when a client asks
// for it, and the rare client that takes neither gets the text unpacked again. Bounded by bytes, least
// recently used out.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../platform/download.ts';
import { ByteLru } from '../../platform/byte-lru.ts';
import { brotliOptions, preferredEncoding } from '../../platform/http.tsx';

const brotli = promisify(brotliCompress);
const unbrotli = promisify(brotliDecompress);
const gzip = promisify(gzipCallback);

export interface CalendarEntry {
  key: string;
  version: string;
  br: Buffer;
  gzip?: Promise<Buffer>;
  /** Length of the gzip bytes once made (counted in the cache's size from then on). */
  gzipBytes?: number;
}

/** Most compressed bytes kept (≈ 120 calendars of a year of 5 000 events, thousands of filtered ones). */
const MAX_BYTES = 32 * 1024 * 1024;

export class CalendarCache {
  // One calendar may take at most half of the bytes, so one huge answer cannot push out all others.
  private readonly entries: ByteLru<CalendarEntry>;
  private readonly writing = new Map<string, Promise<CalendarEntry>>();

  constructor(maxBytes = MAX_BYTES) {
    this.entries = new ByteLru(maxBytes, maxBytes / 2);
  }

  /** The ETag of a calendar: its address, locale and the version of the events it was made from. */
  static tag(version: string, key: string): string {
    return `"${createHash('sha256').update(`${version}|${key}`).digest('base64url').slice(0, 22)}"`;
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.entries.bytes;
  }

  /** Forgets every kept calendar (what they show changed outside the events, e.g. an organiser's name). */
  clear(): void {
    this.entries.clear();
  }

  /** The kept calendar, if it was made for this version. */
  get(key: string, version: string): CalendarEntry | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    return hit;
  }

  /** Writes and compresses the calendar once; requests for it while that runs wait for the same one. */
  write(key: string, version: string, render: () => Promise<string>): Promise<CalendarEntry> {
    const flightKey = `${version}|${key}`;
    let writing = this.writing.get(flightKey);
    if (!writing) {
      writing = (async () => {
        const body = await render();
        const br = await brotli(body, brotliOptions(Buffer.byteLength(body), 4));
        const entry: CalendarEntry = { key, version, br };
        this.entries.set(key, entry, br.length);
        return entry;
      })().finally(() => this.writing.delete(flightKey));
      this.writing.set(flightKey, writing);
    }
    return writing;
  }

  /** Sends a kept calendar, compressed as the client prefers. */
  async send(req: FastifyRequest, reply: FastifyReply, entry: CalendarEntry, filename: string) {
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', contentDisposition(filename, 'inline')).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (encoding === 'br') return reply.header('content-encoding', 'br').send(entry.br);
    if (encoding === 'gzip') {
      if (!entry.gzip) {
        entry.gzip = unbrotli(entry.br).then((text) => gzip(text));
        // Counted once made, if the entry is still kept.
        void entry.gzip.then((bytes) => this.grow(entry, bytes.length), () => undefined);
      }
      return reply.header('content-encoding', 'gzip').send(await entry.gzip);
    }
    return reply.send(await unbrotli(entry.br));
  }

  private grow(entry: CalendarEntry, bytes: number): void {
    if (entry.gzipBytes !== undefined) return;
    entry.gzipBytes = bytes;
    this.entries.grow(entry.key, entry, bytes);
  }
}
