import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';

const HOUR = 3_600_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function book(startsAt: Date, seats = ['A-1', 'A-2']) {
  const showId = await t.createShow({ startsAt, prices: { premium: 8900, regular: 2000 } });
  const customer = await t.register();
  const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { seats } });
  const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
    token: customer.token,
    body: { payment: goodCard },
  });
  expect(paid.status).toBe(201);
  return { ...customer, showId, bookingId: paid.body.bookingId as string };
}

describe('GET /api/bookings/:id/cancellation', () => {
  it('quotes half back within 48 h, and the cancellation refunds exactly the quote', async () => {
    const startsAt = new Date(Date.now() + 24 * HOUR);
    const { token, bookingId } = await book(startsAt);
    const quote = await t.call('GET', `/api/bookings/${bookingId}/cancellation`, { token });
    expect(quote.status).toBe(200);
    expect(quote.body).toEqual({
      bookingId,
      refund: { amount: 8900, currency: 'EUR' },
      total: { amount: 17_800, currency: 'EUR' },
      rule: { hoursBefore: 2, refundPercent: 50, label: '50 %: within 48 h of the show' },
      until: new Date(startsAt.getTime() - 2 * HOUR).toISOString(),
      next: null,
    });
    const cancelled = await t.call('DELETE', `/api/bookings/${bookingId}`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund).toMatchObject(quote.body.refund);
    const after = await t.call('GET', `/api/bookings/${bookingId}/cancellation`, { token });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('already_cancelled');
    expect(after.headers.get('content-type')).toContain('application/problem+json');
  });

  it('quotes a full refund well before the show, with the rule that follows', async () => {
    const startsAt = new Date(Date.now() + 10 * 24 * HOUR);
    const { token, bookingId } = await book(startsAt, ['A-3']);
    const quote = await t.call('GET', `/api/bookings/${bookingId}/cancellation`, { token });
    expect(quote.body).toMatchObject({
      refund: { amount: 8900, currency: 'EUR' },
      rule: { refundPercent: 100, label: '100 %: until 48 h before the show' },
      until: new Date(startsAt.getTime() - 48 * HOUR).toISOString(),
      next: { hoursBefore: 2, refundPercent: 50, label: '50 %: within 48 h of the show' },
    });
    const cancelled = await t.call('DELETE', `/api/bookings/${bookingId}`, { token });
    expect(cancelled.body.refund.amount).toBe(quote.body.refund.amount);
  });

  it('answers 404 for a missing booking or another customer’s, 409 once the window has closed', async () => {
    const { token, bookingId } = await book(new Date(Date.now() + HOUR));
    const closed = await t.call('GET', `/api/bookings/${bookingId}/cancellation`, { token });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('cancellation_window_closed');
    const stranger = await t.register();
    const theirs = await t.call('GET', `/api/bookings/${bookingId}/cancellation`, { token: stranger.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    const missing = await t.call('GET', '/api/bookings/no-such-booking/cancellation', { token });
    expect(missing.status).toBe(404);
    expect((await t.call('GET', `/api/bookings/${bookingId}/cancellation`)).status).toBe(401);
  });

  it('is in the OpenAPI document with its 404 and 409 problems', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const op = doc.paths['/api/bookings/{bookingId}/cancellation'].get;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
    expect(doc.components.schemas.CancellationQuote.required).toEqual(
      expect.arrayContaining(['refund', 'total', 'rule', 'until', 'next']),
    );
  });
});
