import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countPromoUses } from '../../src/commerce/promo-store.js';
import {
  bookings,
  gatewayTransactions,
  holds,
  loyaltyLedger,
  payments,
  promoCodes,
  refunds,
  users,
} from '../../src/db/schema/index.js';
import { createCheckout } from '../../src/payments/checkout.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { createSmallShow, createWorld, goodCard, placeHold, silentLog, type World } from './harness.js';

let tdb: TestDatabase;
const worlds: World[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.runtime.stop();
});
afterAll(async () => {
  await tdb?.close();
});

/** A world of its own per test: its clock moves forward without dragging the other tests along. */
function newWorld(): World {
  const world = createWorld(tdb.db);
  worlds.push(world);
  return world;
}

const SETTLE_AFTER_MS = 120_000;

async function holdRow(world: World, holdId: string) {
  await Promise.all(world.runtime.liveShows().map((showId) => world.runtime.readModelsCaughtUp(showId)));
  const [row] = await tdb.db.select().from(holds).where(eq(holds.id, holdId));
  return row!;
}

async function paymentsOf(holdId: string) {
  return tdb.db.select().from(payments).where(eq(payments.holdId, holdId));
}

async function gatewayRows(kind: 'charge' | 'refund', keys: string[]) {
  if (keys.length === 0) return [];
  return tdb.db
    .select()
    .from(gatewayTransactions)
    .where(and(eq(gatewayTransactions.kind, kind), inArray(gatewayTransactions.idempotencyKey, keys)));
}

/** Confirms a hold through a gateway that charges but whose answer never comes back. */
async function confirmLostAnswer(world: World, showId: string, hold: { holdId: string; userId: string }) {
  world.faults.chargeFails = 'after';
  try {
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
      ok: false,
      code: 'payment_in_progress',
    });
  } finally {
    delete world.faults.chargeFails;
  }
  const [payment] = await paymentsOf(hold.holdId);
  expect(payment).toMatchObject({ status: 'pending', gatewayRef: null });
  return payment!;
}

describe('payment sweeper', () => {
  it('books a payment whose gateway timed out after charging, once its hold is still paying', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-1']);
    const payment = await confirmLostAnswer(world, showId, hold);

    // Younger than the settle delay: the request that made it may still be at work.
    expect((await world.checkout.sweep()).payments).toEqual({ confirmed: 0, refunded: 0, failed: 0, pending: 0 });
    expect(await holdRow(world, hold.holdId)).toMatchObject({ status: 'paying' });

    world.clock.advance(SETTLE_AFTER_MS + 1000);
    expect((await world.checkout.sweep()).payments).toMatchObject({ confirmed: 1 });
    const row = await holdRow(world, hold.holdId);
    expect(row).toMatchObject({ status: 'confirmed', bookingId: expect.any(String) });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'captured', bookingId: row.bookingId }]);
    expect(await gatewayRows('charge', [payment.id])).toHaveLength(1);
    expect(await gatewayRows('refund', [`refund-${payment.id}`])).toHaveLength(0);

    world.clock.advance(3_600_000);
    expect((await world.checkout.sweep()).payments).toEqual({ confirmed: 0, refunded: 0, failed: 0, pending: 0 });
  });

  it('refunds a charge whose hold ran out meanwhile, and books nothing', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-2']);
    const payment = await confirmLostAnswer(world, showId, hold);

    // Past the hold's deadline and the payment bound: the show has let the seats go.
    world.clock.advance(3_600_000);
    await world.runtime.dispatch(showId, { type: 'TICK' });
    expect(await holdRow(world, hold.holdId)).toMatchObject({ status: 'expired' });

    expect((await world.checkout.sweep()).payments).toMatchObject({ refunded: 1, confirmed: 0 });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'voided', bookingId: null }]);
    const charge = (await gatewayRows('charge', [payment.id]))[0]!;
    const refunded = await tdb.db
      .select()
      .from(gatewayTransactions)
      .where(and(eq(gatewayTransactions.kind, 'refund'), eq(gatewayTransactions.chargeRef, charge.id)));
    expect(refunded).toMatchObject([{ status: 'succeeded', amount: charge.amount }]);
    expect(await tdb.db.select().from(bookings).where(eq(bookings.paymentId, payment.id))).toEqual([]);
    const map = await world.runtime.seatMap(showId);
    expect(map.seats.find((s) => s.seatId === 'A-2')?.status).toBe('available');
  });

  it('closes a payment that never reached the gateway, giving back its promo use and points', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const userId = randomUUID();
    await tdb.db.insert(users).values({ id: userId, email: `${userId}@example.com`, name: 'M', passwordHash: 'x' });
    await tdb.db.insert(loyaltyLedger).values({ id: `adjust:${randomUUID()}`, userId, delta: 500, currency: 'EUR', kind: 'adjust' });
    const promoId = randomUUID();
    const code = `ONCE${promoId.slice(0, 8)}`.toUpperCase();
    await tdb.db.insert(promoCodes).values({ id: promoId, code, kind: 'percent', value: 10, maxUses: 1 });
    const hold = await placeHold(world, showId, ['A-3'], userId);

    world.faults.chargeFails = 'before';
    try {
      expect(
        await world.checkout.confirm({ showId, ...hold, payment: goodCard, terms: { promoCode: code, points: 500 } }),
      ).toMatchObject({ ok: false, code: 'payment_in_progress' });
    } finally {
      delete world.faults.chargeFails;
    }
    expect(await countPromoUses(tdb.db, promoId, userId)).toEqual({ total: 1, byUser: 1 });

    world.clock.advance(SETTLE_AFTER_MS + 1000);
    expect((await world.checkout.sweep()).payments).toMatchObject({ failed: 1 });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'voided', failureReason: 'abandoned' }]);
    expect(await countPromoUses(tdb.db, promoId, userId)).toEqual({ total: 0, byUser: 0 });
    const ledger = await tdb.db.select().from(loyaltyLedger).where(eq(loyaltyLedger.userId, userId));
    expect(ledger.reduce((sum, r) => sum + r.delta, 0)).toBe(500);
    // The hold is the customer's again, and the code can be used once more.
    expect(await holdRow(world, hold.holdId)).toMatchObject({ status: 'held' });
    expect(
      await world.checkout.confirm({ showId, ...hold, payment: goodCard, terms: { promoCode: code } }),
    ).toMatchObject({ ok: true });
  });

  it('two sweepers on one database settle each payment and each refund once', async () => {
    const world = newWorld();
    const other = createCheckout({
      db: tdb.db,
      runtime: world.runtime,
      gateway: world.gateway,
      clock: world.clock,
      log: silentLog,
    });
    const showId = await createSmallShow(tdb.db);
    const paid: string[] = [];
    for (const seat of ['B-1', 'B-2', 'B-3', 'B-4']) {
      const hold = await placeHold(world, showId, [seat]);
      paid.push((await confirmLostAnswer(world, showId, hold)).id);
    }
    world.clock.advance(SETTLE_AFTER_MS + 1000);
    const [one, two] = await Promise.all([world.checkout.sweep(), other.sweep()]);
    expect(one.payments.confirmed + two.payments.confirmed).toBe(4);
    const rows = await tdb.db.select().from(payments).where(inArray(payments.id, paid));
    expect(rows.map((r) => [r.status, r.sweepChecks])).toEqual(Array(4).fill(['captured', 1]));
    expect(await tdb.db.select().from(bookings).where(inArray(bookings.paymentId, paid))).toHaveLength(4);
    expect(await gatewayRows('charge', paid)).toHaveLength(4);

    // Their cancellations' refunds fail at the gateway, then two sweepers retry them at once.
    const cancelled = await tdb.db.select().from(bookings).where(inArray(bookings.paymentId, paid));
    world.faults.refundFails = true;
    for (const b of cancelled) {
      expect(await world.checkout.cancelBooking({ bookingId: b.id, userId: b.userId, asAdmin: false })).toMatchObject({
        ok: true,
        refund: { status: 'pending' },
      });
    }
    delete world.faults.refundFails;
    world.clock.advance(60_000);
    const [r1, r2] = await Promise.all([world.checkout.sweep(), other.sweep()]);
    expect(r1.refunds.succeeded + r2.refunds.succeeded).toBe(4);
    const refundIds = cancelled.map((b) => `cancel-${b.id}`);
    const refundRows = await tdb.db.select().from(refunds).where(inArray(refunds.id, refundIds));
    expect(refundRows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['succeeded', 1]));
    expect(await gatewayRows('refund', refundIds)).toHaveLength(4);
  });
});

