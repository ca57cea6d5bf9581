// The crisis check: measured on the labelled sentences (recall and precision per class), and its
// folding of disguised text, figures of speech and reporting contexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCrisisText, anyCrisisText } from './index.ts';
import { evaluate, formatFigures, loadDataset } from './evaluate.ts';
import { foldText } from './normalize.ts';

test('the labelled sets are large enough: at least 400 German and 100 English sentences', () => {
  const de = [...loadDataset('de'), ...loadDataset('de', 'second')];
  const en = [...loadDataset('en'), ...loadDataset('en', 'second')];
  assert.ok(de.length >= 400, `German sentences: ${de.length}`);
  assert.ok(en.length >= 100, `English sentences: ${en.length}`);
  for (const set of [de, en]) for (const label of ['explicit', 'self_harm', 'distress', 'none'] as const) {
    assert.ok(set.filter((s) => s.label === label).length >= 10, `too few "${label}" sentences`);
  }
});

for (const language of ['de', 'en'] as const) {
  test(`${language}: recall on explicit statements is at least 0.95; figures per class`, (t) => {
    const figures = evaluate([...loadDataset(language), ...loadDataset(language, 'second')]);
    for (const line of formatFigures(language, figures).split('\n')) t.diagnostic(line);
    const explicit = figures.perClass.find((c) => c.label === 'explicit');
    assert.ok(explicit, 'explicit class measured');
    assert.ok(explicit.recall >= 0.95, `explicit recall ${explicit.recall}`);
    // The help page must appear for nearly every crisis sentence, and rarely for the hard negatives.
    assert.ok(figures.helpShownRecall >= 0.9, `help shown ${figures.helpShownRecall}`);
    assert.ok(figures.falseAlarmRate <= 0.1, `false alarms ${figures.falseAlarmRate}`);
  });
}

test('blind sets (never tuned on): figures reported, not asserted — they show the real reach of the rules', (t) => {
  for (const language of ['de', 'en'] as const) {
    const figures = evaluate(loadDataset(language, 'blind'));
    for (const line of formatFigures(`${language} (blind)`, figures).split('\n')) t.diagnostic(line);
    assert.ok(figures.samples >= 20);
  }
});

test('the fresh blind sets are varied and large enough: at least 60 German and 25 English sentences', (t) => {
  for (const [language, least] of [['de', 60], ['en', 25]] as const) {
    const samples = loadDataset(language, 'fresh');
    assert.ok(samples.length >= least, `${language} fresh sentences: ${samples.length}`);
    for (const label of ['explicit', 'self_harm', 'distress', 'none'] as const) {
      assert.ok(samples.some((s) => s.label === label), `${language} fresh has no "${label}" sentence`);
    }
    for (const line of formatFigures(`${language} (fresh blind)`, evaluate(samples)).split('\n')) t.diagnostic(line);
  }
});

test('disguised writing is folded back: zero-width characters, look-alikes, leetspeak, spacing, stretching', () => {
  const disguised = [
    'ich w\u200bill mich um\u200dbringen',
    'Iсh will mіch umbrіngen', // Cyrillic с and і
    'ich will m1ch umbr1ng3n',
    'u m b r i n g e n will ich mich',
    'ICH WIIIILL STEEERBEN',
    'ich will mich u.m.b.r.i.n.g.e.n',
    'ｉｃｈ ｗｉｌｌ ｓｔｅｒｂｅｎ',
    'I w@nt to k1ll mys3lf',
    'ich will mich umbringen\u0301\u0308',
  ];
  for (const text of disguised) assert.deepEqual(checkCrisisText(text).classes, ['explicit_intent'], text);
  assert.deepEqual(foldText('Größe Straße. Gruesse'), [' grose strase ', ' gruse ']);
});

test('figures of speech, news and prevention talk do not match; the same words about oneself do', () => {
  for (const text of ['Ich lach mich tot', 'Der Film bringt mich um', 'Vortrag über Suizidprävention am Montag', 'I was dying of laughter', 'Ich bring mich um 8 Uhr ins Bett']) {
    assert.deepEqual(checkCrisisText(text).classes, [], text);
  }
  assert.equal(checkCrisisText('Nach dem Vortrag über Suizidprävention denke ich selbst an Suizid.').classes[0], 'explicit_intent');
});

test('classes come most serious first; urgent for intent and self-harm only', () => {
  const both = checkCrisisText('Ich kann nicht mehr. Ich ritze mich wieder.');
  assert.deepEqual(both.classes, ['self_harm', 'implicit_distress']);
  assert.equal(both.urgent, true);
  const distress = checkCrisisText('Ich sehe keinen Ausweg mehr.');
  assert.deepEqual(distress.classes, ['implicit_distress']);
  assert.equal(distress.urgent, false);
  assert.deepEqual(anyCrisisText('Hallo', null, 'Ich will sterben').classes, ['explicit_intent']);
});

test('any input is safe: empty, huge, binary-looking, lone surrogates', () => {
  for (const text of ['', '\u0000\u0001', '\ud800', '.'.repeat(100_000), 'a '.repeat(50_000), '🙂'.repeat(10_000)]) {
    assert.doesNotThrow(() => checkCrisisText(text));
  }
  assert.deepEqual(checkCrisisText(undefined as unknown as string).classes, []);
});

test('clause rules: intent, means and places meet in any order, in dialect and with typos', () => {
  for (const text of [
    'Am Sonntag spring ich von der Eisenbahnbrücke.', // verb before the subject, a compound place
    'Sterben will ich, und zwar bald.', // object first
    'I am gonna kill mysefl tonight.', // chat spelling and swapped letters
    'Die Pillen liegen bereit, dann ist Schluss.',
    'Hab beschlossen, dass heute mein letzter Tag ist.',
  ]) assert.equal(checkCrisisText(text).classes[0], 'explicit_intent', text);
  assert.equal(checkCrisisText('Ich drück mir Zigaretten auf dem Unterarm aus, bis es weh tut.').classes[0], 'self_harm');
});

test('clause rules: negation, a past that is over, someone else, and everyday use do not count as intent', () => {
  for (const text of [
    'Ich würde nie von einer Brücke springen.',
    'Vor drei Jahren wollte ich sterben, heute geht es mir gut.',
    'Wir springen im Sommer von der Brücke ins Wasser zum Baden.',
    'Die Schlaftabletten für die Reise liegen bereit, ich hab sie in der Apotheke geholt.',
    'Ich hab beschlossen, mit dem Rauchen ist jetzt Schluss.',
  ]) assert.deepEqual(checkCrisisText(text).classes, [], text);
  // Someone else's intent is a worry the writer carries, not their own intent.
  assert.deepEqual(checkCrisisText('Mein Kumpel hat gesagt, er will sich vor den Zug werfen.').classes, ['implicit_distress']);
});
