import { createPgShowStorage } from '../../src/db/show-storage/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { cities, events, halls, shows } from '../../src/db/schema/index.js';
import { getShowDetails, layoutCategories } from '../../src/db/queries/catalog.js';
import { DEMO_IDS, seedDemo } from '../../src/db/seed/demo.js';
import { createShowRuntime } from '../../src/actors/runtime/index.js';
import { pino } from 'pino';
import { DEFAULT_SHOW_RULES } from '../../src/config/show-rules.js';

let tdb: TestDatabase;
const now = new Date('2030-03-10T22:30:00Z');
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const count = async (table: typeof cities | typeof events | typeof shows | typeof halls) =>
  (await tdb.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('demo seed', () => {
  it('seeds once; a second run, even a concurrent one, changes nothing', async () => {
    const results = await Promise.all([seedDemo(tdb.db, { now }), seedDemo(tdb.db, { now })]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const shown = { cities: await count(cities), events: await count(events), shows: await count(shows) };
    expect(shown.shows).toBeGreaterThan(20);
    expect(await seedDemo(tdb.db, { now: new Date(now.getTime() + 86_400_000) })).toEqual({
      seeded: false,
      venues: 0,
      events: 0,
      shows: 0,
    });
    expect({ cities: await count(cities), events: await count(events), shows: await count(shows) }).toEqual(shown);
  });

  it('has the classic concert_2025: 100 seats, A-C premium and D-J regular, on sale now', async () => {
    const details = await getShowDetails(tdb.db, DEMO_IDS.classicConcertShow);
    expect(details).not.toBeNull();
    const { show, hall } = details!;
    expect(hall.capacity).toBe(100);
    const section = hall.layout.sections[0]!;
    expect(hall.layout.sections).toHaveLength(1);
    expect(section.kind === 'reserved' && section.rows.map((r) => `${r.row}${r.seats}${r.category[0]}`)).toEqual([
      'A10p',
      'B10p',
      'C10p',
      'D10r',
      'E10r',
      'F10r',
      'G10r',
      'H10r',
      'I10r',
      'J10r',
    ]);
    expect(show.salesOpenAt).toBeNull();
    expect(show.startsAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it('puts every show in the future, priced in one currency for every category of its hall', async () => {
    const rows = await tdb.db
      .select({ show: shows, hall: halls })
      .from(shows)
      .innerJoin(halls, eq(halls.id, shows.hallId));
    for (const { show, hall } of rows) {
      expect(show.startsAt.getTime()).toBeGreaterThan(now.getTime());
      expect(show.prices.map((p) => p.category).sort()).toEqual(layoutCategories(hall.layout).sort());
    }
    expect(new Set(rows.map((r) => r.show.currency))).toEqual(new Set(['EUR', 'GBP', 'INR']));
  });

  it('covers cinemas, a mixed stadium, a train and several cities', async () => {
    const cityRows = await tdb.db.select().from(cities);
    expect(cityRows.map((c) => c.id).sort()).toEqual([...DEMO_IDS.cities].sort());

    const movie = await getShowDetails(tdb.db, DEMO_IDS.movieShow);
    expect(movie?.event).toMatchObject({ category: 'movie', genre: expect.any(String), language: expect.any(String) });
    // The id names the film, so it must be a screening of it.
    expect(movie?.event.id).toBe('the-last-orbit');
    expect(movie?.event.durationMinutes).toBeGreaterThan(0);

    const stadium = await getShowDetails(tdb.db, DEMO_IDS.mixedStadiumShow);
    const kinds = new Set(stadium!.hall.layout.sections.map((s) => s.kind));
    expect(kinds).toEqual(new Set(['reserved', 'general']));

    const train = await getShowDetails(tdb.db, DEMO_IDS.trainShow);
    expect(train?.event.category).toBe('train');
    expect(train?.event.details).toMatchObject({ route: expect.any(String), stops: expect.any(Array) });
    expect(train!.hall.layout.sections.every((s) => s.name.startsWith('Coach'))).toBe(true);

    const scheduled = await getShowDetails(tdb.db, DEMO_IDS.scheduledShow);
    expect(scheduled!.show.salesOpenAt!.getTime()).toBeGreaterThan(now.getTime());

    const perCity = await tdb.sql<{ city_id: string; n: number }[]>`
      select v.city_id, count(*)::int as n from shows s join halls h on h.id = s.hall_id
      join venues v on v.id = h.venue_id group by v.city_id`;
    expect(perCity).toHaveLength(4);
    const categories = await tdb.sql<{ category: string }[]>`select distinct category from events`;
    expect(categories.map((c) => c.category).sort()).toEqual(['concert', 'movie', 'sports', 'theatre', 'train']);
  });

  it('gives every venue a postal code from its address and coordinates in its own city', async () => {
    // City centres (WGS 84); a venue of the city lies within 25 km of its centre.
    const centres: Record<string, [number, number]> = {
      berlin: [52.52, 13.405],
      london: [51.5074, -0.1278],
      paris: [48.8566, 2.3522],
      mumbai: [18.94, 72.835],
    };
    const rows = await tdb.sql<
      { name: string; city_id: string; address: string; postal_code: string; latitude: number; longitude: number }[]
    >`select name, city_id, address, postal_code, latitude, longitude from venues`;
    expect(rows.length).toBeGreaterThan(5);
    for (const v of rows) {
      expect(v.postal_code, v.name).not.toBe('');
      expect(v.address, v.name).toContain(v.postal_code);
      const [lat, lng] = centres[v.city_id]!;
      const km = haversineKm(lat, lng, v.latitude, v.longitude);
      expect(km, v.name).toBeLessThan(25);
    }
  });

  it('every demo show comes alive in the runtime with its hall’s capacity, and sells reserved and standing places', async () => {
    const runtime = createShowRuntime({
      storage: createPgShowStorage(tdb.db, { ticketSecret: 'secret' }),
      clock: { now: () => now.getTime() },
      log: pino({ level: 'silent' }),
      nodeId: 'seed-test',
      rules: DEFAULT_SHOW_RULES,
    });
    try {
      const rows = await tdb.db
        .select({ show: shows, hall: halls })
        .from(shows)
        .innerJoin(halls, eq(halls.id, shows.hallId));
      for (const { show, hall } of rows) {
        const summary = await runtime.summary(show.id);
        expect(summary.capacity).toBe(hall.capacity);
        expect(summary.state).toBe(show.salesOpenAt ? 'scheduled' : 'onSale.available');
      }
      const userId = '00000000-0000-4000-8000-000000000001';
      const standing = await runtime.dispatch(DEMO_IDS.mixedStadiumShow, {
        type: 'HOLD',
        holdId: 'seed-ga',
        userId,
        quantity: 4,
        section: 'Pitch Standing',
      });
      expect(standing.find((o) => o.type === 'hold.placed')).toMatchObject({ total: 4 * 6500, quantity: 4 });
      const train = await runtime.dispatch(DEMO_IDS.trainShow, {
        type: 'HOLD',
        holdId: 'seed-train',
        userId,
        seats: ['1A-1'],
      });
      expect(train.find((o) => o.type === 'hold.placed')).toMatchObject({ total: 8900, seats: ['1A-1'] });
    } finally {
      await runtime.stop();
    }
  });
});

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}
