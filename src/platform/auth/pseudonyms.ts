// Pseudonyms that cannot pass for someone else: characters that show nothing are refused, and
// uniqueness is decided on a confusable skeleton (Unicode TR39), so "Admin Аnke" with a Cyrillic А
// is the same name as "Admin Anke". The mapping is data (data/confusables.tsv, built by
// scripts/build-confusables.ts from Unicode's confusables list), not a hand-picked set of letters.
import { readFileSync } from 'node:fs';

let confusables: Map<number, string> | undefined;

function mapping(): Map<number, string> {
  if (confusables) return confusables;
  const map = new Map<number, string>();
  const text = readFileSync(new URL('./data/confusables.tsv', import.meta.url), 'utf8');
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [source, target] = line.split('\t');
    if (!source || !target) continue;
    map.set(Number.parseInt(source, 16), String.fromCodePoint(...target.split(' ').map((h) => Number.parseInt(h, 16))));
  }
  confusables = map;
  return map;
}

/** TR39 skeleton: decompose, replace every character by its prototype, decompose again. */
export function skeleton(text: string): string {
  const map = mapping();
  let out = '';
  for (const ch of text.normalize('NFD')) out += map.get(ch.codePointAt(0) as number) ?? ch;
  return out.normalize('NFD');
}

/**
 * The key two pseudonyms must not share: case, width and spacing folded (NFKC, lower case) and
 * confusables mapped; the skeleton is taken before and after lower-casing, so "AdmIn" and "Admln"
 * (capital i, small L) meet as well as "Admin" and "admin".
 */
export function pseudonymSkeleton(pseudonym: string): string {
  const folded = pseudonym.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  return skeleton(skeleton(folded).toLocaleLowerCase('de-DE'));
}

// Characters that render as nothing or rearrange what follows: default-ignorable code points
// (U+034F, variation selectors such as U+FE0F, zero-width characters, U+3164 HANGUL FILLER, bidi
// controls …), controls, format characters, private use, unassigned, surrogates, line and paragraph
// separators, and blank-looking letters that are not default-ignorable (Braille blank).
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\u2800\u115F\u1160\u3164\uFFA0]/u;
// Stacked marks (more than two on one letter) can hide or paint over neighbouring letters.
const STACKED_MARKS = /\p{M}{3,}/u;
// Any space but the plain one (NFKC turns most of them into it, not all).
const ODD_SPACE = /(?! )\p{White_Space}/u;

/** True when the pseudonym holds something a reader cannot see or that disguises other letters. */
export function hasInvisibleCharacters(pseudonym: string): boolean {
  return INVISIBLE.test(pseudonym) || STACKED_MARKS.test(pseudonym.normalize('NFD')) || ODD_SPACE.test(pseudonym);
}

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
const ODD_SPACE_ALL = new RegExp(ODD_SPACE.source, 'gu');

/**
 * A pseudonym as it may be shown: what the rules above refuse today is taken out, so a name stored
 * before those rules ("Admin Anke" + U+034F) never reaches a page looking like someone else's.
 * Invisible characters go, odd spaces become plain ones, more than two marks on a letter are cut to
 * two, runs of spaces shrink to one. Returns '' when nothing visible is left (the caller names such
 * a person some other way). Pure; every place that shows a pseudonym goes through it (PersonName).
 */
export function displayPseudonym(pseudonym: string): string {
  if (!hasInvisibleCharacters(pseudonym) && !/\s{2}|^\s|\s$/u.test(pseudonym)) return pseudonym;
  const cleaned = pseudonym
    .replace(INVISIBLE_ALL, '')
    .replace(ODD_SPACE_ALL, ' ')
    .normalize('NFD')
    .replace(/(\p{M}{2})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/ {2,}/g, ' ')
    .trim();
  return cleaned;
}
