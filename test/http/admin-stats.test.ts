import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import type { HallLayout } from '../../src/db/schema/index.js';
import { book, hold } from './fixtures.js';
import { oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
const DAY_MS = 86_400_000;
const now = Date.now();
const ids = { eventA: '', eventB: '', a1: '', a2: '', b1: '' };

const twelveSeats: HallLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 6, category: 'regular' },
        { row: 'B', seats: 6, category: 'regular' },
      ],
    },
  ],
};

async function stats(query = '', token = admin) {
  const res = await t.call('GET', `/api/admin/stats${query}`, { token });
  return res;
}

/** Polls until `check` passes: refunds settle after the cancellation answers. */
async function eventually<T>(get: () => Promise<T>, check: (v: T) => void, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
  const db = t.tdb.db;
  const { halls } = await createVenue(db, {
    name: 'Stats Hall',
    city: 'Statsville',
    halls: [
      { name: 'Ten', layout: oneCategoryLayout },
      { name: 'Twelve', layout: twelveSeats },
    ],
  });
  ids.eventA = (await createEvent(db, { title: 'Stats Gig', category: 'concert' })).eventId;
  ids.eventB = (await createEvent(db, { title: 'Stats Match', category: 'sports' })).eventId;
  const eur = { regular: { amount: 2500, currency: 'EUR' } };
  ids.a1 = (
    await createShow(db, {
      eventId: ids.eventA,
      hallId: halls[0]!.hallId,
      startsAt: new Date(now + 7 * DAY_MS),
      prices: eur,
    })
  ).showId;
  ids.a2 = (
    await createShow(db, {
      eventId: ids.eventA,
      hallId: halls[0]!.hallId,
      startsAt: new Date(now + 30 * DAY_MS),
      prices: eur,
    })
  ).showId;
  ids.b1 = (
    await createShow(db, {
      eventId: ids.eventB,
      hallId: halls[1]!.hallId,
      startsAt: new Date(now + 8 * DAY_MS),
      prices: { regular: { amount: 3000, currency: 'GBP' } },
    })
  ).showId;

  // A1 (EUR): a booking of 2, a released hold, a booking cancelled with a full refund, one live hold.
  const ada = await t.register('Ada');
  await book(t, ada.token, ids.a1, { quantity: 2 });
  const released = await hold(t, ada.token, ids.a1, { quantity: 1 });
  expect((await t.call('DELETE', `/api/shows/${ids.a1}/holds/${released}`, { token: ada.token })).status).toBe(204);
  const cancelled = (await book(t, ada.token, ids.a1, { quantity: 1 })).bookingId;
  const cancel = await t.call('DELETE', `/api/bookings/${cancelled}`, { token: ada.token });
  expect(cancel.status).toBe(200);
  expect(cancel.body.refund).toMatchObject({ amount: 2500, currency: 'EUR' });
  await hold(t, ada.token, ids.a1, { quantity: 1 });

  // B1 (GBP): a booking of 2, the other 10 seats held, one person waiting.
  const [bea, cy, dan] = await Promise.all([t.register('Bea'), t.register('Cy'), t.register('Dan')]);
  await book(t, bea.token, ids.b1, { quantity: 2 });
  await hold(t, cy.token, ids.b1, { quantity: 10 });
  const wait = await t.call('POST', `/api/shows/${ids.b1}/waitlist`, { token: dan.token, body: { quantity: 1 } });
  expect(wait.status).toBe(202);
});

afterAll(async () => {
  await t?.close();
});

