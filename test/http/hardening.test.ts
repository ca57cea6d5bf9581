// Holes found by probing the platform as an attacker, each tested as a class: redirects, /metrics,
// the SVG download, uploads before the CSRF check.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Client, createTestApp, signedInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('redirect targets (finding 6 and 10)', () => {
  const targets = [
    '/\t/evil.example', '/%09/evil.example', '/\n/evil', '//evil.example', '/\\evil.example', '/..//evil.example', 'https://evil.example',
    'javascript:alert(1)', '/\u0100', '/ü/x', '/\u{1F600}', '/\r\nSet-Cookie: a=b', '/\u0000', '/\u2028', '\\\\evil.example',
  ];

  const staysHere = (location: unknown, input: string) => {
    assert.equal(typeof location, 'string', `no Location for ${JSON.stringify(input)}`);
    const target = new URL(location as string, 'http://localhost:3000/login');
    assert.equal(target.origin, 'http://localhost:3000', `${JSON.stringify(input)} redirected to ${String(location)}`);
  };

  test('log-in never sends anyone to another site, whatever ?next= holds, and never answers 500', async () => {
    const { client } = await signedInAs(t.app, 'member');
    for (const next of targets) {
      const url = `/login?next=${encodeURIComponent(next)}`;
      const signedIn = await client.get(url);
      assert.equal(signedIn.statusCode, 303, `${JSON.stringify(next)} signed in: ${signedIn.statusCode} ${signedIn.body.slice(0, 200)}`);
      staysHere(signedIn.headers.location, next);
      const visitor = new Client(t.app);
      const page = await visitor.get(url);
      assert.equal(page.statusCode, 200);
      const form = await visitor.post('/login', { identifier: (await client.get('/api/v1/me')).json().pseudonym as string, password: 'Gartenzwerg Mondlicht Tulpe 7', next });
      assert.equal(form.statusCode, 303, `${JSON.stringify(next)} after the log-in form: ${form.statusCode}`);
      staysHere(form.headers.location, next);
    }
    const raw = await client.get('/login?next=/%09/evil.example');
    assert.equal(raw.headers.location, '/account');
    const rawNewline = await client.get('/login?next=%2F%0A%2Fx');
    assert.equal(rawNewline.statusCode, 303);
  });

  test('the language switch takes any back= without a 500', async () => {
    const visitor = new Client(t.app);
    await visitor.get('/');
    for (const back of targets) {
      const res = await visitor.post('/language', { locale: 'en', back });
      assert.equal(res.statusCode, 303, `${JSON.stringify(back)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      staysHere(res.headers.location, back);
    }
  });
});

describe('/metrics (finding 11)', () => {
  test('closed by default to everyone but the machine itself', async () => {
    const fromOutside = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(fromOutside.statusCode, 403);
    assert.doesNotMatch(fromOutside.body, /nodejs_version|http_request/);
    const viaLocalProxy = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(viaLocalProxy.statusCode, 403, 'a reverse proxy on the same machine forwards outsiders from 127.0.0.1');
    const forwarded = await t.app.inject({ method: 'GET', url: '/metrics', headers: { forwarded: 'for=203.0.113.9' } });
    assert.equal(forwarded.statusCode, 403);
    const local = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(local.statusCode, 200);
    const localV6 = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' });
    assert.equal(localV6.statusCode, 200);
  });

  test('with METRICS_TOKEN, the token opens it from anywhere', async () => {
    const withToken = await createTestApp({ metricsToken: 'zaehler-geheim' });
    try {
      assert.equal((await withToken.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode, 401);
      const res = await withToken.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer zaehler-geheim' } });
      assert.equal(res.statusCode, 200);
    } finally {
      await withToken.close();
    }
  });
});

/** A small XML well-formedness check: tags nest, attribute values hold no '<' and every '&' starts an entity. */
function assertWellFormedXml(xml: string): void {
  const entity = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
  const stack: string[] = [];
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  while (i < xml.length) {
    const ch = xml[i];
    if (ch === '&') {
      assert.match(xml.slice(i, i + 12), entity, `bare & at ${i}: ${xml.slice(i - 20, i + 20)}`);
      i++;
    } else if (ch === '<') {
      const close = xml[i + 1] === '/';
      const nameMatch = /^<\/?([A-Za-z_][\w:.-]*)/.exec(xml.slice(i));
      assert.ok(nameMatch, `a '<' that starts no tag at ${i}: ${xml.slice(i - 20, i + 20)}`);
      const name = nameMatch[1] as string;
      let j = i + nameMatch[0].length;
      const attr = /^\s+([A-Za-z_][\w:.-]*)="([^"]*)"/;
      for (;;) {
        const m = attr.exec(xml.slice(j));
        if (!m) break;
        const value = m[2] as string;
        assert.ok(!value.includes('<'), `'<' in attribute ${m[1]}: ${value}`);
        for (let k = value.indexOf('&'); k >= 0; k = value.indexOf('&', k + 1)) assert.match(value.slice(k, k + 12), entity, `bare & in attribute ${m[1]}: ${value}`);
        j += m[0].length;
      }
      const end = /^\s*(\/?)>/.exec(xml.slice(j));
      assert.ok(end, `tag <${name}> is not closed properly: ${xml.slice(i, j + 30)}`);
      if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong tag`);
      else if (!end[1]) stack.push(name);
      i = j + end[0].length;
    } else i++;
  }
  assert.deepEqual(stack, [], 'every tag is closed');
}

