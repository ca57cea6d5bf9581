// Contact points' group lists in and out of spreadsheets and JSON: decoding uploads, reading CSV,
// mapping columns, checking every row, and writing exports that the importer reads back.
// Pure logic: topics and places are looked up through the resolvers the route passes in.
import { checkRuleText } from '../../platform/recurrence-rule.ts';
import type { GroupInput } from './service.ts';
import { characterCount } from '../../platform/forms.ts';
import { LANGUAGES } from './model.ts';
import { fold } from './text.ts';
import { toCsv } from '../../platform/download.ts';

export class ImportError extends Error {
  constructor(
    /** Stable id: not_text, empty, unclosed_quote, field_too_long, too_many_rows, missing_column, bad_json, bad_json_shape. */
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'ImportError';
  }
}

export interface ImportResolvers {
  /** A topic slug for a slug, name or synonym; undefined when none matches. */
  topic(value: string): string | undefined;
  /** A postcode or place name. */
  place(value: string): { kind: 'found'; id: number; label: string; lat: number; lon: number } | { kind: 'ambiguous' | 'unknown' };
}

export interface RowProblem {
  /** The field in the API's words (name, topics, place, startTime, …), whatever the column was called. */
  field: string;
  code:
    | 'required' | 'too_short' | 'too_long' | 'invalid_choice' | 'invalid_rrule' | 'unknown_topic' | 'unknown_place' | 'ambiguous_place'
    | 'invalid_time' | 'invalid_number' | 'place_needed' | 'no_topic' | 'duplicate_name';
  /** The value as found; for too_short and too_long its length in characters. */
  value?: string;
}

export interface ImportRow {
  /** CSV: the line in the file where the row starts (header = 1). JSON: the entry's position in the list, from 1. */
  line: number;
  name: string;
  /** Only when the row has no problems. */
  input?: GroupInput;
  problems: RowProblem[];
}

export interface ImportPreview {
  encoding?: string;
  delimiter?: string;
  rows: ImportRow[];
  good: number;
  bad: number;
  warnings: Array<{ code: 'unknown_column'; value: string }>;
}

export interface DecodedUpload {
  text: string;
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
}

export type CsvDelimiter = ';' | ',' | '\t';

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  delimiter: CsvDelimiter;
  /** lines[i] is the line in the file where rows[i] starts (a quoted cell can span several lines). */
  lines: number[];
}

/** A group as exported: its input plus what a reader needs to recognise it. */
export type ExportGroup = GroupInput & { slug: string; placeLabel: string };

export const MAX_IMPORT_ROWS = 5000;
export const MAX_FIELD_CHARS = 20_000;
const MAX_TOPICS = 8;
const LIMITS = { name: 120, description: 10_000, place: 100, area: 120, address: 500, rhythm: 200, rrule: 200 } as const;

// --- Decoding ------------------------------------------------------------------------------------

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, „, “, –, …). Node's TextDecoder without
// full ICU maps these to control characters, so the table is here. Unassigned bytes stay as they are.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  let le = bytes;
  if (bigEndian) {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      le[i] = bytes[i + 1] as number;
      le[i + 1] = bytes[i] as number;
    }
    if (bytes.length % 2) le[bytes.length - 1] = bytes[bytes.length - 1] as number;
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(le);
  } catch {
    throw new ImportError('not_text');
  }
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Refuses what is not text: NUL characters, or more than a few control characters in every hundred. */
function ensureText(text: string): void {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new ImportError('not_text');
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  if (controls > 2 && controls > text.length * 0.05) throw new ImportError('not_text');
}