describe('GET /api/admin/stats', () => {
  it('refuses anonymous callers with 401 and customers with 403', async () => {
    const customer = await t.register();
    const anonymous = await t.call('GET', '/api/admin/stats');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthorized');
    const refused = await stats('', customer.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('reports sales, revenue net of refunds, seats, holds, waitlists and conversion per show and in total', async () => {
    const res = await eventually(
      () => stats(),
      (r) => expect(r.body.totals.refunds).toEqual([{ amount: 2500, currency: 'EUR' }]),
    );
    expect(res.status).toBe(200);
    expect(res.body.filter).toEqual({ eventId: null, showId: null, from: null, to: null });
    expect(res.body.shows.map((s: { showId: string }) => s.showId)).toEqual([ids.a1, ids.b1, ids.a2]);

    const [a1, b1, a2] = res.body.shows;
    expect(a1).toMatchObject({
      showId: ids.a1,
      eventId: ids.eventA,
      title: 'Stats Gig',
      venue: 'Stats Hall',
      city: 'Statsville',
      state: 'onSale.available',
      bookings: 1,
      cancelledBookings: 1,
      revenue: [{ amount: 5000, currency: 'EUR' }],
      refunds: [{ amount: 2500, currency: 'EUR' }],
      capacity: 10,
      seatsSold: 2,
      seatsHeld: 1,
      seatsFree: 7,
      occupancy: 0.2,
      activeHolds: 1,
      waitlistLength: 0,
      holdsPlaced: 4,
      holdsConverted: 2,
      conversion: 0.5,
    });
    expect(b1).toMatchObject({
      state: 'onSale.allHeld',
      bookings: 1,
      cancelledBookings: 0,
      revenue: [{ amount: 6000, currency: 'GBP' }],
      refunds: [],
      capacity: 12,
      seatsSold: 2,
      seatsHeld: 10,
      seatsFree: 0,
      activeHolds: 1,
      waitlistLength: 1,
      holdsPlaced: 2,
      holdsConverted: 1,
      conversion: 0.5,
    });
    // Never activated: no published counts yet, so the hall is free and there is no conversion to speak of.
    expect(a2).toMatchObject({
      state: null,
      bookings: 0,
      revenue: [],
      capacity: 10,
      seatsSold: 0,
      seatsHeld: 0,
      seatsFree: 10,
      occupancy: 0,
      holdsPlaced: 0,
      conversion: null,
    });
    expect(res.body.totals).toEqual({
      shows: 3,
      bookings: 2,
      cancelledBookings: 1,
      revenue: [
        { amount: 5000, currency: 'EUR' },
        { amount: 6000, currency: 'GBP' },
      ],
      refunds: [{ amount: 2500, currency: 'EUR' }],
      capacity: 32,
      seatsSold: 4,
      seatsHeld: 11,
      seatsFree: 17,
      occupancy: 0.125,
      activeHolds: 2,
      waitlistLength: 1,
      holdsPlaced: 6,
      holdsConverted: 3,
      conversion: 0.5,
    });
  });

  it('filters by event, by show and by a window on the start time', async () => {
    const shown = async (query: string) => {
      const res = await stats(query);
      expect(res.status).toBe(200);
      return res.body.shows.map((s: { showId: string }) => s.showId);
    };
    expect(await shown(`?eventId=${ids.eventA}`)).toEqual([ids.a1, ids.a2]);
    expect(await shown(`?showId=${ids.b1}`)).toEqual([ids.b1]);
    const from = new Date(now + 7.5 * DAY_MS).toISOString();
    const to = new Date(now + 10 * DAY_MS).toISOString();
    expect(await shown(`?from=${from}`)).toEqual([ids.b1, ids.a2]);
    expect(await shown(`?to=${to}`)).toEqual([ids.a1, ids.b1]);
    expect(await shown(`?from=${from}&to=${to}`)).toEqual([ids.b1]);
    expect(await shown(`?eventId=${ids.eventA}&from=${from}`)).toEqual([ids.a2]);

    const windowed = await stats(`?eventId=${ids.eventA}&to=${to}`);
    expect(windowed.body.filter).toEqual({ eventId: ids.eventA, showId: null, from: null, to });
    expect(windowed.body.totals).toMatchObject({ shows: 1, bookings: 1, revenue: [{ amount: 5000, currency: 'EUR' }] });

    // A window with no show is an empty report, not an error.
    const empty = await stats('?from=2001-01-01&to=2001-01-02');
    expect(empty.status).toBe(200);
    expect(empty.body.shows).toEqual([]);
    expect(empty.body.totals).toMatchObject({ shows: 0, bookings: 0, revenue: [], conversion: null });
  });

  it('answers 404 for an unknown event or show and 400 for a bad or reversed window', async () => {
    expect((await stats('?eventId=no-such-event')).body.code).toBe('not_found');
    expect((await stats('?showId=no-such-show')).status).toBe(404);
    const reversed = await stats('?from=2030-02-01&to=2030-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const bad = await stats('?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.paths['/api/admin/stats'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'eventId',
      'showId',
      'from',
      'to',
    ]);
  });
});
