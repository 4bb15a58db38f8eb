import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: 'venues' | 'events' | 'shows', column: string, value: string) =>
  Number((await t.tdb.sql.unsafe(`select count(*)::int as n from ${table} where ${column} = $1`, [value]))[0]!.n);

describe('admin creates with an Idempotency-Key', () => {
  it('a double submit (two at once, then a retry) creates one venue, one event and one show', async () => {
    const post = (path: string, body: unknown, key: string) =>
      t.call('POST', path, { token: admin, body, headers: { 'idempotency-key': key } });
    const venueBody = {
      name: 'Double Click Hall',
      city: 'Berlin',
      halls: [{ name: 'Main', layout: oneCategoryLayout }],
    };
    const venues = await Promise.all([
      post('/api/admin/venues', venueBody, 'venue-once'),
      post('/api/admin/venues', venueBody, 'venue-once'),
    ]);
    const retried = await post('/api/admin/venues', venueBody, 'venue-once');
    for (const res of [...venues, retried]) expect(res.status).toBe(201);
    expect(new Set([...venues, retried].map((r) => r.body.venueId)).size).toBe(1);
    expect(retried.body).toEqual(venues[0]!.body);
    expect(await count('venues', 'name', 'Double Click Hall')).toBe(1);

    const eventBody = { title: 'Double Click Gig', category: 'concert' };
    const events = await Promise.all([
      post('/api/admin/events', eventBody, 'event-once'),
      post('/api/admin/events', eventBody, 'event-once'),
    ]);
    expect(events.map((r) => r.status)).toEqual([201, 201]);
    expect(events[1]!.body.eventId).toBe(events[0]!.body.eventId);
    expect(await count('events', 'title', 'Double Click Gig')).toBe(1);

    const showBody = {
      eventId: events[0]!.body.eventId,
      hallId: venues[0]!.body.halls[0].hallId,
      startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      prices: { regular: { amount: 2500, currency: 'EUR' } },
    };
    const shows = await Promise.all([
      post('/api/admin/shows', showBody, 'show-once'),
      post('/api/admin/shows', showBody, 'show-once'),
    ]);
    expect(shows.map((r) => r.status)).toEqual([201, 201]);
    expect(shows[1]!.body.showId).toBe(shows[0]!.body.showId);
    expect(await count('shows', 'event_id', events[0]!.body.eventId)).toBe(1);
  });

  it('refuses the key for a different body (422) and creates nothing more; without a key each submit creates', async () => {
    const first = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'Keyed Once', category: 'concert' },
      headers: { 'idempotency-key': 'event-key-reuse' },
    });
    expect(first.status).toBe(201);
    const other = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'Something Else', category: 'concert' },
      headers: { 'idempotency-key': 'event-key-reuse' },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await count('events', 'title', 'Something Else')).toBe(0);

    for (let i = 0; i < 2; i++) {
      const res = await t.call('POST', '/api/admin/events', {
        token: admin,
        body: { title: 'No Key', category: 'concert' },
      });
      expect(res.status).toBe(201);
    }
    expect(await count('events', 'title', 'No Key')).toBe(2);
  });

  it('documents the header in /openapi.json', async () => {
    const doc = await t.call('GET', '/openapi.json');
    for (const path of ['/api/admin/venues', '/api/admin/events', '/api/admin/shows']) {
      const params = doc.body.paths[path].post.parameters as { name: string; in: string }[];
      expect(params).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
    }
  });
});
