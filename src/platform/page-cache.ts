// Whole pages that are the same for every visitor (no session, no flash message, no CSRF token), kept
// as compressed bytes per address, language and data version, with an ETag so that a browser that
// already has the page gets a 304. A page that names a person is never kept: such requests are
// rendered as always.
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ByteLru } from './byte-lru.ts';
import { brotliOptions, carriesCsrfToken, hasFlash, ownBytes, preferredEncoding, sendHtml } from './http.tsx';

/** What a handler renders: the page, its status, and whether it holds only what every visitor may see. */
export interface RenderedPage {
  html: JSX.Element;
  status?: number;
  /** False when the page shows something the version does not cover (the handler knows). */
  cacheable?: boolean;
}

interface Entry {
  key: string;
  version: string;
  etag: string;
  br: Buffer;
  gzip: Buffer | undefined;
}

/** Keys longer than this are not kept (an address is at most a few hundred characters in practice). */
const MAX_KEY_LENGTH = 1000;


export class VisitorPageCache {
  private readonly entries: ByteLru<Entry>;
  hits = 0;
  misses = 0;

  /** maxBytes bounds the compressed bytes kept (brotli, and gzip for the clients that ask for it). */
  constructor(readonly maxBytes = 8 * 1024 * 1024) {
    this.entries = new ByteLru(maxBytes);
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.entries.bytes;
  }

  get count(): number {
    return this.entries.count;
  }

  /** Forgets every page (what they show changed in a way the version does not tell). */
  clear(): void {
    this.entries.clear();
  }

  /**
   * The key of a request whose page is the same for every visitor with this language, or undefined
   * when it may carry something of one person (a session, a flash message) and must be rendered.
   */
  static keyOf(req: FastifyRequest): string | undefined {
    if (req.method !== 'GET' || req.actor.kind !== 'anonymous' || req.url.length > MAX_KEY_LENGTH || hasFlash(req)) return undefined;
    return `${req.locale} ${req.url}`;
  }

  /**
   * Answers from the kept bytes when they were made for this version; otherwise renders, sends and
   * keeps the page if it is a 200 that set no cookie and made no CSRF token. The version must move
   * with every change of what the page shows, in any process (read it from the database, or take one
   * that follows the database, such as the directory index's).
   */
  async send(req: FastifyRequest, reply: FastifyReply, version: string, render: () => Promise<RenderedPage>): Promise<FastifyReply> {
    const key = VisitorPageCache.keyOf(req);
    if (key !== undefined) {
      const hit = this.entries.get(key);
      if (hit && hit.version === version) {
        this.hits++;
        return this.answer(req, reply, hit);
      }
    }
    const page = await render();
    const status = page.status ?? 200;
    const html = await page.html;
    if (key === undefined || status !== 200 || page.cacheable === false || carriesCsrfToken(req) || reply.hasHeader('set-cookie')) {
      return sendHtml(reply, html, status);
    }
    this.misses++;
    const br = ownBytes(brotliCompressSync(html, brotliOptions(html.length)));
    const entry: Entry = { key, version, etag: `"${createHash('sha256').update(br).digest('base64url').slice(0, 22)}"`, br, gzip: undefined };
    this.entries.set(key, entry, br.length);
    return this.answer(req, reply, entry);
  }

  private answer(req: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
    // private: a shared cache must not keep it (the same address is a different page for a member);
    // no-cache: the browser keeps it but asks each time, and gets a 304 while it is current.
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-cache').header('etag', entry.etag).header('vary', 'accept-encoding');
    const asked = req.headers['if-none-match'];
    if (asked && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag)) return reply.status(304).send();
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    if (encoding === 'br') return reply.status(200).header('content-encoding', 'br').send(entry.br);
    if (encoding === 'gzip') {
      if (!entry.gzip) {
        entry.gzip = ownBytes(gzipSync(brotliDecompressSync(entry.br), { level: 6 }));
        this.entries.grow(entry.key, entry, entry.gzip.length);
      }
      return reply.status(200).header('content-encoding', 'gzip').send(entry.gzip);
    }
    return reply.status(200).send(brotliDecompressSync(entry.br));
  }
}
