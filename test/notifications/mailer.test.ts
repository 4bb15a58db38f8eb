import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/notifications/email/mailer.js';
import { findFreePort } from '../../src/net/free-port.js';

const dir = join(tmpdir(), `showtime-mailer-${randomUUID()}`);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local mailbox', () => {
  it('writes one RFC 822 file per delivery, and a resend keeps the single copy', async () => {
    const mailer = createMailer({ from: 'Showtime <no-reply@example.com>', mailboxDir: dir });
    const email = { to: 'ada@example.com', toName: 'Ada', subject: 'Booking confirmed: Ö-Konzert', text: 'Hello Ada', topic: 'booking.confirmed' as const };
    const id = randomUUID();
    expect(await mailer.send(id, email)).toEqual({ ok: true });
    expect(await mailer.send(id, { ...email, text: 'a second copy' })).toEqual({ ok: true });
    await Promise.all([mailer.send(id, email), mailer.send(id, email)]);
    expect(await readdir(dir)).toEqual([`${id}.eml`]);

    const text = await readFile(join(dir, `${id}.eml`), 'utf8');
    expect(text).toMatch(/^From: Showtime <no-reply@example.com>\r$/m);
    expect(text).toMatch(/^To: Ada <ada@example.com>\r$/m);
    expect(text).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(text).toContain(`Message-ID: <${id}@showtime.notifications>`);
    expect(text).toContain('X-Showtime-Topic: booking.confirmed');
    expect(text).toContain('Hello Ada');
    expect(text).not.toContain('a second copy');
    mailer.close();
  });

  it('reports a mailbox it cannot write, or an SMTP server it cannot reach, as a failed attempt', async () => {
    const email = { to: 'a@example.com', toName: 'A', subject: 's', text: 't', topic: 'hold.expiring' as const };
    // A file where the folder should be.
    const blocked = join(dir, 'not-a-folder');
    await writeFile(blocked, 'x');
    const mailbox = createMailer({ from: 'x@example.com', mailboxDir: blocked });
    const local = await mailbox.send(randomUUID(), email);
    expect(local).toMatchObject({ ok: false, error: expect.stringMatching(/^mailbox: /) });

    const port = await findFreePort('127.0.0.1');
    const smtp = createMailer({ from: 'x@example.com', mailboxDir: dir, smtpUrl: `smtp://127.0.0.1:${port}` });
    const remote = await smtp.send(randomUUID(), email);
    expect(remote).toMatchObject({ ok: false, error: expect.stringMatching(/^smtp: /) });
    smtp.close();
  });
});
