import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { declinedCard, goodCard, oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HOLD_GRACE_SECONDS: '0' });
});
afterAll(async () => {
  await t?.close();
});

async function holdRows(showId: string) {
  // The holds table is a read model projected after each commit.
  await t.runtime.readModelsCaughtUp(showId);
  return t.tdb.sql<{ id: string; user_id: string; status: string; seats: string[] }[]>`
    select id, user_id, status, seats from holds where show_id = ${showId} order by created_at`;
}

async function seatStatuses(showId: string): Promise<Record<string, string>> {
  const res = await t.call('GET', `/api/shows/${showId}/seats`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.seats.map((s: { seatId: string; status: string }) => [s.seatId, s.status]));
}

describe('holds', () => {
  it('places a hold and shows it to its owner', async () => {
    const showId = await t.createShow({ prices: { premium: 5000, regular: 3000 } });
    const { token } = await t.register();
    const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1', 'A-2'] } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-served-by')).toBe('test-node');
    expect(res.body).toMatchObject({
      showId,
      seats: ['A-1', 'A-2'],
      quantity: 2,
      total: { amount: 10000, currency: 'EUR' },
      status: 'held',
    });
    const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(250_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);

    const got = await t.call('GET', `/api/shows/${showId}/holds/${res.body.holdId}`, { token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      holdId: res.body.holdId,
      status: 'held',
      seats: ['A-1', 'A-2'],
      expiresAt: res.body.expiresAt,
    });
    expect((await seatStatuses(showId))['A-1']).toBe('held');
  });

  it('lets exactly one of 100 concurrent clients hold the same two seats', async () => {
    const showId = await t.createShow();
    const users = await Promise.all(Array.from({ length: 100 }, () => t.register()));
    const results = await Promise.all(
      users.map(({ token }) =>
        t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-3', 'A-4'] } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(
      new Set(['held_by_others']),
    );
    const rows = await holdRows(showId);
    expect(rows).toHaveLength(1);
    const winner = users[statuses.indexOf(201)]!;
    expect(rows[0]).toMatchObject({ user_id: winner.userId, status: 'held', seats: ['A-3', 'A-4'] });
  });

  it('fills a show with quantity holds, never a seat twice, then says held_by_others and, once booked, sold_out', async () => {
    // One category: a hold never mixes categories, so two categories could strand single seats.
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const users = await Promise.all(Array.from({ length: 5 }, () => t.register()));
    const placed = await Promise.all(
      users.map(({ token }) => t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 2 } })),
    );
    expect(placed.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const seats = placed.flatMap((r) => r.body.seats as string[]);
    expect(seats).toHaveLength(10);
    expect(new Set(seats).size).toBe(10);

    const late = await t.register();
    const whileHeld = await t.call('POST', `/api/shows/${showId}/holds`, { token: late.token, body: { quantity: 1 } });
    expect(whileHeld.status).toBe(409);
    expect(whileHeld.body.code).toBe('held_by_others');

    const confirmed = await Promise.all(
      placed.map((r, i) =>
        t.call('POST', `/api/shows/${showId}/holds/${r.body.holdId}/confirm`, {
          token: users[i]!.token,
          body: { payment: goodCard },
        }),
      ),
    );
    expect(confirmed.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const soldOut = await t.call('POST', `/api/shows/${showId}/holds`, { token: late.token, body: { quantity: 1 } });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.code).toBe('sold_out');
    const taken = await t.call('POST', `/api/shows/${showId}/holds`, { token: late.token, body: { seats: ['A-1'] } });
    expect(taken.body.code).toBe('seats_taken');
    const show = await t.call('GET', `/api/shows/${showId}`);
    expect(show.body).toMatchObject({ capacity: 10, available: 0, held: 0, booked: 10, state: 'onSale.soldOut' });
  });

  it('expires a hold on time and puts its seats back on sale', async () => {
    const showId = await t.createShow({ holdTtlSeconds: 1 });
    const { token } = await t.register();
    const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['B-1', 'B-2'] } });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(1000);
    expect((await seatStatuses(showId))['B-1']).toBe('held');

    await waitFor(
      async () =>
        (await t.call('GET', `/api/shows/${showId}/holds/${res.body.holdId}`, { token })).body.status === 'expired',
    );
    const statuses = await seatStatuses(showId);
    expect([statuses['B-1'], statuses['B-2']]).toEqual(['available', 'available']);
    const other = await t.register();
    const again = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: other.token,
      body: { seats: ['B-1', 'B-2'] },
    });
    expect(again.status).toBe(201);
    const gone = await t.call('DELETE', `/api/shows/${showId}/holds/${res.body.holdId}`, { token });
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('hold_expired');
    const late = await t.call('POST', `/api/shows/${showId}/holds/${res.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(late.status).toBe(410);
  });

  it('releases a hold at once', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-5'] } });
    const del = await t.call('DELETE', `/api/shows/${showId}/holds/${res.body.holdId}`, { token });
    expect(del.status).toBe(204);
    expect((await seatStatuses(showId))['A-5']).toBe('available');
    expect((await t.call('GET', `/api/shows/${showId}/holds/${res.body.holdId}`, { token })).body.status).toBe(
      'released',
    );
  });

  it('caps the seats one customer holds and waits for in a show (MAX_SEATS_PER_ORDER by default)', async () => {
    const showId = await t.createShow();
    const [ada, bob] = [await t.register(), await t.register()];
    const hold = (token: string, body: object) => t.call('POST', `/api/shows/${showId}/holds`, { token, body });
    const nine = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4'];
    expect((await hold(ada.token, { seats: nine })).status).toBe(201);
    const over = await hold(ada.token, { quantity: 2 });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('seat_limit_reached');
    expect(over.body.detail).toContain('at most 10 at once');
    const joined = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: ada.token, body: { quantity: 2 } });
    expect(joined.status).toBe(409);
    expect(joined.body.code).toBe('seat_limit_reached');
    expect((await hold(bob.token, { seats: ['B-5'] })).status).toBe(201);
  });

  it("sends the show a release only for a live hold of the caller's own", async () => {
    const showId = await t.createShow();
    const [ada, bob] = [await t.register(), await t.register()];
    const bobs = await t.call('POST', `/api/shows/${showId}/holds`, { token: bob.token, body: { seats: ['B-5'] } });
    const adas = await t.call('POST', `/api/shows/${showId}/holds`, { token: ada.token, body: { seats: ['B-4'] } });
    const dispatch = vi.spyOn(t.runtime, 'dispatch');
    try {
      const release = (holdId: string) => t.call('DELETE', `/api/shows/${showId}/holds/${holdId}`, { token: ada.token });
      for (const holdId of [randomUUID(), bobs.body.holdId]) {
        const refused = await release(holdId);
        expect(refused.status).toBe(404);
        expect(refused.body.code).toBe('hold_not_found');
      }
      expect(dispatch).not.toHaveBeenCalled();
      expect((await seatStatuses(showId))['B-5']).toBe('held');

      expect((await release(adas.body.holdId)).status).toBe(204);
      expect(dispatch).toHaveBeenCalledTimes(1);
      expect(dispatch.mock.calls[0]![1]).toMatchObject({ type: 'RELEASE', holdId: adas.body.holdId });
    } finally {
      dispatch.mockRestore();
    }
  });

  it('refuses a declined card with 402 and books nothing; the hold can still be paid', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1'] } });
    const declined = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: declinedCard },
    });
    expect(declined.status).toBe(402);
    expect(declined.body.code).toBe('payment_declined');
    const [bookings] = await t.tdb.sql<
      { n: number }[]
    >`select count(*)::int as n from bookings where show_id = ${showId}`;
    expect(bookings?.n).toBe(0);
    expect((await t.call('GET', `/api/shows/${showId}/holds/${hold.body.holdId}`, { token })).body.status).toBe('held');
    expect((await seatStatuses(showId))['A-1']).toBe('held');

    const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      showId,
      status: 'confirmed',
      seats: ['A-1'],
      total: { amount: 2500, currency: 'EUR' },
    });
    expect(paid.body.tickets).toHaveLength(1);
    expect(paid.body.qr).toBe(`/api/bookings/${paid.body.bookingId}/qr.svg`);
    expect((await seatStatuses(showId))['A-1']).toBe('booked');
    const hold2 = await t.call('GET', `/api/shows/${showId}/holds/${hold.body.holdId}`, { token });
    expect(hold2.body).toMatchObject({ status: 'confirmed', bookingId: paid.body.bookingId });
  });

  it('is idempotent by Idempotency-Key: same body, same hold; other body, 422', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const headers = { 'idempotency-key': 'hold-once-1' };
    const first = await t.call('POST', `/api/shows/${showId}/holds`, {
      token,
      headers,
      body: { quantity: 2, category: 'regular' },
    });
    expect(first.status).toBe(201);
    const again = await t.call('POST', `/api/shows/${showId}/holds`, {
      token,
      headers,
      body: { category: 'regular', quantity: 2 },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await holdRows(showId)).toHaveLength(1);

    const other = await t.call('POST', `/api/shows/${showId}/holds`, { token, headers, body: { quantity: 3 } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await holdRows(showId)).toHaveLength(1);

    // Concurrent repeats of a new key: one hold, every answer the same.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.call('POST', `/api/shows/${showId}/holds`, {
          token,
          headers: { 'idempotency-key': 'burst' },
          body: { seats: ['A-1'] },
        }),
      ),
    );
    expect(new Set(burst.map((r) => r.body.holdId)).size).toBe(1);
    expect(burst.every((r) => r.status === 201)).toBe(true);
    expect(await holdRows(showId)).toHaveLength(2);

    // Another user's identical key is their own.
    const stranger = await t.register();
    const theirs = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: stranger.token,
      headers,
      body: { quantity: 2, category: 'regular' },
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.holdId).not.toBe(first.body.holdId);
  });

  it('frees the key after a refused attempt, and replays a confirmation', async () => {
    const showId = await t.createShow();
    const a = await t.register();
    const b = await t.register();
    await t.call('POST', `/api/shows/${showId}/holds`, { token: a.token, body: { seats: ['B-5'] } });
    const headers = { 'idempotency-key': 'k-refused' };
    const refused = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: b.token,
      headers,
      body: { seats: ['B-5'] },
    });
    expect(refused.status).toBe(409);
    const retry = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: b.token,
      headers,
      body: { seats: ['B-4'] },
    });
    expect(retry.status).toBe(201);

    const confirmHeaders = { 'idempotency-key': 'pay-once' };
    const path = `/api/shows/${showId}/holds/${retry.body.holdId}/confirm`;
    const paid = await t.call('POST', path, { token: b.token, headers: confirmHeaders, body: { payment: goodCard } });
    expect(paid.status).toBe(201);
    const replay = await t.call('POST', path, { token: b.token, headers: confirmHeaders, body: { payment: goodCard } });
    expect(replay.status).toBe(201);
    expect(replay.body.bookingId).toBe(paid.body.bookingId);
    const [charges] = await t.tdb.sql<
      { n: number }[]
    >`select count(*)::int as n from gateway_transactions where kind = 'charge'
      and status = 'succeeded' and id in (select gateway_ref from payments where hold_id = ${retry.body.holdId})`;
    expect(charges?.n).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