/** Bytes of an upload as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. */
export function decodeUpload(bytes: Uint8Array): DecodedUpload {
  let result: DecodedUpload;
  if (startsWith(bytes, [0xff, 0xfe])) result = { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16le' };
  else if (startsWith(bytes, [0xfe, 0xff])) result = { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16be' };
  else {
    // .xlsx/.ods are ZIP files, .xls an OLE file: say so, people often upload the workbook itself.
    if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
      throw new ImportError('not_text', { detected: 'spreadsheet' });
    }
    const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
    if (body.includes(0)) throw new ImportError('not_text');
    try {
      result = { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
    } catch {
      result = { text: decodeWindows1252(body), encoding: 'windows-1252' };
    }
  }
  ensureText(result.text);
  return result;
}

// --- CSV -----------------------------------------------------------------------------------------

const DELIMITERS: readonly CsvDelimiter[] = [';', '\t', ','];

/** The delimiter used most in the first record, counted outside quotes; ties go to ';' (German Excel), then tab. */
function detectDelimiter(text: string, from: number): CsvDelimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best: CsvDelimiter = ';';
  for (const d of DELIMITERS) if ((counts.get(d) as number) > (counts.get(best) as number)) best = d;
  return best;
}

/**
 * Reads CSV as RFC 4180 describes it, leniently: quotes only open a cell at its start, a stray quote
 * inside a cell is kept, rows may be short or long. Rows with only empty cells (blank lines, Excel's
 * ";;;;") are skipped. Excel's "sep=;" first line is honoured.
 */
export function parseCsv(text: string): ParsedCsv {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let delimiter: CsvDelimiter;
  const hint = /^sep=([;,\t])(\r\n|\n|\r)/i.exec(text.slice(i, i + 8));
  if (hint) {
    delimiter = hint[1] as CsvDelimiter;
    i += hint[0].length;
    line = 2;
  } else delimiter = detectDelimiter(text, i);

  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let cellStarted = false;
  let recordLine = line;
  let quoteLine = line;
  const endCell = () => {
    if (cell.length > MAX_FIELD_CHARS && characterCount(cell) > MAX_FIELD_CHARS) {
      throw new ImportError('field_too_long', { line: recordLine, max: MAX_FIELD_CHARS });
    }
    cells.push(cell);
    cell = '';
    cellStarted = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.some((c) => c.trim() !== '')) {
      records.push({ line: recordLine, cells });
      if (records.length - 1 > MAX_IMPORT_ROWS) throw new ImportError('too_many_rows', { max: MAX_IMPORT_ROWS });
    }
    cells = [];
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      // Copy up to the next quote in one piece, counting the line breaks passed.
      const close = text.indexOf('"', i);
      if (close === -1) break;
      const chunk = text.slice(i, close);
      cell += chunk;
      line += countLineBreaks(chunk);
      if (text[close + 1] === '"') {
        cell += '"';
        i = close + 2;
      } else {
        quoted = false;
        i = close + 1;
      }
      continue;
    }
    if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
      quoteLine = line;
      i++;
    } else if (c === delimiter) {
      endCell();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      cell += c;
      cellStarted = true;
      i++;
    }
  }
  if (quoted) throw new ImportError('unclosed_quote', { line: quoteLine });
  if (cellStarted || cells.length > 0) endRecord();

  const [head, ...body] = records;
  if (!head) throw new ImportError('empty');
  return { header: head.cells.map((h) => h.trim()), rows: body.map((r) => r.cells), delimiter, lines: body.map((r) => r.line) };
}

function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

// --- Columns and values ----------------------------------------------------------------------------

type Field =
  | 'name' | 'description' | 'kind' | 'audience' | 'topics' | 'formats' | 'place' | 'postcode' | 'area' | 'address'
  | 'rhythm' | 'rrule' | 'startTime' | 'durationMinutes' | 'languages' | 'accessibility' | 'status' | 'accepting' | 'slug';

/** Compares names the way people type them: case, umlauts (ä = ae = a), spaces, "_" and "-" do not matter. */
const key = (s: string): string => fold(s.normalize('NFC')).replace(/[^a-z0-9]/g, '');

const COLUMN_NAMES: Record<Field, string[]> = {
  name: ['name', 'gruppenname', 'gruppe', 'group'],
  description: ['beschreibung', 'description'],
  kind: ['art', 'kind', 'gruppenart'],
  audience: ['zielgruppe', 'audience'],
  topics: ['themen', 'thema', 'topics', 'topic'],
  formats: ['format', 'formats', 'formate'],
  place: ['ort', 'place', 'stadt', 'city'],
  postcode: ['plz', 'postleitzahl', 'postcode', 'zip'],
  area: ['stadtteil', 'ortsteil', 'area'],
  address: ['adresse', 'anschrift', 'treffpunkt', 'address'],
  rhythm: ['rhythmus', 'rhythm'],
  rrule: ['rrule'],
  startTime: ['uhrzeit', 'beginn', 'start_time', 'startTime'],
  durationMinutes: ['dauer', 'dauer (minuten)', 'duration_minutes', 'durationMinutes', 'duration'],
  languages: ['sprachen', 'sprache', 'languages', 'language'],
  accessibility: ['barrierefreiheit', 'accessibility'],
  status: ['status'],
  accepting: ['neue_mitglieder', 'nimmt neue mitglieder auf', 'accepting'],
  // Written by the export so a row can be recognised; not read back (yet).
  slug: ['kennung', 'slug'],
};
const COLUMN_BY_KEY = new Map(Object.entries(COLUMN_NAMES).flatMap(([field, names]) => names.map((n) => [key(n), field as Field])));

