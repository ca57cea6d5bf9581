// Where everything sits on the network map: concentric circles by closeness, one slice per part of
// life, each entry a point inside its cell. Pure geometry of the SVG map (the PNG is that SVG drawn).
import type { NetworkCircle, NetworkSector } from '../../db/types.ts';
import { CIRCLES, SECTORS } from './schema.ts';

export const MAP_SIZE = 900;
export const CENTER = MAP_SIZE / 2;
/** Outer edge of each circle. */
export const RADII: Record<NetworkCircle, number> = { inner: 130, middle: 260, outer: 390 };
const INNER_EDGE: Record<NetworkCircle, number> = { inner: 0, middle: RADII.inner, outer: RADII.middle };
const SLICE = 360 / SECTORS.length;
const POINT_SPACING = 30;
/** Above this many points in one cell, points show their number instead of their name. */
export const CROWDED = 6;

/** Colours per part of life, each at least 4.5:1 against the map's light background. */
export const SECTOR_COLOURS: Record<NetworkSector, string> = {
  family: '#b3261e',
  friends: '#1a5fa0',
  neighbourhood: '#1d6b2f',
  community: '#7a3fa5',
  work: '#8a4f00',
  professional: '#00646d',
};
export const CIRCLE_FILLS: Record<NetworkCircle, string> = { inner: '#dfe8f3', middle: '#eaf0f7', outer: '#f5f8fb' };

export interface MapInput {
  id: string;
  name: string;
  sector: NetworkSector;
  circle: NetworkCircle;
}

export interface MapPoint extends MapInput {
  /** Position in the table (1 = first row). */
  number: number;
  x: number;
  y: number;
  /** Label beside the point: the name, or its number when the cell is crowded. */
  label: string;
  anchor: 'start' | 'end';
  colour: string;
}

export interface SliceLabel {
  sector: NetworkSector;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface MapLayout {
  points: MapPoint[];
  slices: Array<{ sector: NetworkSector; x1: number; y1: number; x2: number; y2: number }>;
  sliceLabels: SliceLabel[];
}

const polar = (radius: number, degrees: number) => {
  const rad = ((degrees - 90) * Math.PI) / 180;
  return { x: CENTER + radius * Math.cos(rad), y: CENTER + radius * Math.sin(rad) };
};
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The name as it fits beside a point. Cut after a whole word where one fits, so the visible label
 * stays a part of the point's accessible name (WCAG 2.5.3, "label in name").
 */
export function shortLabel(name: string, max = 16): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const hyphen = head.lastIndexOf('-');
  const cut = space >= 4 && space >= hyphen ? head.slice(0, space) : hyphen >= 4 ? head.slice(0, hyphen + 1) : head;
  return `${cut.trimEnd()}…`;
}

/** Words as speech input and checkers compare them: folded, without brackets and punctuation. */
function words(text: string): string[] {
  let s = text.normalize('NFKD').toLowerCase();
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
}

/** True when the visible label's words appear, in order and together, in the accessible name. */
export function labelInName(label: string, name: string): boolean {
  const needle = words(label);
  const haystack = words(name);
  if (needle.length === 0) return true;
  for (let i = 0; i + needle.length <= haystack.length; i++) if (needle.every((w, j) => w === haystack[i + j])) return true;
  return false;
}

/** Entries are numbered in the order given (the table's order). */
export function layoutMap(entries: MapInput[]): MapLayout {
  const cells = new Map<string, Array<MapInput & { number: number }>>();
  entries.forEach((e, i) => {
    const key = `${e.sector}:${e.circle}`;
    cells.set(key, [...(cells.get(key) ?? []), { ...e, number: i + 1 }]);
  });
  const points: MapPoint[] = [];
  SECTORS.forEach((sector, s) => {
    const start = s * SLICE;
    for (const circle of CIRCLES) {
      const members = cells.get(`${sector}:${circle}`) ?? [];
      if (members.length === 0) continue;
      const r0 = Math.max(INNER_EDGE[circle], 36) + 16;
      const r1 = RADII[circle] - 16;
      const crowded = members.length > CROWDED;
      // Rows from the outside in; each row holds as many points as its arc has room for.
      const rows: number[] = [];
      let left = members.length;
      const rowCount = Math.max(1, Math.floor((r1 - r0) / POINT_SPACING) + 1);
      for (let row = 0; row < rowCount && left > 0; row++) {
        const radius = rowCount === 1 ? (r0 + r1) / 2 : r1 - (row * (r1 - r0)) / (rowCount - 1);
        const arc = ((SLICE - 8) * Math.PI * radius) / 180;
        const room = Math.max(1, Math.floor(arc / (crowded ? 26 : 90)));
        rows.push(Math.min(room, left));
        left -= Math.min(room, left);
      }
      if (left > 0) rows[rows.length - 1]! += left; // very full cells: the innermost row takes the rest
      let index = 0;
      rows.forEach((count, row) => {
        const radius = rows.length === 1 ? (r0 + r1) / 2 : r1 - (row * (r1 - r0)) / Math.max(1, rowCount - 1);
        for (let i = 0; i < count; i++) {
          const member = members[index++]!;
          // A lone point sits off the middle by circle, so labels of neighbouring circles do not line up.
          const shift = count === 1 && rows.length === 1 ? { inner: 0, middle: -0.22, outer: 0.22 }[circle] : 0;
          const angle = start + 4 + ((i + 0.5 + shift) * (SLICE - 8)) / count;
          const { x, y } = polar(radius, angle);
          const right = x >= CENTER;
          points.push({
            ...member,
            x: round(x),
            y: round(y),
            label: crowded ? String(member.number) : shortLabel(member.name),
            anchor: right ? 'start' : 'end',
            colour: SECTOR_COLOURS[sector],
          });
        }
      });
    }
  });
  const slices = SECTORS.map((sector, s) => {
    const a = polar(0, s * SLICE);
    const b = polar(RADII.outer, s * SLICE);
    return { sector, x1: round(a.x), y1: round(a.y), x2: round(b.x), y2: round(b.y) };
  });
  const sliceLabels = SECTORS.map((sector, s): SliceLabel => {
    const mid = s * SLICE + SLICE / 2;
    const p = polar(RADII.outer + 22, mid);
    const side = Math.abs(p.y - CENTER) < 40;
    const anchor = Math.abs(p.x - CENTER) < 40 ? 'middle' : p.x > CENTER ? 'start' : 'end';
    // Labels of the side slices sit above the middle line, where a single point's label would be.
    return { sector, x: round(p.x), y: round(side ? p.y - 34 : p.y + 5), anchor };
  });
  return { points, slices, sliceLabels };
}
