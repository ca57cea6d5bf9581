// The private check-in chart: mood and energy over time as a server-rendered SVG (an image with a
// name and description; the same numbers are in the table below it on the page).
import type { Checkin } from './service.ts';

const W = 640;
const H = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 40 };

export function CheckinChart({ checkins, from, to, title, desc, moodLabel, energyLabel }: { checkins: Checkin[]; from: string; to: string; title: string; desc: string; moodLabel: string; energyLabel: string }) {
  const n = checkins.length;
  const x = (i: number) => PAD.left + (n <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v: number) => PAD.top + ((5 - v) * (H - PAD.top - PAD.bottom)) / 4;
  const line = (pick: (c: Checkin) => number) => checkins.map((c, i) => `${x(i).toFixed(1)},${y(pick(c)).toFixed(1)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc">
      <title id="chart-title" safe>{title}</title>
      <desc id="chart-desc" safe>{desc}</desc>
      <rect x="0" y="0" width={String(W)} height={String(H)} fill="#ffffff" />
      {[1, 2, 3, 4, 5].map((v) => (
        <>
          <line x1={String(PAD.left)} x2={String(W - PAD.right)} y1={String(y(v))} y2={String(y(v))} stroke="#c9d0d6" stroke-width="1" />
          <text x={String(PAD.left - 10)} y={String(y(v) + 5)} text-anchor="end" font-size="14" fill="#1b1f24" safe>{String(v)}</text>
        </>
      ))}
      <polyline points={line((c) => c.mood)} fill="none" stroke="#1a5fa0" stroke-width="3" />
      <polyline points={line((c) => c.energy)} fill="none" stroke="#8a4f00" stroke-width="3" stroke-dasharray="8 5" />
      {checkins.map((c, i) => (
        <>
          <circle cx={x(i).toFixed(1)} cy={y(c.mood).toFixed(1)} r="4" fill="#1a5fa0" />
          <rect x={(x(i) - 4).toFixed(1)} y={(y(c.energy) - 4).toFixed(1)} width="8" height="8" fill="#8a4f00" />
        </>
      ))}
      <text x={String(PAD.left)} y={String(H - 12)} font-size="14" fill="#1b1f24" safe>{from}</text>
      <text x={String(W - PAD.right)} y={String(H - 12)} text-anchor="end" font-size="14" fill="#1b1f24" safe>{to}</text>
      <circle cx={String(W / 2 - 120)} cy={String(H - 17)} r="5" fill="#1a5fa0" />
      <text x={String(W / 2 - 110)} y={String(H - 12)} font-size="14" fill="#1b1f24" safe>{moodLabel}</text>
      <rect x={String(W / 2 + 10)} y={String(H - 22)} width="10" height="10" fill="#8a4f00" />
      <text x={String(W / 2 + 26)} y={String(H - 12)} font-size="14" fill="#1b1f24" safe>{energyLabel}</text>
    </svg>
  );
}
