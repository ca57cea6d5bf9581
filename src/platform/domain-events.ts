// Domain events inside one process: a feature says what happened ("group.changed") after its
// transaction committed, and other features react (drop a cache, send a mail) without the first
// one knowing them. Handlers run one after another; one that fails is logged and does not stop
// the others or the action. (Live updates across processes are the live-update bus, not this.)
import type { FastifyBaseLogger } from 'fastify';

/** Event names and their payloads; features add theirs by declaration merging. */
export interface DomainEventMap {
  /** A group's listing changed (created, edited, schedule saved, status changed). */
  'group.changed': { groupId: string; slug: string; by: string | null };
}

type Handler<K extends keyof DomainEventMap> = (payload: DomainEventMap[K]) => void | Promise<void>;

export class DomainEvents {
  private readonly handlers = new Map<keyof DomainEventMap, Array<Handler<never>>>();

  constructor(private readonly log?: FastifyBaseLogger) {}

  on<K extends keyof DomainEventMap>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(name, list);
  }

  async emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        await (handler as Handler<K>)(payload);
      } catch (error) {
        this.log?.error({ err: error, event: name }, 'a domain event handler failed');
      }
    }
  }
}
