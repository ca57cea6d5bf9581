// Every way a recurrence rule comes in — the meeting schedule form, the group's edit form, the API,
// the import (file and confirmation step) — fuzzed with line breaks, colons and extra properties.
// Afterwards no stored rule and no line of the group's public .ics carries anything but one plain RRULE.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { assertPlainRule } from '../../src/platform/recurrence-rule.test-support.ts';
import { isAcceptableRule } from '../../src/platform/recurrence-rule.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const INJECTIONS = [
  'FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=DAILY;COUNT=3',
  'FREQ=WEEKLY;BYDAY=TU\r\nRRULE:FREQ=DAILY;COUNT=3',
  'FREQ=WEEKLY;BYDAY=TU\rEND:VEVENT',
  'FREQ=WEEKLY;BYDAY=TU\n ATTACH:https://evil.example/x',
  'FREQ=WEEKLY;BYDAY=TU;X-EVIL=1',
  'FREQ=WEEKLY;BYDAY=TU\u2028RRULE:FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=TU:DESCRIPTION=x',
  'FREQ=WEEKLY;BYDAY=TU\n\nBEGIN:VEVENT',
];

function fuzzRules(count: number): string[] {
  const pieces = ['FREQ=WEEKLY', ';BYDAY=TU', '\n', '\r\n', 'RRULE:', 'FREQ=DAILY', ';COUNT=3', ':', 'X-A=1', ';', '\u2028', 'END:VEVENT', ' ', ';BYMONTHDAY=15', ';INTERVAL=2'];
  let seed = 3;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = 'FREQ=WEEKLY';
    const n = 1 + Math.floor(random() * 5);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(random() * pieces.length)];
    out.push(s);
  }
  return out;
}

async function assertCalendarClean(slug: string) {
  const ics = await t.app.inject({ method: 'GET', url: `/groups/${slug}/calendar.ics` });
  assert.equal(ics.statusCode, 200);
  const lines = ics.body.replace(/\r\n[ \t]/g, '').split('\r\n');
  const rules = lines.filter((l) => /^RRULE/i.test(l));
  for (const line of rules) assertPlainRule(line.replace(/^RRULE:/, ''));
  const events = lines.filter((l) => l === 'BEGIN:VEVENT').length;
  // One rule at most for the series (the Berlin VTIMEZONE carries its own two).
  const outsideZone = ics.body.split('END:VTIMEZONE').at(-1) ?? '';
  assert.ok((outsideZone.match(/^RRULE/gm) ?? []).length <= 1, `more than one rule in the group's events:\n${outsideZone}`);
  assert.ok(events >= 0);
  assert.ok(!/^(ATTACH|X-EVIL)/m.test(ics.body), 'no smuggled property');
}

test('a rule with a line break or extra property gets in by no way (form, schedule, API, import), fuzzed', async () => {
  const f = await buildFixture(t.app);
  const g = f.groups.leipzigGroup;
  const lena = f.people.facilitator.client;
  const karl = f.people.staff.client;
  const candidates = [...INJECTIONS, ...fuzzRules(60)];

  for (const rule of candidates) {
    // 1. The meeting schedule page (facilitators and the region's staff).
    await lena.get(`/groups/${g.slug}/meetings`);
    const schedule = await lena.post(`/groups/${g.slug}/meetings/schedule`, { pattern: '', weekday: 'TU', nth: '1', startTime: '19:00', duration: '120', rule });
    assert.ok(schedule.statusCode < 500, `schedule form: ${schedule.statusCode}`);
    if (schedule.statusCode === 303) assert.ok(isAcceptableRule((await f.dir.deps.db.selectFrom('groups').select('rrule').where('id', '=', g.id).executeTakeFirstOrThrow()).rrule));

    // 2. The group's edit form.
    await karl.get(`/groups/${g.slug}/edit`);
    const edit = await karl.post(`/groups/${g.slug}/edit`, { name: g.name, description: g.description, kind: 'self_help', audience: 'affected', formats: 'in_person', place: 'Leipzig', languages: 'de', status: 'active', topics: 'depression', accepting: 'yes', rrule: rule, startTime: '19:00', duration: '120' });
    assert.ok(edit.statusCode < 500, `edit form: ${edit.statusCode}`);

    // 3. The API.
    await lena.get('/groups');
    const api = await t.app.inject({ method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { rrule: rule }, headers: { cookie: [...lena.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': lena.csrf } });
    assert.ok(api.statusCode < 500, `API: ${api.statusCode}`);
  }

  // 4. The import: a CSV file whose rule cell holds a line break, and a forged confirmation step.
  await karl.get(`/organisations/${f.point.slug}/manage`);
  const boundary = '----regelimport';
  const csv = `Name;Beschreibung;Themen;Formen;Ort;RRULE\r\nImportgruppe Regel;Wir treffen uns.;depression;online;;"FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=DAILY;COUNT=3"\r\n`;
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="g.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`);
  const cookie = [...karl.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const preview = await t.app.inject({ method: 'POST', url: `/organisations/${f.point.slug}/import?_csrf=${encodeURIComponent(karl.csrf)}`, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie } });
  assert.ok(preview.statusCode < 500, `import preview: ${preview.statusCode}`);
  const exported = JSON.parse((await karl.get(`/organisations/${f.point.slug}/export.json`)).body) as { groups: Array<Record<string, unknown>> };
  for (const rule of INJECTIONS) {
    const forged = Buffer.from(JSON.stringify({ ...exported, groups: [{ ...exported.groups[0], slug: '', name: 'Gefälschte Regel', rrule: rule }] }), 'utf8').toString('base64url');
    await karl.get(`/organisations/${f.point.slug}/manage`);
    const confirm = await karl.post(`/organisations/${f.point.slug}/import/confirm`, { payload: forged });
    assert.ok(confirm.statusCode < 500, `import confirmation: ${confirm.statusCode}`);
  }

  const rows = await t.app.deps.db.selectFrom('groups').select(['slug', 'rrule', 'status']).execute();
  for (const row of rows) assert.ok(isAcceptableRule(row.rrule), `group ${row.slug} stores ${JSON.stringify(row.rrule)}`);
  for (const row of rows) if (row.status !== 'proposed') await assertCalendarClean(row.slug);
});
