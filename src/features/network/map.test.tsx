// The map's geometry keeps every point inside its cell, and the PNG is a valid image that carries the names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CENTER, RADII, labelInName, layoutMap, shortLabel } from './map-layout.ts';
import type { MapInput } from './map-layout.ts';
import { NetworkMap } from './map.tsx';
import type { MapTexts } from './map.tsx';
import { pngQueue, renderMapPng } from './png.ts';
import { AppError } from '../../platform/errors.ts';
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

/** The stand-alone SVG, as the downloads build it (texts in plain words, no catalog needed). */
async function svgOf(entries: MapInput[]): Promise<string> {
  const texts: MapTexts = {
    title: 'Mein Netz', desc: 'Karte', empty: 'leer', sector: (s) => s, circle: (c) => c,
    point: (p) => `${p.number}. ${p.name}: ${p.sector}, ${p.circle}`,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${await (<NetworkMap entries={entries} texts={texts} standalone />)}`;
}

/** Width and height from the IHDR chunk, after checking the signature and the chunk's place. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.readUInt32BE(8), 13, 'IHDR is 13 bytes');
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.equal(png.subarray(png.length - 8, png.length - 4).toString('ascii'), 'IEND');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const few = (names: string[]) => names.map((name, i) => ({ id: `id${i}`, name, sector: SECTORS[i % 6]!, circle: CIRCLES[i % 3]! }));

test('the PNG is a valid image of the whole map, at the SVG’s size', async () => {
  const png = await renderMapPng(await svgOf(many), 'owner-a');
  assert.deepEqual(pngSize(png), { width: 1380, height: 900 });
});

test('the PNG carries the names: other names, another image; every script draws', async () => {
  const base = await renderMapPng(await svgOf(few(['Anna', 'Ben', 'Clara'])), 'owner-a');
  const other = await renderMapPng(await svgOf(few(['Anna', 'Ben', 'Dora'])), 'owner-a');
  assert.notDeepEqual(base, other, 'a different name changes the picture');
  // A name in each script people here use draws its letters: not nothing (an empty name) and not
  // the empty boxes a font without the glyphs draws (as many private-use characters as the name
  // has). `<` and `&` are escaped in the SVG and render as text.
  const blank = await renderMapPng(await svgOf(few(['', 'Ben', 'Clara'])), 'owner-a');
  for (const name of ['سلمى', 'Ирина', 'Ελένη', 'Şükrü Ağaoğlu', 'Jörg <b>&amp; "Ö"', 'A<B & C']) {
    const png = await renderMapPng(await svgOf(few([name, 'Ben', 'Clara'])), 'owner-a');
    assert.deepEqual(pngSize(png), { width: 1380, height: 900 }, name);
    assert.notDeepEqual(png, blank, `${name} draws ink`);
    const boxes = await renderMapPng(await svgOf(few(['\uE000'.repeat([...name].length), 'Ben', 'Clara'])), 'owner-a');
    assert.notDeepEqual(png, boxes, `${name} draws letters, not missing-glyph boxes`);
  }
});

test('one drawing per person at a time; others wait their turn', async () => {
  const svg = await svgOf(many);
  const first = renderMapPng(svg, 'owner-b');
  await assert.rejects(renderMapPng(svg, 'owner-b'), (e: unknown) => e instanceof AppError && e.status === 429);
  const someoneElse = renderMapPng(svg, 'owner-c');
  assert.ok(pngQueue().running + pngQueue().waiting >= 2, 'the second person queues instead of being refused');
  const [a, b] = await Promise.all([first, someoneElse]);
  assert.deepEqual(a, b);
  assert.deepEqual(pngQueue(), { running: 0, waiting: 0 });
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
