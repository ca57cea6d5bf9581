// Spreadsheet and JSON import and export of group lists, with small stand-ins for topics and places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ImportError, decodeUpload, exportCsv, exportJson, parseCsv, parseJsonImport, previewUpload, validateRows,
  type ExportGroup, type ImportResolvers,
} from './import.ts';
import { ACCESSIBILITY, AUDIENCES, FORMATS, GROUP_KINDS, LANGUAGES, STATUSES } from './model.ts';
import type { GroupInput } from './service.ts';
import { fold } from './text.ts';

const TOPICS: Record<string, string> = { depression: 'Depression', trauer: 'Trauer', essstoerungen: 'Essstörungen, Magersucht' };
const PLACES = {
  leipzig: { kind: 'found' as const, id: 1, label: 'Leipzig', lat: 51.34, lon: 12.37 },
  goerlitz: { kind: 'found' as const, id: 2, label: 'Görlitz', lat: 51.15, lon: 14.99 },
  neustadtSachsen: { kind: 'found' as const, id: 3, label: 'Neustadt (Sachsen)', lat: 51.02, lon: 14.21 },
};
const resolvers: ImportResolvers = {
  topic: (value) => Object.entries(TOPICS).find(([slug, name]) => value === slug || fold(value) === fold(name))?.[0],
  place: (value) => {
    const v = value.trim();
    if (v === 'Leipzig' || v === '04103') return PLACES.leipzig;
    if (v === 'Görlitz') return PLACES.goerlitz;
    if (v === 'Neustadt (Sachsen)' || v === '01844') return PLACES.neustadtSachsen;
    if (v === 'Neustadt') return { kind: 'ambiguous' };
    return { kind: 'unknown' };
  },
};

const importError = (code: string, params?: Record<string, string | number>) => (e: unknown) => {
  assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
  assert.equal(e.code, code);
  if (params) assert.deepEqual(e.params, params);
  return true;
};
const csvPreview = (text: string) => previewUpload(Buffer.from(text, 'utf8'), 'gruppen.csv', resolvers);

// --- Decoding ------------------------------------------------------------------------------

test('decodes UTF-8 with and without BOM', () => {
  const plain = Buffer.from('Name;Ort\nTrauergruppe Görlitz;Görlitz\n', 'utf8');
  assert.deepEqual(decodeUpload(plain), { text: 'Name;Ort\nTrauergruppe Görlitz;Görlitz\n', encoding: 'utf-8' });
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
  assert.deepEqual(decodeUpload(withBom), { text: 'Name;Ort\nTrauergruppe Görlitz;Görlitz\n', encoding: 'utf-8' });
});

test('falls back to Windows-1252, as Excel saves "CSV (Trennzeichen-getrennt)"', () => {
  const decoded = decodeUpload(Buffer.from('Name;Ort\nTrauergruppe Görlitz;Görlitz\n', 'latin1'));
  assert.equal(decoded.encoding, 'windows-1252');
  assert.equal(decoded.text, 'Name;Ort\nTrauergruppe Görlitz;Görlitz\n');
  // The bytes where Windows-1252 and Latin-1 differ: € „ “ –
  assert.equal(decodeUpload(new Uint8Array([0x80, 0x20, 0x84, 0x61, 0x93, 0x20, 0x96, 0x20, 0xdf])).text, '€ „a“ – ß');
});

test('decodes UTF-16 with BOM (Excel\'s "Unicode text"), little and big endian', () => {
  const text = 'Name\tOrt\r\nAngehörige Süd\tLeipzig\r\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.deepEqual(decodeUpload(le), { text, encoding: 'utf-16le' });
  const be = Buffer.from(le);
  be.swap16();
  assert.deepEqual(decodeUpload(be), { text, encoding: 'utf-16be' });
});

test('refuses binary files, and says so when it is a workbook', () => {
  const garbage = new Uint8Array(256).map((_, i) => (i * 37 + 11) % 256);
  assert.throws(() => decodeUpload(garbage), importError('not_text'));
  assert.throws(() => decodeUpload(Buffer.from('Name;Ort\nA\u0000B;C\n', 'utf8')), importError('not_text'));
  const controls = Buffer.from('Name\u0001\u0002\u0003\u0004;\u0005\u0006Ort\u0007\u0008\n', 'utf8');
  assert.throws(() => decodeUpload(controls), importError('not_text'));
  const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
  assert.throws(() => decodeUpload(xlsx), importError('not_text', { detected: 'spreadsheet' }));
  assert.throws(() => previewUpload(garbage, 'gruppen.csv', resolvers), importError('not_text'));
});

