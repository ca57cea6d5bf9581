// Server-sent events for live pages. The permission check happens before this is called; here:
// subscribe first, replay what the client missed (Last-Event-ID), then stream, with heartbeats
// and a bound on what may queue up for a slow reader (it is dropped and reconnects with its
// Last-Event-ID, losing nothing).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveBus } from './bus.ts';

export interface LiveEvent {
  /** Increasing within the stream; sent as the SSE id and compared on replay. */
  id: number;
  event?: string;
  data: unknown;
}

export interface EventStreamOptions {
  bus: LiveBus;
  channel: string;
  /** Turns a bus message into an event for this reader, or undefined to skip it. */
  toEvent(message: unknown): LiveEvent | undefined | Promise<LiveEvent | undefined>;
  /** Events after the given id, oldest first (reconnects). */
  replay(afterId: number): Promise<LiveEvent[]>;
  heartbeatMs?: number;
  /** Events held for a reader whose socket does not drain before it is dropped. */
  maxQueued?: number;
}

const openStreams = new WeakMap<LiveBus, Set<() => void>>();

/** Ends every open stream of this bus (the app is shutting down; browsers reconnect elsewhere). */
export function endAllStreams(bus: LiveBus): void {
  for (const close of openStreams.get(bus) ?? []) close();
}

export function lastEventId(req: FastifyRequest): number {
  const header = req.headers['last-event-id'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? (req.query as Record<string, unknown> | undefined)?.lastEventId;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

function format(e: LiveEvent): string {
  return `id: ${e.id}\n${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`;
}

export async function openEventStream(req: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): Promise<void> {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const maxQueued = options.maxQueued ?? 200;
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Proxies (nginx) would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders?.();

  let lastSent = lastEventId(req);
  let replaying = true;
  let closed = false;
  let queued = 0;
  const held: unknown[] = [];

  let streams = openStreams.get(options.bus);
  if (!streams) openStreams.set(options.bus, (streams = new Set()));
  const close = () => {
    if (closed) return;
    closed = true;
    streams.delete(close);
    unsubscribe();
    clearInterval(heartbeat);
    if (!raw.writableEnded) raw.end();
  };

  const write = (chunk: string) => {
    if (closed) return;
    const ok = raw.write(chunk);
    if (!ok) {
      queued++;
      // The reader does not keep up: let it go; it reconnects and replays from its last id.
      if (queued > maxQueued) close();
      else raw.once('drain', () => (queued = 0));
    }
  };

  const deliver = async (message: unknown) => {
    const e = await options.toEvent(message);
    if (!e || e.id <= lastSent || closed) return;
    lastSent = e.id;
    write(format(e));
  };

  const unsubscribe = options.bus.subscribe(options.channel, (message) => {
    if (replaying) held.push(message);
    else void deliver(message).catch(() => close());
  });
  const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  streams.add(close);
  req.raw.on('close', close);
  raw.on('error', close);

  // Tell the browser how long to wait before reconnecting, then catch up.
  write('retry: 3000\n\n');
  try {
    if (lastSent > 0) {
      for (const e of await options.replay(lastSent)) {
        if (e.id > lastSent) {
          lastSent = e.id;
          write(format(e));
        }
      }
    }
    replaying = false;
    for (const message of held.splice(0)) await deliver(message);
  } catch {
    close();
  }
}
