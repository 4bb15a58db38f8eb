import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const allSeats = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4', 'B-5'];

describe('GET /api/me/holds and /api/me/waitlist', () => {
  it('lists the customer’s hold with its deadline, then the offer the waitlist makes, and nobody else’s', async () => {
    const startsAt = new Date(Date.now() + 5 * 24 * 3_600_000);
    const showId = await t.createShow({ layout: oneCategoryLayout, prices: { regular: 2500 }, startsAt });
    const holder = await t.register();
    const waiter = await t.register();
    const stranger = await t.register();
    const placed = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: holder.token,
      body: { seats: allSeats },
    });
    expect(placed.status).toBe(201);

    // Read at once: the listing waits for the show's read models, so the hold just made is there.
    const holds = await t.call('GET', '/api/me/holds', { token: holder.token });
    expect(holds.status).toBe(200);
    expect(holds.body.items).toEqual([
      {
        holdId: placed.body.holdId,
        showId,
        title: 'Test Concert',
        startsAt: startsAt.toISOString(),
        path: `/shows/${showId}`,
        status: 'held',
        seats: allSeats,
        quantity: 10,
        expiresAt: placed.body.expiresAt,
        total: { amount: 25_000, currency: 'EUR' },
        holdPath: `/api/shows/${showId}/holds/${placed.body.holdId}`,
      },
    ]);
    expect((await t.call('GET', '/api/me/holds', { token: stranger.token })).body.items).toEqual([]);

    const joined = await t.call('POST', `/api/shows/${showId}/waitlist`, {
      token: waiter.token,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);
    const waiting = await t.call('GET', '/api/me/waitlist', { token: waiter.token });
    expect(waiting.body.items).toEqual([
      expect.objectContaining({
        entryId: joined.body.entryId,
        showId,
        title: 'Test Concert',
        path: `/shows/${showId}`,
        status: 'waiting',
        position: 1,
        quantity: 2,
      }),
    ]);
    expect((await t.call('GET', '/api/me/holds', { token: waiter.token })).body.items).toEqual([]);

    const released = await t.call('DELETE', `/api/shows/${showId}/holds/${placed.body.holdId}`, {
      token: holder.token,
    });
    expect(released.status).toBe(204);
    expect((await t.call('GET', '/api/me/holds', { token: holder.token })).body.items).toEqual([]);

    const offers = await t.call('GET', '/api/me/holds', { token: waiter.token });
    expect(offers.body.items).toHaveLength(1);
    const offer = offers.body.items[0];
    expect(offer).toMatchObject({
      showId,
      status: 'offered',
      entryId: joined.body.entryId,
      quantity: 2,
      total: { amount: 5000, currency: 'EUR' },
      path: `/shows/${showId}`,
    });
    expect(Date.parse(offer.expiresAt)).toBeGreaterThan(Date.now());
    const offered = await t.call('GET', '/api/me/waitlist', { token: waiter.token });
    expect(offered.body.items).toEqual([
      expect.objectContaining({
        entryId: joined.body.entryId,
        status: 'offered',
        position: null,
        offer: { holdId: offer.holdId, seats: offer.seats, expiresAt: offer.expiresAt, total: offer.total },
      }),
    ]);
    // The offer is a hold of the waiter's like any other: its own GET answers it.
    expect((await t.call('GET', offer.holdPath, { token: waiter.token })).body.status).toBe('held');
    expect((await t.call('GET', '/api/me/waitlist', { token: stranger.token })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/me/holds')).status).toBe(401);
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(doc.paths['/api/me/holds'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/me/waitlist'].get.responses['200']).toBeDefined();
    expect(doc.components.schemas.MyHold.properties.status.enum).toEqual(['held', 'paying', 'offered']);
  });
});
