// vCard import: versions 2.1 to 4.0, folded lines, quoted-printable, old charsets, photos, broken
// cards and a whole phone book — everything readable comes in, the rest is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVcards } from './vcard.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

test('reads vCard 3.0 and 4.0 with folded lines, groups, escapes and organisations', () => {
  const file = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Anna Mül', ' ler', 'N:Müller;Anna;;;', 'item1.TEL;TYPE=CELL:+49 171 2345678', 'EMAIL;TYPE=INTERNET:anna@example.org',
    'NOTE:Mag Tee\\, kein Kaffee\\nruft sonntags an', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:4.0', 'KIND:org', 'FN:Selbsthilfe-Kontaktstelle Mitte', 'TEL;VALUE=uri:tel:+49-30-1234', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'N:Schmidt;Jörg;;;', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'ORG:Tafel e.V.;Ausgabe', 'END:VCARD',
  ].join('\r\n');
  const r = parseVcards(utf8(file));
  assert.equal(r.cards, 4);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.contacts[0], { kind: 'person', name: 'Anna Müller', phone: '+49 171 2345678', email: 'anna@example.org', notes: 'Mag Tee, kein Kaffee\nruft sonntags an' });
  assert.equal(r.contacts[1]?.kind, 'organisation');
  assert.equal(r.contacts[1]?.phone, '+49-30-1234');
  assert.equal(r.contacts[2]?.name, 'Jörg Schmidt');
  assert.deepEqual([r.contacts[3]?.kind, r.contacts[3]?.name], ['organisation', 'Tafel e.V.']);
});

test('vCard 2.1: quoted-printable with soft breaks, Latin-1 charset, bare parameters, base64 photos', () => {
  const latin1 = Buffer.from('=FC', 'latin1').toString(); // stays ASCII: "=FC" is ü in ISO-8859-1
  const file = [
    'BEGIN:VCARD', 'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=',
    'ller',
    'TEL;CELL;VOICE:0171 555',
    'PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsK',
    '  CwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQU',
    '',
    `NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Gr${latin1}n`,
    'END:VCARD',
  ].join('\r\n');
  const r = parseVcards(utf8(file));
  assert.deepEqual(r.problems, []);
  assert.equal(r.contacts[0]?.name, 'Jürgen Müller');
  assert.equal(r.contacts[0]?.phone, '0171 555');
  assert.equal(r.contacts[0]?.notes, 'Grün');
});

test('a file in Windows-1252 and one in UTF-16 with BOM', () => {
  const cp = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bärbel Groß\r\nEND:VCARD\r\n', 'latin1');
  assert.equal(parseVcards(cp).contacts[0]?.name, 'Bärbel Groß');
  const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n', 'utf16le')]);
  assert.equal(parseVcards(u16).contacts[0]?.name, 'Zoë');
});

test('broken, nameless and unclosed cards are reported by position; the good ones still come in', () => {
  const file = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Gut Eins', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'TEL:123', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Kaputt', 'N:a;b', 'FN', 'EMAIL;TYPE="unclosed:x@y.de', 'END:VCARD',
    'garbage between cards',
    'BEGIN:VCARD', 'VERSION:3.0', `FN:${'L'.repeat(200)}`, 'EMAIL:not an address', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ohne Ende',
  ].join('\n');
  const r = parseVcards(utf8(file));
  assert.equal(r.cards, 5);
  assert.deepEqual(r.contacts.map((c) => c.name.slice(0, 8)), ['Gut Eins', 'Kaputt', 'LLLLLLLL']);
  assert.equal(r.contacts[2]?.name.length, 80);
  assert.equal(r.contacts[2]?.email, '');
  assert.deepEqual(r.problems, [{ n: 2, key: 'noName' }, { n: 4, key: 'fieldDropped' }, { n: 5, key: 'unclosed' }]);
  assert.deepEqual(parseVcards(utf8('no vcard here')).cards, 0);
  assert.deepEqual(parseVcards(new Uint8Array([0xff, 0x00, 0xc3])).contacts, []);
});

test('10 000 contacts are read in well under a few seconds', () => {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) lines.push('BEGIN:VCARD', 'VERSION:3.0', `FN:Kontakt ${i}`, `TEL:0171 ${i}`, `EMAIL:k${i}@example.org`, 'END:VCARD');
  const started = Date.now();
  const r = parseVcards(utf8(lines.join('\r\n')));
  assert.equal(r.contacts.length, 10_000);
  assert.equal(r.problems.length, 0);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});
