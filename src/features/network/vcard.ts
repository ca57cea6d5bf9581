// Reads contacts from a vCard file (.vcf) as phones and mail programs write it (vCard 2.1, 3.0, 4.0).
// This file splits the file into cards, unfolds lines, decodes quoted-printable and old charsets,
// drops photos and everything else not needed, and rewrites each card as clean vCard; ical.js
// then parses each card. A card that cannot be read is reported, never fatal.
import { isEmailAddress } from '../../platform/forms.ts';
import { TextDecoder } from 'node:util';
import ICAL from 'ical.js';
import type { ImportedContact } from './service.ts';
import { NAME_MAX, NOTES_MAX, PHONE_MAX, EMAIL_MAX } from './schema.ts';

export const VCARD_MAX_BYTES = 10 * 1024 * 1024;
/** Cards read from one file; a phone book of 10 000 contacts fits with room to spare. */
export const VCARD_MAX_CARDS = 20_000;
const CARD_MAX_CHARS = 64 * 1024;
const KEEP = new Set(['VERSION', 'FN', 'N', 'ORG', 'TEL', 'EMAIL', 'NOTE', 'KIND', 'X-ABSHOWAS']);

export type VcardProblemKey = 'noName' | 'broken' | 'unclosed' | 'tooLong' | 'fieldDropped';

export interface VcardProblem {
  /** Position of the card in the file, from 1. */
  n: number;
  key: VcardProblemKey;
}

export interface VcardResult {
  contacts: ImportedContact[];
  problems: VcardProblem[];
  /** Cards found in the file, readable or not. */
  cards: number;
}

/** Text of the file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. */
export function decodeFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function decoderFor(charset: string | undefined): TextDecoder {
  try {
    return new TextDecoder(charset || 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return decoderFor(charset).decode(Uint8Array.from(bytes));
}

interface RawProperty {
  name: string;
  params: string[];
  value: string;
}

/** Splits "item1.TEL;TYPE=CELL;CHARSET=UTF-8:value" (quoted parameter values may hold ":" and ";"). */
function splitProperty(line: string): RawProperty | undefined {
  let i = 0;
  let quoted = false;
  const parts: string[] = [];
  let start = 0;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') {
      parts.push(line.slice(start, i));
      start = i + 1;
    } else if (!quoted && c === ':') break;
  }
  if (i >= line.length) return undefined;
  parts.push(line.slice(start, i));
  const [rawName = '', ...params] = parts;
  const name = rawName.replace(/^.*\./, '').trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return undefined;
  return { name, params, value: line.slice(i + 1) };
}

const paramValue = (params: string[], key: string): string | undefined => {
  for (const p of params) {
    const [k, v] = p.split('=', 2);
    if (k && v !== undefined && k.trim().toUpperCase() === key) return v.replace(/^"|"$/g, '').trim();
  }
  return undefined;
};

/** Escapes decoded text as vCard 3.0 text (structured values keep their ";" separators). */
function escapeText(text: string, structured: boolean): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,');
  return structured ? escaped : escaped.replace(/;/g, '\\;');
}

/** Rewrites one card's logical lines as a clean vCard 3.0 text with only the properties needed. */
function cleanCard(lines: string[]): string {
  const out = ['BEGIN:VCARD', 'VERSION:3.0'];
  for (const line of lines) {
    const prop = splitProperty(line);
    if (!prop || !KEEP.has(prop.name) || prop.name === 'VERSION') continue;
    const encoding = (paramValue(prop.params, 'ENCODING') ?? (prop.params.some((p) => /^quoted-printable$/i.test(p.trim())) ? 'QUOTED-PRINTABLE' : '')).toUpperCase();
    const charset = paramValue(prop.params, 'CHARSET');
    const structured = prop.name === 'N' || prop.name === 'ORG';
    let value = prop.value;
    if (encoding === 'QUOTED-PRINTABLE') value = escapeText(decodeQuotedPrintable(value, charset), structured);
    else if (encoding === 'B' || encoding === 'BASE64') value = escapeText(decoderFor(charset).decode(Buffer.from(value, 'base64')), structured);
    // Parameters are not needed (types of phone numbers and the like), and old ones confuse parsers.
    out.push(`${prop.name}:${value}`);
  }
  out.push('END:VCARD');
  return out.join('\r\n');
}

const firstText = (v: unknown): string => {
  if (Array.isArray(v)) return v.map(firstText).filter(Boolean).join(' ');
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
};
// Control characters from broken files are dropped (tabs and line ends become spaces).
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();

