import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eur, newCustomerBooking } from './fixtures.js';
import { smallLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A venue in its own city with one hall, through the admin API. */
async function venue(city: string) {
  const res = await t.call('POST', '/api/admin/venues', {
    token: admin,
    body: { name: `${city} Hall`, city, address: '1 Main St', halls: [{ name: 'Main', layout: smallLayout }] },
  });
  expect(res.status).toBe(201);
  return { venueId: res.body.venueId as string, hallId: res.body.halls[0].hallId as string };
}

async function event(title: string) {
  const res = await t.call('POST', '/api/admin/events', { token: admin, body: { title, category: 'concert' } });
  expect(res.status).toBe(201);
  return res.body.eventId as string;
}

async function show(eventId: string, hallId: string, days = 5) {
  const res = await t.call('POST', '/api/admin/shows', {
    token: admin,
    body: { eventId, hallId, startsAt: inDays(days), prices: { premium: eur(3000), regular: eur(2000) } },
  });
  expect(res.status).toBe(201);
  return res.body.showId as string;
}

const searchIds = async (q: string) =>
  (await t.call('GET', `/api/events?q=${encodeURIComponent(q)}`)).body.items.map((e: { eventId: string }) => e.eventId);

describe('PATCH /api/admin/events/:eventId', () => {
  it('changes an event, which search then finds by its new title', async () => {
    const { hallId } = await venue('Quedlinburg');
    const eventId = await event('Zanzibar Nights');
    await show(eventId, hallId);
    const res = await t.call('PATCH', `/api/admin/events/${eventId}`, {
      token: admin,
      body: { title: 'Xylophone Summit', genre: 'percussion', durationMinutes: 95, details: { tour: 'Europe' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      eventId,
      title: 'Xylophone Summit',
      category: 'concert',
      genre: 'percussion',
      durationMinutes: 95,
      details: { tour: 'Europe' },
    });
    expect(await searchIds('xyloph')).toContain(eventId);
    expect(await searchIds('zanzibar')).not.toContain(eventId);
    const cleared = await t.call('PATCH', `/api/admin/events/${eventId}`, { token: admin, body: { genre: null } });
    expect(cleared.body.genre).toBeNull();

    const bad = await t.call('PATCH', `/api/admin/events/${eventId}`, { token: admin, body: { category: 'opera' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('category');
    expect((await t.call('PATCH', '/api/admin/events/nope', { token: admin, body: { title: 'x' } })).status).toBe(404);
    const audit = await t.call('GET', '/api/admin/audit?action=event.update', { token: admin });
    expect(audit.body.entries[0]).toMatchObject({ targetId: eventId, details: { changes: { genre: null } } });
  });
});

describe('DELETE /api/admin/events/:eventId', () => {
  it('removes empty shows, cancels and refunds booked ones, and takes the event out of the catalog', async () => {
    const { hallId } = await venue('Wernigerode');
    const eventId = await event('Quokka Parade');
    const empty = await show(eventId, hallId, 4);
    const sold = await show(eventId, hallId, 6);
    const customer = await newCustomerBooking(t, sold);
    expect(await searchIds('quokka')).toEqual([eventId]);

    const res = await t.call('DELETE', `/api/admin/events/${eventId}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ eventId, showsRemoved: 1, showsCancelled: 1 });

    expect(await searchIds('quokka')).toEqual([]);
    expect((await t.call('GET', `/api/events/${eventId}`)).status).toBe(404);
    expect((await t.call('GET', `/api/shows/${empty}`)).status).toBe(404);
    expect((await t.call('GET', `/api/shows/${sold}`)).status).toBe(404);
    const listed = await t.call('GET', '/api/events?city=wernigerode');
    expect(listed.body.items).toEqual([]);
    const booking = await t.call('GET', `/api/bookings/${customer.bookingId}`, { token: customer.token });
    expect(booking.status).toBe(200);
    expect(booking.body.status).toBe('cancelled');
    const mine = await t.call('GET', '/api/me/bookings', { token: customer.token });
    expect(mine.body.items.map((b: { bookingId: string }) => b.bookingId)).toEqual([customer.bookingId]);
    const assistant = await t.call('POST', '/api/assistant', { body: { message: `seats left for ${empty}` } });
    expect(JSON.stringify(assistant.body)).not.toContain('Quokka');

    expect((await t.call('DELETE', `/api/admin/events/${eventId}`, { token: admin })).status).toBe(404);
    const created = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: { eventId, hallId, startsAt: inDays(9), prices: { premium: eur(1), regular: eur(1) } },
    });
    expect(created.status).toBe(404);
  });
});

describe('venues and halls', () => {
  it('changes a venue and renames a hall; its layout changes only while no show uses it', async () => {
    const { venueId, hallId } = await venue('Goslar');
    const renamed = await t.call('PATCH', `/api/admin/venues/${venueId}`, {
      token: admin,
      body: { name: 'Kaiserpfalz Arena', city: 'Halberstadt' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      venueId,
      name: 'Kaiserpfalz Arena',
      address: '1 Main St',
      cityId: 'halberstadt',
    });
    const venues = await t.call('GET', '/api/venues?city=halberstadt');
    expect(venues.body.map((v: { name: string }) => v.name)).toEqual(['Kaiserpfalz Arena']);

    const bigger = {
      sections: [{ name: 'Floor', kind: 'general', capacity: 80, category: 'standing' }],
    };
    const relaid = await t.call('PATCH', `/api/admin/venues/${venueId}/halls/${hallId}`, {
      token: admin,
      body: { name: 'Great Hall', layout: bigger },
    });
    expect(relaid.status).toBe(200);
    expect(relaid.body).toMatchObject({ hallId, venueId, name: 'Great Hall', capacity: 80 });

    const eventId = await event('Hall Warmers');
    await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: { eventId, hallId, startsAt: inDays(3), prices: { standing: eur(1500) } },
    });
    const refused = await t.call('PATCH', `/api/admin/venues/${venueId}/halls/${hallId}`, {
      token: admin,
      body: { layout: smallLayout },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('hall_in_use');
    const renameOnly = await t.call('PATCH', `/api/admin/venues/${venueId}/halls/${hallId}`, {
      token: admin,
      body: { name: 'Small Hall' },
    });
    expect(renameOnly.body).toMatchObject({ name: 'Small Hall', capacity: 80 });
    const elsewhere = await venue('Thale');
    const wrongVenue = await t.call('PATCH', `/api/admin/venues/${elsewhere.venueId}/halls/${hallId}`, {
      token: admin,
      body: { name: 'Stolen' },
    });
    expect(wrongVenue.status).toBe(404);
  });

  it('takes a postal code and coordinates when creating and changing a venue, and refuses them out of range', async () => {
    const body = (extra: object) => ({
      name: 'Harz Forum',
      city: 'Wernigerode Nord',
      halls: [{ name: 'Main', layout: smallLayout }],
      ...extra,
    });
    for (const location of [{ latitude: 90.5, longitude: 10 }, { latitude: 51, longitude: -180.1 }, { latitude: 51 }]) {
      const refused = await t.call('POST', '/api/admin/venues', { token: admin, body: body({ location }) });
      expect(refused.status, JSON.stringify(location)).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
    }
    const none = await t.call('GET', '/api/venues?city=wernigerode-nord');
    expect(none.body).toEqual([]);

    const created = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: body({ postalCode: '38855', location: { latitude: 51.8352, longitude: 10.7853 } }),
    });
    expect(created.status).toBe(201);
    const { venueId } = created.body;
    const listed = await t.call('GET', '/api/venues?city=wernigerode-nord');
    expect(listed.body[0]).toMatchObject({
      venueId,
      postalCode: '38855',
      location: { latitude: 51.8352, longitude: 10.7853 },
    });

    const moved = await t.call('PATCH', `/api/admin/venues/${venueId}`, {
      token: admin,
      body: { postalCode: '38855-1', location: { latitude: -33.8688, longitude: 151.2093 } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ postalCode: '38855-1', location: { latitude: -33.8688, longitude: 151.2093 } });
    const badPatch = await t.call('PATCH', `/api/admin/venues/${venueId}`, {
      token: admin,
      body: { location: { latitude: -91, longitude: 0 } },
    });
    expect(badPatch.status).toBe(400);
    const cleared = await t.call('PATCH', `/api/admin/venues/${venueId}`, { token: admin, body: { location: null } });
    expect(cleared.body.location).toBeNull();
    const details = await t.call('GET', `/api/venues/${venueId}`);
    expect(details.body).toMatchObject({ postalCode: '38855-1', location: null });
  });

  it('refuses to give a hall the name of another hall of the same venue, as creating the venue does', async () => {
    const created = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: {
        name: 'Twin Halls',
        city: 'Wernigerode',
        halls: [
          { name: 'North', layout: smallLayout },
          { name: 'South', layout: smallLayout },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { venueId } = created.body;
    const [north, south] = created.body.halls as { hallId: string }[];
    const clash = await t.call('PATCH', `/api/admin/venues/${venueId}/halls/${south!.hallId}`, {
      token: admin,
      body: { name: ' north ' },
    });
    expect(clash.status).toBe(422);
    expect(clash.body.code).toBe('validation_failed');
    const same = await t.call('PATCH', `/api/admin/venues/${venueId}/halls/${north!.hallId}`, {
      token: admin,
      body: { name: 'NORTH' },
    });
    expect(same.status).toBe(200);
    expect(same.body.name).toBe('NORTH');
    const elsewhere = await venue('Blankenburg');
    const otherVenue = await t.call('PATCH', `/api/admin/venues/${elsewhere.venueId}/halls/${elsewhere.hallId}`, {
      token: admin,
      body: { name: 'South' },
    });
    expect(otherVenue.status).toBe(200);
  });

  it('refuses to remove a venue with an upcoming show on, and removes it once the show is cancelled', async () => {
    const { venueId, hallId } = await venue('Ilsenburg');
    const eventId = await event('Brocken Ballads');
    const showId = await show(eventId, hallId);
    await newCustomerBooking(t, showId);

    const refused = await t.call('DELETE', `/api/admin/venues/${venueId}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'venue_in_use', showIds: [showId] });
    expect((await t.call('GET', `/api/venues/${venueId}`)).status).toBe(200);

    expect((await t.call('POST', `/api/admin/shows/${showId}/cancel`, { token: admin })).status).toBe(200);
    const removed = await t.call('DELETE', `/api/admin/venues/${venueId}`, { token: admin });
    expect(removed.status).toBe(204);
    expect((await t.call('GET', `/api/venues/${venueId}`)).status).toBe(404);
    expect((await t.call('GET', '/api/venues?city=ilsenburg')).body).toEqual([]);
    const cities = await t.call('GET', '/api/cities');
    expect(cities.body.map((c: { cityId: string }) => c.cityId)).not.toContain('ilsenburg');
    expect((await t.call('GET', `/api/shows/${showId}`)).status).toBe(404);
    expect(await searchIds('brocken')).toEqual([]);
    expect((await t.call('DELETE', `/api/admin/venues/${venueId}`, { token: admin })).status).toBe(404);
    const audit = await t.call('GET', '/api/admin/audit?action=venue.delete', { token: admin });
    expect(audit.body.entries.map((e: { targetId: string }) => e.targetId)).toContain(venueId);
  });
});
