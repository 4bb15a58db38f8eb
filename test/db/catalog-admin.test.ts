import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { createEvent, createShow, createVenue, getShowDetails } from '../../src/db/queries/catalog.js';
import { removeEvent, removeShow, removeVenue } from '../../src/db/queries/catalog-admin.js';
import { getEventDetails, getVenueDetails, listCities, listVenues, searchEvents } from '../../src/db/queries/catalog-search.js';
import { getShowFacts } from '../../src/db/queries/show-facts.js';
import type { HallLayout } from '../../src/db/schema/index.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const layout: HallLayout = {
  sections: [{ name: 'Floor', kind: 'general', capacity: 100, category: 'standing' }],
};
const now = () => new Date();
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

/** A city with one venue and one event showing there twice; the show rows are live (no actor has run). */
async function catalog(city: string, title: string) {
  const { venueId, halls } = await createVenue(tdb.db, { name: `${city} Arena`, city, halls: [{ name: 'Main', layout }] });
  const { eventId } = await createEvent(tdb.db, { title, category: 'concert' });
  const show = (days: number) =>
    createShow(tdb.db, {
      eventId,
      hallId: halls[0]!.hallId,
      startsAt: inDays(days),
      prices: { standing: { amount: 1000, currency: 'EUR' } },
    }).then((s) => s.showId);
  return { venueId, eventId, first: await show(2), second: await show(4) };
}

const found = async (q: string) =>
  (await searchEvents(tdb.db, { now: now(), q, page: 1, pageSize: 20 })).items.map((i) => i.eventId);

describe('removed catalog rows', () => {
  it('a removed show leaves its event’s listing, the show lookups and the assistant’s facts', async () => {
    const c = await catalog('Aschersleben', 'Marimba Marathon');
    expect(await removeShow(tdb.db, c.first, now())).toBe(true);
    expect(await removeShow(tdb.db, c.first, now())).toBe(false);
    const event = await getEventDetails(tdb.db, c.eventId, { now: now() });
    expect(event!.shows.map((s) => s.showId)).toEqual([c.second]);
    expect(await getShowDetails(tdb.db, c.first)).toBeNull();
    expect(await getShowDetails(tdb.db, c.second)).not.toBeNull();
    expect((await getShowFacts(tdb.db, [c.first, c.second])).map((f) => f.showId)).toEqual([c.second]);
    const result = await searchEvents(tdb.db, { now: now(), q: 'marimba', page: 1, pageSize: 20 });
    expect(result.items.map((i) => [i.eventId, i.showCount])).toEqual([[c.eventId, 1]]);
  });

  it('a removed event leaves search, its details and its shows, even with shows still selling', async () => {
    const c = await catalog('Blankenburg', 'Ocarina Odyssey');
    expect(await found('ocarina')).toEqual([c.eventId]);
    expect(await removeEvent(tdb.db, c.eventId, now())).toBe(true);
    expect(await found('ocarina')).toEqual([]);
    expect(await getEventDetails(tdb.db, c.eventId, { now: now() })).toBeNull();
    expect(await getShowDetails(tdb.db, c.second)).toBeNull();
    const listed = await searchEvents(tdb.db, { now: now(), city: 'blankenburg', page: 1, pageSize: 20 });
    expect(listed.total).toBe(0);
  });

  it('a removed venue leaves the venue and city listings and takes its shows out of the catalog', async () => {
    const c = await catalog('Oschersleben', 'Theremin Thursday');
    expect(await removeVenue(tdb.db, c.venueId, now())).toEqual({
      ok: false,
      code: 'venue_in_use',
      showIds: [c.first, c.second],
    });
    // Removed shows no longer hold a venue; nothing here has been cancelled or removed through an actor.
    await removeShow(tdb.db, c.first, now());
    await removeShow(tdb.db, c.second, now());
    expect(await removeVenue(tdb.db, c.venueId, now())).toEqual({ ok: true });

    expect((await listVenues(tdb.db, { now: now(), city: 'oschersleben' })).map((v) => v.venueId)).toEqual([]);
    expect(await getVenueDetails(tdb.db, c.venueId, { now: now() })).toBeNull();
    expect((await listCities(tdb.db)).map((x) => x.cityId)).not.toContain('oschersleben');
    expect(await found('theremin')).toEqual([]);
  });

  it('a show whose venue was removed directly leaves search while its event stays', async () => {
    const c = await catalog('Halle', 'Kazoo Kermis');
    // Straight to the row: the rule in removeVenue is tested above, the listing filters here.
    await tdb.db.execute(sql`update venues set deleted_at = now() where id = ${c.venueId}`);
    expect(await found('kazoo')).toEqual([]);
    expect(await getShowDetails(tdb.db, c.first)).toBeNull();
    expect((await getEventDetails(tdb.db, c.eventId, { now: now() }))!.shows).toEqual([]);
  });
});
