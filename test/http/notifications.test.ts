import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../notifications/eventually.js';
import { goodCard, oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

const mailbox = join(tmpdir(), `showtime-notify-test-${randomUUID()}`);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MAILBOX_DIR: mailbox });
});
afterAll(async () => {
  await t?.close();
  await rm(mailbox, { recursive: true, force: true });
});

type Item = { notificationId: string; topic: string; title: string; body: string; data: any; createdAt: string; readAt: string | null };

async function inbox(token: string, query = ''): Promise<{ items: Item[]; unread: number }> {
  const res = await t.call('GET', `/api/me/notifications${query}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until the user's inbox holds a notification of `topic` (optionally about `key` in data). */
function waitForTopic(token: string, topic: string, match: (data: any) => boolean = () => true): Promise<Item> {
  return eventually(async () => (await inbox(token)).items.find((n) => n.topic === topic && match(n.data)), `${topic} notification`);
}

async function book(showId: string, token: string, body: unknown = { quantity: 2 }) {
  const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body });
  expect(hold.status).toBe(201);
  const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
    token,
    body: { payment: goodCard },
  });
  expect(paid.status).toBe(201);
  return paid.body as { bookingId: string; seats: string[] };
}

describe('notifications', () => {
  it('tells the customer about a confirmed booking, in the inbox and by email', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    const user = await t.register('Ada');
    const booking = await book(showId, user.token, { seats: ['A-1', 'A-2'] });

    const n = await waitForTopic(user.token, 'booking.confirmed');
    expect(n.title).toBe('Booking confirmed: Test Concert');
    expect(n.body).toContain('A-1, A-2');
    expect(n.body).toContain('€80.00');
    expect(n.data).toMatchObject({ bookingId: booking.bookingId, showId, userId: user.userId, total: 8000, currency: 'EUR', seats: ['A-1', 'A-2'] });
    expect(n.readAt).toBeNull();

    const mail = await eventually(async () => {
      const files = (await readdir(mailbox).catch(() => [])).filter((f) => f.endsWith('.eml'));
      for (const f of files) {
        const text = await readFile(join(mailbox, f), 'utf8');
        if (text.includes(user.email) && text.includes('Booking confirmed')) return text;
      }
      return undefined;
    }, 'the confirmation email');
    expect(mail).toMatch(/^Subject: Booking confirmed: Test Concert/m);
    expect(mail).toMatch(/^From: Showtime <no-reply@showtime.local>/m);
    expect(mail).toContain('Hello Ada');
  });
});
