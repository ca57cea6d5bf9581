// German places with coordinates, offline: name and postcode lookup, autocomplete, distances.
// The data is src/platform/geo/places.tsv, built by scripts/build-places.ts (see README.md);
// it is read once, on first use. Nothing here touches the network.
import { readFileSync } from 'node:fs';

export interface Place {
  id: number;
  /** Official name, e.g. "Frankfurt (Oder)", "Neustadt an der Weinstraße". */
  name: string;
  /** Display name, unique: the name plus a qualifier where several places share it, e.g. "Neustadt (Sachsen)". */
  label: string;
  /** Bundesland, e.g. "Sachsen". */
  region: string;
  lat: number;
  lon: number;
  /** Inhabitants per GeoNames; 0 when unknown (places under 1,000 inhabitants). */
  population: number;
  /** Postcodes of the place, ascending. May be empty (parts of a municipality). */
  postcodes: string[];
  /** True when the coordinates are borrowed from a postcode nearby, not the place's own. */
  approximate: boolean;
}

export type ResolveResult =
  | { kind: 'found'; place: Place; postcode?: string }
  | { kind: 'ambiguous'; candidates: Place[] }
  | { kind: 'unknown'; suggestions: Place[] };

export interface PlaceMatch {
  place: Place;
  /** Set when the match came from a postcode (prefix). */
  postcode?: string;
}

export interface LatLon {
  lat: number;
  lon: number;
}

// GeoNames admin1 codes for Germany.
const REGIONS: Record<string, string> = {
  '01': 'Baden-Württemberg', '02': 'Bayern', '03': 'Bremen', '04': 'Hamburg', '05': 'Hessen', '06': 'Niedersachsen',
  '07': 'Nordrhein-Westfalen', '08': 'Rheinland-Pfalz', '09': 'Saarland', '10': 'Schleswig-Holstein', '11': 'Brandenburg',
  '12': 'Mecklenburg-Vorpommern', '13': 'Sachsen', '14': 'Sachsen-Anhalt', '15': 'Thüringen', '16': 'Berlin',
};

export function regionName(code: string): string {
  return REGIONS[code] ?? '';
}

// Words that only join a name to its qualifier ("Frankfurt an der Oder", "Neustadt a. d. Aisch").
// Dropped everywhere but in first position.
const FILLER_WORDS = new Set(['a', 'am', 'an', 'auf', 'b', 'bei', 'd', 'der', 'die', 'den', 'dem', 'des', 'i', 'im', 'in', 'ob', 'v', 'vor', 'zu', 'zum', 'zur']);

/**
 * Folds a place name for comparison: case, umlauts (ä/ae/a), ß/ss, "St."/"Sankt", punctuation,
 * spaces and hyphens, and joining words ("an der", "am", "in", "bei") do not matter.
 * "Köln", "Koeln", "KOLN" → "koln"; "Frankfurt (Oder)", "Frankfurt/Oder", "frankfurt an der oder" → "frankfurtoder".
 */
export function foldPlaceName(s: string): string {
  let t = s.normalize('NFC').toLowerCase();
  // Transliterated umlauts, but not the diphthongs au/eu ("Aue", "Neuenkirchen") nor "que"/"ie".
  t = t.replace(/(^|[^aeiqu])([aou])e/g, '$1$2');
  t = t.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ß/g, 'ss');
  // Remaining accents (é, è, ...): strip the combining marks.
  t = t.normalize('NFD').replace(/\p{M}/gu, '');
  t = t.replace(/(^|[^a-z])st\.\s*/g, '$1sankt ').replace(/str\.(?=\s|$|[^a-z])/g, 'strasse');
  const words = t.split(/[^a-z0-9]+/).filter((w) => w !== '');
  return words.filter((w, i) => i === 0 || !FILLER_WORDS.has(w)).join('');
}

