// The bound every answer cache of the process shares: values kept by key up to a number of bytes, the
// least recently used dropped first. Each value says its own weight (compressed bytes, or characters
// of rendered HTML), so the caches that keep pages, cards and calendars count the same way.

export class ByteLru<V> {
  // A Map yields its keys in insertion order: a hit is moved to the end, so the first is the oldest.
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private size = 0;

  /** maxEntryBytes: a single value heavier than this is not kept at all (it would push out all others). */
  constructor(
    readonly maxBytes: number,
    private readonly maxEntryBytes = maxBytes,
  ) {}

  /** Bytes kept now. */
  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }

  /** The value kept under the key, now counted as the most recently used. */
  get(key: string): V | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    this.entries.delete(key);
    this.entries.set(key, kept);
    return kept.value;
  }

  /** Keeps the value in place of any under the same key, then drops the oldest until the bytes fit. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxEntryBytes) return;
    this.entries.set(key, { value, bytes });
    this.size += bytes;
    this.trim();
  }

  /** Counts bytes a kept value took on later (a gzip form made on demand), if it is still the one kept. */
  grow(key: string, value: V, bytes: number): void {
    const kept = this.entries.get(key);
    if (kept?.value !== value) return;
    kept.bytes += bytes;
    this.size += bytes;
    this.trim();
  }

  delete(key: string): void {
    const kept = this.entries.get(key);
    if (!kept) return;
    this.entries.delete(key);
    this.size -= kept.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  private trim(): void {
    for (const [key, kept] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(key);
      this.size -= kept.bytes;
    }
  }
}