function toContact(card: string, n: number, problems: VcardProblem[]): ImportedContact | undefined {
  let component: InstanceType<typeof ICAL.Component>;
  try {
    const parsed = ICAL.parse(card);
    component = new ICAL.Component(parsed as never);
  } catch {
    problems.push({ n, key: 'broken' });
    return undefined;
  }
  const value = (name: string) => clean(firstText(component.getFirstPropertyValue(name)));
  const nParts = component.getFirstPropertyValue('n');
  const fromN = Array.isArray(nParts) ? clean([nParts[3], nParts[1], nParts[2], nParts[0], nParts[4]].map(firstText).filter(Boolean).join(' ')) : '';
  const org = Array.isArray(component.getFirstPropertyValue('org')) ? clean(firstText((component.getFirstPropertyValue('org') as unknown[])[0])) : value('org');
  const kindValue = value('kind').toLowerCase();
  const isOrg = kindValue === 'org' || kindValue === 'organization' || value('x-abshowas').toUpperCase() === 'COMPANY' || (!value('fn') && !fromN && Boolean(org));
  let name = value('fn') || fromN || org;
  if (!name) {
    problems.push({ n, key: 'noName' });
    return undefined;
  }
  let dropped = false;
  if ([...name].length > NAME_MAX) {
    name = [...name].slice(0, NAME_MAX).join('');
    dropped = true;
  }
  let phone = clean(firstText(component.getAllProperties('tel')[0]?.getFirstValue())).replace(/^tel:/i, '').replace(/[^0-9+()/ .-]/g, '').trim();
  if (phone.length > PHONE_MAX) {
    phone = '';
    dropped = true;
  }
  let email = clean(firstText(component.getAllProperties('email')[0]?.getFirstValue())).replace(/^mailto:/i, '');
  if (email && (email.length > EMAIL_MAX || !isEmailAddress(email))) {
    email = '';
    dropped = true;
  }
  let notes = firstText(component.getFirstPropertyValue('note')).replace(/\r\n/g, '\n').trim();
  if ([...notes].length > NOTES_MAX) {
    notes = [...notes].slice(0, NOTES_MAX).join('');
    dropped = true;
  }
  if (dropped) problems.push({ n, key: 'fieldDropped' });
  return { kind: isOrg ? 'organisation' : 'person', name, phone, email, notes };
}

/** Reads every card it can; the rest is reported by position. */
export function parseVcards(bytes: Uint8Array): VcardResult {
  const text = decodeFile(bytes);
  const rawLines = text.split(/\r\n|\r|\n/);
  const problems: VcardProblem[] = [];
  const contacts: ImportedContact[] = [];
  let cards = 0;
  let current: string[] | undefined;
  let size = 0;
  let tooLong = false;
  let skipping = false; // inside a photo or another property that is not needed

  const finish = () => {
    if (!current) return;
    const n = cards;
    if (tooLong) problems.push({ n, key: 'tooLong' });
    else {
      const contact = toContact(cleanCard(current), n, problems);
      if (contact) contacts.push(contact);
    }
    current = undefined;
  };

  for (let i = 0; i < rawLines.length; i++) {
    let line = rawLines[i] as string;
    if (current && /^[ \t]/.test(line)) {
      // A folded continuation of the previous line (or of a skipped photo).
      if (!skipping && current.length > 0) {
        current[current.length - 1] += line.slice(1);
        size += line.length;
        if (size > CARD_MAX_CHARS) tooLong = true;
      }
      continue;
    }
    skipping = false;
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (current) {
        problems.push({ n: cards, key: 'unclosed' });
        current = undefined;
      }
      cards++;
      if (cards > VCARD_MAX_CARDS) break;
      current = [];
      size = 0;
      tooLong = false;
      continue;
    }
    if (!current) continue; // text between cards
    if (upper === 'END:VCARD') {
      finish();
      continue;
    }
    if (line.trim() === '') continue;
    const name = line.split(/[;:]/, 1)[0]?.replace(/^.*\./, '').toUpperCase() ?? '';
    if (!KEEP.has(name)) {
      // Photos and the like: skipped with their continuation lines (2.1 base64 ends at a blank line).
      skipping = true;
      continue;
    }
    // Quoted-printable soft line breaks: a value ending in "=" goes on in the next line.
    if (/quoted-printable/i.test(line.slice(0, line.indexOf(':') + 1))) {
      while (line.endsWith('=') && i + 1 < rawLines.length) {
        line = line.slice(0, -1) + (rawLines[++i] as string).replace(/^[ \t]/, '');
      }
    }
    current.push(line);
    size += line.length;
    if (size > CARD_MAX_CHARS) tooLong = true;
  }
  if (current) problems.push({ n: cards, key: 'unclosed' });
  if (cards > VCARD_MAX_CARDS) problems.push({ n: VCARD_MAX_CARDS + 1, key: 'tooLong' });
  return { contacts, problems, cards: Math.min(cards, VCARD_MAX_CARDS) };
}
