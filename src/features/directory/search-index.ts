// The directory's search index: an in-memory structure derived from the database (never the
// source of truth). It gives the same answers on SQLite and PostgreSQL by construction, folds
// German spelling, matches word parts of compounds, forgives one typo, and filters by distance
// through a grid of cells. service.ts keeps it current through the directory_changes feed.
import { fold, withinOneEdit, words } from './text.ts';

export interface IndexedGroup {
  id: string;
  slug: string;
  name: string;
  area: string;
  excerpt: string;
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
  updatedAt: string;
}

/**
 * Texts of a group with their weight: name and topics count more than the description. A list is
 * read part by part, and each part's words are remembered: topic names and synonyms recur in
 * thousands of groups and are split and folded once.
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
  group: IndexedGroup;
  distanceKm: number | null;
  score: number;
}

interface Ranked extends SearchHit {
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

/** Growable list of postings; each entry packs (doc index × 4 + weight). */
class Postings {
  data = new Int32Array(4);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  trim(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, Math.max(1, this.length));
  }
}

interface Expansion {
  term: string;
  termId: number;
  quality: number;
}

/** Above this many matching terms (a short word), the postings are cheaper than testing groups one by one. */
const MAX_TERMS_FOR_GEO_FIRST = 64;

export class DirectoryIndex {
  private docs: Array<IndexedGroup | null> = [];
  /** Folded names, compared as plain strings: close to German order and much faster than a collator. */
  private sortKeys: string[] = [];
  private byId = new Map<string, number>();
  private terms = new Map<string, Postings>();
  /** Postings of the groups that meet only remotely, so a search near a place reaches them without the rest. */
  private remoteTerms = new Map<string, Postings>();
  private termIds = new Map<string, number>();
  /**
   * Per document: its terms as sorted (term id × 4 + weight), to test a nearby group against the
   * words; all documents' lists in one pool (document idx owns [termStart[idx], termStart[idx + 1])),
   * not one typed array each, which costs more in object headers than in terms.
   */
  private termPool = new Int32Array(1024);
  private termPoolLength = 0;
  private termStart = new Int32Array(1025);
  /** Words of recurring text parts (topic names, synonyms, places), split and folded once. */
  private partWords = new Map<string, string[]>();
  /** One shared instance per distinct value or list (statuses, formats, topic lists, contact points). */
  private interned = new Map<string, string>();
  private internedLists = new Map<string, string[]>();
  private byTopic = new Map<string, Set<number>>();
  private cells = new Map<number, Set<number>>();
  private everywhere = new Set<number>();
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

  get(id: string): IndexedGroup | undefined {
    const idx = this.byId.get(id);
    return idx === undefined ? undefined : (this.docs[idx] ?? undefined);
  }

  private intern(value: string): string;
  private intern(value: string | null): string | null;
  private intern(value: string | null): string | null {
    if (value === null) return null;
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(value, value);
    return value;
  }

  private internList(list: string[]): string[] {
    const key = list.join('\u0001');
    const known = this.internedLists.get(key);
    if (known) return known;
    const shared = list.map((v) => this.intern(v));
    if (this.internedLists.size < 100_000) this.internedLists.set(key, shared);
    return shared;
  }

  /** The group as kept: values that many groups share point to one string or list. */
  private compactGroup(g: IndexedGroup): IndexedGroup {
    return {
      ...g,
      kind: this.intern(g.kind),
      audience: this.intern(g.audience),
      status: this.intern(g.status),
      rhythm: this.intern(g.rhythm),
      area: this.intern(g.area),
      contactPointId: this.intern(g.contactPointId),
      formats: this.internList(g.formats),
      accessibility: this.internList(g.accessibility),
      languages: this.internList(g.languages),
      topics: this.internList(g.topics),
    };
  }

  private wordsOfPart(part: string): string[] {
    let found = this.partWords.get(part);
    if (!found) {
      found = words(part);
      if (this.partWords.size >= 50_000) this.partWords.clear();
      this.partWords.set(part, found);
    }
    return found;
  }

  private appendTerms(packed: Int32Array): void {
    const needed = this.termPoolLength + packed.length;
    if (needed > this.termPool.length) {
      const next = new Int32Array(Math.max(needed, this.termPool.length * 2));
      next.set(this.termPool.subarray(0, this.termPoolLength));
      this.termPool = next;
    }
    this.termPool.set(packed, this.termPoolLength);
    this.termPoolLength = needed;
    const idx = this.docs.length - 1;
    if (idx + 2 > this.termStart.length) {
      const next = new Int32Array(this.termStart.length * 2);
      next.set(this.termStart);
      this.termStart = next;
    }
    this.termStart[idx + 1] = needed;
  }