// --- CSV -------------------------------------------------------------------------------------

test('detects semicolon, comma and tab from the header line', () => {
  assert.deepEqual(parseCsv('Name;Ort;Themen\nA;B;C\n'), { header: ['Name', 'Ort', 'Themen'], rows: [['A', 'B', 'C']], delimiter: ';', lines: [2] });
  assert.deepEqual(parseCsv('name,place,topics\r\nA,B,C\r\n').delimiter, ',');
  const tab = parseCsv('Name\tOrt\nA, B; C\tLeipzig\n');
  assert.equal(tab.delimiter, '\t');
  assert.deepEqual(tab.rows, [['A, B; C', 'Leipzig']]);
  // Counted outside quotes: the header's quoted semicolons do not count.
  assert.equal(parseCsv('"Name; Gruppe";"a;b",Ort,Themen\nx,y,z\n').delimiter, ',');
  assert.equal(parseCsv('sep=,\nName;Ort,Themen\n').delimiter, ',', "Excel's sep= line wins");
  assert.deepEqual(parseCsv('sep=,\nName;Ort,Themen\na,b\n').lines, [3]);
});

test('reads quoted cells with delimiters, doubled quotes and line breaks; counts lines as a spreadsheet does', () => {
  const text = 'Name;Beschreibung;Ort\r\n"Trauer; Leipzig";"Wir treffen uns\r\nim ""Café Eins""\nzweimal";Leipzig\r\nB;;Görlitz\rC;x;\r\n\r\n\r\n';
  const csv = parseCsv(text);
  assert.deepEqual(csv.rows, [
    ['Trauer; Leipzig', 'Wir treffen uns\r\nim "Café Eins"\nzweimal', 'Leipzig'],
    ['B', '', 'Görlitz'],
    ['C', 'x', ''],
  ]);
  assert.deepEqual(csv.lines, [2, 5, 6], 'the quoted cell spans lines 2–4');
});

test('skips blank rows and Excel\'s empty ";;;" rows, keeping line numbers', () => {
  const csv = parseCsv('\uFEFFName;Ort\n\nA;Leipzig\n;;\n  ;\nB;Görlitz');
  assert.deepEqual(csv.header, ['Name', 'Ort'], 'the BOM is not part of the first column name');
  assert.deepEqual(csv.rows, [['A', 'Leipzig'], ['B', 'Görlitz']]);
  assert.deepEqual(csv.lines, [3, 6]);
});

test('an unclosed quote names the line where it opened', () => {
  assert.throws(() => parseCsv('Name;Ort\nA;Leipzig\n"B;Görlitz\nC;Leipzig\n'), importError('unclosed_quote', { line: 3 }));
});

test('limits rows and cell length; an empty file is refused', () => {
  const many = `Name\n${'Gruppe\n'.repeat(5001)}`;
  assert.throws(() => parseCsv(many), importError('too_many_rows', { max: 5000 }));
  assert.equal(parseCsv(`Name\n${'Gruppe\n'.repeat(5000)}`).rows.length, 5000);
  assert.throws(() => parseCsv(`Name;Beschreibung\nA;B\nC;"${'x'.repeat(20_001)}"\n`), importError('field_too_long', { line: 3, max: 20_000 }));
  assert.throws(() => parseCsv('\n\n'), importError('empty'));
});

// --- Columns and rows ----------------------------------------------------------------------------

const ROW_HEADER = 'Gruppenname;Themen;Ort;Format;Uhrzeit;Dauer';

