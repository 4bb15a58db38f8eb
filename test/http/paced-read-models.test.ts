import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';
import { hold } from './fixtures.js';

/*
 * The holds and waitlist read models are projected at most once per PROJECTION_PACE_MS. With a pace
 * longer than any test, a row appears only when someone asks for it: every reader of a customer's
 * own holds must ask (wait for the read models) rather than read what happens to be there.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ PROJECTION_PACE_MS: '60000' });
});
afterAll(async () => {
  await t?.close();
});

const rowStatus = async (holdId: string) =>
  (await t.tdb.sql<{ status: string }[]>`select status from holds where id = ${holdId}`)[0]?.status ?? null;

/** A show whose first projection has run, so whatever is committed next waits for the pace. */
async function pacedShow() {
  const showId = await t.createShow();
  const warm = await t.register();
  await hold(t, warm.token, showId, { seats: ['B-5'] });
  await t.runtime.readModelsCaughtUp(showId);
  return showId;
}

describe('read models paced, own writes read at once', () => {
  it('a hold just placed is in my holds, its own page, its quote and my data, and blocks erasure', async () => {
    const showId = await pacedShow();
    const ada = await t.register();
    const holdId = await hold(t, ada.token, showId, { seats: ['A-1', 'A-2'] });
    expect(await rowStatus(holdId), 'the row is still pacing').toBeNull();

    const mine = await t.call('GET', '/api/me/holds', { token: ada.token });
    expect(mine.body.items.map((i: { holdId: string }) => i.holdId)).toEqual([holdId]);
    const own = await t.call('GET', `/api/shows/${showId}/holds/${holdId}`, { token: ada.token });
    expect(own.body).toMatchObject({ holdId, status: 'held', seats: ['A-1', 'A-2'] });
    expect(
      (await t.call('POST', `/api/shows/${showId}/holds/${holdId}/quote`, { token: ada.token, body: {} })).status,
    ).toBe(200);

    const bob = await t.register();
    const bobHold = await hold(t, bob.token, showId, { seats: ['A-3'] });
    expect(await rowStatus(bobHold)).toBeNull();
    const data = await t.call('GET', '/api/me/export', { token: bob.token });
    expect(data.status).toBe(200);
    expect(JSON.stringify(data.body)).toContain(bobHold);

    const cat = await t.register();
    const catHold = await hold(t, cat.token, showId, { seats: ['A-4'] });
    expect(await rowStatus(catHold)).toBeNull();
    const erase = await t.call('DELETE', '/api/me', { token: cat.token, body: { password: 'correct horse' } });
    expect(erase.status).toBe(409);
    expect(erase.body.liveHolds).toEqual([catHold]);
  });

  it('a release is answered as released on a repeat, and a booking is there at once with its hold confirmed', async () => {
    const showId = await pacedShow();
    const ada = await t.register();
    const gone = await hold(t, ada.token, showId, { seats: ['A-1'] });
    const path = `/api/shows/${showId}/holds/${gone}`;
    expect((await t.call('DELETE', path, { token: ada.token })).status).toBe(204);
    expect(await rowStatus(gone)).toBeNull();
    expect((await t.call('DELETE', path, { token: ada.token })).status).toBe(204);
    expect((await t.call('GET', path, { token: ada.token })).body.status).toBe('released');

    const kept = await hold(t, ada.token, showId, { seats: ['A-2'] });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${kept}/confirm`, {
      token: ada.token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    const booking = await t.call('GET', `/api/bookings/${paid.body.bookingId}`, { token: ada.token });
    expect(booking.status).toBe(200);
    expect(booking.body.tickets).toHaveLength(1);
    expect((await t.call('GET', `/api/shows/${showId}/holds/${kept}`, { token: ada.token })).body.status).toBe(
      'confirmed',
    );
    const again = await t.call('POST', `/api/shows/${showId}/holds/${kept}/confirm`, {
      token: ada.token,
      body: { payment: goodCard },
    });
    expect(again.status).toBe(201);
    expect(again.body.bookingId).toBe(paid.body.bookingId);
  });

  it('admin figures count the holds just placed', async () => {
    const showId = await pacedShow();
    const ada = await t.register();
    await hold(t, ada.token, showId, { seats: ['A-1'] });
    const admin = await t.adminToken();
    const stats = await t.call('GET', `/api/admin/stats?showId=${showId}`, { token: admin });
    expect(stats.body.shows[0]).toMatchObject({ activeHolds: 2, holdsPlaced: 2 });
  });
});
