import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('bookings', () => {
  it('shows users only their own holds and bookings', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    const owner = await t.register();
    const other = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: owner.token,
      body: { seats: ['A-1', 'B-1'] },
    });
    const holdPath = `/api/shows/${showId}/holds/${hold.body.holdId}`;

    const peek = await t.call('GET', holdPath, { token: other.token });
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('hold_not_found');
    expect((await t.call('DELETE', holdPath, { token: other.token })).status).toBe(404);
    const steal = await t.call('POST', `${holdPath}/confirm`, { token: other.token, body: { payment: goodCard } });
    expect(steal.status).toBe(404);
    expect(steal.body.code).toBe('hold_not_found');
    expect((await t.call('GET', holdPath, { token: owner.token })).body.status).toBe('held');

    const paid = await t.call('POST', `${holdPath}/confirm`, { token: owner.token, body: { payment: goodCard } });
    expect(paid.status).toBe(201);
    const booking = paid.body;
    expect(booking).toMatchObject({
      showId,
      userId: owner.userId,
      status: 'confirmed',
      seats: ['A-1', 'B-1'],
      subtotal: { amount: 6000, currency: 'EUR' },
      discount: { amount: 0, currency: 'EUR' },
      total: { amount: 6000, currency: 'EUR' },
      paymentId: expect.any(String),
    });
    expect(booking.tickets.map((x: { seatId: string }) => x.seatId)).toEqual(['A-1', 'B-1']);
    expect(new Set(booking.tickets.map((x: { code: string }) => x.code)).size).toBe(2);
    expect(Number.isNaN(Date.parse(booking.createdAt))).toBe(false);
    expect(booking.qr).toBe(`/api/bookings/${booking.bookingId}/qr.svg`);
    const qr = await t.app.request(booking.qr, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toContain('<svg');
    const strangersQr = await t.app.request(booking.qr, { headers: { authorization: `Bearer ${other.token}` } });
    expect(strangersQr.status).toBe(404);

    const bookingPath = `/api/bookings/${booking.bookingId}`;
    const mine = await t.call('GET', bookingPath, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(booking);
    const theirs = await t.call('GET', bookingPath, { token: other.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    expect((await t.call('GET', bookingPath, { token: await t.adminToken() })).status).toBe(200);

    const ownerList = await t.call('GET', '/api/me/bookings', { token: owner.token });
    expect(ownerList.body.items.map((b: { bookingId: string }) => b.bookingId)).toEqual([booking.bookingId]);
    const otherList = await t.call('GET', '/api/me/bookings', { token: other.token });
    expect(otherList.body.items).toEqual([]);

    const cancelByOther = await t.call('DELETE', bookingPath, { token: other.token });
    expect(cancelByOther.status).toBe(404);
    expect((await t.call('GET', bookingPath, { token: owner.token })).body.status).toBe('confirmed');
  });

  it('cancels a booking with a refund, frees its seats, and replays the cancellation by key', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['B-2', 'B-3'] } });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    const path = `/api/bookings/${paid.body.bookingId}`;
    const headers = { 'idempotency-key': 'cancel-1' };
    const cancelled = await t.call('DELETE', path, { token, headers });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      bookingId: paid.body.bookingId,
      status: 'cancelled',
      refund: { amount: 5000, currency: 'EUR' },
    });
    expect((await t.call('DELETE', path, { token, headers })).body).toEqual(cancelled.body);
    const again = await t.call('DELETE', path, { token });
    expect(again.status).toBe(409);
    const seats = await t.call('GET', `/api/shows/${showId}/seats`);
    const status = Object.fromEntries(
      seats.body.seats.map((s: { seatId: string; status: string }) => [s.seatId, s.status]),
    );
    expect([status['B-2'], status['B-3']]).toEqual(['available', 'available']);
    const view = await t.call('GET', path, { token });
    expect(view.body).toMatchObject({ status: 'cancelled', refund: { amount: 5000, currency: 'EUR' } });
  });

  it('refuses a cancellation too close to the show', async () => {
    const showId = await t.createShow({ startsAt: new Date(Date.now() + 3_600_000) });
    const { token } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    const res = await t.call('DELETE', `/api/bookings/${paid.body.bookingId}`, { token });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('cancellation_window_closed');
  });
});
