import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookings, gatewayTransactions, holds, payments } from '../../src/db/schema/index.js';
import { createCheckout } from '../../src/payments/checkout.js';
import type { PaymentGateway, PaymentInput } from '../../src/payments/gateway.js';
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

function newWorld(): World {
  const world = createWorld(tdb.db);
  worlds.push(world);
  return world;
}

const SETTLE_AFTER_MS = 120_000;
const otherCard: PaymentInput = { method: 'card', cardNumber: '5555555555554444', expiry: '12/34', cvc: '123' };

async function holdRow(world: World, holdId: string) {
  await Promise.all(world.runtime.liveShows().map((showId) => world.runtime.readModelsCaughtUp(showId)));
  const [row] = await tdb.db.select().from(holds).where(eq(holds.id, holdId));
  return row!;
}

async function paymentsOf(holdId: string) {
  return tdb.db.select().from(payments).where(eq(payments.holdId, holdId));
}

async function chargesOf(holdId: string) {
  const ids = (await paymentsOf(holdId)).map((p) => p.id);
  return tdb.db.select().from(gatewayTransactions).where(inArray(gatewayTransactions.idempotencyKey, ids));
}

/**
 * The failover case: the charge's request dies ('before': it never reached the gateway, as when the
 * gateway's write died with the primary; 'after': charged, but the answer was lost), and while it
 * was under way the show was rebuilt, whose reconciliation leaves a payment in flight alone.
 */
async function confirmDiesInFlight(
  world: World,
  showId: string,
  hold: { holdId: string; userId: string },
  when: 'before' | 'after',
) {
  let reconciled: Awaited<ReturnType<World['checkout']['reconcile']>> | undefined;
  world.faults.beforeCharge = async () => {
    reconciled = await world.checkout.reconcile(showId);
  };
  world.faults.chargeFails = when;
  try {
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
      ok: false,
      code: 'payment_in_progress',
    });
  } finally {
    delete world.faults.chargeFails;
    delete world.faults.beforeCharge;
  }
  expect(reconciled?.holds).toEqual({ confirmed: 0, expired: 0, failed: 0, pending: 1 });
  expect(await holdRow(world, hold.holdId)).toMatchObject({ status: 'paying' });
  const [payment] = await paymentsOf(hold.holdId);
  expect(payment).toMatchObject({ status: 'pending' });
  expect(await chargesOf(hold.holdId)).toHaveLength(when === 'before' ? 0 : 1);
  return payment!;
}

/** One charge under the first payment's key, one captured payment, one booking: nothing twice. */
async function expectBookedOnce(world: World, holdId: string, paymentId: string, bookingId: string) {
  expect(await paymentsOf(holdId)).toMatchObject([{ id: paymentId, status: 'captured', bookingId }]);
  expect(await chargesOf(holdId)).toMatchObject([{ idempotencyKey: paymentId, kind: 'charge', status: 'succeeded' }]);
  expect(await tdb.db.select().from(bookings).where(eq(bookings.paymentId, paymentId))).toMatchObject([
    { id: bookingId },
  ]);
  expect(await holdRow(world, holdId)).toMatchObject({ status: 'confirmed', bookingId });
  // The sweeper, later, finds nothing to do for it: no refund, no second booking.
  world.clock.advance(SETTLE_AFTER_MS + 1000);
  await world.checkout.sweep();
  const [charge] = await chargesOf(holdId);
  expect(await tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.chargeRef, charge!.id))).toEqual(
    [],
  );
  expect(await paymentsOf(holdId)).toMatchObject([{ id: paymentId, status: 'captured', bookingId }]);
}

describe('a retried confirm of a payment left pending', () => {
  it('charges a payment the gateway never saw again under its own key and books it at once', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-1']);
    const payment = await confirmDiesInFlight(world, showId, hold, 'before');

    const retried = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(retried).toEqual({ ok: true, bookingId: expect.any(String) });
    if (!retried.ok) return;
    await expectBookedOnce(world, hold.holdId, payment.id, retried.bookingId);
    const map = await world.runtime.seatMap(showId);
    expect(map.seats.find((s) => s.seatId === 'A-1')?.status).toBe('booked');
    // And once more: the booking, no new charge.
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toEqual(retried);
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
  });

  it('books a charge whose answer was lost at once', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-2']);
    const payment = await confirmDiesInFlight(world, showId, hold, 'after');

    const retried = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(retried).toEqual({ ok: true, bookingId: expect.any(String) });
    if (!retried.ok) return;
    await expectBookedOnce(world, hold.holdId, payment.id, retried.bookingId);
  });

  it('concurrent retries charge once and answer the same booking', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-3']);
    const payment = await confirmDiesInFlight(world, showId, hold, 'before');

    const answers = await Promise.all(
      [1, 2, 3].map(() => world.checkout.confirm({ showId, ...hold, payment: goodCard })),
    );
    const booked = answers.filter((a) => a.ok);
    expect(booked.length).toBeGreaterThan(0);
    // A retry that found another at work is told to wait, never charged or booked apart.
    for (const a of answers) if (!a.ok) expect(a.code).toBe('payment_in_progress');
    const bookingId = (booked[0] as { bookingId: string }).bookingId;
    for (const a of booked) expect(a).toEqual({ ok: true, bookingId });
    // Once it is booked, every retry is answered with the booking.
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toEqual({ ok: true, bookingId });
    await expectBookedOnce(world, hold.holdId, payment.id, bookingId);
  });

  it('a retry with another card does not charge it, and leaves the payment to the sweeper', async () => {
    const world = newWorld();
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-4']);
    await confirmDiesInFlight(world, showId, hold, 'before');

    expect(await world.checkout.confirm({ showId, ...hold, payment: otherCard })).toMatchObject({
      ok: false,
      code: 'payment_in_progress',
    });
    expect(await chargesOf(hold.holdId)).toHaveLength(0);
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'pending' }]);
    expect(await holdRow(world, hold.holdId)).toMatchObject({ status: 'paying' });
  });

  it('leaves a payment the sweeper is settling to it: no charge the sweeper would race', async () => {
    const world = newWorld();
    // The sweeper's gateway lookup waits until the test lets it go; the retry arrives meanwhile.
    let reached!: () => void;
    const lookupReached = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holdLookupOf: string | null = null;
    const gateway: PaymentGateway = {
      charge: (req) => world.gateway.charge(req),
      refund: (req) => world.gateway.refund(req),
      async lookup(key) {
        if (key === holdLookupOf) {
          holdLookupOf = null;
          reached();
          await held;
        }
        return world.gateway.lookup(key);
      },
    };
    const checkout = createCheckout({
      db: tdb.db,
      runtime: world.runtime,
      gateway,
      clock: world.clock,
      log: silentLog,
    });
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-5']);
    world.faults.chargeFails = 'before';
    try {
      expect(await checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
        code: 'payment_in_progress',
      });
    } finally {
      delete world.faults.chargeFails;
    }

    const [payment] = await paymentsOf(hold.holdId);
    world.clock.advance(SETTLE_AFTER_MS + 1000);
    holdLookupOf = payment!.id;
    const sweep = checkout.sweep();
    await lookupReached;
    expect(await checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
      ok: false,
      code: 'payment_in_progress',
    });
    expect(await chargesOf(hold.holdId)).toHaveLength(0);
    release();
    expect((await sweep).payments.failed).toBeGreaterThanOrEqual(1);
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'voided', failureReason: 'abandoned' }]);

    // The hold is the customer's again: the next confirm pays it afresh, once.
    const paid = await checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(paid).toMatchObject({ ok: true });
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
  });
});
