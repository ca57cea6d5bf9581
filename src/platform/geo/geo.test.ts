import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  boundingBox, boundedEditDistance, distanceKm, foldPlaceName, placeById, placeByPostcode, resolvePlace, suggestPlaceMatches, suggestPlaces,
} from './index.ts';
import type { Place } from './index.ts';
import { placesRoutes } from './routes.ts';

function found(query: string): Place {
  const result = resolvePlace(query);
  assert.equal(result.kind, 'found', `${query}: ${JSON.stringify(result).slice(0, 300)}`);
  return (result as { place: Place }).place;
}

describe('foldPlaceName', () => {
  it('ignores case, umlauts, ß, punctuation and joining words', () => {
    for (const s of ['Köln', 'Koeln', 'Koln', 'KÖLN', 'KOELN']) assert.equal(foldPlaceName(s), 'koln');
    assert.equal(foldPlaceName('Gießen'), foldPlaceName('Giessen'));
    for (const s of ['Frankfurt (Oder)', 'Frankfurt/Oder', 'Frankfurt Oder', 'frankfurt an der oder', 'Frankfurt-Oder']) {
      assert.equal(foldPlaceName(s), 'frankfurtoder', s);
    }
    assert.equal(foldPlaceName('Halle Saale'), foldPlaceName('Halle (Saale)'));
    assert.equal(foldPlaceName('St. Ingbert'), foldPlaceName('Sankt Ingbert'));
  });

  it('keeps the diphthongs au/eu, so Neuenkirchen stays apart from Neunkirchen', () => {
    assert.notEqual(foldPlaceName('Neuenkirchen'), foldPlaceName('Neunkirchen'));
    assert.equal(foldPlaceName('Aue'), 'aue');
  });
});

describe('resolvePlace', () => {
  it('finds a place by postcode, with that postcode', () => {
    const result = resolvePlace('04103');
    assert.equal(result.kind, 'found');
    if (result.kind !== 'found') return;
    assert.equal(result.place.name, 'Leipzig');
    assert.equal(result.postcode, '04103');
    assert.equal(result.place.region, 'Sachsen');
  });

  it('finds places by name, however written', () => {
    assert.equal(found('Leipzig').name, 'Leipzig');
    assert.equal(found('leipzig').name, 'Leipzig');
    assert.equal(found(' LEIPZIG ').name, 'Leipzig');
    for (const q of ['Frankfurt (Oder)', 'frankfurt oder', 'Frankfurt/Oder', 'frankfurt an der oder']) {
      const place = found(q);
      assert.equal(place.name, 'Frankfurt (Oder)', q);
      assert.equal(place.region, 'Brandenburg');
    }
    assert.equal(found('Frankfurt am Main').region, 'Hessen');
    for (const q of ['Köln', 'Koeln', 'Koln']) assert.equal(found(q).name, 'Köln', q);
    for (const q of ['München', 'Muenchen', 'Munchen']) assert.equal(found(q).name, 'München', q);
    assert.equal(found('Görlitz').name, 'Görlitz');
    assert.equal(found('Goerlitz').name, 'Görlitz');
    for (const q of ['Halle (Saale)', 'Halle Saale', 'halle an der saale']) assert.equal(found(q).name, 'Halle (Saale)', q);
    assert.ok(found('Berlin').postcodes.includes('10115'));
  });

  it('calls a shared name ambiguous, largest first', () => {
    const result = resolvePlace('Neustadt');
    assert.equal(result.kind, 'ambiguous');
    if (result.kind !== 'ambiguous') return;
    assert.ok(result.candidates.length > 3);
    for (let i = 1; i < result.candidates.length; i++) {
      assert.ok((result.candidates[i - 1] as Place).population >= (result.candidates[i] as Place).population);
    }
    assert.equal(new Set(result.candidates.map((p) => p.label)).size, result.candidates.length, 'labels are unique');
    const frankfurt = resolvePlace('Frankfurt');
    assert.equal(frankfurt.kind, 'ambiguous');
    if (frankfurt.kind === 'ambiguous') assert.deepEqual(frankfurt.candidates.map((p) => p.name), ['Frankfurt am Main', 'Frankfurt (Oder)']);
  });

  it('answers unknown names with suggestions', () => {
    assert.deepEqual(resolvePlace('Xyzabc'), { kind: 'unknown', suggestions: [] });
    const lepzig = resolvePlace('Lepzig');
    assert.equal(lepzig.kind, 'unknown');
    if (lepzig.kind === 'unknown') assert.equal(lepzig.suggestions[0]?.name, 'Leipzig');
    assert.equal(resolvePlace('').kind, 'unknown');
    assert.equal(resolvePlace('00000').kind, 'unknown');
  });

  it('gives a village without own coordinates those of a postcode nearby', () => {
    // 01477 Arnsdorf (Landkreis Bautzen): no coordinates in GeoNames; 01471 (Radeburg) is next.
    const place = placeByPostcode('01477');
    assert.ok(place);
    assert.equal(place.name, 'Arnsdorf');
    assert.equal(place.approximate, true);
    const donor = placeByPostcode('01471');
    assert.ok(donor && !donor.approximate);
    assert.deepEqual([place.lat, place.lon], [donor.lat, donor.lon]);
    const result = resolvePlace('01477');
    assert.equal(result.kind, 'found');
    if (result.kind === 'found') assert.ok(distanceKm(result.place, found('Dresden')) < 30);
  });

  it('looks places up by id', () => {
    const leipzig = found('Leipzig');
    assert.equal(placeById(leipzig.id), leipzig);
    assert.equal(placeById(-1), undefined);
  });
});

