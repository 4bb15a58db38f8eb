import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook } from '../../src/notifications/webhook-queries.js';
import { eventually } from '../notifications/eventually.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

const mailbox = join(tmpdir(), `showtime-verify-test-${randomUUID()}`);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    MAILBOX_DIR: mailbox,
    EMAILS_PER_RECIPIENT_PER_HOUR: '3',
    SITE_URL: 'https://tickets.example',
  });
});
afterAll(async () => {
  await t?.close();
  await rm(mailbox, { recursive: true, force: true });
});

/** Every email in the local mailbox to `address`, as text. */
async function mailTo(address: string): Promise<string[]> {
  const files = (await readdir(mailbox).catch(() => [])).filter((f) => f.endsWith('.eml'));
  const texts = await Promise.all(files.map((f) => readFile(join(mailbox, f), 'utf8')));
  return texts.filter((text) => text.includes(`<${address}>`));
}

/** Waits until the mailbox holds `count` emails to `address` (the delivery worker may be sending them). */
function mailArrived(address: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const mail = await mailTo(address);
    return mail.length === count ? mail : undefined;
  }, `${count} emails to ${address}`);
}

/** Emails planned to `address` (planning happens when facts are dispatched, so this is exact after settle). */
async function planned(address: string): Promise<number> {
  const [row] = await t.tdb
    .sql`select count(*)::int as n from deliveries where channel = 'email' and target = ${address}`;
  return row!.n;
}

/** Waits until every outbox fact so far is dispatched and every planned delivery tried. */
async function settle(): Promise<void> {
  await eventually(async () => {
    const [row] = await t.tdb.sql`select count(*)::int as n from outbox where dispatched_at is null`;
    return row!.n === 0;
  }, 'the outbox dispatched');
  await t.notifier.deliveries.runOnce();
}

/** The token in the link of a verification email (quoted-printable soft breaks undone). */
function linkToken(text: string): string {
  const unfolded = text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /https:\/\/tickets\.example\/verify-email\?token=([A-Za-z0-9._%-]+)/.exec(unfolded);
  if (!match) throw new Error(`no verification link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}

async function book(showId: string, token: string) {
  const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
  expect(hold.status).toBe(201);
  const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
    token,
    body: { payment: goodCard },
  });
  expect(paid.status).toBe(201);
  return paid.body.bookingId as string;
}

describe('email verification', () => {
  it('sends nothing but the verification email until the address is confirmed through its link', async () => {
    // A webhook subscribed to every topic: the link must never reach it.
    const admin = await t.call('GET', '/api/me', { token: await t.adminToken() });
    const hook = await createWebhook(t.tdb.db, {
      url: 'http://127.0.0.1:9/hook',
      topics: [],
      createdBy: admin.body.userId,
    });

    const user = await t.register('Vera');
    const me = await t.call('GET', '/api/me', { token: user.token });
    expect(me.body.emailVerified).toBe(false);
    const showId = await t.createShow();
    const firstBooking = await book(showId, user.token);
    await settle();

    expect(await planned(user.email)).toBe(1);
    const before = await mailArrived(user.email, 1);
    expect(before[0]).toMatch(/^Subject: Confirm your email address/m);
    // The booking reached the inbox, not the unconfirmed address.
    const inbox = await t.call('GET', '/api/me/notifications', { token: user.token });
    expect(inbox.body.items.map((n: { topic: string }) => n.topic)).toEqual(['booking.confirmed']);
    const [leaked] = await t.tdb.sql`select count(*)::int as n from deliveries d join outbox o on o.id = d.outbox_id
      where o.topic = 'account.verify_email' and (d.channel = 'webhook' or d.target = ${hook.id})`;
    expect(leaked!.n).toBe(0);

    // An access token is not a verification token, nor the other way round.
    const wrong = await t.call('POST', '/api/auth/verify-email', { body: { token: user.token } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_token');
    const token = linkToken(before[0]!);
    expect((await t.call('GET', '/api/me', { token })).status).toBe(401);

    const verified = await t.call('POST', '/api/auth/verify-email', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ userId: user.userId, email: user.email, emailVerified: true });
    expect((await t.call('GET', '/api/me', { token: user.token })).body.emailVerified).toBe(true);

    const secondBooking = await book(showId, user.token);
    await settle();
    expect(await planned(user.email)).toBe(2);
    const after = await mailArrived(user.email, 2);
    const confirmation = after.find((text) => /^Subject: Booking confirmed/m.test(text));
    expect(confirmation).toContain(secondBooking);
    expect(after.join('\n')).not.toContain(firstBooking);
    expect((await t.call('POST', '/api/me/email/verification', { token: user.token })).status).toBe(409);
  });

  it('refuses a link for an address the account no longer has', async () => {
    const user = await t.register();
    await settle();
    const [mail] = await mailArrived(user.email, 1);
    await t.tdb.sql`update users set email = ${`changed-${user.email}`} where id = ${user.userId}`;
    const res = await t.call('POST', '/api/auth/verify-email', { body: { token: linkToken(mail!) } });
    expect(res.status).toBe(400);
  });

  it('sends at most EMAILS_PER_RECIPIENT_PER_HOUR emails to one address, resends included', async () => {
    const user = await t.register();
    for (let i = 0; i < 4; i++) {
      expect((await t.call('POST', '/api/me/email/verification', { token: user.token })).status).toBe(202);
    }
    await settle();
    // Five asked for (the registration's and four resends), three sent.
    expect(await planned(user.email)).toBe(3);
    await mailArrived(user.email, 3);
  });
});