test('maps German and English column names, whatever the case and umlaut spelling', () => {
  const text = [
    'NAME;description;Art;ZIELGRUPPE;topics;Formate;PLZ;Stadtteil;Adresse;Rhythmus;RRULE;start_time;Dauer;Sprachen;Barrierefreiheit;Status;Neue Mitglieder',
    'Angehörige psychisch Kranker;Für Familien;Peer-Beratung;Angehoerige;Depression|trauer;Präsenz, online;04103;Südvorstadt;Haus A, Raum 2;jeden 2. Dienstag;FREQ=MONTHLY;BYDAY=2TU;19.30;90 min;Deutsch, English, tr;rollstuhlgerecht | Induktionsschleife;in Gründung;nein',
  ].join('\n');
  // The RRULE's own semicolon splits it: that row must say so rather than import half a rule.
  const broken = csvPreview(text);
  assert.deepEqual(broken.warnings, []);
  assert.equal(broken.rows[0]?.input, undefined);
  assert.deepEqual(broken.rows[0]?.problems.find((p) => p.field === 'startTime'), { field: 'startTime', code: 'invalid_time', value: 'BYDAY=2TU' });

  const fixed = csvPreview(text.replace('FREQ=MONTHLY;BYDAY=2TU', '"FREQ=MONTHLY;BYDAY=2TU"'));
  assert.deepEqual(fixed.rows[0], {
    line: 2,
    name: 'Angehörige psychisch Kranker',
    problems: [],
    input: {
      name: 'Angehörige psychisch Kranker',
      description: 'Für Familien',
      kind: 'peer_support',
      audience: 'relatives',
      formats: ['in_person', 'online'],
      placeId: 1,
      area: 'Südvorstadt',
      lat: 51.34,
      lon: 12.37,
      address: 'Haus A, Raum 2',
      rhythm: 'jeden 2. Dienstag',
      rrule: 'FREQ=MONTHLY;BYDAY=2TU',
      startTime: '19:30',
      durationMinutes: 90,
      languages: ['de', 'en', 'tr'],
      accessibility: ['step_free', 'hearing_loop'],
      status: 'founding',
      accepting: false,
      topics: ['depression', 'trauer'],
      contactPointId: null,
      organisationId: null,
    },
  });
});

test('fills defaults: self-help, affected, in person, German, active, accepting; area from the place', () => {
  const preview = csvPreview('Name;Themen;Ort\nTrauergruppe Görlitz;Trauer;Görlitz\n');
  assert.deepEqual(preview.rows[0]?.input, {
    name: 'Trauergruppe Görlitz', description: '', kind: 'self_help', audience: 'affected', formats: ['in_person'],
    placeId: 2, area: 'Görlitz', lat: 51.15, lon: 14.99, address: '', rhythm: '', rrule: '', startTime: '', durationMinutes: 0,
    languages: ['de'], accessibility: [], status: 'active', accepting: true, topics: ['trauer'], contactPointId: null, organisationId: null,
  });
  assert.equal(preview.encoding, 'utf-8');
  assert.equal(preview.delimiter, ';');
});

test('unknown columns are a warning, once; a missing name column is an error', () => {
  const preview = csvPreview('Name;Themen;Ort;Ansprechperson;Bemerkung;Ansprechperson;\nTrauer Leipzig;Trauer;Leipzig;Frau K.;;;\n');
  assert.deepEqual(preview.warnings, [{ code: 'unknown_column', value: 'Ansprechperson' }, { code: 'unknown_column', value: 'Bemerkung' }]);
  assert.equal(preview.good, 1);
  assert.throws(() => csvPreview('Gruppe Nr;Themen\n1;Trauer\n'), importError('missing_column', { column: 'name' }));
});

test('good and bad rows side by side, each problem at its field with the value', () => {
  const text = [
    ROW_HEADER,
    'Depression Leipzig;Depression;Leipzig;Präsenz;19:00;90',
    'AB;Depression;Leipzig;;;',
    ';Trauer;Leipzig;;;',
    'Spielsucht Leipzig;Spielsucht, Depression;Leipzig;;;',
    'Ohne Thema;;Leipzig;;;',
    'Neustadt-Gruppe;Trauer;Neustadt;;;',
    'Atlantis-Gruppe;Trauer;Atlantis;;;',
    'Ohne Ort;Trauer;;hybrid;;',
    'Nur online;Trauer;;online | Telefon;;',
    'Zeit und Dauer;Trauer;04103;Präsenz;25:00;zwei Stunden',
    'Lange Dauer;Trauer;04103;Zoom;7;601',
  ].join('\n');
  const preview = csvPreview(text);
  assert.deepEqual(
    preview.rows.map((r) => [r.line, r.name, r.problems, r.input !== undefined]),
    [
      [2, 'Depression Leipzig', [], true],
      [3, 'AB', [{ field: 'name', code: 'too_short', value: '2' }], false],
      [4, '', [{ field: 'name', code: 'required' }], false],
      [5, 'Spielsucht Leipzig', [{ field: 'topics', code: 'unknown_topic', value: 'Spielsucht' }], false],
      [6, 'Ohne Thema', [{ field: 'topics', code: 'no_topic' }], false],
      [7, 'Neustadt-Gruppe', [{ field: 'place', code: 'ambiguous_place', value: 'Neustadt' }], false],
      [8, 'Atlantis-Gruppe', [{ field: 'place', code: 'unknown_place', value: 'Atlantis' }], false],
      [9, 'Ohne Ort', [{ field: 'place', code: 'place_needed' }], false],
      [10, 'Nur online', [], true],
      [11, 'Zeit und Dauer', [{ field: 'startTime', code: 'invalid_time', value: '25:00' }, { field: 'durationMinutes', code: 'invalid_number', value: 'zwei Stunden' }], false],
      [12, 'Lange Dauer', [
        { field: 'formats', code: 'invalid_choice', value: 'Zoom' },
        { field: 'startTime', code: 'invalid_time', value: '7' },
        { field: 'durationMinutes', code: 'invalid_number', value: '601' },
      ], false],
    ],
  );
  assert.equal(preview.good, 2);
  assert.equal(preview.bad, 9);
  assert.deepEqual(preview.rows[8]?.input?.formats, ['online', 'phone']);
  assert.equal(preview.rows[8]?.input?.placeId, null);
  assert.equal(preview.rows[8]?.input?.area, '');
});

