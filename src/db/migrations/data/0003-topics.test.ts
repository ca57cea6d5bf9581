// The shipped topic taxonomy and the demo directory content: sizes, unique slugs and names,
// synonyms present, every area used, and demo groups referring only to topics that exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOPICS, TOPIC_AREAS } from './0003-topics.ts';
import { DEMO_GROUP_TEMPLATES, DEMO_ORGANISATIONS, DEMO_PUBLIC_AREAS, DEMO_STREETS } from '../../../demo/directory-data.ts';

const lower = (s: string): string => s.toLocaleLowerCase('de');

test('the taxonomy has at least 150 topics', () => {
  assert.ok(TOPICS.length >= 150, `only ${TOPICS.length} topics`);
});

test('slugs are unique, lowercase ascii with hyphens', () => {
  const seen = new Set<string>();
  for (const t of TOPICS) {
    assert.match(t.slug, /^[a-z0-9-]+$/, t.slug);
    assert.ok(!t.slug.startsWith('-') && !t.slug.endsWith('-') && !t.slug.includes('--'), t.slug);
    assert.ok(!seen.has(t.slug), `duplicate slug ${t.slug}`);
    seen.add(t.slug);
  }
});

test('every area is declared once and used by at least one topic', () => {
  assert.equal(new Set(TOPIC_AREAS.map((a) => a.area)).size, TOPIC_AREAS.length);
  for (const a of TOPIC_AREAS) {
    assert.ok(a.de.trim() && a.en.trim(), a.area);
    assert.ok(TOPICS.some((t) => t.area === a.area), `area ${a.area} unused`);
  }
  const declared = new Set(TOPIC_AREAS.map((a) => a.area));
  for (const t of TOPICS) assert.ok(declared.has(t.area), `${t.slug}: undeclared area ${t.area}`);
});

test('every topic has names and synonyms in both languages', () => {
  for (const t of TOPICS) {
    assert.ok(t.de.trim().length > 0, `${t.slug}: German name`);
    assert.ok(t.en.trim().length > 0, `${t.slug}: English name`);
    assert.ok(t.synonymsDe.length >= 1, `${t.slug}: German synonym`);
    assert.ok(t.synonymsDe.length <= 6, `${t.slug}: at most 6 German synonyms`);
    assert.ok(t.synonymsEn.length >= 1 && t.synonymsEn.length <= 4, `${t.slug}: 1–4 English synonyms`);
    for (const s of [...t.synonymsDe, ...t.synonymsEn]) assert.ok(s.trim().length > 0 && s === s.trim(), `${t.slug}: blank or padded synonym`);
    assert.equal(new Set(t.synonymsDe.map(lower)).size, t.synonymsDe.length, `${t.slug}: repeated German synonym`);
    assert.equal(new Set(t.synonymsEn.map(lower)).size, t.synonymsEn.length, `${t.slug}: repeated English synonym`);
  }
});

test('no two topics share a German or an English name', () => {
  for (const lang of ['de', 'en'] as const) {
    const seen = new Map<string, string>();
    for (const t of TOPICS) {
      const name = lower(t[lang]);
      assert.ok(!seen.has(name), `${lang} name "${t[lang]}" used by ${seen.get(name)} and ${t.slug}`);
      seen.set(name, t.slug);
    }
  }
});

test('depression is found by everyday words', () => {
  const depression = TOPICS.find((t) => t.slug === 'depression');
  assert.ok(depression);
  assert.ok(depression.synonymsDe.includes('depressive Verstimmung'));
  assert.ok(depression.synonymsDe.includes('Burnout'));
});

test('demo groups only use topics from the taxonomy', () => {
  const slugs = new Set(TOPICS.map((t) => t.slug));
  for (const g of DEMO_GROUP_TEMPLATES) {
    assert.ok(g.topicSlugs.length > 0, `${g.nameDe}: no topics`);
    for (const slug of g.topicSlugs) assert.ok(slugs.has(slug), `${g.nameDe}: unknown topic ${slug}`);
  }
});

const WEEKDAYS: Record<string, string> = { montag: 'MO', dienstag: 'TU', mittwoch: 'WE', donnerstag: 'TH', freitag: 'FR', samstag: 'SA', sonntag: 'SU' };

