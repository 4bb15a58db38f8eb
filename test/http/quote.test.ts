import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';
import { chargesOf, createPromo, grantPoints, paymentsOfHold, setFeePerTicket } from './commerce-fixtures.js';
import { eur, hold } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

describe('quote', () => {
  it('charges exactly the quote: gateway == quote total == payment amount == booking total', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    await setFeePerTicket(t, showId, 150);
    // The fee is public before anyone holds a seat, with the refund rules.
    const show = await t.call('GET', `/api/shows/${showId}`);
    expect(show.body.feePerTicket).toEqual(eur(150));
    expect(show.body.cancellationPolicy.rules.length).toBeGreaterThan(0);
    await createPromo(t, { code: 'Quote10', kind: 'percent', value: 10 });
    const user = await t.register();
    await grantPoints(t, user.userId, 700);
    const holdId = await hold(t, user.token, showId, { seats: ['A-1', 'A-2', 'B-1'] });
    const path = `/api/shows/${showId}/holds/${holdId}`;

    const quote = await t.call('POST', `${path}/quote`, {
      token: user.token,
      body: { promoCode: ' quote10 ', points: 555 },
    });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({
      holdId,
      showId,
      currency: 'EUR',
      lines: [
        { category: 'premium', unitPrice: eur(4000), quantity: 2, amount: eur(8000) },
        { category: 'regular', unitPrice: eur(2000), quantity: 1, amount: eur(2000) },
      ],
      subtotal: eur(10_000),
      promo: { code: 'QUOTE10', discount: eur(1000) },
      points: { redeemed: 555, discount: eur(555) },
      fees: eur(450),
      discount: eur(1555),
      total: eur(8895),
    });

    const paid = await t.call('POST', `${path}/confirm`, {
      token: user.token,
      body: { payment: goodCard, promoCode: 'QUOTE10', points: 555, expectedTotal: quote.body.total },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      subtotal: eur(10_000),
      discount: eur(1555),
      fees: eur(450),
      total: eur(8895),
    });
    const [payment] = await paymentsOfHold(t, holdId);
    expect(payment).toMatchObject({
      id: paid.body.paymentId,
      amount: 8895,
      subtotal: 10_000,
      discount: 1555,
      fees: 450,
      promoCode: 'QUOTE10',
      pointsRedeemed: 555,
      status: 'captured',
    });
    const charges = await chargesOf(t, [paid.body.paymentId]);
    expect(charges.map((c) => c.amount)).toEqual([8895]);

    const record = await t.call('GET', `/api/payments/${paid.body.paymentId}`, { token: user.token });
    expect(record.body).toMatchObject({ amount: eur(8895), bookingId: paid.body.bookingId, status: 'captured' });
  });

  it('refuses a confirm whose expected total is stale, charging nothing', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    const holdId = await hold(t, user.token, showId, { seats: ['B-4'] });
    const path = `/api/shows/${showId}/holds/${holdId}`;
    const quote = await t.call('POST', `${path}/quote`, { token: user.token, body: {} });
    expect(quote.body.total).toEqual(eur(2500));
    await setFeePerTicket(t, showId, 99);

    const stale = await t.call('POST', `${path}/confirm`, {
      token: user.token,
      body: { payment: goodCard, expectedTotal: quote.body.total },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('quote_changed');
    expect(await paymentsOfHold(t, holdId)).toEqual([]);
    expect((await t.call('GET', path, { token: user.token })).body.status).toBe('held');

    const fresh = await t.call('POST', `${path}/quote`, { token: user.token });
    expect(fresh.status).toBe(200);
    expect(fresh.body.total).toEqual(eur(2599));
    const paid = await t.call('POST', `${path}/confirm`, {
      token: user.token,
      body: { payment: goodCard, expectedTotal: fresh.body.total },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.total).toEqual(eur(2599));
  });

  it('answers the documented problems', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    const other = await t.register();
    const holdId = await hold(t, user.token, showId, { seats: ['A-5'] });
    const path = `/api/shows/${showId}/holds/${holdId}`;

    const unknown = await t.call('POST', `${path}/quote`, { token: user.token, body: { promoCode: 'NOPE-NOPE' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('promo_invalid');
    expect(unknown.body.detail).toContain('NOPE-NOPE');

    await grantPoints(t, user.userId, 10);
    const broke = await t.call('POST', `${path}/quote`, { token: user.token, body: { points: 11 } });
    expect(broke.status).toBe(422);
    expect(broke.body.code).toBe('insufficient_points');
    const brokeConfirm = await t.call('POST', `${path}/confirm`, {
      token: user.token,
      body: { payment: goodCard, points: 11 },
    });
    expect(brokeConfirm.status).toBe(422);
    expect(brokeConfirm.body.code).toBe('insufficient_points');
    expect(await paymentsOfHold(t, holdId)).toEqual([]);

    const negative = await t.call('POST', `${path}/quote`, { token: user.token, body: { points: -1 } });
    expect(negative.status).toBe(400);

    const theirs = await t.call('POST', `${path}/quote`, { token: other.token, body: {} });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('hold_not_found');
    expect((await t.call('POST', `${path}/quote`, { body: {} })).status).toBe(401);

    expect((await t.call('DELETE', path, { token: user.token })).status).toBe(204);
    const ended = await t.call('POST', `${path}/quote`, { token: user.token, body: {} });
    expect(ended.status).toBe(410);
    expect(ended.body.code).toBe('hold_expired');
  });

  it('books a free order (a 100% code) without calling the gateway, and cancels it with a refund of 0', async () => {
    const showId = await t.createShow();
    await createPromo(t, { code: 'ALLFREE', kind: 'percent', value: 100 });
    const user = await t.register();
    const holdId = await hold(t, user.token, showId, { seats: ['B-5'] });
    const path = `/api/shows/${showId}/holds/${holdId}`;
    const quote = await t.call('POST', `${path}/quote`, { token: user.token, body: { promoCode: 'allfree' } });
    expect(quote.body.total).toEqual(eur(0));

    const paid = await t.call('POST', `${path}/confirm`, {
      token: user.token,
      body: { payment: goodCard, promoCode: 'allfree', expectedTotal: eur(0) },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'confirmed', total: eur(0), discount: eur(2500) });
    expect(await chargesOf(t, [paid.body.paymentId])).toEqual([]);
    const [payment] = await paymentsOfHold(t, holdId);
    expect(payment).toMatchObject({ status: 'captured', amount: 0, bookingId: paid.body.bookingId });

    const cancelled = await t.call('DELETE', `/api/bookings/${paid.body.bookingId}`, { token: user.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund).toMatchObject({ amount: 0, currency: 'EUR' });
    const seats = await t.call('GET', `/api/shows/${showId}/seats`);
    expect(seats.body.seats.find((s: { seatId: string }) => s.seatId === 'B-5').status).toBe('available');
  });
});