test('checks lengths and the fixed vocabularies', () => {
  const header = 'Name;Beschreibung;Themen;Ort;Art;Zielgruppe;Sprachen;Barrierefreiheit;Status;Neue Mitglieder;RRULE';
  const preview = csvPreview(`${header}\n${'x'.repeat(121)};${'y'.repeat(10_001)};Trauer;Leipzig;Selbstverwaltung;alle;Klingonisch;Aufzug;geschlossen;vielleicht;jeden Montag\n`);
  assert.deepEqual(preview.rows[0]?.problems, [
    { field: 'name', code: 'too_long', value: '121' },
    { field: 'description', code: 'too_long', value: '10001' },
    { field: 'kind', code: 'invalid_choice', value: 'Selbstverwaltung' },
    { field: 'audience', code: 'invalid_choice', value: 'alle' },
    { field: 'languages', code: 'invalid_choice', value: 'Klingonisch' },
    { field: 'accessibility', code: 'invalid_choice', value: 'Aufzug' },
    { field: 'status', code: 'invalid_choice', value: 'geschlossen' },
    { field: 'accepting', code: 'invalid_choice', value: 'vielleicht' },
    { field: 'rrule', code: 'invalid_rrule', value: 'JEDEN MONTAG' },
  ]);
});

test('a postcode column settles a shared place name', () => {
  const preview = csvPreview('Name;Themen;PLZ;Ort\nTrauer Neustadt;Trauer;01844;Neustadt\nTrauer Neustadt 2;Trauer;99999;Neustadt\n');
  assert.equal(preview.rows[0]?.input?.placeId, 3);
  assert.equal(preview.rows[0]?.input?.area, 'Neustadt (Sachsen)');
  assert.deepEqual(preview.rows[1]?.problems, [{ field: 'place', code: 'ambiguous_place', value: 'Neustadt' }]);
});

test('the same name at the same place is a duplicate on the later row; elsewhere it is not', () => {
  const preview = csvPreview([
    'Name;Themen;Ort;Format',
    'Trauercafé;Trauer;Leipzig;',
    'Trauercafé;Trauer;Görlitz;',
    'TRAUERCAFE;Trauer;04103;',
    'Online-Trauer;Trauer;;online',
    'Online-Trauer;Depression;;online',
  ].join('\n'));
  assert.deepEqual(preview.rows.map((r) => [r.line, r.problems.map((p) => p.code)]), [
    [2, []],
    [3, []],
    [4, ['duplicate_name']],
    [5, []],
    [6, ['duplicate_name']],
  ]);
  assert.deepEqual(preview.rows[2]?.problems, [{ field: 'name', code: 'duplicate_name', value: 'TRAUERCAFE' }]);
  assert.equal(preview.rows[2]?.input, undefined);
  assert.equal(preview.good, 3);
});

test('topics: slugs or names, split by | or , or ;, with "|" keeping names that hold commas', () => {
  const preview = csvPreview('Name;Themen;Ort\nEssen Leipzig;"Essstörungen, Magersucht | depression";Leipzig\nZwei Themen;"Trauer; Depression, Trauer";Leipzig\n');
  assert.deepEqual(preview.rows[0]?.input?.topics, ['essstoerungen', 'depression']);
  assert.deepEqual(preview.rows[1]?.input?.topics, ['trauer', 'depression']);
});

