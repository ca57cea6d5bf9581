// Builds src/platform/auth/data/confusables.tsv — the Unicode TR39 confusable mapping used for
// pseudonym skeletons — from the confusables data of the Debian package python3-confusable-homoglyphs
// (its confusables.json is generated from Unicode's confusables.txt and holds every source ↔ prototype
// pair in both directions). Run: apt-get install python3-confusable-homoglyphs && npm run build:confusables
// Each output line: source code point(s) in hex, a tab, the prototype's code points in hex.
import { readFileSync, writeFileSync } from 'node:fs';

const input = process.argv[2] ?? '/usr/lib/python3/dist-packages/confusable_homoglyphs/confusables.json';
const output = new URL('../src/platform/auth/data/confusables.tsv', import.meta.url).pathname;
const pairs = JSON.parse(readFileSync(input, 'utf8')) as Record<string, Array<{ c: string }>>;

// Undirected graph: in confusables.txt every source maps to one prototype, so each component is a
// star around its prototype. The centre is the prototype; in a pair of two, the sequence of several
// characters, else the ASCII one, else the lower code point, is taken as the prototype.
const neighbours = new Map<string, Set<string>>();
const link = (a: string, b: string) => {
  if (!neighbours.has(a)) neighbours.set(a, new Set());
  neighbours.get(a)!.add(b);
};
for (const [a, list] of Object.entries(pairs)) for (const { c: b } of list) if (a !== b) {
  link(a, b);
  link(b, a);
}

const rank = (s: string): [number, number, number] => [[...s].length > 1 ? 0 : 1, /^[\x20-\x7e]+$/.test(s) ? 0 : 1, s.codePointAt(0) ?? 0];
const better = (a: string, b: string) => {
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
  return a < b;
};

const seen = new Set<string>();
const lines: string[] = [];
for (const start of [...neighbours.keys()].sort()) {
  if (seen.has(start)) continue;
  const component: string[] = [];
  const stack = [start];
  while (stack.length) {
    const node = stack.pop() as string;
    if (seen.has(node)) continue;
    seen.add(node);
    component.push(node);
    for (const next of neighbours.get(node) ?? []) if (!seen.has(next)) stack.push(next);
  }
  const degree = (n: string) => neighbours.get(n)?.size ?? 0;
  const maxDegree = Math.max(...component.map(degree));
  const centres = maxDegree > 1 ? component.filter((n) => degree(n) === maxDegree) : component;
  const prototype = centres.reduce((best, n) => (better(n, best) ? n : best));
  const hex = (s: string) => [...s].map((ch) => (ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')).join(' ');
  for (const node of component) if (node !== prototype && [...node].length === 1) lines.push(`${hex(node)}\t${hex(prototype)}`);
}
lines.sort();
writeFileSync(output, `# Unicode TR39 confusables: source → prototype (built by scripts/build-confusables.ts)\n${lines.join('\n')}\n`);
console.log(`${lines.length} mappings written to ${output}`);
