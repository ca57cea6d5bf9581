// Videos of the learning area over HTTP: staff upload a video with WebVTT captions and a transcript
// (the magic bytes decide the type, captions are required and checked), lessons and the Leichte
// Sprache start page show it with captions, it is served with range requests, and the permission grid
// over the upload and delete routes. Runs on SQLite and on PostgreSQL (TEST_DB=postgres).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, clientsByRole, createTestApp, runPermissionGrid, signedInAs, textOf } from '../../../test/helpers.ts';
import type { GridAction, TestApp } from '../../../test/helpers.ts';
import { checkCaptions, videoTypeOf } from './videos.ts';
import { parseRange } from '../../platform/media.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

// The smallest files that pass the magic check: an MP4 `ftyp` box (isom brand) followed by filler
// bytes that make range slices distinguishable, and a WebM EBML header naming the "webm" doc type.
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isommp41', 'latin1'),
  Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251)),
]);
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84]), Buffer.from('webm', 'latin1'), Buffer.alloc(40, 7)]);
const VTT = 'WEBVTT\n\n1\n00:00.000 --> 00:03.500\nWillkommen in der Selbsthilfe.\n\n00:03.500 --> 00:07.000\nHier helfen sich Menschen gegenseitig.\n';
const TRANSCRIPT = 'In diesem Video erklärt **Petra** in Gebärdensprache, was Selbsthilfe ist.';
const LESSON = '/learn/selbsthilfe/geben-und-nehmen';

type Part = { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer | string };