describe('network map download (finding 12)', () => {
  test('the SVG stays well-formed XML and shows names with < & " \' as written', async () => {
    const { client } = await signedInAs(t.app, 'member');
    const names = ['Tom <& Jerry>', 'Anna "Nanni" O\'Neil', 'a&amp;b', '</svg><script>x</script>'];
    for (const name of names) {
      await client.get('/network/entries/new');
      const res = await client.post('/network/entries', { kind: 'person', sector: 'friends', circle: 'middle', name });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    }
    const svg = await client.get('/network/map.svg');
    assert.equal(svg.statusCode, 200);
    assertWellFormedXml(svg.body);
    assert.ok(svg.body.includes('Tom &lt;&amp; Jerry>') || svg.body.includes('Tom &lt;&amp; Jerry&gt;'));
    assert.ok(!svg.body.includes('<script>'));
    const page = await client.get('/network');
    assert.ok(!page.body.includes('aria-label="Tom <&'), 'the inline map escapes its attributes too');
  });
});

describe('uploads before the CSRF check (finding 13)', () => {
  /** A 10 MB multipart body that counts how much of it the server reads. */
  function countingUpload(csrf?: string) {
    const boundary = '----hardening0uploadtest';
    const chunk = Buffer.alloc(64 * 1024, 'A');
    let read = 0;
    let sent = 0;
    const total = 10 * 1024 * 1024;
    const stream = new Readable({
      read() {
        if (sent === 0) {
          const head = `--${boundary}\r\n${csrf ? `Content-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\n` : ''}Content-Disposition: form-data; name="file"; filename="gross.vcf"\r\nContent-Type: text/vcard\r\n\r\n`;
          sent += head.length;
          read += head.length;
          this.push(head);
          return;
        }
        if (sent >= total) {
          this.push(`\r\n--${boundary}--\r\n`);
          this.push(null);
          return;
        }
        sent += chunk.length;
        read += chunk.length;
        this.push(chunk);
      },
    });
    return { stream, contentType: `multipart/form-data; boundary=${boundary}`, bytesRead: () => read };
  }

  for (const url of ['/network/import', '/organisations/kontaktstelle-x/import']) {
    test(`${url}: a visitor's 10 MB upload is refused before its body is read`, async () => {
      const upload = countingUpload();
      const res = await t.app.inject({ method: 'POST', url, payload: upload.stream, headers: { 'content-type': upload.contentType } });
      assert.ok(res.statusCode === 403 || res.statusCode === 401 || res.statusCode === 303, `answered ${res.statusCode}`);
      assert.ok(upload.bytesRead() < 1024 * 1024, `read ${upload.bytesRead()} bytes before refusing`);
    });

    test(`${url}: a member's upload with a token only inside the body is refused before the body is read`, async () => {
      const { client } = await signedInAs(t.app, 'member');
      await client.get('/account');
      const upload = countingUpload(client.csrf);
      const res = await t.app.inject({ method: 'POST', url, payload: upload.stream, headers: { 'content-type': upload.contentType, cookie: cookieOf(client) } });
      assert.equal(res.statusCode, 403, `answered ${res.statusCode}`);
      assert.ok(upload.bytesRead() < 1024 * 1024, `read ${upload.bytesRead()} bytes before refusing`);
    });
  }
});
