// The directory's search index: an in-memory structure derived from the database (never the
// source of truth). It gives the same answers on SQLite and PostgreSQL by construction, folds
// German spelling, matches word parts of compounds, forgives one typo, and filters by distance
// through a grid of cells. service.ts keeps it current through the directory_changes feed. It holds
// no texts to show: a result page reads its groups' names and excerpts from the database by id.
import { fold, foldedWords, withinOneEdit, words } from './text.ts';

/** What the index keeps of a group: what searches filter and rank by, not its texts. */
export interface IndexedFacts {
  id: string;
  lat: number | null;
  lon: number | null;
  kind: string;
  audience: string;
  formats: string[];
  accessibility: string[];
  languages: string[];
  status: string;
  accepting: boolean;
  topics: string[];
  contactPointId: string | null;
  rhythm: string;
}

/** A group as a result list shows it: the kept facts and the texts read from the database. */
export interface IndexedGroup extends IndexedFacts {
  slug: string;
  name: string;
  area: string;
  excerpt: string;
  updatedAt: string;
}

/**
 * Texts of a group with their weight: name and topics count more than the description. A list is
 * read part by part, and each part's words are remembered: topic names and synonyms recur in
 * thousands of groups and are split and folded once. The group's name always counts as strong and
 * is split afresh (names are unique, remembering them costs more than it saves).
 */
export interface IndexText {
  strong: string | string[];
  medium: string | string[];
  weak: string;
}

export interface SearchQuery {
  words?: string;
  topic?: string;
  near?: { lat: number; lon: number };
  radiusKm?: number;
  format?: string;
  audience?: string;
  accessibility?: string[];
  language?: string;
  accepting?: boolean;
  founding?: boolean;
  kind?: string;
  contactPointId?: string;
  sort?: 'relevance' | 'distance' | 'name';
  offset: number;
  limit: number;
}

export interface SearchHit {
  group: IndexedFacts;
  distanceKm: number | null;
  score: number;
}

interface Ranked {
  idx: number;
  distanceKm: number | null;
  score: number;
  key: string;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** Query words that matched nothing at all. */
  unknownWords: string[];
  /** Query words that matched only through a one-letter correction. */
  corrected: Array<{ word: string; term: string }>;
}

const CELL_DEG = 0.25;
const EARTH_RADIUS_KM = 6371.0088;
const WEIGHT = { strong: 3, medium: 2, weak: 1 } as const;
const QUALITY = { exact: 1, prefix: 0.8, part: 0.6, typo: 0.5 } as const;
const PUBLIC = new Set(['active', 'founding', 'paused']);

const toRad = (deg: number) => (deg * Math.PI) / 180;
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const cellKey = (lat: number, lon: number) => Math.floor(lat / CELL_DEG) * 10_000 + Math.floor(lon / CELL_DEG);

/** Groups joined from anywhere: no place, or meetings online or by phone only. They appear for every place. */
export const meetsOnlyRemotely = (g: { lat: number | null; formats: string[] }): boolean =>
  g.lat === null || !(g.formats.includes('in_person') || g.formats.includes('hybrid'));

/**
 * The k smallest items by compare, in order, in O(n log k): a page of results needs only its
 * own items sorted, not every match.
 */
