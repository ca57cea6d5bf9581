// Answers of /calendar.ics kept by address and locale for the state of the events they were made
// from: calendar programs ask the same address again and again, and a year of events takes a while
// to write. Each calendar is written once for all requests that ask meanwhile, and compressed once,
// off the event loop (zlib's thread pool): a year of events is megabytes of text.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../platform/download.ts';
import { preferredEncoding } from '../../platform/http.tsx';

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

export interface CalendarEntry {
  version: string;
  body: string;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

export class CalendarCache {
  private readonly entries = new Map<string, CalendarEntry>();
  private readonly writing = new Map<string, Promise<CalendarEntry>>();

  constructor(private readonly limit = 200) {}

  /** The ETag of a calendar: its address, locale and the version of the events it was made from. */
  static tag(version: string, key: string): string {
    return `"${createHash('sha256').update(`${version}|${key}`).digest('base64url').slice(0, 22)}"`;
  }

  /** Forgets every kept calendar (what they show changed outside the events, e.g. an organiser's name). */
  clear(): void {
    this.entries.clear();
  }

  /** The kept calendar, if it was made for this version. */
  get(key: string, version: string): CalendarEntry | undefined {
    const hit = this.entries.get(key);
    return hit && hit.version === version ? hit : undefined;
  }

  /** Writes the calendar once; requests for it while it is being written wait for that one writing. */
  write(key: string, version: string, render: () => Promise<string>): Promise<CalendarEntry> {
    const flightKey = `${version}|${key}`;
    let writing = this.writing.get(flightKey);
    if (!writing) {
      writing = (async () => {
        const entry: CalendarEntry = { version, body: await render() };
        if (this.entries.size >= this.limit) this.entries.clear();
        this.entries.set(key, entry);
        return entry;
      })().finally(() => this.writing.delete(flightKey));
      this.writing.set(flightKey, writing);
    }
    return writing;
  }
}

/** Sends a kept calendar, compressed as the client prefers; the compressed bytes are kept with it. */
export async function sendCalendar(req: FastifyRequest, reply: FastifyReply, entry: CalendarEntry, filename: string) {
  const encoding = preferredEncoding(req.headers['accept-encoding']);
  reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', contentDisposition(filename, 'inline')).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (encoding === 'br') {
    entry.br ??= brotli(entry.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(entry.body) } });
    return reply.header('content-encoding', 'br').send(await entry.br);
  }
  if (encoding === 'gzip') {
    entry.gzip ??= gzip(entry.body);
    return reply.header('content-encoding', 'gzip').send(await entry.gzip);
  }
  return reply.send(entry.body);
}
