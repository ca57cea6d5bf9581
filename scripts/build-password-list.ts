// Builds src/platform/auth/data/common-passwords.txt: widely used passwords that our
// length rule (>= 10 characters) would otherwise let through. Source: the ranked list of the
// @zxcvbn-ts/language-common package, plus German patterns we add ourselves.
// Run with `npm run build:passwords`; the result is committed so nothing is fetched at run time.
import { writeFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';

const MIN_LENGTH = 10;

// Patterns German speakers often use that English-centred lists miss.
const germanStems = ['passwort', 'kennwort', 'hallohallo', 'ichliebedich', 'schatzi', 'sommer', 'winter', 'fruehling', 'herbst',
  'deutschland', 'fussball', 'bayern', 'borussia', 'schalke', 'schneewittchen', 'geheim', 'zugang', 'willkommen', 'miteinander',
  'selbsthilfe', 'sonnenschein', 'mausi', 'hasenbein', 'blumenwiese'];
const suffixes = ['', '1', '12', '123', '1234', '12345', '123456', '!', '2024', '2025', '2026', '2027', '01', '1!'];

const words = new Set<string>();
for (const p of (dictionary as { passwords: string[] }).passwords) {
  if (p.length >= MIN_LENGTH) words.add(p.toLowerCase());
}
for (const stem of germanStems) {
  for (const suffix of suffixes) {
    const candidate = stem + suffix;
    if (candidate.length >= MIN_LENGTH) words.add(candidate);
  }
}
const sorted = [...words].sort();
writeFileSync(new URL('../src/platform/auth/data/common-passwords.txt', import.meta.url), sorted.join('\n') + '\n');
console.log(`wrote ${sorted.length} passwords`);
