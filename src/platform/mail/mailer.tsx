// Mails: rendered in the recipient's language as text and HTML, queued as jobs, then sent
// over SMTP_URL or, without one, written to the outbox that administrators read.
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import type { MessageKey, Params } from '../i18n/index.ts';
import { translator } from '../i18n/index.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { nowIso } from '../time.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplate {
  subject: MessageKey;
  paragraphs: MessageKey[];
  action?: { label: MessageKey; url: string };
  /** Paragraphs after the action, e.g. "If this was not you …". */
  after?: MessageKey[];
}

export function renderMail(locale: Locale, to: string, template: MailTemplate, params: Params = {}): MailMessage {
  const t = translator(locale);
  const subject = t(template.subject, params);
  const before = template.paragraphs.map((k) => t(k, params));
  const after = (template.after ?? []).map((k) => t(k, params));
  const action = template.action ? { label: t(template.action.label, params), url: template.action.url } : undefined;
  const signature = t('mail.signature');
  const text = [
    ...before,
    ...(action ? [`${action.label}:\n${action.url}`] : []),
    ...after,
    `-- \n${signature}`,
  ].join('\n\n');
  const html =
    '<!doctype html>' +
    (
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <title safe>{subject}</title>
        </head>
        <body>
          {before.map((p) => <p safe>{p}</p>)}
          {action ? (
            <p>
              <a href={action.url} safe>{action.label}</a>
            </p>
          ) : ''}
          {after.map((p) => <p safe>{p}</p>)}
          <p safe>{signature}</p>
        </body>
      </html>
    );
  return { to, subject, text, html: String(html) };
}

export const MAIL_JOB = 'mail.send';

export class Mailer {
  private transport: Transporter | undefined;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
    private readonly jobs: JobQueue,
  ) {
    jobs.register(MAIL_JOB, (payload) => this.deliver(payload as MailMessage));
  }

  /** Queues a mail; it is sent by the job loop (retried with backoff when the server fails). */
  async send(locale: Locale, to: string, template: MailTemplate, params: Params = {}, trx?: Db): Promise<void> {
    await this.jobs.enqueue(MAIL_JOB, renderMail(locale, to, template, params), { trx: trx ?? this.db });
  }

  private async deliver(message: MailMessage): Promise<void> {
    if (!this.config.smtpUrl) {
      await this.db
        .insertInto('outbox')
        .values({ to_address: message.to, subject: message.subject, text_body: message.text, html_body: message.html, created_at: nowIso() })
        .execute();
      return;
    }
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transport.sendMail({ from: this.config.mailFrom, ...message });
  }

  close(): void {
    this.transport?.close();
  }
}
