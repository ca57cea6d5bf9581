// Mail: rendered in the recipient's language as text and HTML; sent over SMTP when SMTP_URL is set,
// kept in the outbox otherwise; a failing server means retries, not lost mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { createTestApp, register, Client, outbox } from '../../../test/helpers.ts';
import { renderMail } from './mailer.tsx';
import type { MailTemplate } from './mailer.tsx';

test('renders text and HTML in German and English, escaping what people typed', () => {
  const template: MailTemplate = { subject: 'mail.verifySubject', paragraphs: ['mail.verifyBody'], action: { label: 'mail.verifyAction', url: 'http://x/verify?token=a&b' } };
  const de = renderMail('de', 'a@example.org', template, { name: '<Anna & Co>' });
  const en = renderMail('en', 'a@example.org', template, { name: '<Anna & Co>' });
  assert.equal(de.subject, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
  assert.equal(en.subject, 'Please confirm your e-mail address');
  assert.match(de.text, /Hallo <Anna & Co>/);
  assert.match(de.text, /http:\/\/x\/verify\?token=a&b/);
  assert.match(de.html, /<html lang="de">/);
  assert.match(de.html, /Hallo &lt;Anna &amp; Co/);
  assert.doesNotMatch(de.html, /<Anna/);
  assert.match(de.html, /href="http:\/\/x\/verify\?token=a&(amp;)?b"/);
  assert.match(en.html, /<html lang="en">/);
  assert.match(en.text, /Your Miteinander team/);
});

test('a person who uses the site in English gets English mail', async () => {
  const t = await createTestApp();
  try {
    const c = new Client(t.app);
    c.headers['accept-language'] = 'en';
    await register(c, 'EnglishReader', { email: 'reader@example.org' });
    const [mail] = await outbox(t.app);
    assert.equal(mail?.subject, 'Please confirm your e-mail address');
  } finally {
    await t.close();
  }
});

test('with SMTP_URL, mails go to the SMTP server; while it refuses, the job is retried', async () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  let refuse = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        if (refuse) return callback(new Error('try again later'));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  const t = await createTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Miteinander <no-reply@example.org>' });
  try {
    await register(new Client(t.app), 'Postfach', { email: 'postfach@example.org' });
    await t.app.deps.jobs.runDue();
    let job = await t.app.deps.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').executeTakeFirstOrThrow();
    assert.equal(job.status, 'pending', 'a refused mail stays queued');
    assert.equal(job.attempts, 1);
    assert.ok(job.last_error);
    refuse = false;
    await t.app.deps.db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('id', '=', job.id).execute();
    await t.app.deps.jobs.runDue();
    job = await t.app.deps.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    assert.equal(job.status, 'done');
    assert.equal(received.length, 1);
    assert.deepEqual(received[0]?.to, ['postfach@example.org']);
    assert.equal(received[0]?.from, 'no-reply@example.org');
    assert.match(received[0]?.data ?? '', /multipart\/alternative/, 'text and HTML versions');
    assert.equal((await outbox(t.app)).length, 0, 'nothing lands in the outbox when SMTP is set');
  } finally {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
