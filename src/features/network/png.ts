// The network map as a PNG: the same SVG as the map page and the SVG download, drawn by resvg with
// the DejaVu Sans font the repository ships (fonts/), so names in Latin, Cyrillic, Greek, Turkish and
// Arabic script come out as written, on any server, without the machine's own fonts.
//
// Drawing a map takes tens of milliseconds of CPU. renderAsync draws on libuv's thread pool, so the
// event loop keeps serving others meanwhile; and since a machine may have only two cores, the
// drawings themselves queue (platform/work-queue.ts): one at a time, one per person, a short waiting
// line, the rest refused with 429. The map itself is bounded (MAP_MAX_POINTS), so one drawing is bounded too.
import { fileURLToPath } from 'node:url';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { WorkQueue } from '../../platform/work-queue.ts';

const FONT_DIR = new URL('../../../fonts/', import.meta.url);
export const MAP_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(f, FONT_DIR)));

const OPTIONS: ResvgRenderOptions = {
  font: {
    loadSystemFonts: false,
    fontFiles: MAP_FONT_FILES,
    defaultFontFamily: 'DejaVu Sans',
    sansSerifFamily: 'DejaVu Sans',
  },
  // Names in right-to-left scripts and German text shape by the languages of the people here.
  languages: ['de', 'en', 'ar', 'tr', 'ru', 'el'],
  fitTo: { mode: 'original' },
  background: '#ffffff',
  logLevel: 'off',
};

/** One drawing at a time per process, one per person, eight waiting; more would only share the same cores. */
const drawings = new WorkQueue(1, 8, 'map_busy');

/** The queue's state, for tests and the bench. */
export function pngQueue(): { running: number; waiting: number } {
  return drawings.state;
}

/**
 * Draws the stand-alone map SVG as a PNG. `owner` is the person asking: one drawing per person at a
 * time; a second request while one runs, or a full waiting line, is refused with 429. `svg` may be a
 * function that loads and writes the SVG: it then runs inside the drawing's place, so refused
 * requests do not load a whole network first.
 */
export function renderMapPng(svg: string | (() => Promise<string>), owner: string): Promise<Buffer> {
  return drawings.run(owner, async () => {
    const text = typeof svg === 'string' ? svg : await svg();
    // Loaded at the first drawing, not at start: the native library is only needed here.
    const { renderAsync } = await import('@resvg/resvg-js');
    const image = await renderAsync(text, OPTIONS);
    return image.asPng();
  });
}
