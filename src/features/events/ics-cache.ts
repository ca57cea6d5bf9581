// Answers of /calendar.ics kept by address and locale for the state of the events they were made
// from: calendar programs ask the same address again and again, and a year of events takes a while
// to write. Each calendar is written once for all requests that ask meanwhile, and compressed once,
// off the event loop (zlib's thread pool). Only the compressed bytes are kept (a year of events is
// megabytes of text but a quarter of a megabyte in brotli); gzip is made from them when a client asks
// for it, and the rare client that takes neither gets the text unpacked again. Bounded by bytes, least
// recently used out.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../platform/download.ts';
import { preferredEncoding } from '../../platform/http.tsx';

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
  private readonly entries = new Map<string, CalendarEntry>();
  private readonly writing = new Map<string, Promise<CalendarEntry>>();
  private size = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  /** The ETag of a calendar: its address, locale and the version of the events it was made from. */
  static tag(version: string, key: string): string {
    return `"${createHash('sha256').update(`${version}|${key}`).digest('base64url').slice(0, 22)}"`;
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.size;
  }

  /** Forgets every kept calendar (what they show changed outside the events, e.g. an organiser's name). */
  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  /** The kept calendar, if it was made for this version. */
  get(key: string, version: string): CalendarEntry | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    // Most recently used last: the map's order is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Writes and compresses the calendar once; requests for it while that runs wait for the same one. */
  write(key: string, version: string, render: () => Promise<string>): Promise<CalendarEntry> {
    const flightKey = `${version}|${key}`;
    let writing = this.writing.get(flightKey);
    if (!writing) {
      writing = (async () => {
        const body = await render();
        const br = await brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } });
        const entry: CalendarEntry = { key, version, br };
        this.store(key, entry);
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

  private store(key: string, entry: CalendarEntry): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= weight(old);
    }
    if (entry.br.length > this.maxBytes / 2) return;
    this.entries.set(key, entry);
    this.size += entry.br.length;
    this.trim();
  }

  private grow(entry: CalendarEntry, bytes: number): void {
    if (entry.gzipBytes !== undefined) return;
    entry.gzipBytes = bytes;
    if (this.entries.get(entry.key) !== entry) return;
    this.size += bytes;
    this.trim();
  }

  /** Drops the least recently used calendars until the kept bytes fit. */
  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(key);
      this.size -= weight(entry);
    }
  }
}

/** The bytes an entry holds: brotli, and gzip once made (a pending gzip is not counted yet). */
function weight(entry: CalendarEntry): number {
  return entry.br.length + (entry.gzipBytes ?? 0);
}
