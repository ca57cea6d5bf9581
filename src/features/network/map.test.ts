// The map's geometry keeps every point inside its cell, and the PNG is a valid image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { CENTER, RADII, labelInName, layoutMap, shortLabel } from './map-layout.ts';
import { renderMapPng } from './png.ts';
import { CIRCLES, SECTORS } from './schema.ts';

const many = Array.from({ length: 150 }, (_, i) => ({ id: `id${i}`, name: `Person ${i}`, sector: SECTORS[i % 6]!, circle: CIRCLES[i % 3]! }));

test('every point lies in its circle and its slice, numbered in table order', () => {
  const layout = layoutMap(many);
  assert.equal(layout.points.length, 150);
  const inner = { inner: 0, middle: RADII.inner, outer: RADII.middle };
  for (const p of layout.points) {
    const r = Math.hypot(p.x - CENTER, p.y - CENTER);
    assert.ok(r > inner[p.circle] && r < RADII[p.circle], `${p.name} at radius ${r} is outside the ${p.circle} circle`);
    const angle = ((Math.atan2(p.y - CENTER, p.x - CENTER) * 180) / Math.PI + 90 + 360) % 360;
    assert.equal(Math.floor(angle / 60), SECTORS.indexOf(p.sector), `${p.name} is outside its slice`);
  }
  assert.deepEqual(layout.points.map((p) => p.number).sort((a, b) => a - b), many.map((_, i) => i + 1));
  // Crowded cells label points with their numbers.
  assert.ok(layout.points.every((p) => /^\d+$/.test(p.label)));
  assert.equal(layoutMap(many.slice(0, 3)).points[0]?.label, 'Person 0');
});

test('the PNG has a valid signature, header and image data', () => {
  const png = renderMapPng(many);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.equal(png.readUInt32BE(16), 900);
  const idatLength = png.readUInt32BE(33);
  assert.equal(png.subarray(37, 41).toString('ascii'), 'IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  assert.equal(raw.length, (900 * 3 + 1) * 900);
});

test('a shortened label stays part of the point’s accessible name (label in name)', () => {
  assert.equal(shortLabel('Katrin (Schulfreundin)'), 'Katrin…');
  assert.equal(shortLabel('Selbsthilfe-Kontaktstelle Mitte'), 'Selbsthilfe-…');
  assert.equal(shortLabel('Frau Brandt (Therapeutin)'), 'Frau Brandt…');
  assert.equal(shortLabel('Oma Ilse'), 'Oma Ilse');
  assert.equal(shortLabel('Selbsthilfegruppe Lichtblick'), 'Selbsthilfegrup…');
  const name = (n: string) => `3. ${n}: Gemeinschaft, innerer Kreis`;
  for (const n of ['Katrin (Schulfreundin)', 'Selbsthilfe-Kontaktstelle Mitte', 'Frau Brandt (Therapeutin)', 'Dr. Weber (Hausärztin)', 'Sabine (Kollegin)']) {
    assert.ok(labelInName(shortLabel(n), name(n)), n);
  }
  // Cut inside a word: the label is not a whole word of the name, so the map puts it in front.
  assert.equal(labelInName('Selbsthilfegrup…', name('Selbsthilfegruppe Lichtblick')), false);
  assert.equal(labelInName('Ab (Cdefgh…', name('Ab (Cdefgh Ijk)')), false);
  assert.equal(labelInName('12', name('Zwölf')), false);
  assert.equal(labelInName('3', name('Zwölf')), true);
});
