// The learning area over HTTP: visitors read everything, a member's progress and reflection answers
// (sealed at rest, in the export, gone with the account), the permission grid over answers, the
// course editor (versions, preview, publish), the API, the share page and the network prefill.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, STRONG_PASSWORD, clientsByRole, createTestApp, runPermissionGrid, signedInAs, textOf } from '../../../test/helpers.ts';
import type { GridAction, TestApp } from '../../../test/helpers.ts';
import { getAnswer } from './service.ts';
import { shippedCourses } from './content.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const LESSON = '/learn/unterstuetzungsnetz/familie-und-freunde';
const SECRET = 'Reflexions-Geheimnis meine Schwester Ruth 4711';

type Member = Awaited<ReturnType<typeof signedInAs>>;

async function answer(member: Member, text: string, path = LESSON) {
  await member.client.get(path);
  return member.client.post(`${path}/answer`, { answer: text });
}

describe('visitors', () => {
  test('read the course list, a course and a lesson without an account, in German and English', async () => {
    const visitor = new Client(t.app);
    const list = await visitor.get('/learn');
    assert.equal(list.statusCode, 200);
    for (const title of ['Ein Unterstützungsnetz aufbauen und pflegen', 'Peer-Unterstützung: Hilfe und Austausch unter Gleichen', 'Selbsthilfe – was ist das?', 'Eine Selbsthilfegruppe gründen und leiten']) {
      assert.match(textOf(list.body), new RegExp(title.replace(/[?]/g, '\\?')));
    }
    const course = await visitor.get('/learn/unterstuetzungsnetz');
    assert.equal(course.statusCode, 200);
    assert.match(course.body, /<ol class="steps">/);
    assert.match(course.body, /href="\/learn\/unterstuetzungsnetz\/familie-und-freunde"/);
    const lesson = await visitor.get(LESSON);
    assert.equal(lesson.statusCode, 200);
    const text = textOf(lesson.body);
    assert.match(text, /Lektion 1 von 8/);
    assert.match(text, /Wie es gut gehen kann/);
    assert.match(text, /Wenn niemand etwas tut/);
    assert.match(text, /Melden Sie sich an, um Ihre Antwort privat aufzuschreiben/);
    assert.doesNotMatch(lesson.body, /<textarea/);
    // The step into action opens the network form with the part of life and a way back.
    assert.match(lesson.body, /href="\/network\/entries\/new\?sector=family&back=%2Flearn%2Funterstuetzungsnetz%2Ffamilie-und-freunde"/);
    assert.match(lesson.body, /rel="next"/);
    assert.doesNotMatch(lesson.body, /rel="prev"/);

    const english = await visitor.get(LESSON, { 'accept-language': 'en' });
    assert.match(textOf(english.body), /Family and friends/);
    assert.match(textOf(english.body), /Lesson 1 of 8/);
  });

  test('every page links to the start page in Leichte Sprache; two courses have a Leichte Sprache version', async () => {
    const visitor = new Client(t.app);
    for (const path of ['/', '/learn', LESSON, '/groups']) {
      assert.match((await visitor.get(path)).body, /<a class="header__easy" href="\/leichte-sprache" lang="de"[^>]*>Leichte Sprache<\/a>/, path);
    }
    const easy = await visitor.get('/leichte-sprache');
    assert.equal(easy.statusCode, 200);
    assert.match(textOf(easy.body), /Miteinander in Leichter Sprache/);
    assert.match(easy.body, /href="\/learn\/unterstuetzungsnetz\?sprache=leicht"/);
    assert.match(easy.body, /href="\/learn\/selbsthilfe\?sprache=leicht"/);
    const lesson = await visitor.get(`${LESSON}?sprache=leicht`);
    assert.match(textOf(lesson.body), /Eine gute Geschichte/);
    assert.match(lesson.body, /href="\/learn\/unterstuetzungsnetz\/vereine-und-gemeinschaft\?sprache=leicht"/);
    // A course without a Leichte Sprache version falls back to German.
    assert.match(textOf((await visitor.get('/learn/gruppe-gruenden?sprache=leicht')).body), /Eine Selbsthilfegruppe gründen und leiten/);
  });

  test('pages kept for visitors: per language, only at their own address, never for members or with a message', async () => {
    const visitor = new Client(t.app);
    for (let round = 0; round < 2; round++) {
      assert.match(textOf((await visitor.get('/learn/unterstuetzungsnetz')).body), /Ein Unterstützungsnetz aufbauen und pflegen/);
      assert.match(textOf((await visitor.get('/learn/unterstuetzungsnetz', { 'accept-language': 'en' })).body), /Build and keep a support network|support network/i);
      assert.match(textOf((await visitor.get(LESSON, { 'accept-language': 'en' })).body), /Lesson 1 of 8/);
      assert.match(textOf((await visitor.get(LESSON)).body), /Lektion 1 von 8/);
    }
    // The language switch leads back to the address asked for, query included.
    assert.match((await visitor.get(`${LESSON}?von=newsletter`)).body, /name="back" value="\/learn\/unterstuetzungsnetz\/familie-und-freunde\?von=newsletter"/);
    assert.match((await visitor.get(LESSON)).body, /name="back" value="\/learn\/unterstuetzungsnetz\/familie-und-freunde"/);
    const member = await signedInAs(t.app, 'member');
    const own = await member.client.get(LESSON);
    assert.match(own.body, /<textarea/);
    assert.match(textOf(own.body), new RegExp(member.pseudonym));
    assert.doesNotMatch((await visitor.get(LESSON)).body, /<textarea|name="_csrf"/, 'nothing of the member reaches visitors');
    // A message waiting for the visitor (flash) is shown to them and never kept for others.
    await member.client.get(LESSON);
    assert.equal((await member.client.post('/logout')).statusCode, 303);
    assert.match(textOf((await member.client.get('/learn/unterstuetzungsnetz')).body), /Sie sind abgemeldet/);
    assert.doesNotMatch(textOf((await visitor.get('/learn/unterstuetzungsnetz')).body), /Sie sind abgemeldet/);
  });

  test('unknown courses and lessons are not found; visitors cannot save answers', async () => {
    const visitor = new Client(t.app);
    assert.equal((await visitor.get('/learn/gibt-es-nicht')).statusCode, 404);
    assert.equal((await visitor.get('/learn/unterstuetzungsnetz/gibt-es-nicht')).statusCode, 404);
    assert.equal((await visitor.get('/learn/../etc')).statusCode, 404);
    await visitor.get(LESSON);
    const post = await visitor.post(`${LESSON}/answer`, { answer: 'x' });
    assert.equal(post.statusCode, 303);
    assert.match(String(post.headers.location), /^\/login\?next=/);
    assert.equal((await visitor.get('/api/v1/learn/progress')).statusCode, 401);
  });
});

