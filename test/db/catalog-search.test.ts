import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  foldSearchText,
  getEventDetails,
  getVenueDetails,
  listCities,
  listVenues,
  searchEvents,
  searchTerms,
  seatStatus,
  type EventPage,
  type EventSearch,
} from '../../src/db/queries/catalog-search.js';
import {
  eventSearchDocument,
  eventSpellingText,
  events,
  SEARCH_FOLD_FROM,
  SEARCH_FOLD_TO,
  searchVector,
  venues,
} from '../../src/db/schema/index.js';
import { DEMO_IDS, seedDemo } from '../../src/db/seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const DAY_MS = 86_400_000;
const now = new Date('2030-03-10T22:30:00Z');

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemo(tdb.db, { now });
});
afterAll(async () => {
  await tdb?.close();
});
afterEach(async () => {
  await tdb.sql`delete from show_stats`;
});

const search = (params: Partial<EventSearch> = {}) => searchEvents(tdb.db, { now, page: 1, pageSize: 100, ...params });
const ids = async (params: Partial<EventSearch> = {}) => (await search(params)).items.map((i) => i.eventId);

/** What a show's actor would publish after a write. */
async function publishStats(showId: string, stats: { state?: string; available: number; booked: number }) {
  await tdb.sql`insert into show_stats (show_id, state, capacity, available, held, booked, waitlist_length, categories)
    values (${showId}, ${stats.state ?? 'onSale.available'}, ${stats.available + stats.booked}, ${stats.available}, 0,
      ${stats.booked}, 0, '[]'::jsonb)`;
}

describe('search terms', () => {
  it('splits words, lower-cases them, drops single letters beside longer words and caps the count', () => {
    expect(searchTerms("Beethoven's  SEPTET!")).toEqual(['beethoven', 'septet']);
    expect(searchTerms('a')).toEqual(['a']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms("'; drop table events; --")).toEqual(['drop', 'table', 'events']);
    expect(searchTerms('one two three four five six seven eight nine ten')).toHaveLength(8);
  });

  it('folds accents the way the index does', async () => {
    expect([...SEARCH_FOLD_FROM]).toHaveLength([...SEARCH_FOLD_TO].length);
    for (const [i, ch] of [...SEARCH_FOLD_FROM].entries()) {
      const plain = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      expect(`${ch}:${SEARCH_FOLD_TO[i]}`).toBe(`${ch}:${plain === 'ø' ? 'o' : plain === 'ł' ? 'l' : plain}`);
    }
    expect(foldSearchText('Molière MÜNCHEN')).toBe('moliere munchen');
    const [row] = await tdb.db.execute<{ folded: string }>(
      sql`select translate(lower(${'Molière MÜNCHEN Łódź'}), ${SEARCH_FOLD_FROM}, ${SEARCH_FOLD_TO}) as folded`,
    );
    expect(row!.folded).toBe(foldSearchText('Molière MÜNCHEN Łódź'));
  });
});

