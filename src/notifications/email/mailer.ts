import { randomBytes } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { EmailPayload, SendResult } from '../delivery-types.js';

export interface Mailer {
  /** Sends one planned email; `deliveryId` names it, so a repeat after a crash can be recognised. */
  send(deliveryId: string, email: EmailPayload): Promise<SendResult>;
  close(): void;
}

export interface MailerOptions {
  from: string;
  /** SMTP server (smtp://user:pass@host:587, smtps://...); unset: write into `mailboxDir`. */
  smtpUrl?: string;
  mailboxDir: string;
}

/** Message-ID of a delivery: the same on every attempt, so a receiving system can drop a repeat. */
const messageId = (deliveryId: string) => `<${deliveryId}@showtime.notifications>`;

/** Email over SMTP when configured, otherwise RFC 822 files in a local mailbox folder a developer can read. */
export function createMailer(opts: MailerOptions): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.from, opts.smtpUrl) : mailboxMailer(opts.from, opts.mailboxDir);
}

function message(from: string, deliveryId: string, email: EmailPayload) {
  return {
    from,
    to: { name: email.toName, address: email.to },
    subject: email.subject,
    text: email.text,
    messageId: messageId(deliveryId),
    headers: { 'X-Showtime-Topic': email.topic },
  };
}

function smtpMailer(from: string, smtpUrl: string): Mailer {
  const transport = createTransport(smtpUrl);
  return {
    async send(deliveryId, email) {
      try {
        await transport.sendMail(message(from, deliveryId, email));
        return { ok: true };
      } catch (err) {
        return { ok: false, error: `smtp: ${(err as Error).message}` };
      }
    },
    close: () => transport.close(),
  };
}

/**
 * One `<deliveryId>.eml` per email. The file appears whole or not at all (written aside, then
 * hard-linked into place, which fails if the name exists), so a resend after a crash finds the
 * file and leaves it: the mailbox never holds a second copy.
 */
function mailboxMailer(from: string, dir: string): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | null = null;
  return {
    async send(deliveryId, email) {
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        const info = await transport.sendMail(message(from, deliveryId, email));
        const final = join(dir, `${deliveryId}.eml`);
        const aside = join(dir, `.${deliveryId}.${randomBytes(6).toString('hex')}.tmp`);
        await writeFile(aside, info.message as Buffer, { flag: 'wx' });
        try {
          await link(aside, final);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        } finally {
          await unlink(aside);
        }
        return { ok: true };
      } catch (err) {
        ready = null;
        return { ok: false, error: `mailbox: ${(err as Error).message}` };
      }
    },
    close: () => transport.close(),
  };
}
