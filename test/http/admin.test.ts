import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const layout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 4, category: 'premium' },
        { row: 'B', seats: 4, category: 'regular' },
      ],
    },
    { name: 'Standing', kind: 'general', capacity: 50, category: 'standing' },
  ],
};

describe('admin catalog', () => {
  it('creates a venue, an event and a mixed show that customers can book', async () => {
    const venue = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'Arena', city: 'Berlin', address: 'Somewhere 1', halls: [{ name: 'Main', layout }] },
    });
    expect(venue.status).toBe(201);
    expect(venue.body.halls).toEqual([{ hallId: expect.any(String), name: 'Main', capacity: 58 }]);

    const event = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'Big Gig', category: 'concert', genre: 'rock', durationMinutes: 120, performers: ['The Band'] },
    });
    expect(event.status).toBe(201);

    const startsAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const show = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: event.body.eventId,
        hallId: venue.body.halls[0].hallId,
        startsAt,
        prices: {
          premium: { amount: 9000, currency: 'EUR' },
          regular: { amount: 6000, currency: 'EUR' },
          standing: { amount: 3000, currency: 'EUR' },
        },
        holdTtlSeconds: 120,
      },
    });
    expect(show.status).toBe(201);
    const showId = show.body.showId as string;

    const details = await t.call('GET', `/api/shows/${showId}`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      showId,
      eventId: event.body.eventId,
      title: 'Big Gig',
      startsAt,
      seating: 'mixed',
      state: 'onSale.available',
      capacity: 58,
      available: 58,
      city: { name: 'Berlin' },
      venue: { name: 'Arena', address: 'Somewhere 1' },
      hall: { name: 'Main' },
      holdTtlSeconds: 120,
    });
    expect(details.body.categories).toContainEqual({
      category: 'standing',
      price: { amount: 3000, currency: 'EUR' },
      available: 50,
    });

    const seats = await t.call('GET', `/api/shows/${showId}/seats`);
    expect(seats.body.seats).toHaveLength(8);
    expect(seats.body.seats[0]).toMatchObject({
      seatId: 'A-1',
      row: 'A',
      number: 1,
      category: 'premium',
      price: { amount: 9000, currency: 'EUR' },
      status: 'available',
    });
    expect(seats.body.sections).toContainEqual(
      expect.objectContaining({ section: 'Standing', kind: 'general', capacity: 50, available: 50 }),
    );

    const { token } = await t.register();
    const ga = await t.call('POST', `/api/shows/${showId}/holds`, {
      token,
      body: { quantity: 3, section: 'Standing' },
    });
    expect(ga.status).toBe(201);
    expect(ga.body).toMatchObject({
      seats: [],
      quantity: 3,
      section: 'Standing',
      total: { amount: 9000, currency: 'EUR' },
    });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${ga.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.tickets).toHaveLength(3);
    expect((await t.call('GET', `/api/shows/${showId}`)).body).toMatchObject({ available: 55, booked: 3 });
  });

  it('takes a show off sale once it has started', async () => {
    const venue = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'Late', city: 'Berlin', halls: [{ name: 'H', layout }] },
    });
    const event = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'Already on', category: 'concert' },
    });
    const show = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: event.body.eventId,
        hallId: venue.body.halls[0].hallId,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        prices: {
          premium: { amount: 9000, currency: 'EUR' },
          regular: { amount: 6000, currency: 'EUR' },
          standing: { amount: 3000, currency: 'EUR' },
        },
      },
    });
    expect(show.status).toBe(201);
    const showId = show.body.showId as string;

    // The actor closes sales on its first timer tick after it wakes up.
    await vi.waitFor(async () => {
      expect((await t.call('GET', `/api/shows/${showId}`)).body).toMatchObject({ state: 'salesClosed' });
    });
    const { token } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
    expect(hold.status).toBe(409);
    expect(hold.body.code).toBe('sales_closed');
  });

  it('refuses bad layouts and unpriced shows with validation_failed', async () => {
    const dupRows = {
      sections: [
        { name: 'Left', kind: 'reserved', rows: [{ row: 'A', seats: 3, category: 'x' }] },
        { name: 'Right', kind: 'reserved', rows: [{ row: 'A', seats: 3, category: 'x' }] },
      ],
    };
    const dup = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'V', city: 'Paris', halls: [{ name: 'H', layout: dupRows }] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.code).toBe('validation_failed');
    expect(dup.body.errors[0].path).toBe('halls.0.layout.sections.1.rows.0.row');

    const tooBig = { sections: [{ name: 'S', kind: 'reserved', rows: [{ row: 'A', seats: 501, category: 'x' }] }] };
    const big = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'V', city: 'Paris', halls: [{ name: 'H', layout: tooBig }] },
    });
    expect(big.status).toBe(400);

    const venue = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'V', city: 'Paris', halls: [{ name: 'H', layout }] },
    });
    const event = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'E', category: 'theatre' },
    });
    const base = {
      eventId: event.body.eventId,
      hallId: venue.body.halls[0].hallId,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const unpriced = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: { ...base, prices: { premium: { amount: 1, currency: 'EUR' } } },
    });
    expect(unpriced.status).toBe(422);
    expect(unpriced.body.code).toBe('validation_failed');
    expect(unpriced.body.detail).toContain('regular');

    const badCategory = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'E', category: 'opera' },
    });
    expect(badCategory.status).toBe(400);
    const unknownEvent = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: { ...base, eventId: 'nope', prices: { premium: { amount: 1, currency: 'EUR' } } },
    });
    expect(unknownEvent.status).toBe(404);
  });
});