describe('search indexes', () => {
  async function plan(query: ReturnType<typeof sql>): Promise<string> {
    return tdb.db.transaction(async (tx) => {
      // On a catalog this small a sequential scan is cheaper; forbid it to see that the index fits.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<Record<string, string>>(sql`explain ${query}`);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
  }

  it('answers event text matches from the GIN index on the event document', async () => {
    const text = await plan(
      sql`select ${events.id} from ${events} where ${eventSearchDocument(events)} @@ to_tsquery('simple', 'beeth:*')`,
    );
    expect(text).toContain('events_search_idx');
  });

  it('answers venue name matches from the GIN index on venue names', async () => {
    const text = await plan(
      sql`select ${venues.id} from ${venues} where ${searchVector(venues.name)} @@ to_tsquery('simple', 'licht:*')`,
    );
    expect(text).toContain('venues_search_idx');
  });

  it('answers spelling look-alikes from the trigram index on titles, performers and genres', async () => {
    const text = await plan(
      sql`select ${events.id} from ${events} where ${'beethovn'} <% ${eventSpellingText(events)}`,
    );
    expect(text).toContain('events_spelling_idx');
  });
});

describe('availability per category', () => {
  const categoriesOf = async (params: Partial<EventSearch> = {}) => {
    const page = await search({ q: 'beethoven', ...params });
    const show = page.items[0]!.shows.find((s) => s.showId === DEMO_IDS.classicConcertShow)!;
    return Object.fromEntries(show.categories.map((c) => [c.category, c]));
  };
  async function publishCategories(state: string, premium: number, regular: number) {
    const categories = [
      { category: 'premium', price: 1, available: premium },
      { category: 'regular', price: 1, available: regular },
    ];
    await tdb.sql`insert into show_stats (show_id, state, capacity, available, held, booked, waitlist_length, categories)
      values (${DEMO_IDS.classicConcertShow}, ${state}, 100, ${premium + regular}, 0, ${100 - premium - regular}, 0,
        ${JSON.stringify(categories)}::jsonb)`;
  }

  it('gives each listed show its categories, prices and capacities, all available before the actor ran', async () => {
    const categories = await categoriesOf();
    expect(categories.premium).toMatchObject({ capacity: 30, available: 30, status: 'available' });
    expect(categories.regular).toMatchObject({ capacity: 70, available: 70, status: 'available' });
    expect(categories.premium!.price.amount).toBeGreaterThan(categories.regular!.price.amount);
    expect(categories.premium!.price.currency).toBe('EUR');
  });

  it('reads the published counts: at most 10 % left is almost full, none is full', async () => {
    await publishCategories('onSale.available', 3, 0);
    let categories = await categoriesOf();
    expect(categories.premium).toMatchObject({ available: 3, status: 'almost_full' });
    expect(categories.regular).toMatchObject({ available: 0, status: 'full' });
    await tdb.sql`delete from show_stats`;
    await publishCategories('onSale.available', 4, 8);
    categories = await categoriesOf();
    expect(categories.premium).toMatchObject({ available: 4, status: 'available' });
    expect(categories.regular).toMatchObject({ available: 8, status: 'available' });
    categories = await categoriesOf({ almostFullPercent: 15 });
    expect(categories.premium!.status).toBe('almost_full');
    expect(categories.regular!.status).toBe('almost_full');
  });

  it('counts nothing left once sales closed', async () => {
    await publishCategories('salesClosed', 20, 50);
    const categories = await categoriesOf();
    expect(categories.premium).toMatchObject({ available: 0, status: 'full' });
  });

  it('lists at most the soonest ten shows of an event, and counts them all', async () => {
    const busiest = (await search({ sort: [{ key: 'date' }] })).items.reduce((a, b) =>
      b.showCount > a.showCount ? b : a,
    );
    expect(busiest.shows).toHaveLength(Math.min(10, busiest.showCount));
    const starts = busiest.shows.map((s) => s.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(starts[0]).toBe(busiest.nextShowAt);
  });

  it('decides the status from what is left against the capacity', () => {
    expect(seatStatus(0, 100, 10)).toBe('full');
    expect(seatStatus(10, 100, 10)).toBe('almost_full');
    expect(seatStatus(11, 100, 10)).toBe('available');
    expect(seatStatus(1, 100, 0)).toBe('available');
    expect(seatStatus(5, 0, 10)).toBe('full');
  });
});

describe('spell-checked search', () => {
  it('finds Beethoven from "Beethovn" only when asked, and suggests the spelling', async () => {
    expect(await search({ q: 'Beethovn' })).toEqual({ items: [], total: 0, didYouMean: null });
    const checked = await search({ q: 'Beethovn', spellCheck: true });
    expect(checked.items.map((i) => i.eventId)).toEqual(['classic-night']);
    expect(checked.didYouMean).toBe('beethoven');
    const twoWords = await search({ q: 'Beethovn brahms', spellCheck: true });
    expect(twoWords.items.map((i) => i.eventId)).toEqual(['classic-night']);
    expect(twoWords.didYouMean).toBe('beethoven brahms');
  });

  it('ranks exact matches above look-alikes and suggests nothing for words the catalog has', async () => {
    const exact = await search({ q: 'Beethoven', spellCheck: true });
    expect(exact.items[0]?.eventId).toBe('classic-night');
    expect(exact.didYouMean).toBeNull();
    expect(await search({ q: 'qwxz', spellCheck: true })).toMatchObject({ items: [], didYouMean: null });
  });
});

describe('full-text search', () => {
  it('finds Beethoven from a prefix, first', async () => {
    const page = await search({ q: 'beeth' });
    expect(page.items[0]?.eventId).toBe('classic-night');
    expect(page.items[0]?.relevance).toBeGreaterThan(0);
  });

  it('ranks a title or performer match above a match on the venue name alone', async () => {
    // "Philharmonie Orchestra" performs Symphony of the Sea; Classic Night only plays at Philharmonie am Park.
    expect(await ids({ q: 'philharmonie' })).toEqual(['symphony-of-the-sea', 'classic-night']);
    const ranked = await search({ q: 'sea' });
    expect(ranked.items[0]?.eventId).toBe('symphony-of-the-sea');
  });

  it('matches stems, accents and words across fields, and needs every word', async () => {
    expect(await ids({ q: 'symphonies' })).toEqual(['symphony-of-the-sea']);
    expect(await ids({ q: 'moliere' })).toEqual(['le-malade-imaginaire']);
    expect(await ids({ q: 'München' })).toEqual(['ice-berlin-munich']);
    expect(await ids({ q: 'Kammerensemble' })).toEqual(['classic-night']);
    expect(await ids({ q: 'orbit lichtburg' })).toEqual(['the-last-orbit']);
    expect(await ids({ q: 'beethoven jazz' })).toEqual([]);
    expect(await ids({ q: 'qwxz' })).toEqual([]);
  });

  it('matches a venue only through the shows that passed the other filters', async () => {
    expect(await ids({ q: 'lichtburg', city: 'berlin' })).toContain('the-last-orbit');
    expect(await ids({ q: 'lichtburg', city: 'london' })).toEqual([]);
  });

  it('sorts by relevance with q unless told otherwise', async () => {
    const byRank = await search({ q: 'the' });
    const ranks = byRank.items.map((i) => i.relevance!);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const byName = await search({ q: 'the', sort: 'name' });
    const names = byName.items.map((i) => i.title.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(byName.total).toBe(byRank.total);
  });
});

describe('filters', () => {
  it('lists every seeded event, soonest next show first', async () => {
    const page = await search();
    expect(page.total).toBe(15);
    const next = page.items.map((i) => Date.parse(i.nextShowAt!));
    expect(next).toEqual([...next].sort((a, b) => a - b));
    expect(page.items.every((i) => i.relevance === null)).toBe(true);
  });

  it('by city', async () => {
    const paris = await search({ city: 'paris' });
    expect(paris.items.map((i) => i.eventId).sort()).toEqual([
      'le-dernier-tramway',
      'le-malade-imaginaire',
      'the-last-orbit',
    ]);
    expect(paris.items.every((i) => i.cities.length === 1 && i.cities[0]!.cityId === 'paris')).toBe(true);
    expect(await ids({ city: 'atlantis' })).toEqual([]);
  });

  it('by category', async () => {
    expect((await ids({ category: 'train' })).sort()).toEqual(['deccan-queen-mumbai-pune', 'ice-berlin-munich']);
    expect(await ids({ category: 'other' })).toEqual([]);
  });

  it('by date range: only shows starting within it count', async () => {
    const day13 = new Date(now.getTime() + 13 * DAY_MS);
    const late = await search({ from: day13 });
    // Only the classic concert and the second Aurora Skies date lie that far out.
    expect(late.items.map((i) => i.eventId).sort()).toEqual(['aurora-skies-live', 'classic-night']);
    const aurora = late.items.find((i) => i.eventId === 'aurora-skies-live')!;
    expect(aurora.showCount).toBe(1);

    const firstDay = await search({ to: new Date(now.getTime() + 2 * DAY_MS) });
    expect(firstDay.items.map((i) => i.eventId)).not.toContain('classic-night');
    expect(firstDay.items.every((i) => Date.parse(i.nextShowAt!) <= now.getTime() + 2 * DAY_MS)).toBe(true);
  });

  it('counts only shows still to come', async () => {
    const train = (page: EventPage) => page.items.find((i) => i.eventId === 'ice-berlin-munich')!;
    const before = train(await search({ category: 'train' }));
    const later = new Date(now.getTime() + 3 * DAY_MS);
    const after = train(await searchEvents(tdb.db, { now: later, page: 1, pageSize: 100, category: 'train' }));
    expect(before.showCount).toBe(7);
    expect(after.showCount).toBeLessThan(7);
    expect(Date.parse(after.nextShowAt!)).toBeGreaterThan(later.getTime());
    expect(after.availableSeats).toBeLessThan(before.availableSeats);
  });
});

describe('availability from show_stats', () => {
  it('uses the hall capacity until a show publishes, then its published count; cancelled shows drop out', async () => {
    expect((await search({ q: 'beeth' })).items[0]).toMatchObject({ availableSeats: 100, bookedSeats: 0 });

    await publishStats(DEMO_IDS.classicConcertShow, { available: 37, booked: 63 });
    expect((await search({ q: 'beeth' })).items[0]).toMatchObject({ availableSeats: 37, bookedSeats: 63 });
    const details = await getEventDetails(tdb.db, 'classic-night', { now });
    expect(details).toMatchObject({ availableSeats: 37, shows: [{ showId: 'concert_2025', availableSeats: 37 }] });

    await tdb.sql`update show_stats set state = 'cancelled' where show_id = ${DEMO_IDS.classicConcertShow}`;
    expect(await ids({ q: 'beeth' })).toEqual([]);
    const cancelled = await getEventDetails(tdb.db, 'classic-night', { now });
    expect(cancelled).toMatchObject({ nextShowAt: null, availableSeats: 0, shows: [{ state: 'cancelled' }] });
  });
});

describe('sorting and paging', () => {
  it('sorts by popularity (seats booked over the listed shows)', async () => {
    await publishStats(DEMO_IDS.classicConcertShow, { available: 10, booked: 90 });
    await publishStats(DEMO_IDS.trainShow, { available: 100, booked: 40 });
    const popular = await ids({ sort: 'popularity' });
    expect(popular.slice(0, 2)).toEqual(['classic-night', 'ice-berlin-munich']);
    expect((await ids({ sort: 'popularity', order: 'asc' })).slice(-2)).toEqual(['ice-berlin-munich', 'classic-night']);
  });

  it('sorts by name both ways and by rating label, unrated last', async () => {
    const names = (await search({ sort: 'name' })).items.map((i) => i.title.toLowerCase());
    expect(names).toEqual([...names].sort());
    const reversed = (await search({ sort: 'name', order: 'desc' })).items.map((i) => i.title.toLowerCase());
    expect(reversed).toEqual([...names].reverse());
    const rated = (await search({ sort: 'rating' })).items.map((i) => i.rating);
    const firstUnrated = rated.indexOf(null);
    expect(firstUnrated).toBeGreaterThan(0);
    expect(rated.slice(firstUnrated).every((r) => r === null)).toBe(true);
  });

  it('pages through the same order with a stable total', async () => {
    const all = await ids({ sort: 'date' });
    const pages = await Promise.all([1, 2, 3, 4].map((page) => search({ sort: 'date', page, pageSize: 4 })));
    expect(pages.map((p) => p.total)).toEqual([15, 15, 15, 15]);
    expect(pages.flatMap((p) => p.items.map((i) => i.eventId))).toEqual(all);
    expect((await search({ page: 5, pageSize: 4 })).items).toEqual([]);
    expect((await search({ page: 5, pageSize: 4 })).total).toBe(15);
  });
});

describe('cities and venues', () => {
  it('lists cities by name', async () => {
    expect(await listCities(tdb.db)).toEqual([
      { cityId: 'berlin', name: 'Berlin' },
      { cityId: 'london', name: 'London' },
      { cityId: 'mumbai', name: 'Mumbai' },
      { cityId: 'paris', name: 'Paris' },
    ]);
  });

  it('lists the venues of a city with halls, and a venue with its halls, sections and shows', async () => {
    const berlin = await listVenues(tdb.db, { now, city: 'berlin' });
    expect(berlin.every((v) => v.city.cityId === 'berlin')).toBe(true);
    const kino = berlin.find((v) => v.name === 'Kino Lichtburg')!;
    expect(kino.halls.map((h) => h.name)).toEqual(['Saal 1', 'Saal 2']);
    expect(kino.upcomingShows).toBe(16);

    const venue = (await getVenueDetails(tdb.db, kino.venueId, { now }))!;
    expect(venue.halls.map((h) => [h.name, h.seating, h.shows.length])).toEqual([
      ['Saal 1', 'reserved', 8],
      ['Saal 2', 'reserved', 8],
    ]);
    const shows = venue.halls[0]!.shows;
    expect(shows.map((s) => s.startsAt)).toEqual([...shows.map((s) => s.startsAt)].sort());
    expect(shows.map((s) => s.showId)).toContain(DEMO_IDS.movieShow);

    const oneDay = await getVenueDetails(tdb.db, kino.venueId, {
      now,
      from: new Date(now.getTime()),
      to: new Date(now.getTime() + DAY_MS + 2 * 3_600_000),
    });
    expect(oneDay!.halls.flatMap((h) => h.shows)).toHaveLength(4);
    expect(await getVenueDetails(tdb.db, 'no-such-venue', { now })).toBeNull();
  });
});
