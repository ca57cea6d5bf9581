// Measures the crisis check against the labelled sentences in dataset/*.tsv: recall and precision
// per class. Used by crisis.test.ts and bench/crisis.ts (which prints the figures and the misses).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkCrisisText } from './index.ts';
import type { CrisisClass } from './index.ts';

export type Label = 'explicit' | 'self_harm' | 'distress' | 'none';
export interface Sample { language: 'de' | 'en'; label: Label; text: string }

const LABELS: readonly Label[] = ['explicit', 'self_harm', 'distress', 'none'];
const CLASS_OF: Record<Exclude<Label, 'none'>, CrisisClass> = {
  explicit: 'explicit_intent',
  self_harm: 'self_harm',
  distress: 'implicit_distress',
};

/**
 * `tuning`: the sentences the rules were written against; `second`: a set written afterwards and then
 * tuned on (see its header); `blind`: written afterwards and never tuned on; `fresh`: a second blind set,
 * written before the rules were generalised and kept untouched since, so it measures that change.
 */
export type DatasetPart = 'tuning' | 'second' | 'blind' | 'fresh';
export function loadDataset(language: 'de' | 'en', part: DatasetPart = 'tuning'): Sample[] {
  const file = fileURLToPath(new URL(`./dataset/${language}${part === 'tuning' ? '' : `-${part}`}.tsv`, import.meta.url));
  const samples: Sample[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [label, text] = line.split('\t');
    if (!LABELS.includes(label as Label) || !text) throw new Error(`bad dataset line in ${language}.tsv: ${line}`);
    samples.push({ language, label: label as Label, text });
  }
  return samples;
}

/** The one label a check result stands for: its most serious class, or "none". */
export function predictedLabel(text: string): Label {
  const [top] = checkCrisisText(text).classes;
  if (top === 'explicit_intent') return 'explicit';
  if (top === 'self_harm') return 'self_harm';
  if (top === 'implicit_distress') return 'distress';
  return 'none';
}

export interface ClassFigures { label: Label; samples: number; recall: number; precision: number }
export interface Figures {
  samples: number;
  perClass: ClassFigures[];
  /** Share of crisis sentences (any class) for which the help page appears. */
  helpShownRecall: number;
  /** Share of hard negatives for which the help page appears anyway. */
  falseAlarmRate: number;
  misses: Array<{ label: Label; predicted: Label; text: string }>;
}

export function evaluate(samples: Sample[]): Figures {
  const misses: Figures['misses'] = [];
  const predictions = samples.map((s) => {
    const predicted = predictedLabel(s.text);
    if (predicted !== s.label) misses.push({ label: s.label, predicted, text: s.text });
    return { ...s, predicted, classes: checkCrisisText(s.text).classes };
  });
  const perClass = (['explicit', 'self_harm', 'distress'] as const).map((label) => {
    const cls = CLASS_OF[label];
    const labelled = predictions.filter((p) => p.label === label);
    // A sentence counts as found for its class when the check reports that class at all.
    const found = labelled.filter((p) => p.classes.includes(cls)).length;
    const flagged = predictions.filter((p) => p.predicted === label);
    const right = flagged.filter((p) => p.label === label).length;
    return {
      label,
      samples: labelled.length,
      recall: labelled.length ? found / labelled.length : 1,
      precision: flagged.length ? right / flagged.length : 1,
    };
  });
  const crisis = predictions.filter((p) => p.label !== 'none');
  const negatives = predictions.filter((p) => p.label === 'none');
  return {
    samples: samples.length,
    perClass,
    helpShownRecall: crisis.filter((p) => p.predicted !== 'none').length / crisis.length,
    falseAlarmRate: negatives.filter((p) => p.predicted !== 'none').length / negatives.length,
    misses,
  };
}

export function formatFigures(name: string, f: Figures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const rows = f.perClass.map((c) => `  ${c.label.padEnd(10)} n=${String(c.samples).padStart(3)}  recall ${pct(c.recall).padStart(7)}  precision ${pct(c.precision).padStart(7)}`);
  return [`${name}: ${f.samples} sentences`, ...rows, `  help shown for crisis sentences ${pct(f.helpShownRecall)}, false alarms on hard negatives ${pct(f.falseAlarmRate)}`].join('\n');
}
