import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from './fixtures.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 90_000);
afterAll(async () => {
  await t?.close();
});

interface Customer {
  token: string;
}

async function eventOf(showId: string): Promise<string> {
  const [row] = await t.tdb.sql<{ event_id: string }[]>`select event_id from shows where id = ${showId}`;
  return row!.event_id;
}

/** A show a week ahead, its event, and a customer with a confirmed booking for it. */
async function bookedShow(seat = 'A-1'): Promise<{ showId: string; eventId: string; customer: Customer; bookingId: string }> {
  const showId = await t.createShow();
  const customer = await t.register('Ada');
  const { bookingId } = await book(t, customer.token, showId, { seats: [seat] });
  return { showId, eventId: await eventOf(showId), customer, bookingId };
}

/** Bookings are only possible for future shows, so a past show is made by moving a booked one back. */
async function moveToPast(showId: string): Promise<void> {
  await t.tdb.sql`update shows set starts_at = now() - interval '1 day', ends_at = now() - interval '22 hours'
    where id = ${showId}`;
}

const post = (eventId: string, token: string | undefined, body: unknown) =>
  t.call('POST', `/api/events/${eventId}/reviews`, { token, body });

describe('reviews', () => {
  it('lets a customer review an event after a show they booked has started, once', async () => {
    const { showId, eventId, customer } = await bookedShow();
    await moveToPast(showId);

    const created = await post(eventId, customer.token, { rating: 4, text: 'Great night' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      reviewId: expect.any(String),
      userName: 'Ada',
      rating: 4,
      text: 'Great night',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const again = await post(eventId, customer.token, { rating: 5 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_reviewed');

    const list = await t.call('GET', `/api/events/${eventId}/reviews`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 20, total: 1, count: 1, average: 4 });
    expect(list.body.items).toEqual([created.body]);
  });

  it('refuses a customer without a booking for the event', async () => {
    const { showId, eventId } = await bookedShow();
    await moveToPast(showId);
    const stranger = await t.register();
    const res = await post(eventId, stranger.token, { rating: 5 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_eligible');
    expect(res.body.detail).toMatch(/confirmed booking/);
  });

  it('refuses a customer whose only booking was cancelled', async () => {
    const { showId, eventId, customer, bookingId } = await bookedShow();
    const cancelled = await t.call('DELETE', `/api/bookings/${bookingId}`, { token: customer.token });
    expect(cancelled.status).toBe(200);
    await moveToPast(showId);
    const res = await post(eventId, customer.token, { rating: 5 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_eligible');
  });

  it('refuses a booking for a show that has not started yet', async () => {
    const { eventId, customer } = await bookedShow();
    const res = await post(eventId, customer.token, { rating: 5 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_eligible');
  });

  it('edits and deletes the own review', async () => {
    const { showId, eventId, customer } = await bookedShow();
    await moveToPast(showId);
    const mine = `/api/events/${eventId}/reviews/mine`;

    const missing = await t.call('PUT', mine, { token: customer.token, body: { rating: 3 } });
    expect(missing.status).toBe(404);

    const created = await post(eventId, customer.token, { rating: 2, text: 'Too loud' });
    expect(created.status).toBe(201);
    const edited = await t.call('PUT', mine, { token: customer.token, body: { rating: 5, text: 'Grew on me' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ reviewId: created.body.reviewId, rating: 5, text: 'Grew on me' });
    expect(Date.parse(edited.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));

    const cleared = await t.call('PUT', mine, { token: customer.token, body: { rating: 4 } });
    expect(cleared.body).toMatchObject({ rating: 4, text: null });
    expect((await t.call('GET', `/api/events/${eventId}/reviews`)).body).toMatchObject({ count: 1, average: 4 });

    const deleted = await t.call('DELETE', mine, { token: customer.token });
    expect(deleted.status).toBe(204);
    expect((await t.call('DELETE', mine, { token: customer.token })).status).toBe(404);
    const list = await t.call('GET', `/api/events/${eventId}/reviews`);
    expect(list.body).toMatchObject({ items: [], total: 0, count: 0, average: null });
  });

  it('another customer cannot edit or delete someone else’s review', async () => {
    const { showId, eventId, customer } = await bookedShow();
    await moveToPast(showId);
    expect((await post(eventId, customer.token, { rating: 5 })).status).toBe(201);
    const other = await t.register();
    const mine = `/api/events/${eventId}/reviews/mine`;
    expect((await t.call('PUT', mine, { token: other.token, body: { rating: 1 } })).status).toBe(404);
    expect((await t.call('DELETE', mine, { token: other.token })).status).toBe(404);
    expect((await t.call('GET', `/api/events/${eventId}/reviews`)).body.items[0].rating).toBe(5);
  });

  it('gives the average (one decimal) and count on the list and on the event, with paging', async () => {
    const showId = await t.createShow();
    const eventId = await eventOf(showId);
    const before = await t.call('GET', `/api/events/${eventId}`);
    expect(before.body).toMatchObject({ reviewAverage: null, reviewCount: 0 });

    const customers = [await t.register('One'), await t.register('Two'), await t.register('Three')];
    for (const [i, c] of customers.entries()) await book(t, c.token, showId, { seats: [`A-${i + 1}`] });
    await moveToPast(showId);
    for (const [i, c] of customers.entries()) {
      expect((await post(eventId, c.token, { rating: [5, 4, 4][i] })).status).toBe(201);
    }

    const first = await t.call('GET', `/api/events/${eventId}/reviews?page=1&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3, count: 3, average: 4.3 });
    expect(first.body.items).toHaveLength(2);
    const second = await t.call('GET', `/api/events/${eventId}/reviews?page=2&pageSize=2`);
    expect(second.body.items).toHaveLength(1);
    const names = [...first.body.items, ...second.body.items].map((r: { userName: string }) => r.userName);
    expect(names.sort()).toEqual(['One', 'Three', 'Two']);

    const event = await t.call('GET', `/api/events/${eventId}`);
    expect(event.status).toBe(200);
    expect(event.body).toMatchObject({ reviewAverage: 4.3, reviewCount: 3 });
  });

  it('answers 400 for an invalid rating, text or page', async () => {
    const { showId, eventId, customer } = await bookedShow();
    await moveToPast(showId);
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '5' }, {}, { rating: 3, text: 'x'.repeat(2001) }]) {
      const res = await post(eventId, customer.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const put = await t.call('PUT', `/api/events/${eventId}/reviews/mine`, { token: customer.token, body: { rating: 9 } });
    expect(put.status).toBe(400);
    expect((await t.call('GET', `/api/events/${eventId}/reviews?pageSize=0`)).status).toBe(400);
    expect((await t.call('GET', `/api/events/${eventId}/reviews?pageSize=101`)).status).toBe(400);
    // The longest text is accepted.
    expect((await post(eventId, customer.token, { rating: 3, text: 'x'.repeat(2000) })).status).toBe(201);
  });

  it('answers 401 without a token and 404 for an unknown event', async () => {
    const { eventId } = await bookedShow();
    expect((await post(eventId, undefined, { rating: 5 })).status).toBe(401);
    expect((await t.call('PUT', `/api/events/${eventId}/reviews/mine`, { body: { rating: 5 } })).status).toBe(401);
    expect((await t.call('DELETE', `/api/events/${eventId}/reviews/mine`)).status).toBe(401);
    const someone = await t.register();
    expect((await post('no-such-event', someone.token, { rating: 5 })).status).toBe(404);
    expect((await t.call('GET', '/api/events/no-such-event/reviews')).status).toBe(404);
  });

  it('documents the review routes in /openapi.json', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/events/{eventId}/reviews', '/api/events/{eventId}/reviews/mine']),
    );
  });
});
