// The contract between app.ts and a feature. Each feature's index.ts exports one FeatureModule;
// app.ts installs the modules' message catalogs and calls register() in its list's order. Features
// meet only through what they are handed here:
// - ports: objects one feature offers the others (the directory port: groups, membership, the
//   group guard, the schedule command, the group page's sections). A feature that offers a port
//   adds its type to Ports by declaration merging in its index.ts and sets it in register();
//   features that use it are registered later and take it with requirePort().
// - domain events (platform/domain-events.ts): "this happened" for whoever wants to react.
// A feature never imports another feature's inner files (eslint enforces it, see eslint.config.js).
import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.ts';
import type { DomainEvents } from './domain-events.ts';
import type { FeatureMessages } from './i18n/index.ts';

/** Ports features offer each other; each offering feature merges its own entry in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Ports {}

export interface FeatureContext {
  deps: Deps;
  /** Filled as features register: a port exists once the feature offering it has registered. */
  ports: Partial<Ports>;
  events: DomainEvents;
}

export interface FeatureModule {
  name: string;
  /** The feature's texts; app.ts installs them before any feature registers. */
  messages?: FeatureMessages;
  register(app: FastifyInstance, ctx: FeatureContext): Promise<void>;
}

/** A port another feature offers; a clear error when the modules are listed in the wrong order. */
export function requirePort<K extends keyof Ports>(ports: Partial<Ports>, name: K, by: string): Ports[K] {
  const port = ports[name];
  if (!port) throw new Error(`${by} needs the ${String(name)} port: register the feature offering it first (app.ts)`);
  return port as Ports[K];
}