function smallest<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (items.length <= k) return items.slice().sort(compare);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(top[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

interface Expansion {
  term: string;
  termId: number;
  quality: number;
}

/** Above this many matching terms (a short word), the postings are cheaper than testing groups one by one. */
const MAX_TERMS_FOR_GEO_FIRST = 64;
/** Up to this many postings, a query word is scored for every group by one walk over them. */
const DENSE_POSTINGS = 400_000;
/** Distinct terms of a group, a little above the mean of generated and real directories (53). */
const POSTINGS_PER_GROUP = 64;
/** Postings of later changes are kept per term up to this many entries, then merged into the pool. */
const MAX_LOOSE_POSTINGS = 200_000;

const growInt32 = (a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
};
const growFloat64 = (a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const next = new Float64Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
};
const growUint8 = (a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const next = new Uint8Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
};

/** FNV-1a over UTF-16 code units; a string and the same characters inside a longer text hash alike. */
function hashOf(text: string, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Strings kept as one text with an offset each and found through an open-addressing table of
 * numbers by hash, instead of a string object and a map entry each (about 100 bytes a string, for
 * 100 000 group ids and as many terms, against 12 bytes and the characters). Strings added since
 * the text was last joined wait in an array and a map until join(). The same string may be added
 * twice (a group's id after it was replaced): find() takes the newest one a caller accepts.
 */
class TextTable {
  private text = '';
  /** Entry i is text[starts[i] .. starts[i + 1] - 1); a newline follows each. */
  private starts = new Int32Array(1);
  private joined = 0;
  /** Entry number + 1 by hash (0: empty); at most half full. */
  private slots = new Int32Array(0);
  private recent: string[] = [];
  private recentAt = new Map<string, number>();

  get size(): number {
    return this.joined + this.recent.length;
  }

  /** Entries not yet joined into the text. */
  get waiting(): number {
    return this.recent.length;
  }

  add(value: string): number {
    const at = this.size;
    this.recent.push(value);
    this.recentAt.set(value, at);
    return at;
  }

  at(i: number): string {
    if (i >= this.joined) return this.recent[i - this.joined] as string;
    return this.text.slice(this.starts[i] as number, (this.starts[i + 1] as number) - 1);
  }

  lengthOf(i: number): number {
    if (i >= this.joined) return (this.recent[i - this.joined] as string).length;
    return (this.starts[i + 1] as number) - (this.starts[i] as number) - 1;
  }

  /** The newest entry equal to value that `accept` takes, or -1. */
  find(value: string, accept?: (i: number) => boolean): number {
    const waiting = this.recentAt.get(value);
    if (waiting !== undefined && (!accept || accept(waiting))) return waiting;
    if (this.slots.length === 0) return -1;
    const mask = this.slots.length - 1;
    const text = this.text;
    let found = -1;
    for (let h = hashOf(value, 0, value.length) & mask, v = this.slots[h] as number; v !== 0; h = (h + 1) & mask, v = this.slots[h] as number) {
      const i = v - 1;
      if (i <= found || this.lengthOf(i) !== value.length) continue;
      const start = this.starts[i] as number;
      let same = true;
      for (let c = 0; c < value.length && same; c++) same = text.charCodeAt(start + c) === value.charCodeAt(c);
      if (same && (!accept || accept(i))) found = i;
    }
    return found;
  }

  /** All entries as one text ("a\nb\n…") and their offsets, joining the waiting ones first. */
  joinedText(): { text: string; starts: Int32Array } {
    this.join();
    return { text: this.text, starts: this.starts };
  }

  join(): void {
    const first = this.appendWaiting();
    for (let i = first; i < this.joined; i++) this.place(i);
  }

  /** join() with a turn of the event loop every 16 384 entries (100 000 ids take tens of ms to place). */
  async joinInSlices(pause: () => Promise<unknown>): Promise<void> {
    const first = this.appendWaiting();
    for (let i = first; i < this.joined; i++) {
      this.place(i);
      if ((i & 16383) === 16383) await pause();
    }
  }

  /**
   * Appends the waiting entries to the text and returns the first entry still to be placed in the
   * table (0 when the table had to grow and starts empty); size when nothing waited.
   */
  private appendWaiting(): number {
    if (this.recent.length === 0) return this.joined;
    const from = this.joined;
    const n = this.size;
    const starts = new Int32Array(n + 1);
    starts.set(this.starts.subarray(0, from + 1));
    let at = starts[from] as number;
    for (let i = 0; i < this.recent.length; i++) {
      at += (this.recent[i] as string).length + 1;
      starts[from + i + 1] = at;
    }
    this.text = `${this.text}${this.recent.join('\n')}\n`;
    this.starts = starts;
    this.joined = n;
    this.recent = [];
    this.recentAt = new Map();
    if (this.slots.length >= n * 2) return from;
    let size = 1024;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    return 0;
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let h = hashOf(this.text, this.starts[i] as number, this.lengthOf(i)) & mask;
    while (this.slots[h] !== 0) h = (h + 1) & mask;
    this.slots[h] = i + 1;
  }
}

/**
 * A growing list of document numbers in the order they were added. A removed document stays in it
 * (readers skip documents whose id is gone) until compaction renumbers everything: a typed array
 * costs 4 bytes an entry where a Set costs about 30, and adding is a store, not a hash.
 */
class DocList {
  private data = new Int32Array(4);
  length = 0;

  push(idx: number): void {
    if (this.length === this.data.length) this.data = growInt32(this.data, this.length + 1);
    this.data[this.length++] = idx;
  }

  /** The entries (a view, valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  /** Renumbered after compaction: dropped documents (-1) leave. */
  remapped(remap: Int32Array): DocList {
    const next = new DocList();
    next.data = new Int32Array(Math.max(4, this.length));
    for (let i = 0; i < this.length; i++) {
      const to = remap[this.data[i] as number] as number;
      if (to >= 0) next.data[next.length++] = to;
    }
    return next;
  }

  trim(): void {
    if (this.data.length > this.length + 4) this.data = this.data.slice(0, Math.max(4, this.length));
  }
}

/** Adds one to a counter in an array and returns the new value. */
const bump = (a: Int32Array, i: number): number => (a[i] = (a[i] as number) + 1);

/** First position in sorted entries [lo, hi) of a document (entries are document index × 4 + weight), or -1. */
function findEntry(data: ArrayLike<number>, lo: number, end: number, idx: number): number {
  const low = idx * 4;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((data[mid] as number) < low) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && (data[lo] as number) >> 2 === idx ? lo : -1;
}

/**
 * The index keeps what a search filters and ranks by, in columns (typed arrays and interned codes),
 * not the groups' texts: the page shown reads its twenty groups' names and excerpts from the
 * database by id. Postings of all terms sit in one pool sorted by term (an offset per term); changes
 * after a build add loose postings per term until there are enough to merge them into the pool.
 */
export class DirectoryIndex {
  // --- Documents, one column per fact (index = document number; removed ones stay until compaction).
  private count = 0;
  /** Group ids by document number (a replaced or removed document keeps its id but is not alive). */
  private idTable = new TextTable();
  private alive = new Uint8Array(0);
  private readonly isAlive = (idx: number): boolean => this.alive[idx] === 1;
  /** Folded names, compared as plain strings: close to German order and much faster than a collator. */
  private sortKeys: string[] = [];
  private lat = new Float64Array(0);
  private lon = new Float64Array(0);
  private kindOf = new Int32Array(0);
  private audienceOf = new Int32Array(0);
  private statusOf = new Int32Array(0);
  private rhythmOf = new Int32Array(0);
  private contactOf = new Int32Array(0);
  private formatsOf = new Int32Array(0);
  private accessibilityOf = new Int32Array(0);
  private languagesOf = new Int32Array(0);
  private topicsOf = new Int32Array(0);
  private accepting = new Uint8Array(0);
  private remote = new Uint8Array(0);
  /** One shared instance per distinct value or list (statuses, formats, topic lists, contact points), by code. */
  private strings: string[] = [];
  private stringCodes = new Map<string, number>();
  private lists: string[][] = [];
  private listCodes = new Map<string, number>();

  // --- Vocabulary and postings.
  /** Term ↔ number; after a build one text with offsets (also searched with indexOf, below). */
  private terms = new TextTable();
  /** Entries per term (removed documents included until compaction); a term with none is skipped. */
  private termCount = new Int32Array(0);
  /** The pool: term t owns poolData[poolStart[t] .. poolStart[t + 1]), sorted by document. */
  private poolStart = new Int32Array(1);
  private poolData = new Int32Array(0);
  private poolTerms = 0;
  /** Postings added since the pool was made, per term, for documents after every pooled one. */
  private loose = new Map<number, number[]>();
  private looseSize = 0;
  /** Postings not yet placed (a build appends here; the next search or trim() places them). */
  private pendingTerm = new Int32Array(0);
  private pendingEntry = new Int32Array(0);
  private pendingLength = 0;

  // --- Building scratch.
  /** Term ids of recurring text parts (topic names, synonyms, places), split, folded and looked up once. */
  private partTerms = new Map<string, Int32Array>();
  private textTerms = new Map<string, Int32Array>();
  private docWeight = new Uint8Array(0);
  private touched: number[] = [];

  private byTopic = new Map<string, DocList>();
  private cells = new Map<number, DocList>();
  private everywhere = new DocList();
  private live = 0;
  private expansions = new Map<string, Expansion[]>();
  private nameOrder: number[] | null = null;
  /**
   * Answers to recent searches. Any change to the index empties it, so an answer is never older
   * than the index itself; people ask the same things ("Depression", a town) again and again.
   */
  private answers = new Map<string, SearchResult>();
  private static readonly MAX_ANSWERS = 2000;

  /** Goes up with every change; answers computed from an older version are stale. */
  version = 0;

  get size(): number {
    return this.live;
  }

  get(id: string): IndexedFacts | undefined {
    const idx = this.idTable.find(id, this.isAlive);
    return idx < 0 ? undefined : this.factsOf(idx);
  }

  /** The kept facts of a document as an object (made for the few shown, never stored). */
  private factsOf(idx: number): IndexedFacts {
    const s = this.strings;
    const l = this.lists;
    const lat = this.lat[idx] as number;
    const contact = this.contactOf[idx] as number;
    return {
      id: this.idTable.at(idx),
      lat: Number.isNaN(lat) ? null : lat,
      lon: Number.isNaN(lat) ? null : (this.lon[idx] as number),
      kind: s[this.kindOf[idx] as number] as string,
      audience: s[this.audienceOf[idx] as number] as string,
      formats: l[this.formatsOf[idx] as number] as string[],
      accessibility: l[this.accessibilityOf[idx] as number] as string[],
      languages: l[this.languagesOf[idx] as number] as string[],
      status: s[this.statusOf[idx] as number] as string,
      accepting: this.accepting[idx] === 1,
      topics: l[this.topicsOf[idx] as number] as string[],
      contactPointId: contact < 0 ? null : (s[contact] as string),
      rhythm: s[this.rhythmOf[idx] as number] as string,
    };
  }

  private code(value: string): number {
    let code = this.stringCodes.get(value);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(value);
      this.stringCodes.set(value, code);
    }
    return code;
  }

  private listCode(list: string[]): number {
    const key = list.join('\u0001');
    let code = this.listCodes.get(key);
    if (code === undefined) {
      code = this.lists.length;
      this.lists.push(list.map((v) => this.strings[this.code(v)] as string));
      this.listCodes.set(key, code);
    }
    return code;
  }

  /** Term ids of a recurring text part, split, folded and looked up once per build. */
  private termsOfPart(part: string): Int32Array {
    let found = this.partTerms.get(part);
    if (!found) {
      found = this.termIdsOf(words(part));
      if (this.partTerms.size >= 50_000) this.partTerms.clear();
      this.partTerms.set(part, found);
    }
    return found;
  }

  /**
   * Term ids of a description. Imported directories repeat texts (a national organisation's local
   * groups often share one), so a few recent ones are remembered; a unique text costs one lookup more.
   */
  private termsOfText(text: string): Int32Array {
    let found = this.textTerms.get(text);
    if (!found) {
      found = this.termIdsOf(words(text));
      if (this.textTerms.size >= 2000) this.textTerms.clear();
      this.textTerms.set(text, found);
    }
    return found;
  }

  private termIdsOf(list: string[]): Int32Array {
    const ids = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) ids[i] = this.termIdOf(list[i] as string);
    return ids;
  }

  private termIdOf(term: string): number {
    let id = this.terms.find(term);
    if (id < 0) {
      id = this.terms.add(term);
      if (id >= this.termCount.length) this.termCount = growInt32(this.termCount, id + 1);
      if (id >= this.docWeight.length) this.docWeight = growUint8(this.docWeight, id + 1);
      this.expansions.clear();
    }
    return id;
  }

  private ensureRoom(n: number): void {
    if (n <= this.lat.length) return;
    this.lat = growFloat64(this.lat, n);
    this.lon = growFloat64(this.lon, n);
    this.kindOf = growInt32(this.kindOf, n);
    this.audienceOf = growInt32(this.audienceOf, n);
    this.statusOf = growInt32(this.statusOf, n);
    this.rhythmOf = growInt32(this.rhythmOf, n);
    this.contactOf = growInt32(this.contactOf, n);
    this.formatsOf = growInt32(this.formatsOf, n);
    this.accessibilityOf = growInt32(this.accessibilityOf, n);
    this.languagesOf = growInt32(this.languagesOf, n);
    this.topicsOf = growInt32(this.topicsOf, n);
    this.accepting = growUint8(this.accepting, n);
    this.remote = growUint8(this.remote, n);
    this.alive = growUint8(this.alive, n);
  }

  private addPending(termId: number, entry: number): void {
    if (this.pendingLength === this.pendingTerm.length) {
      this.pendingTerm = growInt32(this.pendingTerm, this.pendingLength + 1);
      this.pendingEntry = growInt32(this.pendingEntry, this.pendingLength + 1);
    }
    this.pendingTerm[this.pendingLength] = termId;
    this.pendingEntry[this.pendingLength++] = entry;
    this.termCount[termId] = (this.termCount[termId] as number) + 1;
  }

  /**
   * Puts pending postings where searches read them: a few into the loose lists, many (a build) into
   * a new pool. `remap` (old document → new, -1 for dropped) compacts while making the pool.
   */
  private settle(force = false, remap: Int32Array | null = null): void {
    if (!force && this.pendingLength === 0) return;
    const small = this.pendingLength < 20_000 && this.looseSize + this.pendingLength <= Math.max(MAX_LOOSE_POSTINGS, this.poolData.length >> 3);
    if (!force && small && this.poolTerms > 0) {
      for (let i = 0; i < this.pendingLength; i++) {
        const t = this.pendingTerm[i] as number;
        let list = this.loose.get(t);
        if (!list) this.loose.set(t, (list = []));
        list.push(this.pendingEntry[i] as number);
      }
      this.looseSize += this.pendingLength;
      this.pendingLength = 0;
      return;
    }
    const terms = this.terms.size;
    const starts = new Int32Array(terms + 1);
    const keep = (entry: number) => remap === null || (remap[entry >> 2] as number) >= 0;
    const moved = (entry: number) => (remap === null ? entry : (remap[entry >> 2] as number) * 4 + (entry & 3));
    // Count per term, then place: pool, loose and pending entries are each in document order and
    // every pooled document comes before every loose one before every pending one.
    for (let t = 0; t < this.poolTerms; t++) {
      for (let i = this.poolStart[t] as number; i < (this.poolStart[t + 1] as number); i++) if (keep(this.poolData[i] as number)) bump(starts, t + 1);
    }
    for (const [t, list] of this.loose) for (const e of list) if (keep(e)) bump(starts, t + 1);
    for (let i = 0; i < this.pendingLength; i++) if (keep(this.pendingEntry[i] as number)) bump(starts, (this.pendingTerm[i] as number) + 1);
    for (let t = 0; t < terms; t++) {
      this.termCount[t] = starts[t + 1] as number;
      starts[t + 1] = (starts[t + 1] as number) + (starts[t] as number);
    }
    const data = new Int32Array(starts[terms] as number);
    const at = starts.slice(0, terms);
    for (let t = 0; t < this.poolTerms; t++) {
      for (let i = this.poolStart[t] as number; i < (this.poolStart[t + 1] as number); i++) {
        const e = this.poolData[i] as number;
        if (keep(e)) data[bump(at, t) - 1] = moved(e);
      }
    }
    for (const [t, list] of this.loose) for (const e of list) if (keep(e)) data[bump(at, t) - 1] = moved(e);
    for (let i = 0; i < this.pendingLength; i++) {
      const e = this.pendingEntry[i] as number;
      if (keep(e)) data[bump(at, this.pendingTerm[i] as number) - 1] = moved(e);
    }
    this.poolStart = starts;
    this.poolData = data;
    this.poolTerms = terms;
    this.loose = new Map();
    this.looseSize = 0;
    this.pendingLength = 0;
    this.pendingTerm = new Int32Array(0);
    this.pendingEntry = new Int32Array(0);
  }

  /**
   * Gives back the room that growing arrays keep in reserve: called once a build is complete; later
   * upserts grow them again as needed.
   */
  trim(): void {
    if (this.pendingLength > 0 || this.looseSize > 0) this.settle(true);
    const n = this.count;
    // Only columns with room to spare are copied (a reserved build made them at their size).
    const fit = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => (a.length > n ? (a.slice(0, n) as T) : a);
    this.lat = fit(this.lat);
    this.lon = fit(this.lon);
    this.kindOf = fit(this.kindOf);
    this.audienceOf = fit(this.audienceOf);
    this.statusOf = fit(this.statusOf);
    this.rhythmOf = fit(this.rhythmOf);
    this.contactOf = fit(this.contactOf);
    this.formatsOf = fit(this.formatsOf);
    this.accessibilityOf = fit(this.accessibilityOf);
    this.languagesOf = fit(this.languagesOf);
    this.topicsOf = fit(this.topicsOf);
    this.accepting = fit(this.accepting);
    this.remote = fit(this.remote);
    this.alive = fit(this.alive);
    this.idTable.join();
    if (this.termCount.length > this.terms.size) this.termCount = this.termCount.slice(0, this.terms.size);
    for (const list of this.byTopic.values()) list.trim();
    for (const list of this.cells.values()) list.trim();
    this.everywhere.trim();
    // Only needed while building: the parts of a later upsert are few.
    this.partTerms.clear();
    this.textTerms.clear();
    this.docWeight = new Uint8Array(0);
  }

  /**
   * Ends a build: places the postings of a freshly filled index in its pool in slices, with a turn
   * of the event loop between them (millions of postings at national size), then trims.
   */
  async finishBuild(): Promise<void> {
    if (this.poolTerms === 0 && this.looseSize === 0 && this.pendingLength > 0) {
      const pause = () => new Promise((resolve) => setImmediate(resolve));
      const SLICE = 1 << 18;
      const terms = this.terms.size;
      const n = this.pendingLength;
      const pt = this.pendingTerm;
      const pe = this.pendingEntry;
      const starts = new Int32Array(terms + 1);
      for (let i = 0; i < n; i++) {
        bump(starts, (pt[i] as number) + 1);
        if ((i & (SLICE - 1)) === SLICE - 1) await pause();
      }
      for (let t = 0; t < terms; t++) starts[t + 1] = (starts[t + 1] as number) + (starts[t] as number);
      const data = new Int32Array(n);
      const at = starts.slice(0, terms);
      for (let i = 0; i < n; i++) {
        data[bump(at, pt[i] as number) - 1] = pe[i] as number;
        if ((i & (SLICE - 1)) === SLICE - 1) await pause();
      }
      // Nothing else touches an index while it is built aside, so the pending entries are these.
      this.poolStart = starts;
      this.poolData = data;
      this.poolTerms = terms;
      this.pendingLength = 0;
      this.pendingTerm = new Int32Array(0);
      this.pendingEntry = new Int32Array(0);
    }
    // Ids and the vocabulary (the text the first search would otherwise make) joined in slices;
    // trim() then finds nothing waiting.
    const pause = () => new Promise((resolve) => setImmediate(resolve));
    await this.idTable.joinInSlices(pause);
    await pause();
    await this.terms.joinInSlices(pause);
    this.trim();
  }

  /**
   * Room for a build of about this many groups: the columns and the pending postings are made once
   * at their size instead of doubled and copied while the groups come in (a copy of 32 MiB held the
   * loop, and the copies left holes in malloc's arena).
   */
  reserve(groups: number): void {
    this.ensureRoom(groups);
    const postings = groups * POSTINGS_PER_GROUP;
    if (postings > this.pendingTerm.length) {
      const term = new Int32Array(postings);
      const entry = new Int32Array(postings);
      term.set(this.pendingTerm.subarray(0, this.pendingLength));
      entry.set(this.pendingEntry.subarray(0, this.pendingLength));
      this.pendingTerm = term;
      this.pendingEntry = entry;
    }
  }

  /** Notes a term of the document being added with its weight (the best weight of a term wins). */
  private weigh(t: number, weight: number): void {
    const had = this.docWeight[t] as number;
    if (had === 0) this.touched.push(t);
    if (had < weight) this.docWeight[t] = weight;
  }

  /** Adds a group, or replaces the earlier version of it. */
  upsert(group: IndexedFacts & { name: string }, text: IndexText): void {
    this.remove(group.id);
    this.answers.clear();
    this.version++;
    const idx = this.count++;
    this.ensureRoom(this.count);
    this.idTable.add(group.id);
    this.alive[idx] = 1;
    // Ids of later changes wait in a map until there are many (a build joins them when it trims).
    if (this.idTable.waiting >= 20_000 && this.poolTerms > 0) this.idTable.join();
    // Without NUL characters: prepareNameOrder() puts one between a name and its number.
    const sortKey = fold(group.name).replaceAll('\u0000', '');
    this.sortKeys.push(sortKey);
    this.lat[idx] = group.lat ?? NaN;
    this.lon[idx] = group.lon ?? NaN;
    this.kindOf[idx] = this.code(group.kind);
    this.audienceOf[idx] = this.code(group.audience);
    this.statusOf[idx] = this.code(group.status);
    this.rhythmOf[idx] = this.code(group.rhythm);
    this.contactOf[idx] = group.contactPointId === null ? -1 : this.code(group.contactPointId);
    this.formatsOf[idx] = this.listCode(group.formats);
    this.accessibilityOf[idx] = this.listCode(group.accessibility);
    this.languagesOf[idx] = this.listCode(group.languages);
    this.topicsOf[idx] = this.listCode(group.topics);
    this.accepting[idx] = group.accepting ? 1 : 0;
    const remote = meetsOnlyRemotely(group);
    this.remote[idx] = remote ? 1 : 0;
    this.live++;
    if (this.nameOrder) this.placeInNameOrder(idx);

    // The best weight of each term in this group, in a scratch array by term id (no map per group).
    this.docWeight = growUint8(this.docWeight, this.terms.size);
    for (const w of foldedWords(sortKey)) this.weigh(this.termIdOf(w), WEIGHT.strong);
    for (const kind of ['strong', 'medium'] as const) {
      const body = text[kind];
      if (typeof body === 'string') {
        for (const w of words(body)) this.weigh(this.termIdOf(w), WEIGHT[kind]);
      } else {
        for (const part of body) for (const t of this.termsOfPart(part)) this.weigh(t, WEIGHT[kind]);
      }
    }
    for (const t of this.termsOfText(text.weak)) this.weigh(t, WEIGHT.weak);
    const touched = this.touched;
    for (const t of touched) {
      this.addPending(t, idx * 4 + (this.docWeight[t] as number));
      this.docWeight[t] = 0;
    }
    touched.length = 0;

    for (const topic of group.topics) {
      let list = this.byTopic.get(topic);
      if (!list) this.byTopic.set(topic, (list = new DocList()));
      list.push(idx);
    }
    if (group.lat !== null && group.lon !== null) {
      const key = cellKey(group.lat, group.lon);
      let list = this.cells.get(key);
      if (!list) this.cells.set(key, (list = new DocList()));
      list.push(idx);
    }
    if (remote) this.everywhere.push(idx);
    if (this.count > 1000 && this.count > this.live * 2) this.compact();
  }

  remove(id: string): void {
    const idx = this.idTable.find(id, this.isAlive);
    if (idx < 0) return;
    this.answers.clear();
    this.version++;
    if (this.nameOrder) {
      const at = this.namePosition(idx);
      if (this.nameOrder[at] === idx) this.nameOrder.splice(at, 1);
      else this.nameOrder = null;
    }
    this.alive[idx] = 0;
    this.live--;
    // Postings and the lists by topic and place keep the removed document; readers skip it and
    // compact() drops it.
  }

  /** Rebuilds columns and postings without removed documents once they make up half the index. */
  private compact(): void {
    const remap = new Int32Array(this.count).fill(-1);
    const ids = new TextTable();
    let n = 0;
    for (let old = 0; old < this.count; old++) {
      if (this.alive[old] === 0) continue;
      remap[old] = n;
      ids.add(this.idTable.at(old));
      if (n !== old) {
        this.sortKeys[n] = this.sortKeys[old] as string;
        for (const col of [this.lat, this.lon, this.kindOf, this.audienceOf, this.statusOf, this.rhythmOf, this.contactOf, this.formatsOf, this.accessibilityOf, this.languagesOf, this.topicsOf, this.accepting, this.remote, this.alive]) {
          col[n] = col[old] as number;
        }
      }
      n++;
    }
    this.alive.fill(0, n);
    ids.join();
    this.idTable = ids;
    this.sortKeys.length = n;
    this.count = n;
    this.settle(true, remap);
    for (const [k, list] of this.byTopic) this.byTopic.set(k, list.remapped(remap));
    for (const [k, list] of this.cells) this.cells.set(k, list.remapped(remap));
    this.everywhere = this.everywhere.remapped(remap);
    this.expansions.clear();
    this.nameOrder = null;
  }

  /** How many postings the terms of a query word have together. */
  private postingsOf(expansions: Expansion[]): number {
    let n = 0;
    for (const { termId } of expansions) n += this.termCount[termId] as number;
    return n;
  }

  /** The weight of a term in one document (0 when it does not occur), by binary search. */
  private weightIn(termId: number, idx: number): number {
    if (termId < this.poolTerms) {
      const at = findEntry(this.poolData, this.poolStart[termId] as number, this.poolStart[termId + 1] as number, idx);
      if (at >= 0) return (this.poolData[at] as number) & 3;
    }
    const list = this.loose.get(termId);
    if (list) {
      const at = findEntry(list, 0, list.length, idx);
      if (at >= 0) return (list[at] as number) & 3;
    }
    return 0;
  }

  /** The vocabulary as one text ("term\nterm\n…"), searched with indexOf for prefixes and word parts. */
  private vocabulary(): { text: string; starts: Int32Array } {
    return this.terms.joinedText();
  }

  /** Vocabulary terms a query word stands for: itself, longer words it starts, parts of compounds, one typo. */
  private expand(word: string): Expansion[] {
    const cached = this.expansions.get(word);
    if (cached) return cached;
    this.settle();
    const found: Expansion[] = [];
    const { text, starts } = this.vocabulary();
    const terms = this.terms.size;
    // Each occurrence of the word in the vocabulary text lies in one term (terms hold no "\n");
    // the first occurrence in a term tells whether the term is the word, starts with it or holds it.
    let from = 0;
    for (;;) {
      const at = text.indexOf(word, from);
      if (at < 0) break;
      let lo = 0;
      let hi = terms - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= at) lo = mid;
        else hi = mid - 1;
      }
      const t = lo;
      const start = starts[t] as number;
      if ((this.termCount[t] as number) > 0) {
        const term = this.terms.at(t);
        if (at === start) found.push({ term, termId: t, quality: term.length === word.length ? QUALITY.exact : QUALITY.prefix });
        else if (word.length >= 4) found.push({ term, termId: t, quality: QUALITY.part });
      }
      from = starts[t + 1] as number;
    }
    if (found.length === 0 && word.length >= 5) {
      for (let t = 0; t < terms; t++) {
        if (Math.abs(this.terms.lengthOf(t) - word.length) > 1 || (this.termCount[t] as number) === 0) continue;
        const term = this.terms.at(t);
        if (withinOneEdit(word, term)) found.push({ term, termId: t, quality: QUALITY.typo });
      }
    }
    if (this.expansions.size > 5000) this.expansions.clear();
    this.expansions.set(word, found);
    return found;
  }

  /** Name order: by folded name, then by document number (a total order, so every way of sorting agrees). */
  private readonly nameCompare = (a: number, b: number): number => {
    const ka = this.sortKeys[a] as string;
    const kb = this.sortKeys[b] as string;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  };

  private byName(): number[] {
    if (!this.nameOrder) {
      const order: number[] = [];
      for (let idx = 0; idx < this.count; idx++) if (this.alive[idx] === 1) order.push(idx);
      this.nameOrder = order.sort(this.nameCompare);
    }
    return this.nameOrder;
  }

  /**
   * Sorts by name ahead of the first listing, in runs with a turn of the event loop between them
   * (sorting 100 000 names at once holds the loop for a tenth of a second).
   */
  async prepareNameOrder(): Promise<void> {
    const pause = () => new Promise((resolve) => setImmediate(resolve));
    const version = this.version;
    // Each document as one text: its folded name, a NUL (below every character of a name) and its
    // number in two fixed-width characters. Texts compare like nameCompare, but the engine sorts them
    // without calling back into JavaScript for every comparison (four times faster).
    const tagged = (idx: number) => `${this.sortKeys[idx] as string}\u0000${String.fromCharCode(idx >>> 16, idx & 0xffff)}`;
    let runs: string[][] = [];
    let run: string[] = [];
    for (let idx = 0; idx < this.count; idx++) {
      if (this.alive[idx] === 0) continue;
      run.push(tagged(idx));
      if (run.length === 8192) {
        runs.push(run.sort());
        run = [];
        await pause();
      }
    }
    if (run.length) runs.push(run.sort());
    while (runs.length > 1) {
      const merged: string[][] = [];
      for (let r = 0; r < runs.length; r += 2) {
        const a = runs[r] as string[];
        const b = runs[r + 1];
        if (!b) {
          merged.push(a);
          continue;
        }
        const out = new Array<string>(a.length + b.length);
        let i = 0;
        let j = 0;
        let k = 0;
        while (i < a.length && j < b.length) {
          out[k++] = (a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string);
          if ((k & 65535) === 0) await pause();
        }
        while (i < a.length) out[k++] = a[i++] as string;
        while (j < b.length) out[k++] = b[j++] as string;
        merged.push(out);
        await pause();
      }
      runs = merged;
    }
    const sorted = runs[0] ?? [];
    const order = new Array<number>(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const t = sorted[i] as string;
      order[i] = t.charCodeAt(t.length - 2) * 65536 + t.charCodeAt(t.length - 1);
    }
    // A change meanwhile has kept or dropped the order itself; only an untouched index takes this one.
    if (this.version === version) this.nameOrder = order;
  }

  /** Where a document stands (or would stand) in name order: by folded name, then by number. */
  private namePosition(idx: number): number {
    const order = this.nameOrder as number[];
    const keys = this.sortKeys;
    const key = keys[idx] as string;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = order[mid] as number;
      const k = keys[other] as string;
      if (k < key || (k === key && other < idx)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Keeps the name order of a new document without sorting everything again. */
  private placeInNameOrder(idx: number): void {
    (this.nameOrder as number[]).splice(this.namePosition(idx), 0, idx);
  }

  search(query: SearchQuery): SearchResult {
    const key = JSON.stringify(query);
    const known = this.answers.get(key);
    if (known) return known;
    this.settle();
    const answer = this.compute(query);
    if (this.answers.size >= DirectoryIndex.MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }

  private compute(query: SearchQuery): SearchResult {
    const unknownWords: string[] = [];
    const corrected: Array<{ word: string; term: string }> = [];
    const wordExpansions: Expansion[][] = [];
    for (const word of [...new Set(words(query.words ?? ''))].slice(0, 12)) {
      const expansions = this.expand(word);
      if (expansions.length === 0) unknownWords.push(word);
      else {
        if (expansions.every((e) => e.quality === QUALITY.typo)) corrected.push({ word, term: (expansions[0] as Expansion).term });
        wordExpansions.push(expansions);
      }
    }
    // Every word must match something; a word that matches nothing means no result.
    if (unknownWords.length > 0) return { hits: [], total: 0, unknownWords, corrected };

    const near = query.near;
    const radius = query.radiusKm ?? Infinity;
    // Near a place, the groups around it are few: test those (and the remote ones) against the
    // words, instead of walking every group that mentions a common word anywhere in the country.
    const geoFirst = !!(near && query.radiusKm && wordExpansions.every((e) => e.length <= MAX_TERMS_FOR_GEO_FIRST));
    let scores: Float64Array | null = null;
    let candidates: Iterable<number>;
    let perWord: Array<Float64Array | null> = [];
    if (geoFirst && near) {
      // A word whose postings are not huge is scored for all groups at once (a walk over its
      // postings); the others group by group (a binary search per term).
      // The first word's walk also collects the remote groups that have it (one walk, not two).
      let remote: Iterable<number> = this.everywhere.view();
      perWord = wordExpansions.map((e, w) => {
        const dense = this.postingsOf(e) <= DENSE_POSTINGS;
        if (w > 0) return dense ? this.bestPerDocument(e, 'none').best : null;
        const walked = this.bestPerDocument(e, 'remote');
        remote = walked.order;
        return dense ? walked.best : null;
      });
      candidates = this.nearbyCandidates(near, radius, remote);
    } else if (wordExpansions.length) {
      // Word by word: the groups that have every word, in the order the first word found them.
      const first = this.bestPerDocument(wordExpansions[0] as Expansion[], 'all');
      scores = first.best;
      let order = first.order;
      for (let w = 1; w < wordExpansions.length; w++) {
        const other = this.bestPerDocument(wordExpansions[w] as Expansion[], 'none').best;
        const kept: number[] = [];
        for (const idx of order) {
          const s = other[idx] as number;
          if (s > 0) {
            scores[idx] = (scores[idx] as number) + s;
            kept.push(idx);
          }
        }
        order = kept;
      }
      candidates = order;
    } else if (query.topic) candidates = this.byTopic.get(query.topic)?.view() ?? [];
    else candidates = this.byName();

    const sort = query.sort ?? (near ? 'distance' : wordExpansions.length ? 'relevance' : 'name');
    // Candidates taken from byName() are already in name order.
    const presorted = !wordExpansions.length && !query.topic && !(near && query.radiusKm) && sort === 'name';
    const end = query.offset + query.limit;
    const local: Ranked[] = [];
    let localCount = 0;
    const far: Ranked[] = [];
    for (const idx of candidates) {
      if (this.alive[idx] === 0) continue;
      // The words first: near a place most groups lack them, and a lookup by number is cheaper than the filters.
      let score = 0;
      if (scores) score = scores[idx] as number;
      else if (wordExpansions.length) {
        score = this.textScore(idx, wordExpansions, perWord);
        if (score < 0) continue;
      }
      if (!this.passesFilters(idx, query)) continue;
      let distanceKm: number | null = null;
      const lat = this.lat[idx] as number;
      if (near && !Number.isNaN(lat)) distanceKm = haversineKm(near, { lat, lon: this.lon[idx] as number });
      if (!near || (distanceKm !== null && distanceKm <= radius)) {
        localCount++;
        // In name order already, the page needs only the first of them; the rest are counted.
        if (presorted && local.length >= end) continue;
        local.push({ idx, distanceKm, score, key: this.sortKeys[idx] as string });
      } else if (this.remote[idx] === 1) far.push({ idx, distanceKm, score, key: this.sortKeys[idx] as string });
    }

    const byName = (a: Ranked, b: Ranked) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const byRelevance = (a: Ranked, b: Ranked) => b.score - a.score || byName(a, b);
    const byDistance = (a: Ranked, b: Ranked) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || byRelevance(a, b);
    const compare = sort === 'distance' ? byDistance : sort === 'relevance' ? byRelevance : byName;
    const localSorted = presorted ? local.slice(0, end) : smallest(local, end, compare);
    // Groups beyond the radius that meet only online or by phone follow the local ones.
    const farSorted = end > localCount ? smallest(far, end - localCount, sort === 'distance' ? byRelevance : compare) : [];
    const page = localSorted.concat(farSorted).slice(query.offset, end);
    return {
      hits: page.map(({ idx, distanceKm, score }) => ({ group: this.factsOf(idx), distanceKm, score })),
      total: localCount + (near ? far.length : 0),
      unknownWords,
      corrected,
    };
  }

  /**
   * The best score of one query word per document (the best matching term wins), and the documents
   * in the order the word's terms list them: all of them, only those that meet remotely, or none.
   */
  private bestPerDocument(expansions: Expansion[], collect: 'all' | 'remote' | 'none'): { best: Float64Array; order: number[] } {
    const best = new Float64Array(this.count);
    const order: number[] = [];
    const remote = this.remote;
    // The postings are read in place (no callback per posting): a common word has tens of thousands.
    const take = (entry: number, quality: number) => {
      const idx = entry >> 2;
      const score = (entry & 3) * quality;
      const had = best[idx] as number;
      if (had === 0 && (collect === 'all' || (collect === 'remote' && remote[idx] === 1))) order.push(idx);
      if (had < score) best[idx] = score;
    };
    const data = this.poolData;
    for (const { termId, quality } of expansions) {
      if (termId < this.poolTerms) {
        const end = this.poolStart[termId + 1] as number;
        for (let i = this.poolStart[termId] as number; i < end; i++) take(data[i] as number, quality);
      }
      const list = this.loose.get(termId);
      if (list) for (const e of list) take(e, quality);
    }
    return { best, order };
  }

  /** Groups in the cells around a place, then the remote ones given that lie outside those cells. */
  private *nearbyCandidates(near: { lat: number; lon: number }, radiusKm: number, remote: Iterable<number>): Generator<number> {
    const dLat = radiusKm / 111.2;
    const dLon = radiusKm / (111.2 * Math.max(0.2, Math.cos(toRad(near.lat))));
    const la0 = Math.floor((near.lat - dLat) / CELL_DEG);
    const la1 = Math.floor((near.lat + dLat) / CELL_DEG);
    const lo0 = Math.floor((near.lon - dLon) / CELL_DEG);
    const lo1 = Math.floor((near.lon + dLon) / CELL_DEG);
    for (let la = la0; la <= la1; la++) {
      for (let lo = lo0; lo <= lo1; lo++) {
        const list = this.cells.get(la * 10_000 + lo);
        if (!list) continue;
        for (const idx of list.view()) if (this.alive[idx] === 1) yield idx;
      }
    }
    // A remote group with a place in one of those cells came with its cell already.
    for (const idx of remote) {
      const lat = this.lat[idx] as number;
      if (!Number.isNaN(lat)) {
        const la = Math.floor(lat / CELL_DEG);
        const lo = Math.floor((this.lon[idx] as number) / CELL_DEG);
        if (la >= la0 && la <= la1 && lo >= lo0 && lo <= lo1) continue;
      }
      yield idx;
    }
  }

  /** A group's score for the query words from the postings, or -1 when a word is missing. */
  private textScore(idx: number, wordExpansions: Expansion[][], perWord: Array<Float64Array | null>): number {
    let total = 0;
    for (let w = 0; w < wordExpansions.length; w++) {
      const known = perWord[w];
      let best = 0;
      if (known) best = known[idx] as number;
      else {
        for (const { termId, quality } of wordExpansions[w] as Expansion[]) {
          const weight = this.weightIn(termId, idx);
          if (weight) best = Math.max(best, weight * quality);
        }
      }
      if (best === 0) return -1;
      total += best;
    }
    return total;
  }

  private passesFilters(idx: number, q: SearchQuery): boolean {
    const s = this.strings;
    const status = s[this.statusOf[idx] as number] as string;
    if (!PUBLIC.has(status)) return false;
    if (q.topic && !(this.lists[this.topicsOf[idx] as number] as string[]).includes(q.topic)) return false;
    if (q.founding && status !== 'founding') return false;
    if (q.accepting && (this.accepting[idx] !== 1 || status === 'paused')) return false;
    if (q.kind && s[this.kindOf[idx] as number] !== q.kind) return false;
    if (q.contactPointId && ((this.contactOf[idx] as number) < 0 || s[this.contactOf[idx] as number] !== q.contactPointId)) return false;
    const audience = s[this.audienceOf[idx] as number] as string;
    if (q.audience && q.audience !== 'both' && audience !== q.audience && audience !== 'both') return false;
    if (q.audience === 'both' && audience !== 'both') return false;
    if (q.language && !(this.lists[this.languagesOf[idx] as number] as string[]).includes(q.language)) return false;
    if (q.format) {
      const f = this.lists[this.formatsOf[idx] as number] as string[];
      const ok =
        f.includes(q.format) ||
        (f.includes('hybrid') && (q.format === 'in_person' || q.format === 'online'));
      if (!ok) return false;
    }
    if (q.accessibility) {
      const has = this.lists[this.accessibilityOf[idx] as number] as string[];
      for (const a of q.accessibility) if (!has.includes(a)) return false;
    }
    return true;
  }

  /** Topic slugs with at least one public group, for "related topics" and "notify me". */
  topicHasGroups(topic: string): boolean {
    const list = this.byTopic.get(topic);
    if (!list) return false;
    for (const idx of list.view()) {
      if (this.alive[idx] === 1 && PUBLIC.has(this.strings[this.statusOf[idx] as number] as string)) return true;
    }
    return false;
  }

  /** For callers that fold their own input the same way as the index. */
  static fold = fold;
}