/** A vocabulary: the export label first, then other spellings; the code itself is always understood. */
function vocabulary(words: Record<string, string[]>): { byKey: Map<string, string>; label: (code: string) => string } {
  const byKey = new Map<string, string>();
  for (const [code, names] of Object.entries(words)) for (const n of [code, ...names]) byKey.set(key(n), code);
  return { byKey, label: (code) => words[code]?.[0] ?? code };
}

const KINDS = vocabulary({
  self_help: ['Selbsthilfe', 'Selbsthilfegruppe', 'self-help'],
  social: ['Soziale Selbsthilfe', 'sozial', 'social self-help'],
  peer_support: ['Peer-Beratung', 'Peer Support'],
});
const AUDIENCE = vocabulary({
  affected: ['Betroffene', 'betroffen'],
  relatives: ['Angehörige'],
  both: ['beide', 'Betroffene und Angehörige'],
});
const FORMAT = vocabulary({
  in_person: ['Präsenz', 'vor Ort', 'in person', 'persönlich'],
  online: ['online', 'Video'],
  phone: ['Telefon', 'telefonisch', 'phone'],
  hybrid: ['hybrid'],
});
const ACCESS = vocabulary({
  step_free: ['stufenlos', 'rollstuhlgerecht', 'barrierefrei', 'step-free', 'wheelchair accessible'],
  hearing_loop: ['Induktionsschleife', 'hearing loop'],
  sign_language: ['Gebärdensprache', 'DGS', 'sign language'],
  easy_language: ['Leichte Sprache', 'easy language'],
});
const STATUS = vocabulary({
  active: ['aktiv'],
  founding: ['in Gründung', 'Gründung', 'founding'],
  paused: ['pausiert', 'Pause'],
  proposed: ['vorgeschlagen'],
});
const YES_NO = vocabulary({ yes: ['ja', 'j', 'y', '1', 'true', 'wahr', 'x'], no: ['nein', 'n', '0', 'false', 'falsch'] });

/** Languages by code and by their German and English names (from Intl, so no list to keep). */
const LANGUAGE = (() => {
  const names = (locale: string, code: string) => {
    try {
      return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const words: Record<string, string[]> = {};
  for (const code of LANGUAGES) words[code] = [names('de', code), names('en', code)];
  (words.fa as string[]).push('Farsi');
  return vocabulary(words);
})();

/** Reads one cell as the person meant it: trimmed, NFC, and without the apostrophe our export adds before =, +, -, @. */
function cellText(raw: string): string {
  const v = raw.normalize('NFC').trim();
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1).trim() : v;
}

// --- Checking a group --------------------------------------------------------------------------------

/** One group's values before checking: CSV cells, or JSON values made strings and string lists. */
type RawGroup = Partial<Record<Field, string | string[]>>;

interface CheckedRow {
  name: string;
  input?: GroupInput;
  problems: RowProblem[];
  /** Same name at the same place means the same group. */
  identity: string;
}

const asText = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(', ') : (v ?? '')).trim();
const asList = (v: string | string[] | undefined, separators: RegExp): string[] =>
  (Array.isArray(v) ? v : (v ?? '').split(separators)).map((s) => s.trim()).filter(Boolean);
const LIST_SEPARATORS = /[|,;/]/;

