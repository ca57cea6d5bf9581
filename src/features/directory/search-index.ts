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

/** Texts of a group with their weight: name and topics count more than the description. */
export interface IndexText {
  strong: string;
  medium: string;
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
}

interface Expansion {
  term: string;
  quality: number;
}

export class DirectoryIndex {
  private docs: Array<IndexedGroup | null> = [];
  /** Folded names, compared as plain strings: close to German order and much faster than a collator. */
  private sortKeys: string[] = [];
  private byId = new Map<string, number>();
  private terms = new Map<string, Postings>();
  private byTopic = new Map<string, Set<number>>();
  private cells = new Map<number, Set<number>>();
  private everywhere = new Set<number>();
  private live = 0;
  private expansions = new Map<string, Expansion[]>();
  private nameOrder: number[] | null = null;

  get size(): number {
    return this.live;
  }

  get(id: string): IndexedGroup | undefined {
    const idx = this.byId.get(id);
    return idx === undefined ? undefined : (this.docs[idx] ?? undefined);
  }

  /** Adds a group, or replaces the earlier version of it. */
  upsert(group: IndexedGroup, text: IndexText): void {
    this.remove(group.id);
    const idx = this.docs.length;
    this.docs.push(group);
    this.sortKeys.push(fold(group.name));
    this.byId.set(group.id, idx);
    this.live++;
    this.nameOrder = null;
    const weights = new Map<string, number>();
    for (const [kind, body] of Object.entries(text) as Array<[keyof IndexText, string]>) {
      for (const w of words(body)) weights.set(w, Math.max(weights.get(w) ?? 0, WEIGHT[kind]));
    }
    for (const [term, weight] of weights) {
      let postings = this.terms.get(term);
      if (!postings) {
        postings = new Postings();
        this.terms.set(term, postings);
        this.expansions.clear();
      }
      postings.push(idx * 4 + weight);
    }
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
    if (meetsOnlyRemotely(group)) this.everywhere.add(idx);
    if (this.docs.length > 1000 && this.docs.length > this.live * 2) this.compact();
  }

  remove(id: string): void {
    const idx = this.byId.get(id);
    if (idx === undefined) return;
    const doc = this.docs[idx];
    this.byId.delete(id);
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
    this.docs.forEach((doc, old) => {
      if (doc) {
        remap[old] = docs.length;
        docs.push(doc);
        sortKeys.push(this.sortKeys[old] as string);
      }
    });
    this.sortKeys = sortKeys;
    const mapSet = (set: Set<number>) => new Set([...set].map((i) => remap[i] as number));
    for (const [term, postings] of this.terms) {
      const next = new Postings();
      for (let i = 0; i < postings.length; i++) {
        const entry = postings.data[i] as number;
        const to = remap[entry >> 2] as number;
        if (to >= 0) next.push(to * 4 + (entry & 3));
      }
      if (next.length) this.terms.set(term, next);
      else this.terms.delete(term);
    }
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
    for (const term of this.terms.keys()) {
      if (term === word) found.push({ term, quality: QUALITY.exact });
      else if (term.startsWith(word)) found.push({ term, quality: QUALITY.prefix });
      else if (word.length >= 4 && term.includes(word)) found.push({ term, quality: QUALITY.part });
    }
    if (found.length === 0 && word.length >= 5) {
      for (const term of this.terms.keys()) {
        if (withinOneEdit(word, term)) found.push({ term, quality: QUALITY.typo });
      }
    }
    if (this.expansions.size > 5000) this.expansions.clear();
    this.expansions.set(word, found);
    return found;
  }

  /** Score per document for one query word (best matching term wins). */
  private scoresFor(expansions: Expansion[]): Map<number, number> {
    const scores = new Map<number, number>();
    for (const { term, quality } of expansions) {
      const postings = this.terms.get(term);
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
    const unknownWords: string[] = [];
    const corrected: Array<{ word: string; term: string }> = [];
    let scores: Map<number, number> | null = null;
    const queryWords = [...new Set(words(query.words ?? ''))].slice(0, 12);
    for (const word of queryWords) {
      const expansions = this.expand(word);
      if (expansions.length === 0) {
        unknownWords.push(word);
        continue;
      }
      if (expansions.every((e) => e.quality === QUALITY.typo)) corrected.push({ word, term: (expansions[0] as Expansion).term });
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
    // Every word must match something; a word that matches nothing means no result.
    if (unknownWords.length > 0) scores = new Map();

    let candidates: Iterable<number>;
    if (scores) candidates = scores.keys();
    else if (query.topic) candidates = this.byTopic.get(query.topic) ?? [];
    else if (query.near && query.radiusKm) candidates = this.nearbyCandidates(query.near, query.radiusKm);
    else candidates = this.byName();

    const near = query.near;
    const radius = query.radiusKm ?? Infinity;
    const local: Ranked[] = [];
    const far: Ranked[] = [];
    for (const idx of candidates) {
      const doc = this.docs[idx];
      if (!doc || !this.passesFilters(doc, query)) continue;
      let distanceKm: number | null = null;
      if (near && doc.lat !== null && doc.lon !== null) distanceKm = haversineKm(near, { lat: doc.lat, lon: doc.lon });
      const hit: Ranked = { group: doc, distanceKm, score: scores?.get(idx) ?? 0, key: this.sortKeys[idx] as string };
      if (!near || (distanceKm !== null && distanceKm <= radius)) local.push(hit);
      else if (meetsOnlyRemotely(doc)) far.push(hit);
    }

    const sort = query.sort ?? (near ? 'distance' : scores ? 'relevance' : 'name');
    const byName = (a: Ranked, b: Ranked) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const byRelevance = (a: Ranked, b: Ranked) => b.score - a.score || byName(a, b);
    const byDistance = (a: Ranked, b: Ranked) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || byRelevance(a, b);
    const compare = sort === 'distance' ? byDistance : sort === 'relevance' ? byRelevance : byName;
    // Candidates taken from byName() are already in name order.
    const presorted = !scores && !query.topic && !(near && query.radiusKm) && sort === 'name';
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

  private *nearbyCandidates(near: { lat: number; lon: number }, radiusKm: number): Generator<number> {
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
    for (const idx of this.everywhere) if (!seen.has(idx)) yield idx;
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
