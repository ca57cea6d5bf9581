// Live-update bus: publish a small JSON message on a named channel; every subscriber in every
// process receives it. On SQLite (one process) it is an in-process emitter; on PostgreSQL each
// process holds ONE listening connection and messages travel through NOTIFY, so a post made
// through one process reaches readers connected to another.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

export type LiveHandler = (data: unknown) => void;

export interface LiveBus {
  /** Delivers to every subscriber of the channel, in this process and (PostgreSQL) all others. */
  publish(channel: string, data: unknown): Promise<void>;
  /** Returns the function that ends the subscription. */
  subscribe(channel: string, handler: LiveHandler): () => void;
  /** Subscribers in this process (for metrics and tests). */
  listenerCount(): number;
  close(): Promise<void>;
}

// NOTIFY payloads are limited to 8000 bytes; messages carry ids, never texts.
const MAX_PAYLOAD = 7900;

class LocalFanout {
  private readonly emitter = new EventEmitter();
  private count = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(channel: string, data: unknown): void {
    this.emitter.emit(channel, data);
  }

  on(channel: string, handler: LiveHandler): () => void {
    this.emitter.on(channel, handler);
    this.count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.count--;
      this.emitter.off(channel, handler);
    };
  }

  size(): number {
    return this.count;
  }
}

export class InProcessBus implements LiveBus {
  private readonly fanout = new LocalFanout();

  async publish(channel: string, data: unknown): Promise<void> {
    // Delivered after the current tick, as a NOTIFY would be: a publisher never runs handlers inline.
    setImmediate(() => this.fanout.emit(channel, data));
  }

  subscribe(channel: string, handler: LiveHandler): () => void {
    return this.fanout.on(channel, handler);
  }

  listenerCount(): number {
    return this.fanout.size();
  }

  async close(): Promise<void> {}
}

/** PostgreSQL LISTEN/NOTIFY: one pg channel per schema, messages { c: channel, d: data }. */
export class PostgresBus implements LiveBus {
  private readonly fanout = new LocalFanout();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private readonly pgChannel: string;

  constructor(
    private readonly connectionString: string,
    private readonly publishQuery: (pgChannel: string, payload: string) => Promise<void>,
    schema: string | undefined,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.pgChannel = `live_${(schema ?? 'public').replace(/[^a-z0-9_]/gi, '')}`.toLowerCase();
  }

  /** Opens the listening connection; reconnects after a loss with a short pause. */
  start(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
      client.on('notification', (msg) => {
        if (msg.channel !== this.pgChannel || !msg.payload) return;
        try {
          const { c, d } = JSON.parse(msg.payload) as { c: string; d: unknown };
          this.fanout.emit(c, d);
        } catch {
          // A foreign or broken payload is ignored; nothing we publish looks like that.
        }
      });
      client.on('error', (error) => {
        this.log?.warn({ err: error }, 'live bus connection lost');
        this.client = undefined;
        this.connecting = undefined;
        if (!this.closed) setTimeout(() => void this.start().catch(() => undefined), 1000).unref();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${this.pgChannel}`);
      } catch (error) {
        // The database is away: try again shortly (not for ever from a closed app), so listeners
        // hear messages again once it is back.
        this.connecting = undefined;
        await client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.start().catch(() => undefined), 1000).unref();
        throw error;
      }
      // The app may have closed while the connection was being opened: end it, or it would keep the
      // process alive.
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    })();
    return this.connecting;
  }

  async publish(channel: string, data: unknown): Promise<void> {
    const payload = JSON.stringify({ c: channel, d: data });
    if (payload.length > MAX_PAYLOAD) throw new Error('live message too large');
    await this.publishQuery(this.pgChannel, payload);
  }

  subscribe(channel: string, handler: LiveHandler): () => void {
    void this.start().catch((error: unknown) => this.log?.error({ err: error }, 'live bus could not listen'));
    return this.fanout.on(channel, handler);
  }

  listenerCount(): number {
    return this.fanout.size();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  /** Resolves once the listening connection is up (tests, and a process that wants to be ready). */
  ready(): Promise<void> {
    return this.start();
  }
}