function normaliseTime(value: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.](\d{2})(?::00)?)?(?:\s*uhr)?$/i.exec(value);
  if (!m || (m[2] === undefined && !/uhr$/i.test(value))) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function checkGroup(raw: RawGroup, resolvers: ImportResolvers): CheckedRow {
  const problems: RowProblem[] = [];
  const text = (field: Field) => asText(raw[field]).replace(/\r\n?/g, '\n');
  const length = (field: string, value: string, min: number, max: number) => {
    const n = characterCount(value);
    if (n < min) problems.push({ field, code: 'too_short', value: String(n) });
    else if (n > max) problems.push({ field, code: 'too_long', value: String(n) });
  };
  const choice = (field: string, value: string, vocab: { byKey: Map<string, string> }, fallback: string) => {
    if (value === '') return fallback;
    const code = vocab.byKey.get(key(value));
    if (code === undefined) problems.push({ field, code: 'invalid_choice', value });
    return code ?? fallback;
  };
  const choices = (field: Field, vocab: { byKey: Map<string, string> }, fallback: string[]) => {
    const found: string[] = [];
    for (const value of asList(raw[field], LIST_SEPARATORS)) {
      const code = vocab.byKey.get(key(value));
      if (code === undefined) problems.push({ field, code: 'invalid_choice', value });
      else if (!found.includes(code)) found.push(code);
    }
    return found.length > 0 || asList(raw[field], LIST_SEPARATORS).length > 0 ? found : fallback;
  };

  const name = text('name');
  if (name === '') problems.push({ field: 'name', code: 'required' });
  else length('name', name, 3, LIMITS.name);
  const description = text('description');
  length('description', description, 0, LIMITS.description);
  const kind = choice('kind', text('kind'), KINDS, 'self_help');
  const audience = choice('audience', text('audience'), AUDIENCE, 'affected');

  // Topics: "|" separates names that may themselves hold commas; otherwise "," and ";" do.
  const topics: string[] = [];
  let named = 0;
  for (const piece of asList(raw.topics, /\|/)) {
    const whole = resolvers.topic(piece);
    for (const [value, slug] of whole ? [[piece, whole] as const] : asList(piece, /[,;]/).map((p) => [p, resolvers.topic(p)] as const)) {
      named++;
      if (slug === undefined) problems.push({ field: 'topics', code: 'unknown_topic', value });
      else if (!topics.includes(slug)) topics.push(slug);
    }
  }
  if (named === 0) problems.push({ field: 'topics', code: 'no_topic' });
  else if (topics.length > MAX_TOPICS) problems.push({ field: 'topics', code: 'too_long', value: String(topics.length) });

  const formats = choices('formats', FORMAT, ['in_person']);
  const languages = choices('languages', LANGUAGE, ['de']);
  const accessibility = choices('accessibility', ACCESS, []);
  const status = choice('status', text('status'), STATUS, 'active');
  const accepting = choice('accepting', text('accepting'), YES_NO, 'yes') === 'yes';

  // A postcode column is tried first: it is unambiguous where "Neustadt" is not.
  let place: { id: number; label: string; lat: number; lon: number } | undefined;
  const placeText = text('place');
  const queries = [text('postcode'), placeText].filter((q) => q !== '');
  let placeProblem: RowProblem | undefined;
  for (const query of queries) {
    if (characterCount(query) > LIMITS.place) {
      placeProblem ??= { field: 'place', code: 'too_long', value: String(characterCount(query)) };
      continue;
    }
    const found = resolvers.place(query);
    if (found.kind === 'found') {
      place = { id: found.id, label: found.label, lat: found.lat, lon: found.lon };
      break;
    }
    // The place column's verdict wins over the postcode's: it is what the person will recognise.
    placeProblem = { field: 'place', code: found.kind === 'ambiguous' ? 'ambiguous_place' : 'unknown_place', value: query };
  }
  if (!place && placeProblem) problems.push(placeProblem);
  else if (!place && (formats.includes('in_person') || formats.includes('hybrid'))) problems.push({ field: 'place', code: 'place_needed' });

  const area = text('area');
  length('area', area, 0, LIMITS.area);
  const address = text('address');
  length('address', address, 0, LIMITS.address);
  const rhythm = text('rhythm');
  length('rhythm', rhythm, 0, LIMITS.rhythm);
  const rrule = text('rrule').replace(/^RRULE:/i, '').toUpperCase();
  if (characterCount(rrule) > LIMITS.rrule) problems.push({ field: 'rrule', code: 'too_long', value: String(characterCount(rrule)) });
  else if (rrule && !checkRuleText(rrule).ok) {
    problems.push({ field: 'rrule', code: 'invalid_rrule', value: rrule });
  }
  const timeText = text('startTime');
  const startTime = timeText === '' ? '' : normaliseTime(timeText);
  if (startTime === undefined) problems.push({ field: 'startTime', code: 'invalid_time', value: timeText });
  const durationText = text('durationMinutes');
  const durationMatch = /^(\d{1,3})(?:\s*(?:min\.?|minuten|minutes))?$/i.exec(durationText);
  const durationMinutes = durationText === '' ? 0 : durationMatch ? Number(durationMatch[1]) : NaN;
  if (!(durationMinutes >= 0 && durationMinutes <= 600)) problems.push({ field: 'durationMinutes', code: 'invalid_number', value: durationText });

  const identity = `${key(name)}@${place ? `#${place.id}` : key(placeText || text('postcode'))}`;
  if (problems.length > 0) return { name, problems, identity };
  return {
    name,
    problems,
    identity,
    input: {
      name,
      description,
      kind,
      audience,
      formats,
      placeId: place?.id ?? null,
      area: area || (place?.label ?? ''),
      lat: place?.lat ?? null,
      lon: place?.lon ?? null,
      address,
      rhythm,
      rrule,
      startTime: startTime ?? '',
      durationMinutes,
      languages,
      accessibility,
      status,
      accepting,
      topics,
      contactPointId: null,
      organisationId: null,
    },
  };
}

