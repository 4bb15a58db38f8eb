import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

describe("a venue's time zone", () => {
  it('is an IANA zone, defaults to the zone of the city’s other venues (UTC in a new city), and can be changed', async () => {
    const token = await t.adminToken();
    const create = (body: Record<string, unknown>) =>
      t.call('POST', '/api/admin/venues', {
        token,
        body: { city: 'Zoneville', halls: [{ name: 'Main', layout: smallLayout }], ...body },
      });
    const venuesBefore = await t.call('GET', '/api/venues?city=zoneville');

    const bad = await create({ name: 'Nowhere Hall', timeZone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(JSON.stringify(bad.body)).toContain('timeZone');
    expect((await t.call('GET', '/api/venues?city=zoneville')).body).toEqual(venuesBefore.body);

    const first = await create({ name: 'First Hall' });
    expect(first.status).toBe(201);
    const firstVenue = await t.call('GET', `/api/venues/${first.body.venueId}`);
    expect(firstVenue.body.timeZone).toBe('UTC');

    const lisbon = await create({ name: 'Lisbon Hall', timeZone: 'europe/lisbon' });
    expect(lisbon.status).toBe(201);
    expect((await t.call('GET', `/api/venues/${lisbon.body.venueId}`)).body.timeZone).toBe('Europe/Lisbon');

    const patched = await t.call('PATCH', `/api/admin/venues/${first.body.venueId}`, {
      token,
      body: { timeZone: 'Asia/Kolkata' },
    });
    expect(patched.status).toBe(200);
    // The current name is kept, not ICU's old alias (Asia/Calcutta).
    expect(patched.body.timeZone).toBe('Asia/Kolkata');

    // The city's first venue now names a zone: a new venue there without one takes it.
    const later = await create({ name: 'Later Hall' });
    expect((await t.call('GET', `/api/venues/${later.body.venueId}`)).body.timeZone).toBe('Asia/Kolkata');
  });
});
