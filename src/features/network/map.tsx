// The network map as SVG: inline on /network (points are links, focusable, named) and as a
// stand-alone download. Presentation attributes only, no <style>, so the page's CSP needs no exception.
// @kitajs/html escapes only '"' in attribute values; the download is XML, where '<' and a bare '&'
// in an attribute break the file, so attributes holding user text are escaped in full here.
import { escapeHtml } from '@kitajs/html';
import type { NetworkCircle, NetworkSector } from '../../db/types.ts';
import { CENTER, CIRCLE_FILLS, MAP_SIZE, RADII, labelInName, layoutMap } from './map-layout.ts';
import type { MapInput } from './map-layout.ts';

/** Room left and right of the circles for the labels of the side slices. */
const SIDE = 240;

export interface MapTexts {
  title: string;
  desc: string;
  empty: string;
  sector: (s: NetworkSector) => string;
  circle: (c: NetworkCircle) => string;
  point: (p: { number: number; name: string; sector: string; circle: string }) => string;
}

export function NetworkMap({ entries, texts, standalone }: { entries: MapInput[]; texts: MapTexts; standalone?: boolean }) {
  const layout = layoutMap(entries);
  const circles: NetworkCircle[] = ['outer', 'middle', 'inner'];
  return (
    <svg
      xmlns={standalone ? 'http://www.w3.org/2000/svg' : undefined}
      class={standalone ? undefined : 'netmap'}
      viewBox={`${-SIDE} 0 ${MAP_SIZE + 2 * SIDE} ${MAP_SIZE}`}
      width={standalone ? String(MAP_SIZE + 2 * SIDE) : undefined}
      height={standalone ? String(MAP_SIZE) : undefined}
      role="group"
      aria-labelledby="netmap-title"
      aria-describedby="netmap-desc"
      font-family="system-ui, sans-serif"
    >
      <title id="netmap-title" safe>{texts.title}</title>
      <desc id="netmap-desc" safe>{texts.desc}</desc>
      <g aria-hidden="true">
        <rect x={String(-SIDE)} y="0" width={String(MAP_SIZE + 2 * SIDE)} height={String(MAP_SIZE)} fill="#ffffff" />
        {circles.map((c) => (
          <circle cx={String(CENTER)} cy={String(CENTER)} r={String(RADII[c])} fill={CIRCLE_FILLS[c]} stroke="#6b7785" stroke-width="1.5" />
        ))}
        {layout.slices.map((s) => (
          <line x1={String(s.x1)} y1={String(s.y1)} x2={String(s.x2)} y2={String(s.y2)} stroke="#6b7785" stroke-width="1.5" />
        ))}
        {layout.sliceLabels.map((l) => (
          <text x={String(l.x)} y={String(l.y)} text-anchor={l.anchor} font-size="24" font-weight="700" fill="#1b1f24" safe>{texts.sector(l.sector)}</text>
        ))}
        {entries.length === 0 ? (
          <text x={String(CENTER)} y={String(CENTER + 6)} text-anchor="middle" font-size="18" fill="#1b1f24" safe>{texts.empty}</text>
        ) : ''}
      </g>
      {/* What every point shares is said once, on the group (font size and text colour inherit; the circles set their own fill). */}
      <g font-size="20" fill="#1b1f24" stroke-width="2">
      {layout.points.map((p) => {
        const full = texts.point({ number: p.number, name: p.name, sector: texts.sector(p.sector), circle: texts.circle(p.circle) });
        // A label cut inside a word (or inside brackets) is put in front, so the name still contains what is shown.
        // The check folds both texts word by word; a label that is the whole name or the point's number is always in it.
        const whole = p.label === String(p.number) || (p.label === p.name && !/[()]/.test(p.name));
        const name = whole || labelInName(p.label, full) ? full : `${p.label} – ${full}`;
        const dx = p.anchor === 'start' ? 13 : -13;
        return (
          <a href={`/network/entries/${p.id}`} class="netmap__point" aria-label={escapeHtml(name)}>
            <title safe>{name}</title>
            <circle cx={String(p.x)} cy={String(p.y)} r="9" fill={p.colour} stroke="#ffffff" />
            <text x={String(p.x + dx)} y={String(p.y + 6)} text-anchor={p.anchor} class={standalone ? undefined : 'netmap__label'} safe>{p.label}</text>
          </a>
        );
      })}
      </g>
    </svg>
  );
}
