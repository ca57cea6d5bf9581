// The one safe-path function every redirect goes through: fuzzed with control characters,
// encodings, backslashes, schemes and non-Latin-1 text. Whatever comes in, what comes out is a
// same-origin path that Node can put into a Location header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeLocalPath } from './http.tsx';

const ORIGIN = 'http://own.invalid';

/** What a browser does with a Location value: resolve it against the page it came from. */
function browserTarget(location: string): URL {
  return new URL(location, `${ORIGIN}/some/page`);
}

/** The characters Node refuses in a header value (ERR_INVALID_CHAR): controls except tab, and above U+00FF. */
function headerSafe(value: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && !/[\r\n]/.test(value);
}

function check(input: string): void {
  const out = safeLocalPath(input, '/fallback');
  assert.ok(headerSafe(out), `${JSON.stringify(input)} → ${JSON.stringify(out)} cannot be a header`);
  assert.ok(out.startsWith('/') && !out.startsWith('//') && !out.startsWith('/\\'), `${JSON.stringify(input)} → ${JSON.stringify(out)} is not a local path`);
  assert.equal(browserTarget(out).origin, ORIGIN, `${JSON.stringify(input)} → ${JSON.stringify(out)} leaves the site`);
}

test('redirect targets: known tricks stay on the site', () => {
  const tricks = [
    '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example',
    '/%09/evil.example', '/%2F/evil.example', '/..//evil.example', '/./\\evil.example', '/.%2e//evil.example',
    'https://evil.example/', 'http:evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', ' /account',
    '/\u0000x', '/\u007f', '/ü', '/\u2028/x', '/\u{1F600}', '/\uFF0F\uFF0Fevil.example', '/\u3000/evil', '/account?x=\r\nSet-Cookie:a=b',
    '/\u00a0/evil.example', '/#\n', '', '/', '?next=//evil', '#//evil', '///evil.example', '/\t\t/evil', '/ /evil',
  ];
  for (const input of tricks) check(input);
  assert.equal(safeLocalPath('/\t/evil.example', '/fallback'), '/fallback');
  assert.equal(safeLocalPath('https://evil.example/', '/fallback'), '/fallback');
});

test('redirect targets: ordinary paths survive unchanged', () => {
  for (const path of ['/account', '/groups?q=Depression&near=Leipzig', '/account#sessions', '/groups/selbsthilfe-x/edit', '/groups?topic=angst%20und%20panik']) {
    assert.equal(safeLocalPath(path), path);
  }
  assert.equal(safeLocalPath('/gruppen/über'), '/gruppen/%C3%BCber', 'non-ASCII is percent-encoded, not refused');
});

test('redirect targets: fuzz over random mixes of slashes, controls, encodings and schemes', () => {
  const pieces = ['/', '\\', '//', '\t', '\n', '\r', '\u0000', '\u001f', '\u007f', '%2f', '%5c', '%0a', '%09', '.', '..', ':', '@', '?', '#', 'evil.example',
    'http:', 'https://', 'javascript:', 'ü', '\u0100', '\u2028', '\uFEFF', '\u{1F600}', ' ', '\u00a0', '%', '%%', 'a', 'groups', '&', '=', '\uFF0F'];
  let seed = 12;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 5000; i++) {
    let s = random() < 0.7 ? '/' : '';
    const n = 1 + Math.floor(random() * 8);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(random() * pieces.length)];
    check(s);
  }
});