test('validateRows without line numbers counts rows from line 2', () => {
  const preview = validateRows(['Name', 'Themen', 'Ort'], [['A-Gruppe', 'Trauer', 'Leipzig'], ['B-Gruppe', 'Trauer', 'Atlantis']], resolvers);
  assert.deepEqual(preview.rows.map((r) => r.line), [2, 3]);
  assert.deepEqual([preview.good, preview.bad], [1, 1]);
});

// --- JSON ------------------------------------------------------------------------------------------

test('JSON: a list or { groups }, with the API\'s field names; codes from the model are understood', () => {
  const entry = {
    name: 'Depression Leipzig', topics: ['depression'], formats: ['hybrid'], place: '04103', startTime: '18:00', durationMinutes: 120,
    kind: GROUP_KINDS[1], audience: AUDIENCES[2], languages: [...LANGUAGES], accessibility: [...ACCESSIBILITY], status: 'paused', accepting: false,
    website: 'https://example.org',
  };
  const list = parseJsonImport(JSON.stringify([entry, { ...entry, name: 'Zweite' }]), resolvers);
  assert.deepEqual([list.good, list.bad], [2, 0]);
  assert.deepEqual(list.warnings, [{ code: 'unknown_column', value: 'website' }]);
  const first = list.rows[0]?.input;
  assert.equal(first?.kind, 'social');
  assert.equal(first?.audience, 'both');
  assert.deepEqual(first?.languages, [...LANGUAGES]);
  assert.deepEqual(first?.accessibility, [...ACCESSIBILITY]);
  assert.equal(first?.durationMinutes, 120);
  assert.equal(first?.accepting, false);
  assert.deepEqual(list.rows.map((r) => r.line), [1, 2]);

  const wrapped = previewUpload(Buffer.from(JSON.stringify({ groups: [{ name: 'Ohne Thema', place: 'Leipzig' }] })), 'export.json', resolvers);
  assert.deepEqual(wrapped.rows[0]?.problems, [{ field: 'topics', code: 'no_topic' }]);
  assert.equal(wrapped.delimiter, undefined);
  for (const f of FORMATS) assert.deepEqual(parseJsonImport(JSON.stringify([{ ...entry, formats: [f] }]), resolvers).rows[0]?.input?.formats, [f]);
  for (const s of STATUSES) assert.equal(parseJsonImport(JSON.stringify([{ ...entry, status: s }]), resolvers).rows[0]?.input?.status, s);
});

test('JSON: bad syntax names the position, line and column; a wrong shape is refused', () => {
  assert.throws(() => parseJsonImport('[\n  { "name": "A", }\n]', resolvers), importError('bad_json', { position: 19, line: 2, column: 18 }));
  assert.throws(() => parseJsonImport('[{"name": "A"}', resolvers), importError('bad_json', { position: 14, line: 1, column: 15 }));
  assert.throws(() => parseJsonImport('{"name": "A\\x"}', resolvers), importError('bad_json', { position: 12, line: 1, column: 13 }));
  assert.throws(() => parseJsonImport('{"gruppen": []}', resolvers), importError('bad_json_shape'));
  assert.throws(() => parseJsonImport('"Gruppe"', resolvers), importError('bad_json_shape'));
  assert.throws(() => previewUpload(Buffer.from('{ kaputt'), 'liste.txt', resolvers), importError('bad_json'));
});

// --- Export and round trip ---------------------------------------------------------------------------

const base: GroupInput = {
  name: 'Trauercafé Leipzig', description: 'Wir treffen uns im "Café Eins";\nalle sind willkommen.', kind: 'self_help', audience: 'both',
  formats: ['in_person', 'online'], placeId: 1, area: 'Südvorstadt', lat: 51.34, lon: 12.37, address: 'Karl-Liebknecht-Str. 1\n04107 Leipzig',
  rhythm: 'jeden 2. Dienstag', rrule: 'FREQ=MONTHLY;BYDAY=2TU', startTime: '19:00', durationMinutes: 90, languages: ['de', 'uk', 'fa'],
  accessibility: ['step_free', 'easy_language'], status: 'founding', accepting: false, topics: ['trauer', 'essstoerungen'], contactPointId: null, organisationId: null,
};
const groups: ExportGroup[] = [
  { ...base, slug: 'trauercafe-leipzig', placeLabel: 'Leipzig' },
  {
    ...base, slug: 'minus', name: '-Minus- Gruppe', description: '=HYPERLINK("http://evil.example","klick")', kind: 'peer_support', audience: 'relatives',
    formats: ['phone'], placeId: null, area: '', lat: null, lon: null, address: '@home', rhythm: '+1 monatlich', rrule: '', startTime: '',
    durationMinutes: 0, languages: ['de'], accessibility: [], status: 'active', accepting: true, topics: ['depression'], placeLabel: '',
  },
  { ...base, slug: 'neustadt', name: 'Gruppe Neustadt', area: 'Neustadt (Sachsen)', placeId: 3, lat: 51.02, lon: 14.21, placeLabel: 'Neustadt (Sachsen)', status: 'proposed', kind: 'social', audience: 'affected', formats: ['hybrid'] },
];
const topicName = (slug: string) => TOPICS[slug] ?? slug;
const inputs = (preview: { rows: Array<{ input?: GroupInput }> }) => preview.rows.map((r) => r.input);
const withoutExtras = groups.map(({ slug: _slug, placeLabel: _label, ...input }) => input);