  /**
   * Gives back the room that growing arrays keep in reserve (up to half of each): called once a
   * build is complete; later upserts grow them again as needed.
   */
  trim(): void {
    if (this.termPool.length > this.termPoolLength) this.termPool = this.termPool.slice(0, this.termPoolLength);
    if (this.termStart.length > this.docs.length + 1) this.termStart = this.termStart.slice(0, this.docs.length + 1);
    for (const map of [this.terms, this.remoteTerms]) {
      for (const postings of map.values()) postings.trim();
    }
    // Only needed while building: the parts of a later upsert are few.
    this.partWords.clear();
  }

  /** Adds a group, or replaces the earlier version of it. */
  upsert(given: IndexedGroup, text: IndexText): void {
    this.remove(given.id);
    this.answers.clear();
    this.version++;
    const group = this.compactGroup(given);
    const idx = this.docs.length;
    this.docs.push(group);
    this.sortKeys.push(fold(group.name));
    this.byId.set(group.id, idx);
    this.live++;
    this.nameOrder = null;
    const weights = new Map<string, number>();
    const add = (list: string[], weight: number) => {
      for (const w of list) {
        const had = weights.get(w);
        if (had === undefined || had < weight) weights.set(w, weight);
      }
    };
    for (const kind of ['strong', 'medium'] as const) {
      const body = text[kind];
      if (typeof body === 'string') add(words(body), WEIGHT[kind]);
      else for (const part of body) add(this.wordsOfPart(part), WEIGHT[kind]);
    }
    add(words(text.weak), WEIGHT.weak);
    const remote = meetsOnlyRemotely(group);
    const packed = new Int32Array(weights.size);
    let n = 0;
    for (const [term, weight] of weights) {
      let postings = this.terms.get(term);
      if (!postings) {
        postings = new Postings();
        this.terms.set(term, postings);
        this.termIds.set(term, this.termIds.size);
        this.expansions.clear();
      }
      postings.push(idx * 4 + weight);
      if (remote) {
        let r = this.remoteTerms.get(term);
        if (!r) this.remoteTerms.set(term, (r = new Postings()));
        r.push(idx * 4 + weight);
      }
      packed[n++] = (this.termIds.get(term) as number) * 4 + weight;
    }
    this.appendTerms(packed.sort());
    for (const topic of group.topics) {
      let set = this.byTopic.get(topic);
      if (!set) this.byTopic.set(topic, (set = new Set()));
      set.add(idx);
    }
    if (group.lat !== null && group.lon !== null) {
      const key = cellKey(group.lat, group.lon);
      let set = this.cells.get(key);
      if (!set) this.cells.set(key, (set = new Set()));
      set.add(idx);
    }
    if (remote) this.everywhere.add(idx);
    if (this.docs.length > 1000 && this.docs.length > this.live * 2) this.compact();
  }

  remove(id: string): void {
    const idx = this.byId.get(id);
    if (idx === undefined) return;
    const doc = this.docs[idx];
    this.byId.delete(id);
    this.answers.clear();
    this.version++;
    this.docs[idx] = null;
    this.live--;
    this.nameOrder = null;
    if (!doc) return;
    for (const topic of doc.topics) this.byTopic.get(topic)?.delete(idx);
    if (doc.lat !== null && doc.lon !== null) this.cells.get(cellKey(doc.lat, doc.lon))?.delete(idx);
    this.everywhere.delete(idx);
    // Term postings keep the dead index; lookups skip null docs and compact() clears them.
  }

  /** Rebuilds the postings without removed documents once they make up half the index. */
  private compact(): void {
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: IndexedGroup[] = [];
    const sortKeys: string[] = [];
    const pool = new Int32Array(Math.max(1024, this.termPoolLength));
    const starts = new Int32Array(this.termStart.length);
    let length = 0;
    this.docs.forEach((doc, old) => {
      if (doc) {
        remap[old] = docs.length;
        docs.push(doc);
        sortKeys.push(this.sortKeys[old] as string);
        const terms = this.termPool.subarray(this.termStart[old] as number, this.termStart[old + 1] as number);
        pool.set(terms, length);
        length += terms.length;
        starts[docs.length] = length;
      }
    });
    this.sortKeys = sortKeys;
    this.termPool = pool;
    this.termPoolLength = length;
    this.termStart = starts;
    const mapSet = (set: Set<number>) => new Set([...set].map((i) => remap[i] as number));
    const remapPostings = (map: Map<string, Postings>, dropEmpty: boolean) => {
      for (const [term, postings] of map) {
        const next = new Postings();
        for (let i = 0; i < postings.length; i++) {
          const entry = postings.data[i] as number;
          const to = remap[entry >> 2] as number;
          if (to >= 0) next.push(to * 4 + (entry & 3));
        }
        if (next.length || !dropEmpty) map.set(term, next);
        else map.delete(term);
      }
    };
    // Term ids stay (documents refer to them); empty terms stay in the vocabulary until a restart.
    remapPostings(this.terms, false);
    remapPostings(this.remoteTerms, true);
    for (const [k, set] of this.byTopic) this.byTopic.set(k, mapSet(set));
    for (const [k, set] of this.cells) this.cells.set(k, mapSet(set));
    this.everywhere = mapSet(this.everywhere);
    this.docs = docs;
    this.byId = new Map(docs.map((d, i) => [d.id, i]));
    this.expansions.clear();
    this.nameOrder = null;
  }

