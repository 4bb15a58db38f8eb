import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declinedCard, goodCard, startTestApp, type TestApp } from './harness.js';
import { setFeePerTicket } from './commerce-fixtures.js';
import { eur, hold } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

describe('payment records', () => {
  it('shows a payment and its refunds to its owner and admins only', async () => {
    const showId = await t.createShow();
    await setFeePerTicket(t, showId, 200);
    const owner = await t.register();
    const other = await t.register();
    const holdId = await hold(t, owner.token, showId, { seats: ['A-1'] });
    const declined = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: owner.token,
      body: { payment: declinedCard },
    });
    expect(declined.status).toBe(402);
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: owner.token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.fees).toEqual(eur(200));
    const path = `/api/payments/${paid.body.paymentId}`;

    const mine = await t.call('GET', path, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      paymentId: paid.body.paymentId,
      status: 'captured',
      amount: eur(2700),
      subtotal: eur(2500),
      discount: eur(0),
      fees: eur(200),
      promoCode: null,
      pointsRedeemed: 0,
      currency: 'EUR',
      method: 'card ****4242',
      bookingId: paid.body.bookingId,
      showId,
      refunds: [],
    });
    const theirs = await t.call('GET', path, { token: other.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    expect((await t.call('GET', path)).status).toBe(401);
    expect((await t.call('GET', path, { token: await t.adminToken() })).status).toBe(200);
    expect((await t.call('GET', '/api/payments/no-such-payment', { token: owner.token })).status).toBe(404);

    const cancelled = await t.call('DELETE', `/api/bookings/${paid.body.bookingId}`, { token: owner.token });
    expect(cancelled.status).toBe(200);
    const refunded = await t.call('GET', path, { token: owner.token });
    expect(refunded.body.status).toBe('refunded');
    expect(refunded.body.refunds).toEqual([
      expect.objectContaining({ amount: eur(2700), status: 'succeeded', reason: 'customer_cancelled' }),
    ]);

    const list = await t.call('GET', '/api/me/payments', { token: owner.token });
    expect(list.body.items.map((p: { status: string }) => p.status)).toEqual(['refunded', 'declined']);
    expect((await t.call('GET', '/api/me/payments', { token: other.token })).body.items).toEqual([]);
  });
});
