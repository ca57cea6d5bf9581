// The seam between the network and the directory (groups, contact points, organisations): a
// reference such as "group:<slug>" or "organisation:<slug>" is resolved to a name and address
// by whatever the directory registers here for its app (keyed by the app's Deps, so several apps in
// one process — tests — never ask each other's databases). Until then nothing is found (a friendly 404).
import type { Deps } from '../../platform/deps.ts';
export interface DirectoryEntryRef {
  name: string;
  kind: 'group' | 'organisation';
  url: string;
}

export type DirectoryResolver = (ref: { kind: 'group' | 'organisation'; slug: string }) => Promise<DirectoryEntryRef | undefined>;

const findNothing: DirectoryResolver = async () => undefined;
const resolvers = new WeakMap<Deps, DirectoryResolver>();

/** The directory calls this once when its app is built; tests set their own. Passing nothing restores the default. */
export function setDirectoryResolver(deps: Deps, fn: DirectoryResolver | undefined): void {
  if (fn) resolvers.set(deps, fn);
  else resolvers.delete(deps);
}

const REF = /^(group|organisation):([a-z0-9][a-z0-9-]{0,119})$/;

/** Parses "group:<slug>" / "organisation:<slug>"; undefined when malformed. */
export function parseDirectoryRef(ref: string): { kind: 'group' | 'organisation'; slug: string } | undefined {
  const m = REF.exec(ref.trim().toLowerCase());
  return m ? { kind: m[1] as 'group' | 'organisation', slug: m[2] as string } : undefined;
}

export async function resolveDirectoryRef(deps: Deps, ref: string): Promise<DirectoryEntryRef | undefined> {
  const parsed = parseDirectoryRef(ref);
  if (!parsed) return undefined;
  const found = await (resolvers.get(deps) ?? findNothing)(parsed);
  // Only local paths or http(s) addresses are kept, whatever the resolver returns.
  if (!found || !found.name.trim() || !/^(\/|https?:\/\/)/.test(found.url)) return undefined;
  return { name: found.name.trim().slice(0, 120), kind: found.kind, url: found.url.slice(0, 500) };
}