describe('a member', () => {
  test('answers a reflection, marks lessons done and continues where they stopped', async () => {
    const member = await signedInAs(t.app, 'member');
    const saved = await answer(member, SECRET);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${LESSON}#reflection-title`);
    const page = await member.client.get(LESSON);
    assert.match(page.body, new RegExp(`<textarea[^>]*name="answer"[^>]*>${SECRET}</textarea>`));
    assert.match(textOf(page.body), /Ihre Antwort ist gespeichert/);
    const done = await member.client.post(`${LESSON}/done`, { done: '1' });
    assert.equal(done.headers.location, '/learn/unterstuetzungsnetz/vereine-und-gemeinschaft');
    await member.client.get('/learn/unterstuetzungsnetz/vereine-und-gemeinschaft');
    const home = await member.client.get('/learn');
    assert.match(textOf(home.body), /Weiter, wo Sie aufgehört haben Ein Unterstützungsnetz aufbauen und pflegen: Vereine, Gemeinde und Nachbarschaft/);
    assert.match(textOf(home.body), /1 von 8 Lektionen erledigt/);
    const course = await member.client.get('/learn/unterstuetzungsnetz');
    assert.match(course.body, />Weiterlesen</);
    const progress = await member.client.get('/api/v1/learn/progress');
    const item = (progress.json() as { items: Array<Record<string, unknown>> }).items.find((i) => i.slug === 'unterstuetzungsnetz');
    assert.deepEqual({ ...item, lastVisitedAt: undefined }, {
      slug: 'unterstuetzungsnetz',
      title: 'Ein Unterstützungsnetz aufbauen und pflegen',
      lessons: 8,
      lessonsDone: 1,
      answersGiven: 1,
      lastLesson: 'vereine-und-gemeinschaft',
      lastVisitedAt: undefined,
      continueAt: '/learn/unterstuetzungsnetz/vereine-und-gemeinschaft',
    });
    // Undo, and finishing the last lesson finishes the course.
    await member.client.get(LESSON);
    assert.equal((await member.client.post(`${LESSON}/done`, { done: '0' })).headers.location, LESSON);
    const last = '/learn/selbsthilfe/kontaktstellen';
    await member.client.get(last);
    const finished = await member.client.post(`${last}/done`, { done: '1' });
    assert.equal(finished.headers.location, '/learn/selbsthilfe');
  });

  test('the script saves as the person types (JSON), and a too long answer keeps what was typed', async () => {
    const member = await signedInAs(t.app, 'member');
    await member.client.get(LESSON);
    const res = await t.app.inject({
      method: 'POST',
      url: `${LESSON}/answer`,
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', cookie: [...member.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: member.client.csrf, answer: 'Zwischenstand' }).toString(),
    });
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as { saved: boolean }).saved, true);
    assert.match((await member.client.get(LESSON)).body, />Zwischenstand<\/textarea>/);
    const long = 'Ä'.repeat(5001);
    const tooLong = await member.client.post(`${LESSON}/answer`, { answer: long });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /class="error-summary"/);
    assert.match(tooLong.body, new RegExp(`>${long}</textarea>`));
    // Emptying the box removes the answer.
    await member.client.post(`${LESSON}/answer`, { answer: '' });
    const rows = await t.app.deps.db.selectFrom('learning_answers').select('user_id').where('user_id', '=', member.userId).execute();
    assert.equal(rows.length, 0);
  });

  test('an answer that sounds like a crisis shows the help box, and nobody else is told', async () => {
    const member = await signedInAs(t.app, 'member');
    const calm = await answer(member, 'Meine Schwester hilft mir beim Einkaufen.');
    assert.equal(calm.statusCode, 303);
    assert.match((await member.client.get(LESSON)).body, /id="help-box" hidden/);
    const auditBefore = await t.app.deps.db.selectFrom('audit_log').select('id').execute();
    const outboxBefore = await t.app.deps.db.selectFrom('outbox').select('id').execute();
    await member.client.post(`${LESSON}/answer`, { answer: 'Ich will mich umbringen.' });
    const page = await member.client.get(LESSON);
    assert.match(page.body, /<div class="banner banner--warning" role="region" aria-labelledby="help-box-title" id="help-box">/);
    assert.match(page.body, /href="\/help"/);
    // The script's JSON answer says so too, so the box appears while typing.
    const res = await t.app.inject({
      method: 'POST',
      url: `${LESSON}/answer`,
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', cookie: [...member.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: member.client.csrf, answer: 'Ich will mich umbringen.' }).toString(),
    });
    assert.deepEqual({ ...(res.json() as object), savedAt: undefined }, { saved: true, savedAt: undefined, crisis: true });
    assert.equal((await t.app.deps.db.selectFrom('audit_log').select('id').execute()).length, auditBefore.length, 'no audit entry');
    assert.equal((await t.app.deps.db.selectFrom('outbox').select('id').execute()).length, outboxBefore.length, 'no mail');
  });

  test('answers are sealed at rest, bound to their author and lesson', async () => {
    const member = await signedInAs(t.app, 'member');
    await answer(member, SECRET);
    const row = await t.app.deps.db.selectFrom('learning_answers').selectAll().where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    assert.match(row.answer_sealed, /^v1\./);
    assert.ok(!row.answer_sealed.includes('Schwester'));
    const { sealerFor } = await import('../../platform/crypto.ts');
    const s = sealerFor(t.config.dataKey);
    assert.equal(s.open(row.answer_sealed, `learning:${member.userId}:unterstuetzungsnetz/familie-und-freunde`), SECRET);
    assert.throws(() => s.open(row.answer_sealed, `learning:${member.userId}:unterstuetzungsnetz/dankbarkeit`));
    assert.throws(() => s.open(row.answer_sealed, `learning:someone-else:unterstuetzungsnetz/familie-und-freunde`), 'a copy in another person’s row does not open');
  });

  test('the data export holds progress and answers; deleting the account removes them', async () => {
    const member = await signedInAs(t.app, 'member');
    await answer(member, SECRET);
    await member.client.get('/account/export');
    const exported = await member.client.post('/account/export', { currentPassword: STRONG_PASSWORD });
    const data = exported.json() as { learning: { reflections: Array<{ lesson: string; answer: string }>; progress: unknown[] } };
    assert.equal(data.learning.reflections[0]?.answer, SECRET);
    assert.equal(data.learning.reflections[0]?.lesson, 'familie-und-freunde');
    assert.ok(data.learning.progress.length >= 1);
    await member.client.get('/account/delete');
    assert.equal((await member.client.post('/account/delete', { posts: 'remove', confirm: 'yes', currentPassword: STRONG_PASSWORD })).statusCode, 303);
    for (const table of ['learning_answers', 'learning_progress'] as const) {
      const left = await t.app.deps.db.selectFrom(table).select('user_id').where('user_id', '=', member.userId).execute();
      assert.equal(left.length, 0, `${table} still holds rows`);
    }
  });
});