describe('suggestPlaces', () => {
  it('completes names, larger places first', () => {
    assert.equal(suggestPlaces('Leip')[0]?.name, 'Leipzig');
    assert.equal(suggestPlaces('leip')[0]?.name, 'Leipzig');
    assert.equal(suggestPlaces('Mün', 3)[0]?.name, 'München');
    assert.equal(suggestPlaces('frank').length, 8);
    assert.equal(suggestPlaces('b', 3).length, 3);
    assert.deepEqual(suggestPlaces(''), []);
    assert.deepEqual(suggestPlaces('---'), []);
  });

  it('completes postcodes', () => {
    assert.deepEqual(suggestPlaces('041').map((p) => p.name), ['Leipzig']);
    const matches = suggestPlaceMatches('0110');
    assert.ok(matches.length > 0);
    assert.ok(matches.every((m) => m.postcode?.startsWith('0110')));
    assert.equal(suggestPlaces('01')[0]?.name, 'Dresden');
  });

  it('is fast', () => {
    const queries = ['a', 'b', 'le', 'Leip', '0', '041', 'sch', 'neu'];
    suggestPlaces('warm-up');
    const start = performance.now();
    for (let i = 0; i < 2000; i++) suggestPlaces(queries[i % queries.length] as string);
    assert.ok((performance.now() - start) / 2000 < 1, 'under 1 ms per call');
  });
});

describe('geometry', () => {
  it('measures distances', () => {
    const leipzigHalle = distanceKm(found('Leipzig'), found('Halle (Saale)'));
    // The GeoNames points (city centres) are 31.4 km apart.
    assert.ok(leipzigHalle > 30 && leipzigHalle < 38, String(leipzigHalle));
    const berlinMunich = distanceKm(found('Berlin'), found('München'));
    assert.ok(berlinMunich > 500 && berlinMunich < 510, String(berlinMunich));
    assert.equal(distanceKm({ lat: 51, lon: 12 }, { lat: 51, lon: 12 }), 0);
  });

  it('boxes a radius', () => {
    const leipzig = found('Leipzig');
    const box = boundingBox(leipzig.lat, leipzig.lon, 25);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      // A point 24.9 km away in each direction lies inside the box.
      const d = 24.9 / 6371.0088;
      const lat1 = (leipzig.lat * Math.PI) / 180;
      const lon1 = (leipzig.lon * Math.PI) / 180;
      const b = (bearing * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
      const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
      const point = { lat: (lat2 * 180) / Math.PI, lon: (lon2 * 180) / Math.PI };
      assert.ok(point.lat >= box.minLat && point.lat <= box.maxLat && point.lon >= box.minLon && point.lon <= box.maxLon, String(bearing));
    }
    assert.ok(box.maxLat - box.minLat < 0.5);
  });

  it('bounds the edit distance', () => {
    assert.equal(boundedEditDistance('lepzig', 'leipzig', 2), 1);
    assert.equal(boundedEditDistance('leipizg', 'leipzig', 2), 1);
    assert.equal(boundedEditDistance('abc', 'xyzabcdef', 2), 3);
  });
});

describe('GET /api/v1/places', () => {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.register(placesRoutes);
  after(() => app.close());

  it('answers postcode and name prefixes', async () => {
    const byPostcode = await app.inject({ url: '/api/v1/places?q=04103' });
    assert.equal(byPostcode.statusCode, 200);
    assert.deepEqual(byPostcode.json().items[0], { id: found('Leipzig').id, label: 'Leipzig', region: 'Sachsen', postcode: '04103' });
    const byName = await app.inject({ url: `/api/v1/places?q=${encodeURIComponent('frankfurt o')}` });
    assert.equal(byName.json().items[0].label, 'Frankfurt (Oder)');
    assert.equal(byName.json().items[0].postcode, undefined);
    const many = await app.inject({ url: '/api/v1/places?q=b' });
    assert.equal(many.json().items.length, 8);
    assert.deepEqual((await app.inject({ url: '/api/v1/places?q=Xyzabc' })).json(), { items: [] });
  });

  it('rejects a missing, empty or too long q', async () => {
    for (const url of ['/api/v1/places', '/api/v1/places?q=', `/api/v1/places?q=${'a'.repeat(101)}`]) {
      assert.equal((await app.inject({ url })).statusCode, 400, url);
    }
    assert.equal((await app.inject({ url: `/api/v1/places?q=${'a'.repeat(100)}` })).statusCode, 200);
  });
});
