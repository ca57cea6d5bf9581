// The network map as a PNG, drawn on the server without a browser or native library: a small
// anti-aliased rasteriser (discs, rings, lines) and a 3×5 digit font. Points carry their table
// number instead of a name (no font for every script is shipped); the table gives the names.
import { deflateSync } from 'node:zlib';
import { CENTER, CIRCLE_FILLS, MAP_SIZE, RADII, layoutMap } from './map-layout.ts';
import type { MapInput } from './map-layout.ts';
import type { NetworkCircle } from '../../db/types.ts';

type Rgb = [number, number, number];

const hex = (colour: string): Rgb => [parseInt(colour.slice(1, 3), 16), parseInt(colour.slice(3, 5), 16), parseInt(colour.slice(5, 7), 16)];

class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb) {
    this.pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.pixels.set(background, i * 3);
  }

  /** Blends a colour into one pixel with coverage 0…1. */
  blend(x: number, y: number, c: Rgb, coverage: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || coverage <= 0) return;
    const a = Math.min(1, coverage);
    const i = (y * this.width + x) * 3;
    for (let k = 0; k < 3; k++) this.pixels[i + k] = Math.round(this.pixels[i + k]! * (1 - a) + c[k]! * a);
  }

  /** Pixels whose centre lies within [inner, outer] of (cx, cy), with a one-pixel soft edge. */
  ring(cx: number, cy: number, inner: number, outer: number, c: Rgb): void {
    const x0 = Math.max(0, Math.floor(cx - outer - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + outer + 1));
    const y0 = Math.max(0, Math.floor(cy - outer - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + outer + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const coverage = Math.min(outer + 0.5 - d, d - (inner - 0.5), 1);
        if (coverage > 0) this.blend(x, y, c, coverage);
      }
    }
  }

  disc(cx: number, cy: number, r: number, c: Rgb): void {
    this.ring(cx, cy, -1, r, c);
  }

  line(ax: number, ay: number, bx: number, by: number, width: number, c: Rgb): void {
    const half = width / 2;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - half - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx) + half + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - half - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by) + half + 1));
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
        this.blend(x, y, c, half + 0.5 - d);
      }
    }
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let yy = Math.max(0, Math.round(y)); yy < Math.min(this.height, Math.round(y + h)); yy++) {
      for (let xx = Math.max(0, Math.round(x)); xx < Math.min(this.width, Math.round(x + w)); xx++) this.blend(xx, yy, c, 1);
    }
  }
}

// 3×5 digits, one row of three bits per number, top to bottom.
const DIGITS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7], '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 2, 2, 2], '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7],
};

function drawNumber(canvas: Canvas, text: string, x: number, y: number, anchor: 'start' | 'end', scale: number, ink: Rgb): void {
  const advance = 4 * scale;
  const width = text.length * advance - scale;
  const left = anchor === 'start' ? x : x - width;
  // A white box behind the digits keeps them readable over lines.
  canvas.rect(left - scale, y - scale, width + 2 * scale, 7 * scale, [255, 255, 255]);
  [...text].forEach((ch, i) => {
    const rows = DIGITS[ch];
    if (!rows) return;
    rows.forEach((bits, row) => {
      for (let col = 0; col < 3; col++) {
        if (bits & (4 >> col)) canvas.rect(left + i * advance + col * scale, y + row * scale, scale, scale, ink);
      }
    });
  });
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGB pixels as a PNG (no filtering; deflate does the work). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function renderMapPng(entries: MapInput[]): Buffer {
  const layout = layoutMap(entries);
  const canvas = new Canvas(MAP_SIZE, MAP_SIZE, [255, 255, 255]);
  const line = hex('#6b7785');
  for (const c of ['outer', 'middle', 'inner'] as NetworkCircle[]) {
    canvas.disc(CENTER, CENTER, RADII[c], hex(CIRCLE_FILLS[c]));
    canvas.ring(CENTER, CENTER, RADII[c] - 0.75, RADII[c] + 0.75, line);
  }
  for (const s of layout.slices) canvas.line(s.x1, s.y1, s.x2, s.y2, 1.5, line);
  const ink: Rgb = [27, 31, 36];
  for (const p of layout.points) {
    canvas.disc(p.x, p.y, 10, [255, 255, 255]);
    canvas.disc(p.x, p.y, 8, hex(p.colour));
  }
  for (const p of layout.points) drawNumber(canvas, String(p.number), p.anchor === 'start' ? p.x + 14 : p.x - 14, p.y - 7, p.anchor, 3, ink);
  return encodePng(MAP_SIZE, MAP_SIZE, canvas.pixels);
}