describe('permission grid: a reflection answer is read by its author and nobody else', () => {
  test('no visitor, member, staff, moderator or administrator sees it on any page, API or export (shared runner)', async () => {
    const author = await signedInAs(t.app, 'member');
    await answer(author, SECRET);
    const clients = { author: author.client, ...(await clientsByRole(t.app)) };
    type Role = keyof typeof clients;
    const signedIn: Role[] = ['author', 'member', 'staff', 'moderator', 'admin'];
    const shows = (body: string) => body.includes(SECRET) || body.includes('Schwester Ruth');
    /** An action that is "allowed" when the page shows the answer: a content check, not a status. */
    const reads = (path: string) => async (c: Client) => {
      const res = await c.get(path);
      assert.ok(res.statusCode < 500, `${path}: ${res.statusCode}`);
      return shows(res.body);
    };
    const authorsAnswer = async () => (await getAnswer(t.app.deps, author.userId, 'unterstuetzungsnetz', 'familie-und-freunde'))?.text;
    let writer = 0;
    const actions: Array<GridAction<Role>> = [
      // Statuses: the lesson is open to all; saving an answer needs an account (visitors go to /login).
      { name: 'open the lesson', route: 'GET /learn/:course/:lesson', allowed: [...signedIn, 'visitor'], run: (c) => c.get(LESSON) },
      {
        name: 'save an answer of one’s own', route: 'POST /learn/:course/:lesson/answer', allowed: signedIn, redirectsTo: LESSON,
        run: async (c) => {
          await c.get(LESSON);
          return c.post(`${LESSON}/answer`, { answer: c === clients.author ? SECRET : `eigene Antwort ${++writer}` });
        },
      },
      // Content: only the author ever sees the text.
      { name: 'read the answer on the lesson', allowed: ['author'], run: reads(LESSON) },
      { name: 'read the answer in Leichte Sprache', allowed: ['author'], run: reads(`${LESSON}?sprache=leicht`) },
      { name: 'read the answer on the course list', allowed: [], run: reads('/learn') },
      { name: 'read the answer on the course page', allowed: [], run: reads('/learn/unterstuetzungsnetz') },
      { name: 'read the answer in the progress API', allowed: [], run: reads('/api/v1/learn/progress') },
      { name: 'read the answer in the course editor', allowed: [], run: reads('/learn/manage') },
      { name: 'read the answer in the audit log', allowed: [], run: reads('/admin/audit') },
      {
        name: 'read the answer in the data export', allowed: ['author'],
        run: async (c) => {
          await c.get('/account/export');
          const exported = await c.post('/account/export', { currentPassword: STRONG_PASSWORD });
          return exported.statusCode === 200 && shows(exported.body);
        },
      },
      {
        // Posting to the lesson writes the poster's own answer; only the author's post changes the author's.
        name: 'change the author’s answer', allowed: ['author'],
        run: async (c) => {
          const text = `geändert von ${++writer}`;
          await c.get(LESSON);
          await c.post(`${LESSON}/answer`, { answer: text });
          const changed = (await authorsAnswer()) === text;
          if (changed) await author.client.post(`${LESSON}/answer`, { answer: SECRET });
          return changed;
        },
      },
    ];
    const wrong = await runPermissionGrid({ app: t.app, clients, actions });
    assert.deepEqual(wrong, []);
    assert.equal(await authorsAnswer(), SECRET, 'the author’s answer is untouched');
    const page = await author.client.get(LESSON);
    assert.match(page.body, new RegExp(`>${SECRET}</textarea>`));
    const rows = await t.app.deps.db.selectFrom('learning_answers').select('answer_sealed').execute();
    assert.ok(rows.length >= 5);
    assert.ok(rows.every((r) => r.answer_sealed.startsWith('v1.') && !r.answer_sealed.includes('eigene') && !r.answer_sealed.includes('Ruth')), 'every answer in the database is sealed');
  });
});

