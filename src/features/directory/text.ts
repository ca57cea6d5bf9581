// German-aware folding and tokenising for the directory search: case, umlauts (ä = ae = a), ß = ss.
const COMBINING = /[\u0300-\u036f]/g;
const NON_ASCII = /[^ -~\t\n\r]/;

/** Folds a text so that "Angststörung", "Angststoerung" and "ANGSTSTORUNG" become the same. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Plain ASCII text has nothing to decompose: the Unicode passes are skipped.
  const plain = NON_ASCII.test(lower) ? lower.replace(/ß/g, 'ss').normalize('NFKD').replace(COMBINING, '') : lower;
  return plain
    // "oe" for "ö" (Angststoerung), but not where "ue" is a vowel pair (Trauer, Feuer).
    .replace(/(?<![aeiouy])ae/g, 'a')
    .replace(/(?<![aeiouy])oe/g, 'o')
    .replace(/(?<![aeiouyq])ue/g, 'u');
}

const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** Words of a text, folded; one-letter words and pure punctuation are dropped. */
export function words(text: string): string[] {
  return foldedWords(fold(text));
}

/** Words of a text folded already (a name folded for sorting is not folded twice). */
export function foldedWords(folded: string): string[] {
  const parts = folded.split(SEPARATORS);
  let kept = 0;
  for (const w of parts) if (w.length >= 2) parts[kept++] = w;
  parts.length = kept;
  return parts;
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < la && j < lb) {
    if (a.charCodeAt(i) === b.charCodeAt(j)) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (la > lb) i++;
    else if (lb > la) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (la - i) + (lb - j) <= 1;
}

/** A URL-safe slug from a name, e.g. "Angehörige – Leipzig" → "angehoerige-leipzig". */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'gruppe';
}