  /** Vocabulary terms a query word stands for: itself, longer words it starts, parts of compounds, one typo. */
  private expand(word: string): Expansion[] {
    const cached = this.expansions.get(word);
    if (cached) return cached;
    const found: Expansion[] = [];
    for (const [term, postings] of this.terms) {
      if (postings.length === 0) continue;
      const termId = this.termIds.get(term) as number;
      if (term === word) found.push({ term, termId, quality: QUALITY.exact });
      else if (term.startsWith(word)) found.push({ term, termId, quality: QUALITY.prefix });
      else if (word.length >= 4 && term.includes(word)) found.push({ term, termId, quality: QUALITY.part });
    }
    if (found.length === 0 && word.length >= 5) {
      for (const [term, postings] of this.terms) {
        if (postings.length && withinOneEdit(word, term)) found.push({ term, termId: this.termIds.get(term) as number, quality: QUALITY.typo });
      }
    }
    if (this.expansions.size > 5000) this.expansions.clear();
    this.expansions.set(word, found);
    return found;
  }

  /** Score per document for one query word (best matching term wins). */
  private scoresFor(expansions: Expansion[], source = this.terms): Map<number, number> {
    const scores = new Map<number, number>();
    for (const { term, quality } of expansions) {
      const postings = source.get(term);
      if (!postings) continue;
      for (let i = 0; i < postings.length; i++) {
        const entry = postings.data[i] as number;
        const idx = entry >> 2;
        const score = (entry & 3) * quality;
        if ((scores.get(idx) ?? 0) < score) scores.set(idx, score);
      }
    }
    return scores;
  }

