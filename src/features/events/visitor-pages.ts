// Whole list and month pages as a visitor sees them, with their compressed forms, kept per address
// and language and valid while their stamp holds: the events version and minute of the kept list,
// the places taken of the events shown, and the organisers the filter offers. A visitor's page holds
// nothing of the person (its forms only search, so no CSRF token). Bounded by size, least recently
// used first out; a group change (the organiser names they show) empties it in every process.
import { createHash } from 'node:crypto';
import type { PreparedHtml } from '../../platform/http.tsx';

interface Kept {
  tag: string;
  page: PreparedHtml;
  bytes: number;
}

/** Most bytes the kept pages may hold (text, brotli and gzip of each, estimated when kept). */
const MAX_BYTES = 16 * 1024 * 1024;

export class VisitorPages {
  private readonly entries = new Map<string, Kept>();
  private bytes = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  /** The ETag of a page: its address, language and stamp. */
  static tag(key: string, stamp: string): string {
    return `"${createHash('sha256').update(`${stamp}|${key}`).digest('base64url').slice(0, 22)}"`;
  }

  get(key: string, tag: string): PreparedHtml | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.tag !== tag) return undefined;
    // Most recently used last: the map's order is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.page;
  }

  set(key: string, tag: string, page: PreparedHtml): void {
    this.drop(key);
    // A string of two-byte characters at worst, and its compressed forms (a fraction of it) beside.
    const bytes = page.body.length * 2 + Math.ceil(page.body.length / 2) + key.length * 2;
    if (bytes > this.maxBytes / 8) return;
    while (this.bytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
    this.entries.set(key, { tag, page, bytes });
    this.bytes += bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** What the kept pages hold, by the estimate above. */
  get size(): { pages: number; bytes: number } {
    return { pages: this.entries.size, bytes: this.bytes };
  }

  private drop(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }
}