/** Marks later rows that repeat a group already listed, and counts. */
function preview(checked: Array<CheckedRow & { line: number }>, warnings: ImportPreview['warnings']): ImportPreview {
  const seen = new Set<string>();
  const rows: ImportRow[] = checked.map(({ line, name, input, problems, identity }) => {
    if (name !== '' && seen.has(identity)) return { line, name, problems: [...problems, { field: 'name', code: 'duplicate_name', value: name }] };
    if (name !== '') seen.add(identity);
    return input ? { line, name, input, problems } : { line, name, problems };
  });
  const good = rows.filter((r) => r.input).length;
  return { rows, good, bad: rows.length - good, warnings };
}

/** Checks the rows of a spreadsheet; `lines` (from parseCsv) gives each row's line, else row i is on line i + 2. */
export function validateRows(header: string[], rows: string[][], resolvers: ImportResolvers, lines?: number[]): ImportPreview {
  const columns: Array<Field | undefined> = [];
  const warnings: ImportPreview['warnings'] = [];
  const reported = new Set<string>();
  for (const title of header) {
    const field = COLUMN_BY_KEY.get(key(title));
    // A second column for the same field is not read: reported like an unknown one.
    if (field && !columns.includes(field)) columns.push(field);
    else {
      columns.push(undefined);
      if (title.trim() !== '' && !reported.has(key(title))) {
        reported.add(key(title));
        warnings.push({ code: 'unknown_column', value: title.trim() });
      }
    }
  }
  if (!columns.includes('name')) throw new ImportError('missing_column', { column: 'name' });

  const checked = rows.map((cells, i) => {
    const raw: RawGroup = {};
    columns.forEach((field, j) => {
      if (field) raw[field] = cellText(cells[j] ?? '');
    });
    return { line: lines?.[i] ?? i + 2, ...checkGroup(raw, resolvers) };
  });
  return preview(checked, warnings);
}

// --- JSON ----------------------------------------------------------------------------------------------

const JSON_FIELDS: Record<string, Field> = {
  slug: 'slug', name: 'name', description: 'description', kind: 'kind', audience: 'audience', topics: 'topics',
  formats: 'formats', place: 'place', area: 'area', address: 'address', rhythm: 'rhythm', rrule: 'rrule',
  startTime: 'startTime', durationMinutes: 'durationMinutes', languages: 'languages', accessibility: 'accessibility',
  status: 'status', accepting: 'accepting',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Where a text stops being JSON. Node 20's JSON.parse names no position, so read along until it breaks. */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const word = (w: string) => (text.startsWith(w, i) ? ((i += w.length), true) : false);
  const string = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return (i++, true);
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1] ?? '';
        const valid = e === 'u' ? /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : e !== '' && '"\\/bfnrt'.includes(e);
        if (!valid) return (i++, false);
        i += e === 'u' ? 6 : 2;
      } else i++;
    }
    return false;
  };
  const number = () => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    return m.exec(text) ? ((i = m.lastIndex), true) : false;
  };
  const sequence = (close: string, item: () => boolean, depth: number): boolean => {
    if (depth > 512) return false;
    i++;
    space();
    if (text[i] === close) return (i++, true);
    for (;;) {
      space();
      if (!item()) return false;
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return (i++, true);
      else return false;
    }
  };
  const value = (depth: number): boolean => {
    space();
    const c = text[i];
    if (c === '{') {
      return sequence('}', () => {
        if (text[i] !== '"' || !string()) return false;
        space();
        if (text[i] !== ':') return false;
        i++;
        return value(depth + 1);
      }, depth);
    }
    if (c === '[') return sequence(']', () => value(depth + 1), depth);
    if (c === '"') return string();
    if (c === 't') return word('true');
    if (c === 'f') return word('false');
    if (c === 'n') return word('null');
    return number();
  };
  if (value(0)) space();
  return Math.min(i, text.length);
}

