import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const rows = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((row) => ({ row, seats: 8, category: 'standard' }));

/** A hall of seven rows, an event of `category` in it, and the seats best available gives a party of two. */
async function bestTwo(category: string, bestRows?: 'front' | 'middle'): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const res = await t.call('POST', path, { token: admin, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const layout = { sections: [{ name: 'Screen', kind: 'reserved', rows }], ...(bestRows ? { bestRows } : {}) };
  const venue = await post('/api/admin/venues', {
    name: `Hall ${category} ${bestRows}`,
    city: 'Berlin',
    halls: [{ name: 'One', layout }],
  });
  const event = await post('/api/admin/events', { title: `A ${category}`, category });
  const show = await post('/api/admin/shows', {
    eventId: event.eventId,
    hallId: venue.halls[0].hallId,
    startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    prices: { standard: { amount: 1200, currency: 'EUR' } },
  });
  const customer = await t.register();
  const hold = await t.call('POST', `/api/shows/${show.showId}/holds`, {
    token: customer.token,
    body: { quantity: 2 },
  });
  expect(hold.status).toBe(201);
  return hold.body.seats;
}

describe('best available by the hall', () => {
  it("seats a film's party mid-hall, a concert's at the front, and follows a hall that says otherwise", async () => {
    expect(await bestTwo('movie')).toEqual(['D-4', 'D-5']);
    expect(await bestTwo('concert')).toEqual(['A-4', 'A-5']);
    expect(await bestTwo('movie', 'front')).toEqual(['A-4', 'A-5']);
    expect(await bestTwo('concert', 'middle')).toEqual(['D-4', 'D-5']);
  });

  it('refuses an unknown ordering with a 400 naming the field', async () => {
    const res = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: {
        name: 'Odd',
        city: 'Berlin',
        halls: [{ name: 'One', layout: { sections: [{ name: 'S', kind: 'reserved', rows }], bestRows: 'back' } }],
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('bestRows');
  });
});
