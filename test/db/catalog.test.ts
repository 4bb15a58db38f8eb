import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { cities, shows } from '../../src/db/schema/index.js';
import { createEvent, createShow, createVenue, getShowDetails, slugify } from '../../src/db/queries/catalog.js';
import { CatalogError } from '../../src/db/queries/catalog-errors.js';
import type { HallLayout } from '../../src/db/schema/index.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const mixed: HallLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 20, category: 'premium' },
        { row: 'B', seats: 20, category: 'regular' },
      ],
    },
    { name: 'Standing', kind: 'general', capacity: 500, category: 'standing' },
  ],
};
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

async function rejects(work: Promise<unknown>, code: CatalogError['code'], detail: RegExp) {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CatalogError);
  expect(err).toMatchObject({ code, detail: expect.stringMatching(detail) });
}

async function hallAndEvent() {
  const venue = await createVenue(tdb.db, { name: 'Venue', city: 'Lyon', halls: [{ name: 'Main', layout: mixed }] });
  const { eventId } = await createEvent(tdb.db, { title: 'Gig', category: 'concert', durationMinutes: 90 });
  return { hallId: venue.halls[0]!.hallId, eventId };
}

describe('createVenue', () => {
  it('computes capacity as seats plus standing places and creates the city from its name', async () => {
    const result = await createVenue(tdb.db, {
      name: 'Arena',
      city: 'São Paulo',
      address: 'Rua 1',
      halls: [{ name: 'Main', layout: mixed }],
    });
    expect(result.halls).toEqual([{ hallId: expect.any(String), name: 'Main', capacity: 540 }]);
    const [city] = await tdb.db.select().from(cities).where(eq(cities.id, 'sao-paulo'));
    expect(city).toEqual({ id: 'sao-paulo', name: 'São Paulo' });
  });

  it('matches an existing city by id or by name ignoring case, without duplicating it', async () => {
    await createVenue(tdb.db, { name: 'A', city: 'Oslo', halls: [{ name: 'Main', layout: mixed }] });
    await createVenue(tdb.db, { name: 'B', city: 'OSLO', halls: [{ name: 'Main', layout: mixed }] });
    await createVenue(tdb.db, { name: 'C', city: 'oslo', halls: [{ name: 'Main', layout: mixed }] });
    const rows = await tdb.db.select().from(cities).where(eq(cities.name, 'Oslo'));
    expect(rows).toHaveLength(1);
    expect(slugify('Zürich Hbf')).toBe('zurich-hbf');
  });

  it('rejects duplicate row labels, non-positive seats or capacity, and empty layouts', async () => {
    const row = (r: string, seats = 5) => ({ row: r, seats, category: 'x' });
    const bad: [HallLayout, RegExp][] = [
      [{ sections: [{ name: 'S', kind: 'reserved', rows: [row('A'), row('A')] }] }, /row "A" appears twice/],
      [
        {
          sections: [
            { name: 'S1', kind: 'reserved', rows: [row('A')] },
            { name: 'S2', kind: 'reserved', rows: [row('A')] },
          ],
        },
        /row "A" appears twice/,
      ],
      [{ sections: [{ name: 'S', kind: 'reserved', rows: [row('A', 0)] }] }, /seats must be a positive/],
      [{ sections: [{ name: 'S', kind: 'reserved', rows: [row('A', 2.5)] }] }, /seats must be a positive/],
      [{ sections: [{ name: 'G', kind: 'general', capacity: -1, category: 'x' }] }, /capacity must be a positive/],
      [{ sections: [] }, /at least one section/],
      [{ sections: [{ name: 'S', kind: 'reserved', rows: [] }] }, /at least one row/],
    ];
    for (const [layout, detail] of bad) {
      await rejects(
        createVenue(tdb.db, { name: 'Bad', city: 'Oslo', halls: [{ name: 'H', layout }] }),
        'validation_failed',
        detail,
      );
    }
  });

  it('writes nothing when one hall of several is invalid', async () => {
    const before = await tdb.sql`select count(*)::int as n from venues`;
    await rejects(
      createVenue(tdb.db, {
        name: 'Half',
        city: 'Oslo',
        halls: [
          { name: 'Good', layout: mixed },
          { name: 'Bad', layout: { sections: [] } },
        ],
      }),
      'validation_failed',
      /halls\[1\]/,
    );
    const after = await tdb.sql`select count(*)::int as n from venues`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('createEvent', () => {
  it('stores an event with its details and refuses an unknown category or a taken id', async () => {
    const { eventId } = await createEvent(tdb.db, {
      id: 'evt-train',
      title: 'Night train',
      category: 'train',
      details: { route: 'A → B' },
      performers: [],
    });
    expect(eventId).toBe('evt-train');
    await rejects(
      createEvent(tdb.db, { id: 'evt-train', title: 'Again', category: 'train' }),
      'validation_failed',
      /already exists/,
    );
    await rejects(
      createEvent(tdb.db, { title: 'X', category: 'circus' as never }),
      'validation_failed',
      /category must be one of/,
    );
    await rejects(createEvent(tdb.db, { title: '  ', category: 'movie' }), 'validation_failed', /title/);
  });
});

describe('createShow', () => {
  it('stores prices best first in one currency, the default policy, and endsAt from the duration', async () => {
    const { hallId, eventId } = await hallAndEvent();
    const startsAt = inDays(3);
    const { showId } = await createShow(tdb.db, {
      eventId,
      hallId,
      startsAt,
      prices: { regular: eur(3000), standing: eur(2500), premium: eur(5000) },
    });
    const [row] = await tdb.db.select().from(shows).where(eq(shows.id, showId));
    expect(row!.currency).toBe('EUR');
    expect(row!.prices).toEqual([
      { category: 'premium', price: 5000 },
      { category: 'regular', price: 3000 },
      { category: 'standing', price: 2500 },
    ]);
    expect(row!.endsAt.getTime() - startsAt.getTime()).toBe(90 * 60_000);
    expect(row!.cancellationPolicy.rules).toEqual([
      { hoursBefore: 48, refundPercent: 100 },
      { hoursBefore: 2, refundPercent: 50 },
    ]);
  });

  it('rejects a missing price, an unknown category, mixed currencies and bad amounts', async () => {
    const { hallId, eventId } = await hallAndEvent();
    const show = (prices: Record<string, { amount: number; currency: string }>) =>
      createShow(tdb.db, { eventId, hallId, startsAt: inDays(2), prices });
    await rejects(show({ premium: eur(5000), regular: eur(3000) }), 'validation_failed', /no price for "standing"/);
    await rejects(
      show({ premium: eur(5000), regular: eur(3000), standing: { amount: 2000, currency: 'GBP' } }),
      'validation_failed',
      /one currency/,
    );
    await rejects(
      show({ premium: eur(5000), regular: eur(3000), standing: eur(1), vip: eur(9000) }),
      'validation_failed',
      /no category "vip"/,
    );
    await rejects(
      show({ premium: eur(50.5), regular: eur(3000), standing: eur(1) }),
      'validation_failed',
      /whole number/,
    );
    await rejects(
      show({
        premium: { amount: 1, currency: 'eu' },
        regular: { amount: 1, currency: 'eu' },
        standing: { amount: 1, currency: 'eu' },
      }),
      'validation_failed',
      /ISO 4217/,
    );
    const count = await tdb.sql`select count(*)::int as n from shows where hall_id = ${hallId}`;
    expect(count[0]!.n).toBe(0);
  });

  it('reports an unknown event or hall as not_found and checks dates, sales window and policy', async () => {
    const { hallId, eventId } = await hallAndEvent();
    const prices = { premium: eur(1), regular: eur(1), standing: eur(1) };
    await rejects(
      createShow(tdb.db, { eventId: 'nope', hallId, startsAt: inDays(1), prices }),
      'not_found',
      /event nope/,
    );
    await rejects(
      createShow(tdb.db, { eventId, hallId: 'nope', startsAt: inDays(1), prices }),
      'not_found',
      /hall nope/,
    );
    await rejects(
      createShow(tdb.db, { eventId, hallId, startsAt: inDays(2), endsAt: inDays(1), prices }),
      'validation_failed',
      /endsAt/,
    );
    await rejects(
      createShow(tdb.db, {
        eventId,
        hallId,
        startsAt: inDays(9),
        prices,
        salesOpenAt: inDays(2),
        salesCloseAt: inDays(1),
      }),
      'validation_failed',
      /salesCloseAt/,
    );
    await rejects(
      createShow(tdb.db, {
        eventId,
        hallId,
        startsAt: inDays(9),
        prices,
        cancellationPolicy: { rules: [{ hoursBefore: 1, refundPercent: 150 }] },
      }),
      'validation_failed',
      /refundPercent/,
    );
    await rejects(
      createShow(tdb.db, { eventId, hallId, startsAt: inDays(2), prices, holdTtlSeconds: 0 }),
      'validation_failed',
      /holdTtl/,
    );
  });

  it('closes sales when the show starts unless salesCloseAt is given', async () => {
    const { hallId, eventId } = await hallAndEvent();
    const prices = { premium: eur(1), regular: eur(1), standing: eur(1) };
    const startsAt = inDays(5);
    const closesEarly = inDays(4);
    const byDefault = await createShow(tdb.db, { eventId, hallId, startsAt, prices });
    const given = await createShow(tdb.db, { eventId, hallId, startsAt, prices, salesCloseAt: closesEarly });
    const closeOf = async (showId: string) =>
      (await tdb.db.select().from(shows).where(eq(shows.id, showId)))[0]!.salesCloseAt?.getTime();
    expect(await closeOf(byDefault.showId)).toBe(startsAt.getTime());
    expect(await closeOf(given.showId)).toBe(closesEarly.getTime());
    await rejects(
      createShow(tdb.db, { eventId, hallId, startsAt, prices, salesOpenAt: inDays(6) }),
      'validation_failed',
      /salesOpenAt/,
    );
  });

  it('keeps a given id, refuses to reuse it, and getShowDetails joins event, hall, venue and city', async () => {
    const { hallId, eventId } = await hallAndEvent();
    const prices = { premium: eur(1), regular: eur(1), standing: eur(1) };
    const { showId } = await createShow(tdb.db, {
      id: 'my-show',
      eventId,
      hallId,
      startsAt: inDays(4),
      prices,
      holdTtlSeconds: 60,
    });
    expect(showId).toBe('my-show');
    await rejects(
      createShow(tdb.db, { id: 'my-show', eventId, hallId, startsAt: inDays(4), prices }),
      'validation_failed',
      /already exists/,
    );
    const details = await getShowDetails(tdb.db, 'my-show');
    expect(details).toMatchObject({
      show: { id: 'my-show', holdTtlSeconds: 60 },
      event: { id: eventId, title: 'Gig' },
      hall: { id: hallId, capacity: 540 },
      venue: { name: 'Venue' },
      city: { id: 'lyon', name: 'Lyon' },
    });
    expect(await getShowDetails(tdb.db, 'missing')).toBeNull();
  });
});
