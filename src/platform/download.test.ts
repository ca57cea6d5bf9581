import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentDisposition, csvCell, toCsv } from './download.ts';

test('cells that would start a formula stay text, quotes are doubled', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${start}1`), `"'${start}1"`);
  assert.equal(csvCell('Sag "Hallo"'), '"Sag ""Hallo"""');
  assert.equal(csvCell(null), '""');
  assert.equal(csvCell(3), '"3"');
  assert.equal(csvCell('schlicht', { quote: 'needed' }), 'schlicht');
  assert.equal(csvCell('a;b', { quote: 'needed' }), '"a;b"');
  assert.equal(csvCell('=SUM(A1)', { quote: 'needed' }), "'=SUM(A1)");
});

test('a CSV file has a BOM, semicolons and CRLF line ends', () => {
  assert.equal(toCsv([['Name', 'Ort'], ['A', 'Zeile\nzwei']]), '\uFEFF"Name";"Ort"\r\n"A";"Zeile\nzwei"\r\n');
});

test('content-disposition cannot be broken out of and keeps the real name', () => {
  assert.equal(contentDisposition('mein-netz.csv'), 'attachment; filename="mein-netz.csv"');
  assert.equal(contentDisposition('x.ics', 'inline'), 'inline; filename="x.ics"');
  const evil = contentDisposition('a"b\r\nSet-Cookie: x=1;.csv');
  assert.doesNotMatch(evil, /[\r\n]/);
  assert.match(evil, /^attachment; filename="a_bSet-Cookie_ x_1_.csv"; filename\*=UTF-8''a%22bSet-Cookie%3A%20x%3D1%3B.csv$/);
  assert.equal(contentDisposition('Trauercafé-gruppen.csv'), `attachment; filename="Trauercafe-gruppen.csv"; filename*=UTF-8''Trauercaf%C3%A9-gruppen.csv`);
  assert.equal(contentDisposition('../../etc/passwd'), 'attachment; filename="....etcpasswd"');
});