test('CSV export: BOM, semicolons, CRLF, German columns and values', () => {
  const csv = exportCsv(groups, topicName);
  assert.ok(csv.startsWith('\uFEFFName;Beschreibung;Art;Zielgruppe;Themen;Format;Ort;Stadtteil;Adresse;Rhythmus;RRULE;Uhrzeit;Dauer;Sprachen;Barrierefreiheit;Status;Neue Mitglieder;Kennung\r\n'));
  assert.ok(csv.endsWith('\r\n'));
  const first = csv.split('\r\n')[1] ?? '';
  assert.ok(first.startsWith('Trauercafé Leipzig;"Wir treffen uns im ""Café Eins"";\nalle sind willkommen.";Selbsthilfe;beide;Trauer | Essstörungen, Magersucht;'), first);
  assert.ok(first.includes(';Präsenz, online;Leipzig;Südvorstadt;'));
  assert.ok(first.includes(';Deutsch, Ukrainisch, Persisch;stufenlos, Leichte Sprache;in Gründung;nein;trauercafe-leipzig'));
});

test('CSV export → import gives the same groups, from UTF-8 bytes as saved', () => {
  const preview = previewUpload(Buffer.from(exportCsv(groups, topicName), 'utf8'), 'export.csv', resolvers);
  assert.deepEqual(preview.warnings, []);
  assert.deepEqual(preview.rows.map((r) => r.problems), [[], [], []]);
  assert.deepEqual(inputs(preview), withoutExtras);
  assert.deepEqual(preview.rows.map((r) => r.line), [2, 5, 6], 'the first row\'s description and address hold line breaks');
});

test('JSON export → import gives the same groups', () => {
  const json = exportJson(groups);
  assert.deepEqual(Object.keys(JSON.parse(json) as object), ['groups']);
  const preview = previewUpload(Buffer.from(json), 'export.json', resolvers);
  assert.deepEqual(preview.warnings, []);
  assert.deepEqual(inputs(preview), withoutExtras);
});

test('guards against formula injection, and the importer takes the apostrophe off again', () => {
  const csv = exportCsv(groups, topicName);
  const cells = parseCsv(csv).rows[1] ?? [];
  assert.equal(cells[0], "'-Minus- Gruppe");
  assert.equal(cells[1], `'=HYPERLINK("http://evil.example","klick")`);
  assert.equal(cells[8], "'@home");
  assert.equal(cells[9], "'+1 monatlich");
  for (const row of parseCsv(csv).rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  // Only the apostrophe our export adds is removed; one a person typed stays.
  const preview = csvPreview("Name;Themen;Ort\n's Trauercafé;Trauer;Leipzig\n'=1+1 Gruppe;Trauer;Leipzig\n");
  assert.deepEqual(preview.rows.map((r) => r.name), ["'s Trauercafé", '=1+1 Gruppe']);
});

test('Windows-1252 and UTF-16 files import end to end', () => {
  const latin = previewUpload(Buffer.from('Name;Themen;Ort\nTrauergruppe Görlitz;Trauer;Görlitz\n', 'latin1'), 'gruppen.csv', resolvers);
  assert.equal(latin.encoding, 'windows-1252');
  assert.equal(latin.rows[0]?.input?.name, 'Trauergruppe Görlitz');
  assert.equal(latin.rows[0]?.input?.placeId, 2);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tThemen\tOrt\r\nAngehörige Süd\tDepression\tLeipzig\r\n', 'utf16le')]);
  const preview = previewUpload(utf16, 'gruppen.txt', resolvers);
  assert.deepEqual([preview.encoding, preview.delimiter, preview.good], ['utf-16le', '\t', 1]);
});