/** The name without its qualifier: "Frankfurt (Oder)" → "Frankfurt", "Neustadt an der Weinstraße" → "Neustadt". */
export function baseName(name: string): string {
  const m = /^(.+?)(?:\s*[(/]|\s+-\s+|\s+(?:am|an|in|im|bei|ob|auf|a\.|b\.|i\.)\s)/.exec(name);
  return (m?.[1] ?? name).trim();
}

// --- Data ------------------------------------------------------------------------------------

interface Index {
  places: Place[];
  byId: Map<number, Place>;
  /** Folded name (and folded base name) → places, largest first. */
  byKey: Map<string, Place[]>;
  /** All folded keys, ascending, for prefix search; keyPlaces[i] are the places of keys[i]. */
  keys: string[];
  keyPlaces: Place[][];
  /** All postcodes ascending, and the place each belongs to first (the largest). */
  postcodes: string[];
  postcodePlace: Place[];
}

let index: Index | undefined;

const TABLE_URL = new URL('./places.tsv', import.meta.url);

function byPopulation(a: Place, b: Place): number {
  return b.population - a.population || Number(a.approximate) - Number(b.approximate) || a.id - b.id;
}

export function parsePlacesTable(text: string): Place[] {
  const places: Place[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [id, name, qualifier, region, lat, lon, population, postcodes, coordsFrom] = line.split('\t');
    if (id === undefined || name === undefined || lat === undefined || lon === undefined) throw new Error(`places.tsv: bad line ${line}`);
    places.push({
      id: Number(id),
      name,
      label: qualifier ? `${name} (${qualifier})` : name,
      region: regionName(region ?? ''),
      lat: Number(lat),
      lon: Number(lon),
      population: Number(population || 0),
      postcodes: postcodes ? postcodes.split(',') : [],
      approximate: Boolean(coordsFrom),
    });
  }
  return places;
}

function load(): Index {
  if (index) return index;
  const places = parsePlacesTable(readFileSync(TABLE_URL, 'utf8'));
  const byId = new Map<number, Place>();
  const byKey = new Map<string, Place[]>();
  const add = (key: string, place: Place): void => {
    if (key === '') return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [place]);
    else if (!list.includes(place)) list.push(place);
  };
  const postcodeOwner = new Map<string, Place>();
  for (const place of places) {
    byId.set(place.id, place);
    add(foldPlaceName(place.name), place);
    add(foldPlaceName(baseName(place.name)), place);
    add(foldPlaceName(place.label), place);
    for (const code of place.postcodes) {
      const owner = postcodeOwner.get(code);
      if (!owner || byPopulation(place, owner) < 0) postcodeOwner.set(code, place);
    }
  }
  for (const list of byKey.values()) list.sort(byPopulation);
  const keys = [...byKey.keys()].sort();
  const postcodes = [...postcodeOwner.keys()].sort();
  index = {
    places, byId, byKey, keys,
    keyPlaces: keys.map((k) => byKey.get(k) ?? []),
    postcodes,
    postcodePlace: postcodes.map((p) => postcodeOwner.get(p) as Place),
  };
  return index;
}

