import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, seedDemo } from '../../src/db/seed/demo.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.tdb.db, { now: new Date() });
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string) => t.call('GET', path);
const eventIds = (body: { items: { eventId: string }[] }) => body.items.map((i) => i.eventId);

describe('browsing from a city to a seat map', () => {
  it('cities -> what is on there -> a film with its venues and show times -> the seat map', async () => {
    const cities = await get('/api/cities');
    expect(cities.status).toBe(200);
    expect(cities.body.map((c: { cityId: string }) => c.cityId)).toEqual(['berlin', 'london', 'mumbai', 'paris']);

    const onInBerlin = await get('/api/events?city=berlin&category=movie');
    expect(onInBerlin.status).toBe(200);
    expect(onInBerlin.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(eventIds(onInBerlin.body)).toContain('the-last-orbit');
    expect(onInBerlin.body.items.every((i: { category: string }) => i.category === 'movie')).toBe(true);

    const film = await get('/api/events/the-last-orbit?city=berlin');
    expect(film.status).toBe(200);
    expect(film.body).toMatchObject({ eventId: 'the-last-orbit', title: 'The Last Orbit', category: 'movie' });
    expect(film.body.shows.length).toBeGreaterThan(0);
    expect(film.body.shows.every((s: { city: { cityId: string } }) => s.city.cityId === 'berlin')).toBe(true);
    const times = film.body.shows.map((s: { startsAt: string }) => s.startsAt);
    expect(times).toEqual([...times].sort());
    const show = film.body.shows.find((s: { showId: string }) => s.showId === DEMO_IDS.movieShow);
    expect(show).toMatchObject({ venue: { name: 'Kino Lichtburg' }, availableSeats: show.capacity });

    const venues = await get('/api/venues?city=berlin');
    expect(venues.status).toBe(200);
    const kino = venues.body.find((v: { name: string }) => v.name === 'Kino Lichtburg');
    expect(kino.halls).toHaveLength(2);
    const venue = await get(`/api/venues/${kino.venueId}`);
    expect(venue.status).toBe(200);
    const hallShows = venue.body.halls.flatMap((h: { shows: { showId: string }[] }) => h.shows.map((s) => s.showId));
    expect(hallShows).toContain(DEMO_IDS.movieShow);

    const seats = await get(`/api/shows/${DEMO_IDS.movieShow}/seats`);
    expect(seats.status).toBe(200);
    expect(seats.body.seats).toHaveLength(show.capacity);
  });
});

describe('GET /api/events', () => {
  it('finds Beethoven from "beeth", first', async () => {
    const res = await get('/api/events?q=beeth');
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      eventId: 'classic-night',
      cities: [{ cityId: 'berlin', name: 'Berlin' }],
      availableSeats: 100,
    });
  });

  it('filters by date range (days or instants) and keeps nextShowAt inside it', async () => {
    const all = await get('/api/events?pageSize=100');
    const classic = all.body.items.find((i: { eventId: string }) => i.eventId === 'classic-night');
    const day = classic.nextShowAt.slice(0, 10);
    const onThatDay = await get(`/api/events?from=${day}&to=${day}`);
    expect(onThatDay.status).toBe(200);
    expect(eventIds(onThatDay.body)).toContain('classic-night');
    for (const item of onThatDay.body.items) expect(item.nextShowAt.slice(0, 10)).toBe(day);
    const after = await get(
      `/api/events?from=${encodeURIComponent(new Date(Date.parse(classic.nextShowAt) + 1).toISOString())}`,
    );
    expect(eventIds(after.body)).not.toContain('classic-night');
  });

  it('sorts by name and pages with a total', async () => {
    const first = await get('/api/events?sort=name&pageSize=6');
    const second = await get('/api/events?sort=name&pageSize=6&page=2');
    const third = await get('/api/events?sort=name&pageSize=6&page=3');
    expect([first.body.total, second.body.total, third.body.total]).toEqual([15, 15, 15]);
    expect([first, second, third].map((r) => r.body.items.length)).toEqual([6, 6, 3]);
    const titles = [first, second, third].flatMap((r) =>
      r.body.items.map((i: { title: string }) => i.title.toLowerCase()),
    );
    expect(titles).toEqual([...titles].sort());
    const beyond = await get('/api/events?pageSize=6&page=4');
    expect(beyond.body).toMatchObject({ items: [], page: 4, pageSize: 6, total: 15 });
  });

  it('shows a hold placed through the API in availableSeats, and a booking in popularity', async () => {
    const { token } = await t.register('Ada');
    const hold = await t.call('POST', `/api/shows/${DEMO_IDS.classicConcertShow}/holds`, {
      token,
      body: { quantity: 2 },
    });
    expect(hold.status).toBe(201);
    const listed = await get('/api/events?q=beethoven');
    expect(listed.body.items[0]).toMatchObject({ eventId: 'classic-night', availableSeats: 98, bookedSeats: 0 });
    // The hold took the two best seats: premium, from what the show published, with no call to its actor.
    const listedShow = listed.body.items[0].shows.find(
      (s: { showId: string }) => s.showId === DEMO_IDS.classicConcertShow,
    );
    expect(listedShow.categories).toEqual([
      expect.objectContaining({ category: 'premium', capacity: 30, available: 28, status: 'available' }),
      expect.objectContaining({ category: 'regular', capacity: 70, available: 70, status: 'available' }),
    ]);
    const details = await get('/api/events/classic-night');
    expect(details.body).toMatchObject({
      availableSeats: 98,
      shows: [{ showId: DEMO_IDS.classicConcertShow, availableSeats: 98, state: 'onSale.available' }],
    });

    const confirmed = await t.call(
      'POST',
      `/api/shows/${DEMO_IDS.classicConcertShow}/holds/${hold.body.holdId}/confirm`,
      { token, body: { payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } } },
    );
    expect(confirmed.status).toBe(201);
    const popular = await get('/api/events?sort=popularity&pageSize=1');
    expect(popular.body.items[0]).toMatchObject({ eventId: 'classic-night', bookedSeats: 2, availableSeats: 98 });
  });

  it('refuses bad parameters with a validation problem', async () => {
    for (const query of [
      'pageSize=101',
      'pageSize=0',
      'pageSize=ten',
      'page=0',
      'category=opera',
      'sort=loudest',
      'order=sideways',
      'from=tomorrow',
      'to=2030-02-30T25:00:00Z',
      'from=2030-01-02&to=2030-01-01',
      'sort=relevance',
      `q=${'x'.repeat(201)}`,
      'sort=name,loudest',
      'sort=asc',
      'sort=name,name',
      'sort=name,date,rating,popularity',
      'sort=distance',
      'sort=distance,asc&q=x',
      'near=52.5',
      'near=91,13',
      'near=52.5,181',
      'near=north,east',
      'radiusKm=5',
      'near=52.5,13.4&radiusKm=0',
      'near=52.5,13.4&radiusKm=-3',
      'resultPerPage=31',
      'resultPerPage=0',
      'pageSize=20&resultPerPage=10',
      'postalCode=10%25',
      `postalCode=${'1'.repeat(21)}`,
    ]) {
      const res = await get(`/api/events?${query}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe("the seed's search parameters", () => {
  it('finds what is near a place within a radius, nearest first, each with its distance', async () => {
    // Berlin Hauptbahnhof: the Philharmonie is about 1.8 km away, Kreuzberg's Kino Lichtburg about 4.6 km.
    const near = await get('/api/events?near=52.5251,13.3694&radiusKm=3&sort=distance,asc');
    expect(near.status).toBe(200);
    expect(near.body.items.length).toBeGreaterThan(0);
    const distances = near.body.items.map((i: { distanceKm: number }) => i.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(3);
    expect(eventIds(near.body)).toContain('ice-berlin-munich');
    expect(eventIds(near.body)).not.toContain('the-last-orbit');
    const wider = await get('/api/events?near=52.5251,13.3694&radiusKm=6&sort=distance,desc');
    expect(eventIds(wider.body)).toContain('the-last-orbit');
    const far = wider.body.items.map((i: { distanceKm: number }) => i.distanceKm);
    expect(far).toEqual([...far].sort((a, b) => b - a));
    const without = await get('/api/events?city=berlin');
    expect(without.body.items.every((i: { distanceKm: null }) => i.distanceKm === null)).toBe(true);
  });

  it('filters by postal code, exact or a prefix, whatever the spacing and case', async () => {
    const exact = await get('/api/events?postalCode=10999');
    // Kino Lichtburg (10999) screens the film; the Philharmonie (10785) plays classic-night.
    expect(eventIds(exact.body)).toContain('the-last-orbit');
    expect(eventIds(exact.body)).not.toContain('classic-night');
    expect(eventIds((await get('/api/events?postalCode=10')).body)).toEqual(
      expect.arrayContaining(['the-last-orbit', 'classic-night']),
    );
    const london = eventIds((await get('/api/events?postalCode=se1')).body);
    const spaced = eventIds((await get('/api/events?postalCode=SE1%208XX')).body);
    expect(spaced.length).toBeGreaterThan(0);
    expect(london).toEqual(expect.arrayContaining(spaced));
    expect(london.length).toBeGreaterThan(spaced.length);
    expect((await get('/api/events?postalCode=99')).body.total).toBe(0);
  });

  it('spell-checks q on request and says what was probably meant', async () => {
    const plain = await get('/api/events?q=Beethovn');
    expect(plain.body).toMatchObject({ items: [], total: 0, didYouMean: null });
    const checked = await get('/api/events?q=Beethovn&spellCheck=true');
    expect(eventIds(checked.body)).toEqual(['classic-night']);
    expect(checked.body.didYouMean).toBe('beethoven');
    expect((await get('/api/events?q=Beethovn&spellCheck=yes')).status).toBe(400);
  });

  it('takes resultPerPage (at most 30) for pageSize', async () => {
    const res = await get('/api/events?resultPerPage=2&sort=name,asc');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(res.body.items).toHaveLength(2);
    expect(res.body.total).toBeGreaterThan(2);
  });

  it('sorts by two keys in one direction, or each key its own', async () => {
    const byDateName = (await get('/api/events?sort=date,name,desc&resultPerPage=30')).body.items;
    const next = byDateName.map((i: { nextShowAt: string }) => i.nextShowAt);
    expect(next).toEqual([...next].sort().reverse());
    const byName = (await get('/api/events?sort=name,desc,date,asc&resultPerPage=30')).body.items;
    const titles = byName.map((i: { title: string }) => i.title.toLowerCase());
    expect(titles).toEqual([...titles].sort().reverse());
  });
});

describe('ALMOST_FULL_PERCENT', () => {
  it('sets when a category counts as almost full', async () => {
    const generous = await startTestApp({ ALMOST_FULL_PERCENT: '100' });
    try {
      await seedDemo(generous.tdb.db, { now: new Date() });
      const res = await generous.call('GET', '/api/events?q=beethoven');
      const statuses = res.body.items[0].shows.flatMap((s: { categories: { status: string }[] }) =>
        s.categories.map((c) => c.status),
      );
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['almost_full']));
    } finally {
      await generous.close();
    }
    const plain = await get('/api/events?q=beethoven');
    expect(plain.body.items[0].shows[0].categories[0].status).not.toBe('almost_full');
  });
});

describe('not found and bad ids', () => {
  it('answers 404 not_found for unknown events and venues, 400 for malformed ids', async () => {
    for (const path of ['/api/events/no-such-event', '/api/venues/no-such-venue']) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
    const res = await get(`/api/events/${'x'.repeat(101)}`);
    expect(res.status).toBe(400);
  });

  it('answers an unknown city with empty lists, not an error', async () => {
    expect((await get('/api/events?city=atlantis')).body).toMatchObject({ items: [], total: 0 });
    expect((await get('/api/venues?city=atlantis')).body).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('documents the catalog routes with their query parameters', async () => {
    const doc = (await get('/openapi.json')).body;
    for (const p of ['/api/cities', '/api/events', '/api/events/{eventId}', '/api/venues', '/api/venues/{venueId}']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const params = doc.paths['/api/events'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'city',
        'category',
        'q',
        'from',
        'to',
        'sort',
        'order',
        'page',
        'pageSize',
        'near',
        'radiusKm',
        'postalCode',
        'resultPerPage',
      ]),
    );
  });
});