function multipart(parts: Part[]) {
  const boundary = '----videotest9QfZk3';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`));
      chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
      chunks.push(Buffer.from('\r\n'));
    } else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Upload {
  slot?: string;
  title?: string;
  transcript?: string;
  captionsLang?: string;
  video?: Buffer | null;
  videoName?: string;
  captions?: string | Buffer | null;
}

async function upload(client: Client, u: Upload = {}, options: { csrf?: 'query' | 'header' | 'none' } = {}) {
  await client.get('/learn');
  if (!client.csrf) await client.get('/login');
  const parts: Part[] = [
    { name: 'slot', value: u.slot ?? 'dgs-selbsthilfe' },
    { name: 'title', value: u.title ?? 'Selbsthilfe in Gebärdensprache' },
    { name: 'captionsLang', value: u.captionsLang ?? 'de' },
    { name: 'transcript', value: u.transcript ?? TRANSCRIPT },
  ];
  if (u.video !== null) parts.push({ name: 'video', filename: u.videoName ?? 'selbsthilfe.mp4', type: 'video/mp4', content: u.video ?? MP4 });
  if (u.captions !== null) parts.push({ name: 'captions', filename: 'selbsthilfe.vtt', type: 'text/vtt', content: u.captions ?? VTT });
  const { payload, contentType } = multipart(parts);
  const how = options.csrf ?? 'query';
  const url = how === 'query' ? `/learn/videos?_csrf=${encodeURIComponent(client.csrf)}` : '/learn/videos';
  const headers: Record<string, string> = { 'content-type': contentType, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (how === 'header') headers['x-csrf-token'] = client.csrf;
  return t.app.inject({ method: 'POST', url, payload, headers });
}

const videoIdOn = (html: string) => /src="\/media\/videos\/([0-9a-f-]{36})"/.exec(html)?.[1];
const videoFiles = () => {
  const dir = join(t.app.deps.config.dataDir, 'videos');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const tempFiles = () => {
  const dir = join(t.app.deps.config.dataDir, 'uploads-tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('checks of uploaded files', () => {
  test('the type comes from the magic bytes: MP4 ftyp box, WebM EBML header with doc type webm', () => {
    assert.equal(videoTypeOf(MP4), 'video/mp4');
    assert.equal(videoTypeOf(WEBM), 'video/webm');
    assert.equal(videoTypeOf(Buffer.from('GIF89a not a video at all')), undefined);
    assert.equal(videoTypeOf(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88, ...Buffer.from('matroska')])), undefined, 'Matroska that is not WebM');
    assert.equal(videoTypeOf(Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79])), undefined, 'too short');
  });

  test('WebVTT: the signature, cues with valid timings, at least one cue, UTF-8', () => {
    assert.deepEqual(checkCaptions(Buffer.from(VTT)), { ok: true, text: VTT, cues: 2 });
    assert.equal((checkCaptions(Buffer.from(`\uFEFFWEBVTT - Untertitel\nKind: captions\n\nNOTE von Hand geschrieben\n\n01:00:00.000 --> 01:00:02.000 line:0\nHallo\n`)) as { cues: number }).cues, 1);
    assert.deepEqual(checkCaptions(Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nSRT, nicht VTT\n')), { ok: false, problem: 'header' });
    assert.deepEqual(checkCaptions(Buffer.from('WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n')), { ok: false, problem: 'header' });
    assert.deepEqual(checkCaptions(Buffer.from('WEBVTT\n\nnur Text ohne Zeit\n')), { ok: false, problem: 'cue' });
    assert.deepEqual(checkCaptions(Buffer.from('WEBVTT\n\n00:05.000 --> 00:01.000\nrückwärts\n')), { ok: false, problem: 'cue' });
    assert.deepEqual(checkCaptions(Buffer.from('WEBVTT\n\n00:00,000 --> 00:01,000\nKomma statt Punkt\n')), { ok: false, problem: 'cue' });
    assert.deepEqual(checkCaptions(Buffer.from('WEBVTT\n\nNOTE nur eine Notiz\n')), { ok: false, problem: 'empty' });
    assert.deepEqual(checkCaptions(Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe])), { ok: false, problem: 'encoding' });
  });

  test('Range headers: one range, suffix and open ranges, clipped; unsatisfiable past the end', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
    assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
    assert.equal(parseRange(undefined, 1000), 'none');
    assert.equal(parseRange('bytes=0-1,5-6', 1000), 'none', 'several ranges get the whole file');
    assert.equal(parseRange('items=0-1', 1000), 'none');
    assert.equal(parseRange('bytes=5-1', 1000), 'none');
  });
});

describe('upload and show', () => {
  test('staff upload a video with captions and transcript; the lesson and the start page show it, served from this host', async () => {
    const staff = await signedInAs(t.app, 'staff');
    const before = await staff.client.get(LESSON);
    assert.match(textOf(before.body), /Hier kann ein Video stehen \(Platz „dgs-selbsthilfe“\)/, 'staff see the empty slot');
    assert.doesNotMatch((await new Client(t.app).get(LESSON)).body, /Platz „dgs-selbsthilfe“/, 'visitors do not');
    const list = await staff.client.get('/learn/videos?slot=dgs-selbsthilfe');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<code>dgs-selbsthilfe<\/code>/);
    assert.match(list.body, /<code>dgs-start<\/code>/);
    assert.match(list.body, /id="slot"[^>]*value="dgs-selbsthilfe"/);

    const res = await upload(staff.client);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, '/learn/videos');
    assert.equal(videoFiles().length, 1);
    assert.match(videoFiles()[0]!, /^[0-9a-f-]{36}\.mp4$/);
    assert.deepEqual(tempFiles(), [], 'no temporary file is left behind');

    for (const [client, locale] of [[new Client(t.app), 'de'], [new Client(t.app), 'en']] as const) {
      const page = await client.get(LESSON, { 'accept-language': locale });
      const id = videoIdOn(page.body);
      assert.ok(id, 'the lesson shows the video');
      assert.match(page.body, new RegExp(`<video controls preload="metadata" class="video__player" aria-describedby="transcript-${id}">`));
      assert.match(page.body, new RegExp(`<track kind="captions" src="/media/videos/${id}/captions.vtt" srclang="de" label="${locale === 'de' ? 'Deutsch \\(Untertitel\\)' : 'German \\(captions\\)'}" default`));
      assert.match(page.body, /<source src="\/media\/videos\/[0-9a-f-]{36}" type="video\/mp4"/);
      assert.match(page.body, /<details class="video__transcript" open>/);
      assert.match(page.body, /erklärt <strong>Petra<\/strong> in Gebärdensprache/, 'the transcript is rendered from Markdown');
      assert.doesNotMatch(page.body, /<iframe|youtube|vimeo/i, 'no third-party embed');
    }
    // The start page in Leichte Sprache has its own slot.
    assert.equal((await upload(staff.client, { slot: 'dgs-start', title: 'Miteinander in Gebärdensprache', video: WEBM, videoName: 'start.webm', captionsLang: 'de' })).statusCode, 303);
    const easy = await new Client(t.app).get('/leichte-sprache');
    assert.match(easy.body, /<source src="\/media\/videos\/[0-9a-f-]{36}" type="video\/webm"/);
    const audit = await t.app.deps.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'video').execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['video.uploaded', 'video.uploaded']);
  });

  test('a new upload to the same slot replaces the video and its file; English captions say so', async () => {
    const staff = await signedInAs(t.app, 'staff');
    assert.equal((await upload(staff.client, { slot: 'ersatz-platz' })).statusCode, 303);
    const first = await t.app.deps.db.selectFrom('learning_videos').select(['id']).where('slot', '=', 'ersatz-platz').executeTakeFirstOrThrow();
    assert.ok(videoFiles().includes(`${first.id}.mp4`));
    assert.equal((await upload(staff.client, { slot: 'ersatz-platz', captionsLang: 'en', video: WEBM, videoName: 'neu.webm' })).statusCode, 303);
    const rows = await t.app.deps.db.selectFrom('learning_videos').select(['id', 'mime', 'captions_lang']).where('slot', '=', 'ersatz-platz').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.mime, 'video/webm');
    assert.equal(rows[0]!.captions_lang, 'en');
    assert.ok(!videoFiles().includes(`${first.id}.mp4`), 'the old file is gone');
    assert.ok(videoFiles().includes(`${rows[0]!.id}.webm`));
    assert.equal((await new Client(t.app).get(`/media/videos/${first.id}`)).statusCode, 404);
  });

  test('missing or broken captions, a missing video, a file that is not a video, and a bad slot are refused with messages', async () => {
    const staff = await signedInAs(t.app, 'staff');
    const count = async () => (await t.app.deps.db.selectFrom('learning_videos').select('id').execute()).length;
    const before = await count();
    const cases: Array<[Upload, RegExp]> = [
      [{ captions: null }, /Bitte wählen Sie eine Untertitel-Datei aus\. Ohne Untertitel zeigen wir kein Video/],
      [{ captions: '' }, /Bitte wählen Sie eine Untertitel-Datei aus/],
      [{ captions: '1\n00:00:00,000 --> 00:00:01,000\nSRT\n' }, /Die Untertitel-Datei muss mit „WEBVTT“ beginnen/],
      [{ captions: 'WEBVTT\n\nkeine Zeit\n' }, /keine gültige Zeitangabe/],
      [{ video: null }, /Bitte wählen Sie eine Videodatei aus/],
      [{ video: Buffer.from('GIF89a\x01\x00\x01\x00 ein Bild, kein Video'), videoName: 'bild.mp4' }, /Die Datei ist kein MP4- oder WebM-Video/],
      [{ slot: 'Platz mit Leerzeichen' }, /Der Platz darf nur Kleinbuchstaben/],
      [{ transcript: '' }, /Text zum Video/],
    ];
    for (const [input, message] of cases) {
      const res = await upload(staff.client, input);
      assert.equal(res.statusCode, 400, JSON.stringify(Object.keys(input)));
      assert.match(textOf(res.body), message);
      assert.match(res.body, /class="error-summary/);
    }
    // What was typed stays; the files are chosen again.
    const kept = await upload(staff.client, { captions: null, title: 'Mein Titel 4711' });
    assert.match(kept.body, /value="Mein Titel 4711"/);
    assert.equal(await count(), before);
    assert.deepEqual(tempFiles(), [], 'refused uploads leave no temporary file');
  });

  test('the CSRF token may come in the query or a header; without one the upload is refused before its body is read', async () => {
    const staff = await signedInAs(t.app, 'staff');
    assert.equal((await upload(staff.client, { slot: 'per-header' }, { csrf: 'header' })).statusCode, 303);
    const refused = await upload(staff.client, { slot: 'ohne-token' }, { csrf: 'none' });
    assert.equal(refused.statusCode, 403);
    assert.equal(await t.app.deps.db.selectFrom('learning_videos').select('id').where('slot', '=', 'ohne-token').executeTakeFirst(), undefined);
    assert.deepEqual(tempFiles(), [], 'nothing of the refused body reached the disk');
  });
});

describe('page weight', () => {
  test('a lesson with a video and the video page stay under 60 KB with their CSS and JavaScript', async () => {
    const assets = readFileSync(new URL('../../../public/css/main.css', import.meta.url)).length + readFileSync(new URL('../../../public/js/app.js', import.meta.url)).length;
    const staff = await signedInAs(t.app, 'staff');
    assert.equal((await upload(staff.client, { transcript: `${TRANSCRIPT}\n\n${'Ein Satz des Transkripts. '.repeat(200)}` })).statusCode, 303);
    for (const [client, path] of [[new Client(t.app), LESSON], [staff.client, LESSON], [staff.client, '/learn/videos'], [new Client(t.app), '/leichte-sprache']] as const) {
      const res = await client.get(path, { 'accept-encoding': 'identity' });
      assert.equal(res.statusCode, 200, path);
      if (path === LESSON) assert.ok(videoIdOn(res.body), 'the lesson shows its video');
      const total = Buffer.byteLength(res.body) + assets;
      assert.ok(total <= 60 * 1024, `${path}: ${total} bytes with CSS and JS`);
    }
  });
});

describe('serving', () => {
  let id = '';
  before(async () => {
    const staff = await signedInAs(t.app, 'staff');
    assert.equal((await upload(staff.client, { slot: 'range-test' })).statusCode, 303);
    id = (await t.app.deps.db.selectFrom('learning_videos').select('id').where('slot', '=', 'range-test').executeTakeFirstOrThrow()).id;
  });

  test('the whole file with Accept-Ranges, ETag and Last-Modified; 304 for a fresh copy', async () => {
    const visitor = new Client(t.app);
    const res = await t.app.inject({ method: 'GET', url: `/media/videos/${id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['accept-ranges'], 'bytes');
    assert.equal(res.headers['content-type'], 'video/mp4');
    assert.equal(Number(res.headers['content-length']), MP4.length);
    assert.ok(res.rawPayload.equals(MP4));
    assert.match(String(res.headers.etag), /^"[^"]+"$/);
    assert.ok(!Number.isNaN(Date.parse(String(res.headers['last-modified']))));
    assert.equal((await visitor.get(`/media/videos/${id}`, { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
    assert.equal((await visitor.get(`/media/videos/${id}`, { 'if-modified-since': String(res.headers['last-modified']) })).statusCode, 304);
    assert.equal((await visitor.get('/media/videos/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('a range answers 206 with exactly those bytes; past the end 416; a stale If-Range gets the whole file', async () => {
    const get = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/media/videos/${id}`, headers });
    const slices: Array<[string, number, number]> = [['bytes=0-99', 0, 99], ['bytes=500-', 500, MP4.length - 1], ['bytes=-24', MP4.length - 24, MP4.length - 1], ['bytes=1000-99999', 1000, MP4.length - 1]];
    for (const [range, start, end] of slices) {
      const res = await get({ range });
      assert.equal(res.statusCode, 206, range);
      assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${MP4.length}`);
      assert.equal(Number(res.headers['content-length']), end - start + 1);
      assert.ok(res.rawPayload.equals(MP4.subarray(start, end + 1)), `${range}: the bytes match the file`);
    }
    const past = await get({ range: `bytes=${MP4.length}-` });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], `bytes */${MP4.length}`);
    const etag = String((await get({})).headers.etag);
    assert.equal((await get({ range: 'bytes=0-9', 'if-range': etag })).statusCode, 206);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"alt"' });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.rawPayload.length, MP4.length);
  });

  test('captions are served as text/vtt', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/media/videos/${id}/captions.vtt` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/vtt/);
    assert.equal(res.body, VTT);
  });
});

describe('permission grid: staff and administrators upload and delete videos; everyone watches', () => {
  test('visitor, member, moderator, staff, admin', async () => {
    const clients = await clientsByRole(t.app);
    type Role = keyof typeof clients;
    const uploaders: Role[] = ['staff', 'admin'];
    const everyone: Role[] = ['visitor', 'member', 'moderator', 'staff', 'admin'];
    const staffClient = clients.staff;
    // Every role's delete needs a video of its own to delete.
    const freshVideo = async (slot: string) => {
      assert.equal((await upload(staffClient, { slot })).statusCode, 303);
      return (await t.app.deps.db.selectFrom('learning_videos').select('id').where('slot', '=', slot).executeTakeFirstOrThrow()).id;
    };
    const watched = await freshVideo('grid-watch');
    let n = 0;
    const actions: Array<GridAction<Role>> = [
      { name: 'list the video slots', route: 'GET /learn/videos', allowed: uploaders, run: (c) => c.get('/learn/videos') },
      { name: 'upload a video', route: 'POST /learn/videos', allowed: uploaders, redirectsTo: '/learn/videos', run: (c) => upload(c, { slot: `grid-upload-${++n}` }) },
      {
        name: 'delete a video', route: 'POST /learn/videos/:id/delete', allowed: uploaders, redirectsTo: '/learn/videos',
        run: async (c) => {
          const victim = await freshVideo(`grid-delete-${++n}`);
          await c.get('/learn');
          return c.post(`/learn/videos/${victim}/delete`);
        },
      },
      { name: 'watch a video', route: 'GET /media/videos/:id', allowed: everyone, run: (c) => c.get(`/media/videos/${watched}`) },
      { name: 'read its captions', route: 'GET /media/videos/:id/captions.vtt', allowed: everyone, run: (c) => c.get(`/media/videos/${watched}/captions.vtt`) },
    ];
    const wrong = await runPermissionGrid({ app: t.app, clients, actions, routes: { include: (r) => r.url.startsWith('/learn/videos') || r.url.startsWith('/media/videos') } });
    assert.deepEqual(wrong, []);
    // The refusals are the expected ones: a visitor is sent to log in, a member is forbidden, and
    // nothing was stored or deleted by them.
    const visitorUpload = await upload(clients.visitor, { slot: 'grid-visitor' });
    assert.equal(visitorUpload.statusCode, 303);
    assert.match(String(visitorUpload.headers.location), /^\/login/);
    assert.equal((await upload(clients.member, { slot: 'grid-member' })).statusCode, 403);
    assert.equal((await upload(clients.moderator, { slot: 'grid-moderator' })).statusCode, 403);
    const slots = (await t.app.deps.db.selectFrom('learning_videos').select('slot').execute()).map((r) => r.slot);
    for (const slot of ['grid-visitor', 'grid-member', 'grid-moderator']) assert.ok(!slots.includes(slot), slot);
    assert.equal(slots.filter((s) => s.startsWith('grid-upload-')).length, 2, 'staff and admin uploaded');
    assert.equal(slots.filter((s) => s.startsWith('grid-delete-')).length, 3, 'the three refused deletes left their videos');
  });
});
