// Folds a text into the small alphabet the crisis rules are written in, so that look-alike letters,
// invisible characters, leetspeak, spelled-out letters, umlaut spellings and stretched words all
// meet the same rule. The rules' own letters go through foldLetters() too, so both sides agree.

/** Letters from other scripts that look like Latin ones (after lower-casing). */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p',
  с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ь: 'b', п: 'n', г: 'r',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o',
  ς: 's', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  // Latin letters that NFKC leaves alone
  ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g', ɩ: 'i', ʟ: 'l', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h',
  ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w',
  ʏ: 'y', ᴢ: 'z', ø: 'o', đ: 'd', ł: 'l', ħ: 'h', ŧ: 't', æ: 'ae', œ: 'oe', ð: 'd', þ: 'th',
};
const LOOK_ALIKE_RE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/** Digits and signs used for letters inside words (only replaced in tokens that also hold letters). */
const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '|': 'i', '€': 'e', '!': 'i', '+': 't',
};

// Format characters (zero-width spaces and joiners, soft hyphen, direction marks, BOM, tag
// characters) and combining marks (after NFD: umlaut dots, accents, stacked "Zalgo" marks).
const INVISIBLE_RE = /[\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0]/gu;

/**
 * Folds one run of letters: umlauts and their "ae/oe/ue" spellings to the base letter, ß to s, l to i
 * (1, l, I and | look alike), and every doubled letter to one ("Tabletten" → "tabieten",
 * "umbriiingen" → "umbringen"). The result is not meant to be read, only compared.
 */
export function foldLetters(run: string): string {
  return foldSpelling(run.replace(/ß/g, 'ss').normalize('NFD').replace(INVISIBLE_RE, ''));
}

/** The spelling part of foldLetters() for text that is already lower-case without marks. */
function foldSpelling(s: string): string {
  return s.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u').replace(/l/g, 'i').replace(/(.)\1+/g, '$1');
}

const LEET_CHAR = /[0-9@$|€!+]/;

function replaceLeet(token: string): string {
  if (!LEET_CHAR.test(token) || !/\p{L}/u.test(token)) return token; // a plain number stays a number
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i] as string;
    const mapped = LEET[ch];
    if (mapped === undefined) {
      out += ch;
      continue;
    }
    // "!" ends sentences ("ich will sterben!"); only inside a word does it stand for a letter.
    if (ch === '!' && !/\p{L}/u.test(token[i + 1] ?? '')) {
      out += ch;
      continue;
    }
    out += mapped;
  }
  return out;
}

/**
 * A text folded into sentences of lower-case ASCII words separated by single spaces, each sentence
 * padded with a space on both sides so rules can use " word " as a word boundary.
 */
export function foldText(text: string): string[] {
  let s = text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(INVISIBLE_RE, '');
  s = s.replace(LOOK_ALIKE_RE, (ch) => LOOK_ALIKES[ch] ?? ch);
  s = s.replace(/\S+/g, replaceLeet);
  // Letters spelled out with dots, dashes or stars ("u.m.b.r.i.n.g.e.n") become one word first, so
  // the dots are not taken for the ends of sentences.
  s = s.replace(/(?<![\p{L}\p{N}])\p{L}(?:[.\-_*·•~]\p{L})+(?![\p{L}\p{N}])/gu, (m) => m.replace(/[.\-_*·•~]/g, ''));
  const sentences: string[] = [];
  for (const raw of s.split(/[.!?;:\n\r…]+|\s[-–—]\s/)) {
    const words = raw.replace(/[^\p{L}\p{N} ]+/gu, ' ').trim();
    if (!words) continue;
    // Letters spaced out ("u m b r i n g e n", or "i c h  w i l l" with wider gaps between the
    // words) are joined when at least four stand in a row with single spaces ("I m a" stays).
    const joined = words.replace(/(?<![\p{L}\p{N}])\p{L}(?: \p{L}){3,}(?![\p{L}\p{N}])/gu, (m) => m.replace(/ /g, ''));
    // Spelling is folded over the whole sentence at once: none of its replacements crosses a space.
    const folded = foldSpelling(joined.replace(/[^a-z0-9 ]/g, '')).replace(/ +/g, ' ').trim();
    if (folded) sentences.push(` ${folded} `);
  }
  return sentences;
}
