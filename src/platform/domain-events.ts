// Domain events: a feature says what happened ("group.changed") after its transaction committed,
// and other features react (drop a cache, rename a board) without the first one knowing them.
// Handlers run one after another; one that fails is logged and does not stop the others or the
// action.
//
// Two kinds of reaction:
// - `on`: work done once, in the process where the change happened (a database write).
// - `onEveryProcess`: work every process must do (forget what it derived or cached). With a live
//   bus the event also travels to the other processes (PostgreSQL NOTIFY); each process runs these
//   handlers exactly once per event — its own events directly, others' from the bus.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LiveBus } from './live/bus.ts';

/** Event names and their payloads; features add theirs by declaration merging. */
export interface DomainEventMap {
  /** A group's listing changed (created, edited, schedule saved, status changed). */
  'group.changed': { groupId: string; slug: string; by: string | null };
}

type Handler<K extends keyof DomainEventMap> = (payload: DomainEventMap[K]) => void | Promise<void>;
type AnyHandler = Handler<never>;

const channelOf = (name: string) => `domain:${name}`;

export class DomainEvents {
  private readonly local = new Map<keyof DomainEventMap, AnyHandler[]>();
  private readonly everywhere = new Map<keyof DomainEventMap, AnyHandler[]>();
  private readonly stops: Array<() => void> = [];
  /** Marks this process's own messages on the bus, so they are not handled twice. */
  private readonly origin = randomUUID();

  constructor(
    private readonly log?: FastifyBaseLogger,
    private readonly bus?: LiveBus,
  ) {}

  on<K extends keyof DomainEventMap>(name: K, handler: Handler<K>): void {
    push(this.local, name, handler as AnyHandler);
  }

  onEveryProcess<K extends keyof DomainEventMap>(name: K, handler: Handler<K>): void {
    const first = !this.everywhere.has(name);
    push(this.everywhere, name, handler as AnyHandler);
    if (!first || !this.bus) return;
    this.stops.push(
      this.bus.subscribe(channelOf(name), (message) => {
        const { o, d } = (message ?? {}) as { o?: string; d?: DomainEventMap[K] };
        if (o === this.origin || d === undefined) return;
        void this.run(name, this.everywhere.get(name) ?? [], d);
      }),
    );
  }

  async emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): Promise<void> {
    await this.run(name, [...(this.local.get(name) ?? []), ...(this.everywhere.get(name) ?? [])], payload);
    if (!this.bus) return;
    // Other processes hear of it even if none of their handlers is registered yet in this one.
    await this.bus.publish(channelOf(name), { o: this.origin, d: payload }).catch((error: unknown) => {
      this.log?.warn({ err: error, event: name }, 'a domain event could not reach other processes');
    });
  }

  /** Ends the bus subscriptions (the app closes). */
  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private async run<K extends keyof DomainEventMap>(name: K, handlers: readonly AnyHandler[], payload: DomainEventMap[K]): Promise<void> {
    for (const handler of handlers) {
      try {
        await (handler as Handler<K>)(payload);
      } catch (error) {
        this.log?.error({ err: error, event: name }, 'a domain event handler failed');
      }
    }
  }
}

function push(map: Map<keyof DomainEventMap, AnyHandler[]>, name: keyof DomainEventMap, handler: AnyHandler): void {
  const list = map.get(name) ?? [];
  list.push(handler);
  map.set(name, list);
}