function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

test('demo group rhythms, RRULEs and times agree', () => {
  assert.ok(DEMO_GROUP_TEMPLATES.length >= 60, `only ${DEMO_GROUP_TEMPLATES.length} templates`);
  assert.equal(new Set(DEMO_GROUP_TEMPLATES.map((g) => g.nameDe)).size, DEMO_GROUP_TEMPLATES.length, 'repeated group name');
  for (const g of DEMO_GROUP_TEMPLATES) {
    const where = g.nameDe;
    assert.ok(g.formats.length > 0, `${where}: formats`);
    assert.match(g.startTime, /^([01]\d|2[0-3]):[0-5]\d$/, where);
    assert.ok(g.durationMinutes > 0 && g.durationMinutes <= 240, `${where}: duration`);
    const times = `${g.startTime}–${addMinutes(g.startTime, g.durationMinutes)}`;
    assert.ok(g.rhythmDe.includes(`${times} Uhr`), `${where}: rhythmDe "${g.rhythmDe}" should contain ${times} Uhr`);
    assert.ok(g.rhythmEn.includes(times), `${where}: rhythmEn "${g.rhythmEn}" should contain ${times}`);

    const parts = Object.fromEntries(g.rrule.split(';').map((p) => p.split('=') as [string, string]));
    assert.ok(parts.FREQ === 'WEEKLY' || parts.FREQ === 'MONTHLY', `${where}: FREQ`);
    const byday = (parts.BYDAY ?? '').split(',');
    const ruleDays = new Set(byday.map((d) => d.replace(/^-?\d/, '')));
    const ruleOrdinals = new Set(byday.map((d) => d.match(/^-?\d/)?.[0]).filter(Boolean));
    const textDays = new Set([...lower(g.rhythmDe).matchAll(/(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)/g)].map((m) => WEEKDAYS[m[1]!]));
    assert.deepEqual([...ruleDays].sort(), [...textDays].sort(), `${where}: weekdays of "${g.rhythmDe}" vs ${g.rrule}`);
    const textOrdinals = new Set([...g.rhythmDe.matchAll(/(\d)\.\s/g)].map((m) => m[1]));
    if (/letzten/.test(g.rhythmDe)) textOrdinals.add('-1');
    assert.deepEqual([...ruleOrdinals].sort(), [...textOrdinals].sort(), `${where}: ordinals of "${g.rhythmDe}" vs ${g.rrule}`);
    if (parts.FREQ === 'MONTHLY') assert.ok(ruleOrdinals.size > 0, `${where}: monthly rule needs an ordinal`);
    const interval = /alle zwei wochen/i.test(g.rhythmDe) ? '2' : /alle drei monate/i.test(g.rhythmDe) ? '3' : undefined;
    assert.equal(parts.INTERVAL, interval, `${where}: INTERVAL`);
  }
});

test('demo organisations use reserved contact data only', () => {
  const slugs = new Set<string>();
  for (const o of DEMO_ORGANISATIONS) {
    assert.ok(!slugs.has(o.slug), `duplicate ${o.slug}`);
    slugs.add(o.slug);
    assert.match(o.email, /^[a-z0-9.-]+@example\.org$/, o.slug);
    assert.match(o.website, /^https:\/\/example\.org\//, o.slug);
    assert.match(o.phone, /^0\d+ 000 000\d$/, o.slug);
  }
  assert.ok(DEMO_ORGANISATIONS.filter((o) => o.kind === 'contact_point').length >= 9);
  assert.ok(DEMO_ORGANISATIONS.some((o) => o.kind === 'umbrella'));
  assert.ok(DEMO_ORGANISATIONS.some((o) => o.kind === 'self_help_org'));
});

test('demo areas and streets', () => {
  assert.ok(Object.keys(DEMO_PUBLIC_AREAS).length >= 25);
  for (const [city, areas] of Object.entries(DEMO_PUBLIC_AREAS)) {
    assert.ok(areas.length >= 3 && areas.length <= 6, city);
    assert.equal(new Set(areas).size, areas.length, city);
  }
  assert.equal(DEMO_STREETS.length, 30);
  assert.equal(new Set(DEMO_STREETS).size, DEMO_STREETS.length);
});