  private byName(): number[] {
    if (!this.nameOrder) {
      const order: number[] = [];
      this.docs.forEach((doc, idx) => {
        if (doc) order.push(idx);
      });
      const keys = this.sortKeys;
      order.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : (keys[a] as string) > (keys[b] as string) ? 1 : a - b));
      this.nameOrder = order;
    }
    return this.nameOrder;
  }

  search(query: SearchQuery): SearchResult {
    const key = JSON.stringify(query);
    const known = this.answers.get(key);
    if (known) return known;
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
    let scores: Map<number, number> | null = null;
    let candidates: Iterable<number>;
    if (geoFirst && near) {
      const remote = wordExpansions.length ? this.scoresFor(wordExpansions[0] as Expansion[], this.remoteTerms).keys() : this.everywhere;
      candidates = this.nearbyCandidates(near, radius, remote);
    } else if (wordExpansions.length) {
      for (const expansions of wordExpansions) {
        const wordScores = this.scoresFor(expansions);
        if (scores === null) scores = wordScores;
        else {
          const both = new Map<number, number>();
          for (const [idx, score] of scores) {
            const other = wordScores.get(idx);
            if (other !== undefined) both.set(idx, score + other);
          }
          scores = both;
        }
      }
      candidates = (scores as Map<number, number>).keys();
    } else if (query.topic) candidates = this.byTopic.get(query.topic) ?? [];
    else candidates = this.byName();

    const local: Ranked[] = [];
    const far: Ranked[] = [];
    for (const idx of candidates) {
      const doc = this.docs[idx];
      if (!doc || !this.passesFilters(doc, query)) continue;
      let score = 0;
      if (scores) score = scores.get(idx) ?? 0;
      else if (wordExpansions.length) {
        score = this.textScore(idx, wordExpansions);
        if (score < 0) continue;
      }
      let distanceKm: number | null = null;
      if (near && doc.lat !== null && doc.lon !== null) distanceKm = haversineKm(near, { lat: doc.lat, lon: doc.lon });
      const hit: Ranked = { group: doc, distanceKm, score, key: this.sortKeys[idx] as string };
      if (!near || (distanceKm !== null && distanceKm <= radius)) local.push(hit);
      else if (meetsOnlyRemotely(doc)) far.push(hit);
    }

    const sort = query.sort ?? (near ? 'distance' : wordExpansions.length ? 'relevance' : 'name');
    const byName = (a: Ranked, b: Ranked) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const byRelevance = (a: Ranked, b: Ranked) => b.score - a.score || byName(a, b);
    const byDistance = (a: Ranked, b: Ranked) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || byRelevance(a, b);
    const compare = sort === 'distance' ? byDistance : sort === 'relevance' ? byRelevance : byName;
    // Candidates taken from byName() are already in name order.
    const presorted = !wordExpansions.length && !query.topic && !(near && query.radiusKm) && sort === 'name';
    const end = query.offset + query.limit;
    const localSorted = presorted ? local.slice(0, end) : smallest(local, end, compare);
    // Groups beyond the radius that meet only online or by phone follow the local ones.
    const farSorted = end > local.length ? smallest(far, end - local.length, sort === 'distance' ? byRelevance : compare) : [];
    const page = localSorted.concat(farSorted).slice(query.offset, end);
    return {
      hits: page.map(({ group, distanceKm, score }) => ({ group, distanceKm, score })),
      total: local.length + (near ? far.length : 0),
      unknownWords,
      corrected,
    };
  }

  /** Groups in the cells around a place, then the remote ones given (each once). */
  private *nearbyCandidates(near: { lat: number; lon: number }, radiusKm: number, remote: Iterable<number>): Generator<number> {
    const dLat = radiusKm / 111.2;
    const dLon = radiusKm / (111.2 * Math.max(0.2, Math.cos(toRad(near.lat))));
    const seen = new Set<number>();
    for (let la = Math.floor((near.lat - dLat) / CELL_DEG); la <= Math.floor((near.lat + dLat) / CELL_DEG); la++) {
      for (let lo = Math.floor((near.lon - dLon) / CELL_DEG); lo <= Math.floor((near.lon + dLon) / CELL_DEG); lo++) {
        const set = this.cells.get(la * 10_000 + lo);
        if (!set) continue;
        for (const idx of set) {
          seen.add(idx);
          yield idx;
        }
      }
    }
    for (const idx of remote) if (!seen.has(idx)) yield idx;
  }

  /** A group's score for the query words from its own term list, or -1 when a word is missing. */
  private textScore(idx: number, wordExpansions: Expansion[][]): number {
    const packed = this.termPool;
    const first = this.termStart[idx] as number;
    const last = (this.termStart[idx + 1] as number) - 1;
    let total = 0;
    for (const expansions of wordExpansions) {
      let best = 0;
      for (const { termId, quality } of expansions) {
        let lo = first;
        let hi = last;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const id = (packed[mid] as number) >> 2;
          if (id < termId) lo = mid + 1;
          else if (id > termId) hi = mid - 1;
          else {
            best = Math.max(best, ((packed[mid] as number) & 3) * quality);
            break;
          }
        }
      }
      if (best === 0) return -1;
      total += best;
    }
    return total;
  }

  private passesFilters(doc: IndexedGroup, q: SearchQuery): boolean {
    if (!PUBLIC.has(doc.status)) return false;
    if (q.topic && !doc.topics.includes(q.topic)) return false;
    if (q.founding && doc.status !== 'founding') return false;
    if (q.accepting && (!doc.accepting || doc.status === 'paused')) return false;
    if (q.kind && doc.kind !== q.kind) return false;
    if (q.contactPointId && doc.contactPointId !== q.contactPointId) return false;
    if (q.audience && q.audience !== 'both' && doc.audience !== q.audience && doc.audience !== 'both') return false;
    if (q.audience === 'both' && doc.audience !== 'both') return false;
    if (q.language && !doc.languages.includes(q.language)) return false;
    if (q.format) {
      const f = doc.formats;
      const ok =
        f.includes(q.format) ||
        (f.includes('hybrid') && (q.format === 'in_person' || q.format === 'online'));
      if (!ok) return false;
    }
    if (q.accessibility) for (const a of q.accessibility) if (!doc.accessibility.includes(a)) return false;
    return true;
  }

  /** Topic slugs with at least one public group, for "related topics" and "notify me". */
  topicHasGroups(topic: string): boolean {
    const set = this.byTopic.get(topic);
    if (!set) return false;
    for (const idx of set) {
      const doc = this.docs[idx];
      if (doc && PUBLIC.has(doc.status)) return true;
    }
    return false;
  }

  /** For callers that fold their own input the same way as the index. */
  static fold = fold;
}
