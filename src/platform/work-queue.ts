// A bound on heavy work one person can start (a map drawing, an export of a network at the cap): a
// few pieces at once for the whole process, one per person, a short waiting line, and a 429 beyond
// it. The work itself must already be bounded and give the event loop turns; this keeps many of
// them from sharing the cores and the memory at once, so other people's pages stay quick.
// Per process: with several processes each has its own line, which is what bounds each one's cores.
import { tooManyRequests } from './errors.ts';

export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly busy = new Set<string>();

  constructor(
    private readonly atOnce: number,
    private readonly maxWaiting: number,
    private readonly code: string,
  ) {}

  /** Running and waiting pieces, for tests and the bench. */
  get state(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Takes a place for `owner` (refused with 429 when the owner already holds one or the line is
   * full), waits for its turn and returns the function that gives the place back; call it once.
   */
  async enter(owner: string): Promise<() => void> {
    const mustWait = this.running >= this.atOnce;
    if (this.busy.has(owner) || (mustWait && this.waiting.length >= this.maxWaiting)) throw tooManyRequests(this.code);
    this.busy.add(owner);
    if (!mustWait) this.running++;
    // The place passes straight from the one who leaves to the next waiter, so `running` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.busy.delete(owner);
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }

  /** Runs `work` in a place of `owner`'s. */
  async run<T>(owner: string, work: () => Promise<T>): Promise<T> {
    const leave = await this.enter(owner);
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /**
   * A stream's pieces in a place of `owner`'s: the place is taken before the first piece (so a
   * refusal is still an error response, not a broken download) and given back when the stream ends,
   * fails or the reader goes away — also before the first piece was asked for (a generator's own
   * `finally` would not run then).
   */
  async stream<T>(owner: string, pieces: () => AsyncIterable<T>): Promise<AsyncIterableIterator<T>> {
    const leave = await this.enter(owner);
    let inner: AsyncIterator<T> | undefined;
    const iterator: AsyncIterableIterator<T> = {
      async next() {
        try {
          inner ??= pieces()[Symbol.asyncIterator]();
          const result = await inner.next();
          if (result.done) leave();
          return result;
        } catch (error) {
          leave();
          throw error;
        }
      },
      async return(value?: unknown) {
        leave();
        await inner?.return?.(value);
        return { done: true, value: value as T };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