describe('the course editor', () => {
  const SOURCE = '---\ntitle: Erste Lektion\nreflection: Was nehmen Sie mit?\nstep: network:friends\n---\nText der ersten Lektion.\n\n---\ntitle: Zweite Lektion\nstep: directory:trauer\n---\nText der zweiten Lektion.\n';

  test('staff write a course, save versions, preview and publish; readers see only the published version', async () => {
    const staff = await signedInAs(t.app, 'staff');
    const form = await staff.client.get('/learn/manage/new');
    assert.equal(form.statusCode, 200);
    const bad = await staff.client.post('/learn/manage', { slug: 'Trauer!', locale: 'de', title: '', summary: 'x', source: '---\nsummary: ohne Titel\n---\nText' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Der Kurzname darf nur Kleinbuchstaben/);
    assert.match(textOf(bad.body), /Lektion 1 hat keinen Titel/);
    assert.match(bad.body, /value="Trauer!"/);
    assert.equal((await staff.client.post('/learn/manage', { slug: 'selbsthilfe', locale: 'de', title: 'T', summary: 'S', source: SOURCE })).statusCode, 400, 'a shipped slug is taken');
    const created = await staff.client.post('/learn/manage', { slug: 'trauer-begleiten', locale: 'de', title: 'Trauer begleiten', summary: 'Wie man Trauernde begleitet.', source: SOURCE });
    assert.equal(created.statusCode, 303);
    const editor = String(created.headers.location);
    assert.equal((await new Client(t.app).get('/learn/trauer-begleiten')).statusCode, 404, 'a draft is not public');
    const preview = await staff.client.get(`${editor}/preview/1`);
    assert.match(textOf(preview.body), /Vorschau der Fassung 1/);
    assert.match(textOf(preview.body), /Text der zweiten Lektion/);
    await staff.client.get(editor);
    assert.equal((await staff.client.post(`${editor}/publish`, { version: '1' })).statusCode, 303);
    await staff.client.get(editor);
    assert.equal((await staff.client.post(editor, { title: 'Trauer begleiten – neu', summary: 'Neu.', source: SOURCE.replace('Text der ersten Lektion.', 'Neuer Text.') })).statusCode, 303);
    const visitor = new Client(t.app);
    let lesson = await visitor.get('/learn/trauer-begleiten/lektion-1');
    assert.equal(lesson.statusCode, 200);
    assert.match(textOf(lesson.body), /Text der ersten Lektion/, 'version 1 stays live until version 2 is published');
    assert.match(lesson.body, /href="\/network\/entries\/new\?sector=friends/);
    await staff.client.get(editor);
    await staff.client.post(`${editor}/publish`, { version: '2' });
    lesson = await visitor.get('/learn/trauer-begleiten/lektion-1');
    assert.match(textOf(lesson.body), /Neuer Text/);
    assert.match(textOf((await visitor.get('/learn')).body), /Trauer begleiten – neu/);
    const api = (await visitor.get('/api/v1/learn/courses')).json() as { items: Array<{ slug: string; lessons: number; languages: string[] }> };
    assert.deepEqual(api.items.find((i) => i.slug === 'trauer-begleiten')?.languages, ['de']);
    assert.equal(api.items.find((i) => i.slug === 'trauer-begleiten')?.lessons, 2);
    // Taking it off the list.
    await staff.client.get(editor);
    await staff.client.post(`${editor}/publish`, { version: '' });
    assert.equal((await visitor.get('/learn/trauer-begleiten')).statusCode, 404);

    // Who may edit: the author and administrators; other staff and members may not.
    const otherStaff = await signedInAs(t.app, 'staff');
    assert.equal((await otherStaff.client.get(editor)).statusCode, 403);
    await otherStaff.client.get('/learn/manage');
    assert.equal((await otherStaff.client.post(`${editor}/publish`, { version: '1' })).statusCode, 403);
    assert.doesNotMatch((await otherStaff.client.get('/learn/manage')).body, /trauer-begleiten|Trauer begleiten/);
    const member = await signedInAs(t.app, 'member');
    assert.equal((await member.client.get('/learn/manage')).statusCode, 403);
    assert.equal((await member.client.get(editor)).statusCode, 403);
    assert.equal((await new Client(t.app).get('/learn/manage')).statusCode, 303);
    const admin = await signedInAs(t.app, 'admin');
    assert.equal((await admin.client.get(editor)).statusCode, 200);
    const audit = await t.app.deps.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'course').execute();
    assert.deepEqual(new Set(audit.map((a) => a.action)), new Set(['course.created', 'course.saved', 'course.published', 'course.unpublished']));
  });
});

describe('API', () => {
  test('GET /api/v1/learn/courses lists every course with its languages; the OpenAPI document describes both endpoints', async () => {
    const res = await new Client(t.app).get('/api/v1/learn/courses');
    assert.equal(res.statusCode, 200);
    const items = (res.json() as { items: Array<{ slug: string; title: string; lessons: number; languages: string[] }> }).items;
    const bySlug = Object.fromEntries(items.map((i) => [i.slug, i]));
    assert.deepEqual(bySlug.unterstuetzungsnetz?.languages, ['de', 'en', 'ls']);
    assert.deepEqual(bySlug.selbsthilfe?.languages, ['de', 'en', 'ls']);
    assert.deepEqual(bySlug['peer-unterstuetzung']?.languages, ['de', 'en']);
    assert.equal(bySlug['gruppe-gruenden']?.lessons, 7);
    const english = (await new Client(t.app).get('/api/v1/learn/courses', { 'accept-language': 'en' })).json() as { items: Array<{ title: string }> };
    assert.equal(english.items[0]?.title, 'Building and keeping a support network');
    const openapi = (await new Client(t.app).get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/api/v1/learn/courses']);
    assert.ok(openapi.paths['/api/v1/learn/progress']);
  });
});

describe('shipped courses', () => {
  test('four courses in German and English with the same lessons; two in Leichte Sprache; every lesson has a story, a question and a step', () => {
    const courses = shippedCourses();
    assert.deepEqual([...courses.keys()], ['unterstuetzungsnetz', 'peer-unterstuetzung', 'selbsthilfe', 'gruppe-gruenden']);
    for (const [slug, variants] of courses) {
      const wanted = slug === 'unterstuetzungsnetz' || slug === 'selbsthilfe' ? ['de', 'en', 'ls'] : ['de', 'en'];
      assert.deepEqual(Object.keys(variants), wanted, slug);
      const lessonSlugs = variants.de!.lessons.map((l) => l.slug);
      for (const course of Object.values(variants)) {
        assert.deepEqual(course.lessons.map((l) => l.slug), lessonSlugs, `${slug}/${course.variant}`);
        for (const lesson of course.lessons) {
          const where = `${slug}/${course.variant}/${lesson.slug}`;
          assert.ok(lesson.reflection.endsWith('?'), `${where} asks a question`);
          assert.ok(lesson.step && lesson.stepText, `${where} has a step`);
          assert.ok((lesson.safeBodyHtml.match(/<h2>/g) ?? []).length >= 2, `${where} tells a story with two outcomes`);
          assert.doesNotMatch(lesson.safeBodyHtml, /<script|&lt;/, where);
        }
      }
    }
    assert.equal(courses.get('selbsthilfe')?.de?.lessons[0]?.video, 'dgs-selbsthilfe', 'course 3 has a place for a DGS video');
  });

  test('Leichte Sprache keeps sentences short', () => {
    for (const slug of ['unterstuetzungsnetz', 'selbsthilfe']) {
      for (const lesson of shippedCourses().get(slug)!.ls!.lessons) {
        const text = lesson.safeBodyHtml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        for (const sentence of text.split(/[.!?:]\s/)) {
          assert.ok(sentence.trim().split(' ').length <= 16, `${slug}/${lesson.slug}: "${sentence.trim()}" is too long for Leichte Sprache`);
        }
      }
    }
  });
});

describe('sharing and the step into the network', () => {
  test('the share block has plain links only, and the share page handles Mastodon and refuses foreign addresses', async () => {
    const visitor = new Client(t.app);
    const course = await visitor.get('/learn/selbsthilfe');
    for (const host of ['wa.me', 't.me', 'www.threads.net', 'bsky.app', 'www.linkedin.com', 'www.xing.com', 'www.facebook.com', 'x.com', 'www.reddit.com']) {
      assert.match(course.body, new RegExp(`href="https://${host.replace(/\./g, '\\.')}/`), host);
    }
    assert.match(course.body, /href="mailto:\?subject=/);
    assert.doesNotMatch(course.body, /<(script|img|iframe)[^>]+src="https?:\/\//, 'nothing is loaded from a third party');
    assert.doesNotMatch(course.body, /<script>/, 'no inline script');
    const share = await visitor.get('/share?path=%2Flearn%2Fselbsthilfe&title=Selbsthilfe&instance=https%3A%2F%2Fchaos.social%2F%40me');
    assert.equal(share.statusCode, 200);
    assert.match(share.body, /href="https:\/\/chaos\.social\/share\?text=Selbsthilfe%20http%3A%2F%2Flocalhost%3A3000%2Flearn%2Fselbsthilfe"/);
    const bad = await visitor.get('/share?path=%2Flearn&instance=not%20a%20host');
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Bitte geben Sie den Namen Ihrer Mastodon-Instanz ein/);
    const foreign = await visitor.get('/share?path=%2F%2Fevil.example%2Fx&title=x');
    assert.match(foreign.body, /value="http:\/\/localhost:3000\/"/);
  });

  test('the lesson’s step opens the network form with the part of life, and saving leads back to the lesson', async () => {
    const member = await signedInAs(t.app, 'member');
    const lesson = await member.client.get(LESSON);
    const href = /<a class="button button--secondary" href="([^"]+)"><span[^>]*>Zwei Menschen/.exec(lesson.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href, 'the step button is on the page');
    const form = await member.client.get(href);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<input class="choice__input" type="radio" id="sector" name="sector" value="family" checked/);
    assert.match(form.body, /<input type="hidden" name="back" value="\/learn\/unterstuetzungsnetz\/familie-und-freunde"/);
    const saved = await member.client.post('/network/entries', { kind: 'person', name: 'Schwester Ruth', sector: 'family', circle: 'inner', back: '/learn/unterstuetzungsnetz/familie-und-freunde' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, LESSON);
    // A foreign address is never a way back.
    await member.client.get('/network/entries/new');
    const foreign = await member.client.post('/network/entries', { kind: 'person', name: 'Bruder', sector: 'family', circle: 'inner', back: '//evil.example' });
    assert.equal(foreign.headers.location, '/network');
  });
});

describe('page weight', () => {
  test('every page type of the learning area stays under 60 KB with its CSS and JavaScript', async () => {
    const assets = readFileSync(new URL('../../../public/css/main.css', import.meta.url)).length + readFileSync(new URL('../../../public/js/app.js', import.meta.url)).length;
    const member = await signedInAs(t.app, 'member');
    await answer(member, SECRET);
    const staff = await signedInAs(t.app, 'staff');
    const pages: Array<[Client, string]> = [
      [new Client(t.app), '/learn'],
      [new Client(t.app), '/learn/unterstuetzungsnetz'],
      [new Client(t.app), '/learn/gruppe-gruenden/krise-eines-mitglieds'],
      [member.client, LESSON],
      [member.client, `${LESSON}?sprache=leicht`],
      [new Client(t.app), '/leichte-sprache'],
      [new Client(t.app), '/share?path=%2Flearn'],
      [staff.client, '/learn/manage/new'],
    ];
    for (const [client, path] of pages) {
      const res = await client.get(path, { 'accept-encoding': 'identity' });
      assert.equal(res.statusCode, 200, path);
      const total = Buffer.byteLength(res.body) + assets;
      assert.ok(total <= 60 * 1024, `${path}: ${total} bytes with CSS and JS`);
    }
  });
});
