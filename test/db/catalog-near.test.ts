import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postalKeySql } from '../../src/db/schema/index.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import {
  boundingBoxSql,
  EARTH_RADIUS_KM,
  parseSort,
  postalPrefix,
  searchEvents,
  type EventSearch,
} from '../../src/db/queries/catalog-search.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const now = new Date('2030-03-10T12:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const layout = { sections: [{ name: 'Floor', kind: 'general' as const, capacity: 10, category: 'standing' }] };
const centre = { latitude: 52, longitude: 13 };
const DEG = 180 / Math.PI;

/** The point `km` due north of the centre (a meridian is a great circle: the distance is exact). */
const north = (km: number) => ({
  latitude: centre.latitude + (km / EARTH_RADIUS_KM) * DEG,
  longitude: centre.longitude,
});
/** The point on the centre's parallel whose great-circle distance from it is `km`. */
function east(km: number) {
  const phi = centre.latitude / DEG;
  const dLng = 2 * Math.asin(Math.sin(km / (2 * EARTH_RADIUS_KM)) / Math.cos(phi));
  return { latitude: centre.latitude, longitude: centre.longitude + dLng * DEG };
}

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  const place = async (
    title: string,
    postalCode: string,
    location: { latitude: number; longitude: number } | null,
    startsIn: number,
  ) => {
    const { halls } = await createVenue(tdb.db, {
      name: `${title} Hall`,
      city: 'Testburg',
      postalCode,
      location,
      halls: [{ name: 'Main', layout }],
    });
    const { eventId } = await createEvent(tdb.db, { id: title.toLowerCase(), title, category: 'concert' });
    await createShow(tdb.db, {
      eventId,
      hallId: halls[0]!.hallId,
      startsAt: at(startsIn),
      prices: { standing: { amount: 1000, currency: 'EUR' } },
    });
  };
  await place('Inside', '10115', north(4.999), 48);
  await place('Outside', '10117', north(5.001), 48);
  await place('Eastern', 'SE1 9JE', east(3), 24);
  await place('Nowhere', 'SE10 0XX', null, 12);
  await place('Dateline', '96799', { latitude: 0, longitude: -179.99 }, 72);
});
afterAll(async () => {
  await tdb?.close();
});

const search = (params: Partial<EventSearch>) => searchEvents(tdb.db, { now, page: 1, pageSize: 30, ...params });
const ids = async (params: Partial<EventSearch>) => (await search(params)).items.map((i) => i.eventId);

describe('near a place', () => {
  it('keeps a venue just inside the radius and drops one just outside, each result with its distance', async () => {
    const found = await search({ near: centre, radiusKm: 5, sort: [{ key: 'distance' }] });
    expect(found.items.map((i) => [i.eventId, i.distanceKm])).toEqual([
      ['eastern', 3],
      ['inside', 4.999],
    ]);
    expect(await ids({ near: centre, radiusKm: 5.002, sort: [{ key: 'distance' }] })).toEqual([
      'eastern',
      'inside',
      'outside',
    ]);
    expect(await ids({ near: centre, radiusKm: 2.999 })).toEqual([]);
  });

  it('without a radius lists every venue that has coordinates, nearest or farthest first', async () => {
    const nearest = await search({ near: centre, sort: [{ key: 'distance', order: 'asc' }] });
    expect(nearest.items.map((i) => i.eventId)).toEqual(['eastern', 'inside', 'outside', 'dateline']);
    expect(nearest.items[3]!.distanceKm).toBeGreaterThan(10_000);
    expect(await ids({ near: centre, sort: [{ key: 'distance', order: 'desc' }] })).toEqual([
      'dateline',
      'outside',
      'inside',
      'eastern',
    ]);
    const everywhere = await search({});
    expect(everywhere.items.map((i) => i.eventId)).toContain('nowhere');
    expect(everywhere.items.every((i) => i.distanceKm === null)).toBe(true);
  });

  it('finds a venue across the antimeridian', async () => {
    const found = await search({ near: { latitude: 0, longitude: 179.99 }, radiusKm: 5 });
    expect(found.items.map((i) => i.eventId)).toEqual(['dateline']);
    expect(found.items[0]!.distanceKm).toBeCloseTo(2.224, 2);
  });
});

describe('postal code', () => {
  it('matches exactly or as a prefix, ignoring spaces and case', async () => {
    expect(await ids({ postalCode: '10115' })).toEqual(['inside']);
    expect((await ids({ postalCode: '101' })).sort()).toEqual(['inside', 'outside']);
    expect(await ids({ postalCode: 'se1 9je' })).toEqual(['eastern']);
    expect((await ids({ postalCode: 'SE1' })).sort()).toEqual(['eastern', 'nowhere']);
    expect(await ids({ postalCode: '1_1' })).toEqual([]);
    expect(await ids({ postalCode: '%' })).toEqual([]);
  });
});

describe('sort vocabulary', () => {
  it('parses keys with directions that apply to the run of keys before them', () => {
    expect(parseSort('name,asc')).toEqual({ ok: true, terms: [{ key: 'name', order: 'asc' }] });
    expect(parseSort('date,desc')).toEqual({ ok: true, terms: [{ key: 'date', order: 'desc' }] });
    expect(parseSort('name,date,asc')).toEqual({
      ok: true,
      terms: [
        { key: 'name', order: 'asc' },
        { key: 'date', order: 'asc' },
      ],
    });
    expect(parseSort('name,asc,date,desc')).toEqual({
      ok: true,
      terms: [
        { key: 'name', order: 'asc' },
        { key: 'date', order: 'desc' },
      ],
    });
    expect(parseSort(' Distance ')).toEqual({ ok: true, terms: [{ key: 'distance' }] });
    for (const bad of ['asc', 'name,,asc', 'name,name', 'name,cost', 'name,date,rating,popularity']) {
      expect(parseSort(bad).ok, bad).toBe(false);
    }
  });

  it('breaks ties of the first key with the second, in either direction', async () => {
    // Inside and Outside start at the same time: the date ties and the name decides.
    expect(await ids({ postalCode: '101', sort: [{ key: 'date' }, { key: 'name', order: 'asc' }] })).toEqual([
      'inside',
      'outside',
    ]);
    expect(await ids({ postalCode: '101', sort: [{ key: 'date' }, { key: 'name', order: 'desc' }] })).toEqual([
      'outside',
      'inside',
    ]);
    expect(await ids({ sort: [{ key: 'date', order: 'desc' }] })).toEqual([
      'dateline',
      'inside',
      'outside',
      'eastern',
      'nowhere',
    ]);
    expect(await ids({ sort: [{ key: 'name', order: 'asc' }] })).toEqual([
      'dateline',
      'eastern',
      'inside',
      'nowhere',
      'outside',
    ]);
  });
});

describe('indexes', () => {
  async function plan(query: SQL): Promise<string> {
    return tdb.db.transaction(async (tx) => {
      // On a table this small a sequential scan is cheaper; forbid it to see that the index fits.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<Record<string, string>>(sql`explain ${query}`);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
  }

  it('ranges over the coordinate index for the bounding box and the postal-code index for a prefix', async () => {
    expect(await plan(sql`select v.id from venues v where ${boundingBoxSql(centre, 5)}`)).toContain(
      'venues_location_idx',
    );
    const prefix = `${postalPrefix('se1')}%`;
    expect(
      await plan(sql`select v.id from venues v where ${postalKeySql(sql`v.postal_code`)} like ${prefix}`),
    ).toContain('venues_postal_code_idx');
  });
});
