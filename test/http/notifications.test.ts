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
    // Confirmed by the link in the verification email (test/http/email-verification.test.ts follows it).
    await t.tdb.sql`update users set email_verified_at = now() where id = ${user.userId}`;
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

  it('tells the customer about a cancellation and about the refund paid for it', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    const booking = await book(showId, user.token);
    const cancel = await t.call('DELETE', `/api/bookings/${booking.bookingId}`, { token: user.token });
    expect(cancel.status).toBe(200);

    const cancelled = await waitForTopic(user.token, 'booking.cancelled', (d) => d.bookingId === booking.bookingId);
    expect(cancelled.title).toBe('Booking cancelled: Test Concert');
    expect(cancelled.data).toMatchObject({ showId, userId: user.userId, total: 5000, currency: 'EUR' });
    const refunded = await waitForTopic(user.token, 'refund.succeeded', (d) => d.bookingId === booking.bookingId);
    expect(refunded.data).toMatchObject({ amount: 5000, currency: 'EUR' });
    expect(refunded.title).toBe('Refund paid: €50.00');
  });

  it('tells the head of the waitlist that seats are held for it', async () => {
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const holder = await t.register();
    const waiter = await t.register();
    const all = await t.call('POST', `/api/shows/${showId}/holds`, { token: holder.token, body: { quantity: 10 } });
    expect(all.status).toBe(201);
    const join = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: waiter.token, body: { quantity: 2 } });
    expect(join.status).toBe(202);
    expect((await t.call('DELETE', `/api/shows/${showId}/holds/${all.body.holdId}`, { token: holder.token })).status).toBe(204);

    const offer = await waitForTopic(waiter.token, 'waitlist.offered');
    expect(offer.title).toBe('Seats for you: Test Concert');
    expect(offer.data).toMatchObject({ entryId: join.body.entryId, showId, total: 5000, currency: 'EUR' });
    expect(offer.data.seats).toHaveLength(2);
    expect(new Date(offer.data.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await inbox(holder.token)).items.filter((n) => n.topic === 'waitlist.offered')).toHaveLength(0);
  });

  it('warns once that a hold is about to expire', async () => {
    // A hold shorter than the warning window is due for a warning as soon as it is placed.
    const showId = await t.createShow({ holdTtlSeconds: 30 });
    const user = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: user.token, body: { seats: ['B-1'] } });
    expect(hold.status).toBe(201);

    const warning = await waitForTopic(user.token, 'hold.expiring');
    expect(warning.data).toMatchObject({ holdId: hold.body.holdId, showId, seats: ['B-1'], expiresAt: hold.body.expiresAt });
    expect(warning.title).toBe('Your hold expires soon: Test Concert');
    await t.notifier.holdExpiry.runOnce();
    await t.notifier.dispatcher.runOnce();
    expect((await inbox(user.token)).items.filter((n) => n.topic === 'hold.expiring')).toHaveLength(1);
  });

  it('does not warn about holds far from expiring, or paid for', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: user.token, body: { seats: ['B-2'] } });
    expect(hold.status).toBe(201);
    expect(await t.notifier.holdExpiry.runOnce()).toBe(0);
  });

  it('tells every booked customer that their show is cancelled', async () => {
    const showId = await t.createShow();
    const a = await t.register();
    const b = await t.register();
    const ba = await book(showId, a.token);
    const bb = await book(showId, b.token);
    await t.runtime.dispatch(showId, { type: 'CANCEL_SHOW' });

    const na = await waitForTopic(a.token, 'show.cancelled');
    const nb = await waitForTopic(b.token, 'show.cancelled');
    expect(na.data).toMatchObject({ bookingId: ba.bookingId, showId, userId: a.userId, total: 5000 });
    expect(nb.data).toMatchObject({ bookingId: bb.bookingId, showId, userId: b.userId });
    expect(na.title).toBe('Show cancelled: Test Concert');
    expect(na.body).toContain('refunded in full (€50.00)');
  });

  it('renders show changes written by the catalog', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    await t.tdb.sql`insert into outbox (event_key, topic, user_id, show_id, payload)
      values (${`show.updated:${showId}:x:1`}, 'show.updated', ${user.userId}, ${showId},
        ${JSON.stringify({ showId, changes: { startsAt: { from: '2030-01-01T19:00:00.000Z', to: '2030-01-01T20:00:00.000Z' } } })}::text::jsonb)`;
    t.notifier.wake();
    const n = await waitForTopic(user.token, 'show.updated');
    expect(n.title).toBe('Show changed: Test Concert');
    // On the venue's clock, as the site writes it (this test venue's city names no zone: UTC).
    expect(n.body).toContain('startsAt is now Tue 1 Jan, 20:00 UTC');
  });

  it('lists newest first, pages, counts unread and marks read', async () => {
    const user = await t.register();
    const other = await t.register();
    for (let i = 0; i < 3; i++) {
      await t.tdb.sql`insert into outbox (event_key, topic, user_id, payload, created_at)
        values (${`test.refund:${user.userId}:${i}`}, 'refund.succeeded', ${user.userId},
          ${JSON.stringify({ refundId: `r${i}`, amount: 100 * (i + 1), currency: 'EUR' })}::text::jsonb,
          ${new Date(Date.UTC(2030, 0, 1 + i)).toISOString()}::timestamptz)`;
    }
    t.notifier.wake();
    await eventually(async () => (await inbox(user.token)).items.length === 3, 'three notifications');

    const all = await inbox(user.token);
    expect(all.unread).toBe(3);
    expect(all.items.map((n) => n.data.refundId)).toEqual(['r2', 'r1', 'r0']);
    const page = await inbox(user.token, `?limit=2`);
    expect(page.items.map((n) => n.data.refundId)).toEqual(['r2', 'r1']);
    const next = await inbox(user.token, `?limit=2&before=${encodeURIComponent(page.items[1]!.createdAt)}`);
    expect(next.items.map((n) => n.data.refundId)).toEqual(['r0']);

    const first = all.items[0]!.notificationId;
    expect((await t.call('POST', `/api/me/notifications/${first}/read`, { token: other.token })).status).toBe(404);
    expect((await t.call('POST', `/api/me/notifications/${first}/read`, { token: user.token })).status).toBe(204);
    const after = await inbox(user.token);
    expect(after.unread).toBe(2);
    expect(after.items[0]!.readAt).not.toBeNull();
    expect((await inbox(user.token, '?unreadOnly=true')).items.map((n) => n.data.refundId)).toEqual(['r1', 'r0']);

    expect((await t.call('POST', '/api/me/notifications/read-all', { token: user.token })).status).toBe(204);
    expect((await inbox(user.token)).unread).toBe(0);
    expect((await inbox(user.token, '?unreadOnly=true')).items).toEqual([]);
  });

  it('refuses bad input and strangers', async () => {
    const user = await t.register();
    expect((await t.call('GET', '/api/me/notifications')).status).toBe(401);
    expect((await t.call('GET', '/api/me/notifications?limit=0', { token: user.token })).status).toBe(400);
    expect((await t.call('GET', '/api/me/notifications?before=yesterday', { token: user.token })).status).toBe(400);
    expect((await t.call('POST', '/api/me/notifications/not-a-uuid/read', { token: user.token })).status).toBe(400);
    expect((await t.call('POST', `/api/me/notifications/${randomUUID()}/read`, { token: user.token })).status).toBe(404);
  });
});