/** Groups from JSON: a list of objects, or { "groups": [...] }, in the API's field names. */
export function parseJsonImport(text: string, resolvers: ImportResolvers): ImportPreview {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    const position = jsonErrorOffset(source);
    const before = source.slice(0, position);
    const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
    throw new ImportError('bad_json', { position, line: countLineBreaks(before) + 1, column: position - lineStart + 1 });
  }
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.groups) ? (data.groups as unknown[]) : undefined;
  if (!list) throw new ImportError('bad_json_shape');
  if (list.length > MAX_IMPORT_ROWS) throw new ImportError('too_many_rows', { max: MAX_IMPORT_ROWS });

  const warnings: ImportPreview['warnings'] = [];
  const checked = list.map((entry, i) => {
    const raw: RawGroup = {};
    for (const [name, value] of Object.entries(isRecord(entry) ? entry : {})) {
      const field = Object.hasOwn(JSON_FIELDS, name) ? JSON_FIELDS[name] : undefined;
      if (!field) {
        if (!warnings.some((w) => w.value === name)) warnings.push({ code: 'unknown_column', value: name });
        continue;
      }
      raw[field] = Array.isArray(value) ? value.map(jsonText) : jsonText(value).normalize('NFC');
    }
    return { line: i + 1, ...checkGroup(raw, resolvers) };
  });
  return preview(checked, warnings);
}

/** An uploaded file, whichever kind: JSON by its name or its first character, otherwise CSV. */
export function previewUpload(bytes: Uint8Array, filename: string, resolvers: ImportResolvers): ImportPreview {
  const { text, encoding } = decodeUpload(bytes);
  if (/\.json$/i.test(filename.trim()) || /^\s*[[{]/.test(text)) return { ...parseJsonImport(text, resolvers), encoding };
  const csv = parseCsv(text);
  return { ...validateRows(csv.header, csv.rows, resolvers, csv.lines), encoding, delimiter: csv.delimiter };
}

// --- Export ---------------------------------------------------------------------------------------------

const EXPORT_COLUMNS: Array<[string, (g: ExportGroup, topicName: (slug: string) => string) => string]> = [
  ['Name', (g) => g.name],
  ['Beschreibung', (g) => g.description],
  ['Art', (g) => KINDS.label(g.kind)],
  ['Zielgruppe', (g) => AUDIENCE.label(g.audience)],
  // Topic names may contain commas; "|" keeps them whole.
  ['Themen', (g, topicName) => g.topics.map(topicName).join(' | ')],
  ['Format', (g) => g.formats.map(FORMAT.label).join(', ')],
  ['Ort', (g) => g.placeLabel],
  ['Stadtteil', (g) => g.area],
  ['Adresse', (g) => g.address],
  ['Rhythmus', (g) => g.rhythm],
  ['RRULE', (g) => g.rrule],
  ['Uhrzeit', (g) => g.startTime],
  ['Dauer', (g) => String(g.durationMinutes)],
  ['Sprachen', (g) => g.languages.map(LANGUAGE.label).join(', ')],
  ['Barrierefreiheit', (g) => g.accessibility.map(ACCESS.label).join(', ')],
  ['Status', (g) => STATUS.label(g.status)],
  ['Neue Mitglieder', (g) => (g.accepting ? 'ja' : 'nein')],
  ['Kennung', (g) => g.slug],
];

/** A spreadsheet for Excel: semicolons, UTF-8 with BOM, CRLF, German column names and values. */
export function exportCsv(groups: ExportGroup[], topicName: (slug: string) => string): string {
  // The formula guard's apostrophe is taken off again by the importer (see cellText).
  const rows = [EXPORT_COLUMNS.map(([title]) => title), ...groups.map((g) => EXPORT_COLUMNS.map(([, value]) => value(g, topicName)))];
  return toCsv(rows, { quote: 'needed' });
}

/** The same groups as JSON, in the field names parseJsonImport reads. */
export function exportJson(groups: ExportGroup[]): string {
  const list = groups.map((g) => ({
    slug: g.slug,
    name: g.name,
    description: g.description,
    kind: g.kind,
    audience: g.audience,
    topics: g.topics,
    formats: g.formats,
    place: g.placeLabel,
    area: g.area,
    address: g.address,
    rhythm: g.rhythm,
    rrule: g.rrule,
    startTime: g.startTime,
    durationMinutes: g.durationMinutes,
    languages: g.languages,
    accessibility: g.accessibility,
    status: g.status,
    accepting: g.accepting,
  }));
  return `${JSON.stringify({ groups: list }, null, 2)}\n`;
}
