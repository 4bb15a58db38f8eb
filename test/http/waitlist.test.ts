import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from './fixtures.js';
import { goodCard, oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function hold(showId: string, token: string, body: unknown) {
  const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body });
  expect(res.status).toBe(201);
  return res.body as { holdId: string; seats: string[] };
}

describe('waitlist', () => {
  it('answers a long poll when the entry moves up the queue', async () => {
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const holder = await t.register();
    const seats = (await t.call('GET', `/api/shows/${showId}/seats`)).body.seats.map(
      (s: { seatId: string }) => s.seatId,
    );
    await hold(showId, holder.token, { seats: seats.slice(0, 10) });
    const [first, second] = [await t.register(), await t.register()];
    const join = (token: string) => t.call('POST', `/api/shows/${showId}/waitlist`, { token, body: { quantity: 1 } });
    const a = await join(first.token);
    const b = await join(second.token);
    expect([a.body.position, b.body.position]).toEqual([1, 2]);

    const started = Date.now();
    const polling = t.call('GET', `/api/shows/${showId}/waitlist/${b.body.entryId}?waitSeconds=20`, {
      token: second.token,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(
      (await t.call('DELETE', `/api/shows/${showId}/waitlist/${a.body.entryId}`, { token: first.token })).status,
    ).toBe(204);
    const moved = await polling;
    expect(moved.body).toMatchObject({ status: 'waiting', position: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('offers seats freed by a cancellation to the head of the waitlist before anyone else', async () => {
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const buyers = await Promise.all(Array.from({ length: 5 }, () => t.register()));
    const bookings = [];
    for (const [i, b] of buyers.slice(0, 4).entries()) {
      const row = i < 2 ? 'A' : 'B';
      const first = i % 2 === 0 ? 1 : 3;
      bookings.push(await book(t, b.token, showId, { seats: [`${row}-${first}`, `${row}-${first + 1}`] }));
    }
    await hold(showId, buyers[4]!.token, { seats: ['A-5', 'B-5'] });
    expect((await t.call('GET', `/api/shows/${showId}`)).body.available).toBe(0);

    const waiter = await t.register();
    const joined = await t.call('POST', `/api/shows/${showId}/waitlist`, {
      token: waiter.token,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);
    expect(joined.body).toMatchObject({ entryId: expect.any(String), position: 1, status: 'waiting' });
    const entryPath = `/api/shows/${showId}/waitlist/${joined.body.entryId}`;

    const now = await t.call('GET', `${entryPath}?waitSeconds=0`, { token: waiter.token });
    expect(now.body).toMatchObject({ status: 'waiting', position: 1 });
    expect(now.body.offer).toBeUndefined();

    // The long poll is already waiting when the cancellation commits.
    const started = Date.now();
    const polling = t.call('GET', `${entryPath}?waitSeconds=20`, { token: waiter.token });
    await new Promise((r) => setTimeout(r, 200));
    const cancelled = await t.call('DELETE', `/api/bookings/${bookings[0]!.bookingId}`, { token: buyers[0]!.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      bookingId: bookings[0]!.bookingId,
      status: 'cancelled',
      refund: { amount: 5000, currency: 'EUR' },
    });

    const offered = await polling;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(offered.status).toBe(200);
    expect(offered.body).toMatchObject({ entryId: joined.body.entryId, status: 'offered', position: null });
    expect(offered.body.offer).toMatchObject({ holdId: expect.any(String), expiresAt: expect.any(String) });
    expect(offered.body.offer.seats.sort()).toEqual(['A-1', 'A-2']);

    // A third user cannot take the freed seats.
    const third = await t.register();
    const bySeat = await t.call('POST', `/api/shows/${showId}/holds`, { token: third.token, body: { seats: ['A-1'] } });
    expect(bySeat.status).toBe(409);
    expect(['held_by_others', 'waitlist_active']).toContain(bySeat.body.code);
    const byQuantity = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: third.token,
      body: { quantity: 1 },
    });
    expect(byQuantity.status).toBe(409);

    // The offer is a hold of the waiter's: they confirm it like any hold.
    const offerHold = await t.call('GET', `/api/shows/${showId}/holds/${offered.body.offer.holdId}`, {
      token: waiter.token,
    });
    expect(offerHold.body.status).toBe('held');
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${offered.body.offer.holdId}/confirm`, {
      token: waiter.token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    const done = await t.call('GET', `${entryPath}?waitSeconds=0`, { token: waiter.token });
    expect(done.body.status).toBe('fulfilled');
  });

  it('keeps entries to their owner, answers a long poll when the wait runs out, and lets you leave', async () => {
    const showId = await t.createShow();
    const holder = await t.register();
    await hold(showId, holder.token, { seats: ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'] });
    await hold(showId, holder.token, { seats: ['B-1', 'B-2', 'B-3', 'B-4', 'B-5'] });
    const a = await t.register();
    const b = await t.register();
    const first = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: a.token, body: { quantity: 1 } });
    const second = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: b.token, body: { quantity: 1 } });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.position).toBe(2);

    const path = (id: string) => `/api/shows/${showId}/waitlist/${id}`;
    expect((await t.call('GET', path(first.body.entryId), { token: b.token })).status).toBe(404);
    expect((await t.call('DELETE', path(first.body.entryId), { token: b.token })).status).toBe(404);

    const started = Date.now();
    const timedOut = await t.call('GET', `${path(second.body.entryId)}?waitSeconds=1`, { token: b.token });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(timedOut.body).toMatchObject({ status: 'waiting', position: 2 });

    expect((await t.call('DELETE', path(first.body.entryId), { token: a.token })).status).toBe(204);
    const left = await t.call('GET', `${path(first.body.entryId)}?waitSeconds=0`, { token: a.token });
    expect(left.body.status).toBe('cancelled');
    const moved = await t.call('GET', `${path(second.body.entryId)}?waitSeconds=0`, { token: b.token });
    expect(moved.body.position).toBe(1);
    const bad = await t.call('GET', `${path(second.body.entryId)}?waitSeconds=61`, { token: b.token });
    expect(bad.status).toBe(400);
  });

  it('tells you to hold when seats are free', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const res = await t.call('POST', `/api/shows/${showId}/waitlist`, { token, body: { quantity: 2 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('seats_available');
  });
});