describe('refund retries', () => {
  async function cancelWithFailingRefund(world: World, seat: string) {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, [seat]);
    const booked = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    if (!booked.ok) throw new Error(`booking failed: ${booked.code}`);
    world.faults.refundFails = true;
    expect(
      await world.checkout.cancelBooking({ bookingId: booked.bookingId, userId: hold.userId, asAdmin: false }),
    ).toMatchObject({ ok: true, refund: { status: 'pending' } });
    return { bookingId: booked.bookingId, userId: hold.userId, refundId: `cancel-${booked.bookingId}` };
  }

  async function refundRow(id: string) {
    const [row] = await tdb.db.select().from(refunds).where(eq(refunds.id, id));
    return row!;
  }

  it('retries a pending refund with a doubling wait until the gateway takes it, once', async () => {
    const world = newWorld();
    const { refundId } = await cancelWithFailingRefund(world, 'A-4');
    // The request that recorded it has just tried: the sweeper waits before trying again.
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 0, failed: 0, pending: 0 });

    world.clock.advance(31_000);
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 0, failed: 0, pending: 1 });
    const first = await refundRow(refundId);
    expect(first.attempts).toBe(1);
    expect(first.nextAttemptAt.getTime()).toBeGreaterThan(world.clock.now() + 29_000);

    // Not due yet: no gateway call.
    world.clock.advance(10_000);
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 0, failed: 0, pending: 0 });
    world.clock.advance(21_000);
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 0, failed: 0, pending: 1 });
    const second = await refundRow(refundId);
    expect(second.attempts).toBe(2);
    // The wait doubled: 60 s now.
    expect(second.nextAttemptAt.getTime()).toBeGreaterThan(world.clock.now() + 59_000);

    delete world.faults.refundFails;
    world.clock.advance(30_000);
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 0, failed: 0, pending: 0 });
    world.clock.advance(31_000);
    expect((await world.checkout.sweep()).refunds).toEqual({ succeeded: 1, failed: 0, pending: 0 });
    expect(await refundRow(refundId)).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(await gatewayRows('refund', [refundId])).toMatchObject([{ status: 'succeeded' }]);
  });

  it('a repeated cancellation answers already_cancelled and pays the pending refund at once', async () => {
    const world = newWorld();
    const { bookingId, userId, refundId } = await cancelWithFailingRefund(world, 'A-5');
    delete world.faults.refundFails;
    const again = await world.checkout.cancelBooking({ bookingId, userId, asAdmin: false });
    expect(again).toMatchObject({ ok: false, code: 'already_cancelled', detail: expect.stringContaining('succeeded') });
    expect(await refundRow(refundId)).toMatchObject({ status: 'succeeded' });
    expect(await gatewayRows('refund', [refundId])).toHaveLength(1);
  });
});
