// Fuzz and timing of the crisis check: 10 000 random and adversarial texts (look-alike letters,
// zero-width characters, leetspeak, spaced and stretched letters, long and binary-looking input).
// Reports errors (must be none), how many disguised crisis phrases were still found, and the mean
// time per text. Run with `npm run bench -- --crisis` or `tsx bench/crisis.ts [--count N] [--misses]`
// (the latter also prints recall and precision on the labelled sentences).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkCrisisText } from '../src/platform/crisis/index.ts';
import { evaluate, formatFigures, loadDataset } from '../src/platform/crisis/evaluate.ts';

/** The main phrases every disguise must still be caught in. */
const MAIN_PHRASES = [
  'ich will mich umbringen', 'ich bring mich um', 'ich sammle Tabletten', 'ich will nicht mehr aufwachen',
  'mein Abschiedsbrief ist fertig', 'ich will nicht mehr', 'ich will sterben', 'ich ritze mich',
  'ich nehme mir das Leben', 'I want to kill myself', 'I want to die', 'I cut myself again',
];

const LOOK_ALIKES: Record<string, string[]> = {
  a: ['а', 'α', '4', '@'], e: ['е', 'ε', '3'], o: ['о', 'ο', '0'], i: ['і', 'ι', '1', '|'], c: ['с'], p: ['р'],
  x: ['х'], y: ['у'], s: ['ѕ', '5', '$'], t: ['т', '7'], b: ['в', '8'], k: ['к', 'κ'], m: ['м'], h: ['н'],
  l: ['1', '|', 'ӏ'], u: ['υ', 'ü'], n: ['η'], g: ['9'],
};
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u202c'];

/** A small deterministic random source, so two runs fuzz the same texts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** One disguise of a phrase; every kind keeps the phrase readable for a person. */
function disguise(rnd: () => number, text: string): string {
  const kind = Math.floor(rnd() * 7);
  const chars = [...text];
  switch (kind) {
    case 0: // look-alike letters from other scripts and digits
      return chars.map((ch) => (rnd() < 0.4 && LOOK_ALIKES[ch.toLowerCase()] ? pick(rnd, LOOK_ALIKES[ch.toLowerCase()] as string[]) : ch)).join('');
    case 1: // zero-width and other invisible characters inside words
      return chars.map((ch) => (rnd() < 0.3 ? ch + pick(rnd, INVISIBLE) : ch)).join('');
    case 2: // letters spaced out
      return text.split(' ').map((w) => [...w].join(' ')).join('   ');
    case 3: // stretched letters and shouting
      return chars.map((ch) => (rnd() < 0.2 && /\p{L}/u.test(ch) ? ch.repeat(2 + Math.floor(rnd() * 4)) : ch)).join('').toUpperCase();
    case 4: // fullwidth and mathematical letters (NFKC folds them back)
      return chars.map((ch) => (/[a-z]/.test(ch) && rnd() < 0.5 ? String.fromCodePoint(0x1d41a + ch.charCodeAt(0) - 97) : /[a-z]/.test(ch) ? String.fromCodePoint(0xff41 + ch.charCodeAt(0) - 97) : ch)).join('');
    case 5: // dotted letters
      return text.split(' ').map((w) => [...w].join('.')).join(' ');
    default: // combining marks stacked on letters
      return chars.map((ch) => (rnd() < 0.3 ? ch + '\u0301\u0308' : ch)).join('');
  }
}

function randomText(rnd: () => number, words: string[]): string {
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) {
    // Any code points, including surrogates, controls and private use.
    const length = Math.floor(rnd() * 400);
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(rnd() * 0xffff));
    return s;
  }
  if (kind === 1) {
    // Words from the labelled sentences shuffled into nonsense, up to a long post.
    const n = 1 + Math.floor(rnd() * 300);
    return Array.from({ length: n }, () => pick(rnd, words)).join(rnd() < 0.5 ? ' ' : '. ');
  }
  if (kind === 2) return pick(rnd, ['', ' ', '\n\n\n', '.'.repeat(5000), 'a '.repeat(5000), '\u200b'.repeat(3000), '🙂'.repeat(2000)]);
  return disguise(rnd, pick(rnd, words.slice(0, 50)).repeat(1 + Math.floor(rnd() * 3)));
}

export function runCrisisBench(count = 10_000): { errors: number; meanMs: number; disguisedFound: number; disguised: number } {
  const rnd = random(20261130);
  const words = [...loadDataset('de'), ...loadDataset('en')].flatMap((s) => s.text.split(/\s+/));
  const texts: Array<{ text: string; crisis: boolean }> = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) texts.push({ text: disguise(rnd, pick(rnd, MAIN_PHRASES)), crisis: true });
    else texts.push({ text: randomText(rnd, words), crisis: false });
  }
  let errors = 0;
  let disguisedFound = 0;
  for (const { text } of texts.slice(0, 200)) checkCrisisText(text); // warm-up, not counted
  const started = performance.now();
  for (const { text, crisis } of texts) {
    try {
      const result = checkCrisisText(text);
      if (crisis && result.classes.length > 0) disguisedFound++;
    } catch {
      errors++;
    }
  }
  const elapsed = performance.now() - started;
  const disguised = texts.filter((t) => t.crisis).length;
  const meanMs = elapsed / texts.length;
  const totalChars = texts.reduce((n, t) => n + t.text.length, 0);
  console.log(`crisis check: ${texts.length} texts (${disguised} disguised crisis phrases, ${texts.length - disguised} random or adversarial; ${Math.round(totalChars / texts.length)} characters on average)`);
  console.log(`  errors: ${errors}`);
  console.log(`  disguised crisis phrases found: ${disguisedFound} of ${disguised} (${((disguisedFound / disguised) * 100).toFixed(1)} %)`);
  console.log(`  mean time per text: ${meanMs.toFixed(4)} ms (total ${elapsed.toFixed(0)} ms)`);
  return { errors, meanMs, disguisedFound, disguised };
}

/** Recall and precision on the labelled sentences; with `misses`, every sentence the check got wrong. */
export function printDatasetFigures(misses: boolean): void {
  for (const [language, part] of [['de', 'tuning'], ['en', 'tuning'], ['de', 'second'], ['en', 'second'], ['de', 'blind'], ['en', 'blind'], ['de', 'fresh'], ['en', 'fresh']] as const) {
    const figures = evaluate(loadDataset(language, part));
    console.log(formatFigures(`${language} (${part})`, figures));
    if (misses) for (const m of figures.misses) console.log(`    ${m.label} -> ${m.predicted}: ${m.text}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { count: { type: 'string' }, misses: { type: 'boolean' } } });
  printDatasetFigures(Boolean(values.misses));
  const result = runCrisisBench(values.count ? Number(values.count) : 10_000);
  process.exit(result.errors === 0 ? 0 : 1);
}
