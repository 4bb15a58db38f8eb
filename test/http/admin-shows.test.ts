import { createPgShowStorage } from '../../src/db/show-storage/index.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShowRuntime, systemClock } from '../../src/actors/runtime/index.js';
import { showRulesFromEnv } from '../../src/config/show-rules.js';
import { eur, newCustomerBooking } from './fixtures.js';
import { goodCard, silentLog, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return [...(await t.tdb.db.execute(query))] as T[];
}

describe('admin show routes: who may call them', () => {
  it('refuses a customer (403) and a caller without a token (401), changing nothing', async () => {
    const showId = await t.createShow();
    const customer = await t.register();
    const calls = [
      ['PATCH', `/api/admin/shows/${showId}`, { holdTtlSeconds: 60 }],
      ['POST', `/api/admin/shows/${showId}/cancel`, undefined],
      ['DELETE', `/api/admin/shows/${showId}`, undefined],
      ['PATCH', `/api/admin/events/some-event`, { title: 'x' }],
      ['DELETE', `/api/admin/venues/some-venue`, undefined],
    ] as const;
    for (const [method, path, body] of calls) {
      const anonymous = await t.call(method, path, { body });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const refused = await t.call(method, path, { token: customer.token, body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    expect((await t.call('GET', `/api/shows/${showId}`)).body.state).toBe('onSale.available');
  });
});

describe('POST /api/admin/shows/:showId/cancel', () => {
  it('cancels a show and refunds every booking once, however often it is called', async () => {
    const showId = await t.createShow();
    const a = await newCustomerBooking(t, showId, { seats: ['A-1', 'A-2'] });
    const b = await newCustomerBooking(t, showId, { seats: ['B-1'] });
    const customer = await t.register();
    const open = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { quantity: 1 } });
    expect(open.status).toBe(201);

    const first = await t.call('POST', `/api/admin/shows/${showId}/cancel`, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      showId,
      state: 'cancelled',
      bookingsCancelled: 2,
      refunds: { succeeded: 2, pending: 0, failed: 0 },
    });
    const second = await t.call('POST', `/api/admin/shows/${showId}/cancel`, { token: admin });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    const gatewayRefunds = await rows<{ amount: number }>(sql`select g.amount from gateway_transactions g
      where g.kind = 'refund' and g.idempotency_key in (select r.id from refunds r join bookings bk on bk.id = r.booking_id
        where bk.show_id = ${showId}) order by g.amount`);
    expect(gatewayRefunds.map((r) => r.amount)).toEqual([2500, 5000]);

    for (const owner of [a, b]) {
      const view = await t.call('GET', `/api/bookings/${owner.bookingId}`, { token: owner.token });
      expect(view.status).toBe(200);
      expect(view.body.status).toBe('cancelled');
    }
    const hold = await t.call('GET', `/api/shows/${showId}/holds/${open.body.holdId}`, { token: customer.token });
    expect(hold.body.status).toBe('cancelled');
    const again = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { quantity: 1 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('sales_closed');

    const audit = await t.call('GET', '/api/admin/audit?action=show.cancel', { token: admin });
    expect(audit.body.entries.filter((e: { targetId: string }) => e.targetId === showId)).toHaveLength(1);
  });

  it('answers 404 for an unknown show', async () => {
    const res = await t.call('POST', '/api/admin/shows/no-such-show/cancel', { token: admin });
    expect(res.status).toBe(404);
  });
});

describe('PATCH /api/admin/shows/:showId', () => {
  it('changes the price of new holds, never of holds already placed', async () => {
    const showId = await t.createShow({ prices: { premium: 2500, regular: 1500 } });
    const customer = await t.register();
    const before = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { seats: ['A-1'] } });
    expect(before.body.total).toEqual(eur(2500));

    const patched = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { prices: { premium: eur(4000) } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.prices).toEqual(
      expect.arrayContaining([
        { category: 'premium', price: eur(4000) },
        { category: 'regular', price: eur(1500) },
      ]),
    );

    const after = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { seats: ['A-2'] } });
    expect(after.body.total).toEqual(eur(4000));
    const old = await t.call('GET', `/api/shows/${showId}/holds/${before.body.holdId}`, { token: customer.token });
    expect(old.body.total).toEqual(eur(2500));
    const show = await t.call('GET', `/api/shows/${showId}`);
    expect(show.body.categories).toContainEqual({ category: 'premium', price: eur(4000), available: 3 });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${before.body.holdId}/confirm`, {
      token: customer.token,
      body: { payment: goodCard },
    });
    expect(paid.body.total).toEqual(eur(2500));
  });

  it('stops holds when salesCloseAt moves into the past, and opens them again when it moves out', async () => {
    const showId = await t.createShow();
    const customer = await t.register();
    const closed = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { salesCloseAt: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('salesClosed');
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { quantity: 1 } });
    expect(hold.status).toBe(409);
    expect(hold.body.code).toBe('sales_closed');

    const reopened = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { salesCloseAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(reopened.body.state).toBe('onSale.available');
    const later = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { quantity: 1 } });
    expect(later.status).toBe(201);
  });

  it('keeps the update when the show is rebuilt from its journal (a restart)', async () => {
    const showId = await t.createShow({ prices: { premium: 2500, regular: 1500 } });
    const patched = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { prices: { regular: eur(999) }, holdTtlSeconds: 900 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.holdTtlSeconds).toBe(900);
    const journal = await rows<{ n: number }>(
      sql`select count(*)::int as n from show_journal where show_id = ${showId} and event->>'type' = 'UPDATE_SHOW'`,
    );
    expect(journal[0]!.n).toBe(1);

    // A second runtime on the same database takes the show over as a restarted process would:
    // from the snapshot made at creation, before the update, plus the journal after it.
    const restarted = createShowRuntime({
      storage: createPgShowStorage(t.tdb.db, { ticketSecret: 'test-ticket-secret' }),
      clock: systemClock,
      log: silentLog,
      nodeId: 'restarted-node',
      rules: showRulesFromEnv(t.env),
    });
    try {
      const customer = await t.register();
      const outcomes = await restarted.dispatch(showId, {
        type: 'HOLD',
        holdId: 'after-restart',
        userId: customer.userId,
        seats: ['B-1'],
      });
      const placed = outcomes.find((o) => o.type === 'hold.placed');
      expect(placed).toMatchObject({ total: 999 });
      if (placed?.type !== 'hold.placed') throw new Error('not placed');
      expect(placed.expiresAt - placed.createdAt).toBe(900_000);
    } finally {
      await restarted.stop();
    }
  });

  it('moves the time, tells every booked customer once through the outbox, and keeps sales closing at the start', async () => {
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const showId = await t.createShow({ startsAt });
    const a = await newCustomerBooking(t, showId, { seats: ['A-1'] });
    const b = await newCustomerBooking(t, showId, { seats: ['A-2'] });
    const later = new Date(startsAt.getTime() + 86_400_000);
    const res = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 7_200_000).toISOString() },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ startsAt: later.toISOString(), salesCloseAt: later.toISOString(), notified: 2 });
    const facts = await rows<{ event_key: string; user_id: string; payload: { changes: { startsAt: unknown } } }>(
      sql`select event_key, user_id, payload from outbox where topic = 'show.updated' and show_id = ${showId}
        order by event_key`,
    );
    expect(facts.map((f) => f.user_id).sort()).toEqual([a.userId, b.userId].sort());
    for (const f of facts) {
      expect(f.event_key).toMatch(new RegExp(`^show\\.updated:${showId}:[^:]+:\\d+$`));
      expect(f.payload.changes.startsAt).toEqual({ from: startsAt.toISOString(), to: later.toISOString() });
    }
    const details = await t.call('GET', `/api/shows/${showId}`);
    expect(details.body).toMatchObject({ startsAt: later.toISOString(), salesCloseAt: later.toISOString() });
  });

  it('sets the fee and the cancellation policy on the row; POST /api/admin/shows takes a fee too', async () => {
    const showId = await t.createShow();
    const res = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: {
        feePerTicket: eur(150),
        cancellationPolicy: { rules: [{ hoursBefore: 24, refundPercent: 100 }] },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ feePerTicket: eur(150), notified: 0 });
    expect(res.body.cancellationPolicy.rules).toContainEqual({ hoursBefore: 24, refundPercent: 100 });

    const existing = await rows<{ event_id: string; hall_id: string }>(
      sql`select event_id, hall_id from shows where id = ${showId}`,
    );
    const created = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: existing[0]!.event_id,
        hallId: existing[0]!.hall_id,
        startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        prices: { premium: eur(3000), regular: eur(2000) },
        feePerTicket: eur(99),
      },
    });
    expect(created.status).toBe(201);
    const fee = await rows<{ fee_per_ticket: number }>(
      sql`select fee_per_ticket from shows where id = ${created.body.showId}`,
    );
    expect(fee[0]!.fee_per_ticket).toBe(99);
    const wrongCurrency = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: existing[0]!.event_id,
        hallId: existing[0]!.hall_id,
        startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        prices: { premium: eur(3000), regular: eur(2000) },
        feePerTicket: { amount: 99, currency: 'USD' },
      },
    });
    expect(wrongCurrency.status).toBe(422);
  });

  it('refuses bad changes with the fields named, and changes nothing', async () => {
    const showId = await t.createShow();
    const unknown = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { prices: { vip: eur(1), premium: { amount: 1, currency: 'USD' } } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'prices.premium.currency',
      'prices.vip',
    ]);
    const order = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { endsAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(order.status).toBe(422);
    expect(order.body.errors).toEqual([{ path: 'endsAt', message: expect.any(String) }]);
    const empty = await t.call('PATCH', `/api/admin/shows/${showId}`, { token: admin, body: {} });
    expect(empty.status).toBe(400);
    const stranger = await t.call('PATCH', `/api/admin/shows/${showId}`, { token: admin, body: { eventId: 'x' } });
    expect(stranger.status).toBe(400);
    const reopen = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { salesOpenAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe('sales_already_open');
    expect((await t.call('PATCH', '/api/admin/shows/nope', { token: admin, body: { holdTtlSeconds: 5 } })).status).toBe(
      404,
    );
    const show = await t.call('GET', `/api/shows/${showId}`);
    expect(show.body.categories.map((c: { price: { amount: number } }) => c.price.amount)).toEqual([2500, 2500]);
    expect(show.body.salesOpenAt).toBeNull();
  });

  it('refuses to edit a cancelled show or one that is over (409)', async () => {
    const showId = await t.createShow();
    await t.call('POST', `/api/admin/shows/${showId}/cancel`, { token: admin });
    const res = await t.call('PATCH', `/api/admin/shows/${showId}`, { token: admin, body: { holdTtlSeconds: 60 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('show_cancelled');

    const past = await t.createShow({ startsAt: new Date(Date.now() - 4 * 3_600_000) });
    const over = await t.call('PATCH', `/api/admin/shows/${past}`, { token: admin, body: { holdTtlSeconds: 60 } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('show_ended');
  });
});

describe('DELETE /api/admin/shows/:showId', () => {
  it('removes a show that sold nothing: it stops selling and leaves the catalog', async () => {
    const showId = await t.createShow();
    const eventId = (await t.call('GET', `/api/shows/${showId}`)).body.eventId as string;
    const res = await t.call('DELETE', `/api/admin/shows/${showId}`, { token: admin });
    expect(res.status).toBe(204);

    expect((await t.call('GET', `/api/shows/${showId}`)).status).toBe(404);
    expect((await t.call('GET', `/api/shows/${showId}/seats`)).status).toBe(404);
    const customer = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: customer.token, body: { quantity: 1 } });
    expect(hold.status).toBe(404);
    const event = await t.call('GET', `/api/events/${eventId}`);
    expect(event.body.shows.map((s: { showId: string }) => s.showId)).not.toContain(showId);
    expect((await t.call('DELETE', `/api/admin/shows/${showId}`, { token: admin })).status).toBe(404);
    const audit = await t.call('GET', '/api/admin/audit?action=show.delete', { token: admin });
    expect(audit.body.entries.map((e: { targetId: string }) => e.targetId)).toContain(showId);
  });

  it('cancels a show with bookings instead, refunding them, and keeps it visible to its customers', async () => {
    const showId = await t.createShow();
    const owner = await newCustomerBooking(t, showId, { seats: ['B-4'] });
    const res = await t.call('DELETE', `/api/admin/shows/${showId}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      showId,
      state: 'cancelled',
      bookingsCancelled: 1,
      refunds: { succeeded: 1, pending: 0, failed: 0 },
    });
    const again = await t.call('DELETE', `/api/admin/shows/${showId}`, { token: admin });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);

    const show = await t.call('GET', `/api/shows/${showId}`);
    expect(show.status).toBe(200);
    expect(show.body.state).toBe('cancelled');
    const booking = await t.call('GET', `/api/bookings/${owner.bookingId}`, { token: owner.token });
    expect(booking.body.status).toBe('cancelled');
  });
});