/** First index i with list[i] >= value. */
function lowerBound(list: string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function placeById(id: number): Place | undefined {
  return load().byId.get(id);
}

/** The place a postcode belongs to (the largest, when a postcode covers several), with that postcode's coordinates. */
export function placeByPostcode(postcode: string): Place | undefined {
  const idx = load();
  const i = lowerBound(idx.postcodes, postcode);
  return idx.postcodes[i] === postcode ? idx.postcodePlace[i] : undefined;
}

// A further candidate counts as a plausible meaning when it has at least this share of the
// largest one's inhabitants; places of unknown size (villages) count as UNKNOWN_POPULATION.
const PLAUSIBLE_SHARE = 0.05;
const UNKNOWN_POPULATION = 500;

export function resolvePlace(query: string): ResolveResult {
  const q = query.trim();
  // "04103 Leipzig", as written on letters and offered by the suggestions: the postcode decides.
  const withName = /^(\d{5})\s+\S/.exec(q);
  if (withName) return resolvePlace(withName[1] as string);
  if (/^\d{5}$/.test(q)) {
    const place = placeByPostcode(q);
    return place ? { kind: 'found', place, postcode: q } : { kind: 'unknown', suggestions: suggestPlaces(q.slice(0, 3), 5) };
  }
  const key = foldPlaceName(q);
  const exact = key === '' ? undefined : load().byKey.get(key);
  if (exact && exact.length > 0) {
    const top = exact[0] as Place;
    const size = (p: Place): number => p.population || UNKNOWN_POPULATION;
    const plausible = exact.filter((p) => size(p) >= size(top) * PLAUSIBLE_SHARE);
    if (plausible.length === 1) return { kind: 'found', place: top };
    return { kind: 'ambiguous', candidates: plausible };
  }
  return { kind: 'unknown', suggestions: key === '' ? [] : similarPlaces(key, 5) };
}

/** Prefix matches first, then names within edit distance 1–2, larger places first. */
function similarPlaces(key: string, limit: number): Place[] {
  const result = suggestByName(key, limit);
  if (result.length >= limit) return result;
  const idx = load();
  const maxDistance = key.length <= 4 ? 1 : 2;
  const found: { place: Place; distance: number }[] = [];
  for (let i = 0; i < idx.keys.length; i++) {
    const candidate = idx.keys[i] as string;
    if (Math.abs(candidate.length - key.length) > maxDistance) continue;
    const distance = boundedEditDistance(key, candidate, maxDistance);
    if (distance <= maxDistance) for (const place of idx.keyPlaces[i] as Place[]) found.push({ place, distance });
  }
  found.sort((a, b) => a.distance - b.distance || byPopulation(a.place, b.place));
  for (const { place } of found) {
    if (result.length >= limit) break;
    if (!result.includes(place)) result.push(place);
  }
  return result;
}

/** Levenshtein distance with adjacent transpositions, or max + 1 as soon as it must exceed max. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** Keeps the `limit` best of a stream, by the given order (insertion into a small sorted array). */
function pushTop<T>(top: T[], item: T, limit: number, order: (a: T, b: T) => number): void {
  if (top.length >= limit && order(item, top[top.length - 1] as T) >= 0) return;
  let i = top.length;
  while (i > 0 && order(item, top[i - 1] as T) < 0) i--;
  top.splice(i, 0, item);
  if (top.length > limit) top.pop();
}

function suggestByName(key: string, limit: number): Place[] {
  const idx = load();
  const exact = idx.byKey.get(key) ?? [];
  const result = exact.slice(0, limit);
  const top: Place[] = [];
  const seen = new Set<Place>(result);
  for (let i = lowerBound(idx.keys, key); i < idx.keys.length && (idx.keys[i] as string).startsWith(key); i++) {
    for (const place of idx.keyPlaces[i] as Place[]) {
      if (seen.has(place)) continue;
      seen.add(place);
      pushTop(top, place, limit, byPopulation);
    }
  }
  for (const place of top) {
    if (result.length >= limit) break;
    result.push(place);
  }
  return result;
}

function suggestByPostcode(prefix: string, limit: number): PlaceMatch[] {
  const idx = load();
  const top: PlaceMatch[] = [];
  const seen = new Set<Place>();
  const order = (a: PlaceMatch, b: PlaceMatch): number => byPopulation(a.place, b.place);
  for (let i = lowerBound(idx.postcodes, prefix); i < idx.postcodes.length && (idx.postcodes[i] as string).startsWith(prefix); i++) {
    const place = idx.postcodePlace[i] as Place;
    if (seen.has(place)) continue;
    seen.add(place);
    pushTop(top, { place, postcode: idx.postcodes[i] as string }, limit, order);
  }
  return top;
}

/** Autocomplete with the postcode that matched, if the input is a postcode (prefix). */
export function suggestPlaceMatches(prefix: string, limit = 8): PlaceMatch[] {
  const q = prefix.trim();
  if (limit <= 0 || q === '') return [];
  if (/^\d{1,5}$/.test(q)) return suggestByPostcode(q, limit);
  const key = foldPlaceName(q);
  return key === '' ? [] : suggestByName(key, limit).map((place) => ({ place }));
}

/** Autocomplete: postcode prefix ("041") or name prefix, folded; exact names first, then larger places first. */
export function suggestPlaces(prefix: string, limit = 8): Place[] {
  return suggestPlaceMatches(prefix, limit).map((m) => m.place);
}

// --- Geometry ----------------------------------------------------------------------------------

export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine) in km. */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box containing every point within radiusKm, for an indexed pre-filter; check distanceKm afterwards. */
export function boundingBox(lat: number, lon: number, radiusKm: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // The box is widest in longitude at the latitude furthest from the equator.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  if (widest >= 90) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const dLon = dLat / Math.cos((widest * Math.PI) / 180);
  if (dLon >= 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon: lon - dLon, maxLon: lon + dLon };
}
