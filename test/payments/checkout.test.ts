import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { bookings, gatewayTransactions, holds, payments, refunds, tickets } from '../../src/db/schema/index.js';
import { createSmallShow, declinedCard, goodCard, placeHold, createWorld, type World } from './harness.js';

let tdb: TestDatabase;
let world: World;
beforeAll(async () => {
  tdb = await createTestDatabase();
  world = createWorld(tdb.db);
});
afterAll(async () => {
  await world.runtime.stop();
  await tdb.close();
});

const HOUR = 3_600_000;

async function holdRow(holdId: string) {
  // The holds table is a read model projected after each commit.
  await Promise.all(world.runtime.liveShows().map((showId) => world.runtime.readModelsCaughtUp(showId)));
  const [row] = await tdb.db.select().from(holds).where(eq(holds.id, holdId));
  return row!;
}

async function paymentsOf(holdId: string) {
  return tdb.db.select().from(payments).where(eq(payments.holdId, holdId));
}

/** Gateway transactions of the charges made for a hold. */
async function chargesOf(holdId: string) {
  const ids = (await paymentsOf(holdId)).map((p) => p.id);
  const rows = await tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.kind, 'charge'));
  return rows.filter((r) => ids.includes(r.idempotencyKey));
}

async function refundTransactions(chargeRef: string) {
  return tdb.db
    .select()
    .from(gatewayTransactions)
    .where(and(eq(gatewayTransactions.kind, 'refund'), eq(gatewayTransactions.chargeRef, chargeRef)));
}

async function book(showId: string, seats: string[]) {
  const hold = await placeHold(world, showId, seats);
  const result = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
  if (!result.ok) throw new Error(`booking failed: ${result.code}`);
  const [booking] = await tdb.db.select().from(bookings).where(eq(bookings.id, result.bookingId));
  return { ...hold, booking: booking! };
}

async function seatStatus(showId: string, seatId: string) {
  const map = await world.runtime.seatMap(showId);
  return map.seats.find((s) => s.seatId === seatId)?.status;
}

describe('confirm', () => {
  it('charges the hold total once and books it with a ticket per seat', async () => {
    const showId = await createSmallShow(tdb.db);
    const { holdId, userId } = await placeHold(world, showId, ['A-1', 'B-1']);
    const result = await world.checkout.confirm({ showId, holdId, userId, payment: goodCard });
    expect(result).toEqual({ ok: true, bookingId: expect.any(String) });
    if (!result.ok) return;

    const [booking] = await tdb.db.select().from(bookings).where(eq(bookings.id, result.bookingId));
    expect(booking).toMatchObject({ status: 'confirmed', userId, total: 8000, currency: 'EUR', seats: ['A-1', 'B-1'] });
    expect(await tdb.db.select().from(tickets).where(eq(tickets.bookingId, result.bookingId))).toHaveLength(2);
    const [payment] = await paymentsOf(holdId);
    expect(payment).toMatchObject({
      status: 'captured',
      amount: 8000,
      bookingId: result.bookingId,
      method: 'card ****4242',
    });
    const charges = await chargesOf(holdId);
    expect(charges).toHaveLength(1);
    expect(payment!.gatewayRef).toBe(charges[0]!.id);
    expect(await holdRow(holdId)).toMatchObject({ status: 'confirmed', bookingId: result.bookingId });
    expect(await seatStatus(showId, 'A-1')).toBe('booked');
  });

  it('answers a repeated confirm with the same booking and never charges again', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-2']);
    const first = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    const again = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(again).toEqual(first);
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
  });

  it('lets only one of many concurrent confirms charge', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-3', 'A-4']);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => world.checkout.confirm({ showId, ...hold, payment: goodCard })),
    );
    const booked = results.filter((r) => r.ok);
    expect(booked.length).toBeGreaterThanOrEqual(1);
    expect(new Set(booked.map((r) => r.ok && r.bookingId)).size).toBe(1);
    for (const r of results) if (!r.ok) expect(r.code).toBe('payment_in_progress');
    expect((await chargesOf(hold.holdId)).filter((c) => c.status === 'succeeded')).toHaveLength(1);
    expect(await tdb.db.select().from(bookings).where(eq(bookings.holdId, hold.holdId))).toHaveLength(1);
  });

  it('a declined card books nothing and hands the hold back for another try', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-2']);
    const declined = await world.checkout.confirm({ showId, ...hold, payment: declinedCard });
    expect(declined).toEqual({ ok: false, code: 'payment_declined', detail: 'the payment was declined' });
    expect(await holdRow(hold.holdId)).toMatchObject({ status: 'held' });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'declined', failureReason: 'card_declined' }]);
    expect(await seatStatus(showId, 'B-2')).toBe('held');

    const retried = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(retried.ok).toBe(true);
    expect((await paymentsOf(hold.holdId)).map((p) => p.status).sort()).toEqual(['captured', 'declined']);
  });

  it('never names why a card was declined, keeps the reason in the payment, and ends the hold at the third decline', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-4']);
    const cards = [declinedCard, { ...goodCard, cardNumber: '4242424242424241' }, { ...goodCard, expiry: '01/20' }];
    const answers = [];
    for (const payment of cards) answers.push(await world.checkout.confirm({ showId, ...hold, payment }));
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, code: 'payment_declined' });
    // Three different reasons, one answer: nothing tells a card tester which check failed.
    for (const answer of answers) expect(JSON.stringify(answer)).not.toMatch(/card_declined|invalid_card|expired_card/);
    expect(answers.map((a) => !a.ok && a.holdEnded === true)).toEqual([false, false, true]);
    expect((await paymentsOf(hold.holdId)).map((p) => p.failureReason).sort()).toEqual([
      'card_declined',
      'expired_card',
      'invalid_card',
    ]);
    expect(await holdRow(hold.holdId)).toMatchObject({ status: 'released' });
    expect(await seatStatus(showId, 'B-4')).toBe('available');
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
      ok: false,
      code: 'hold_expired',
    });
  });

  it('refuses holds that are unknown, someone else’s, or released', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-3']);
    const confirm = (input: Partial<typeof hold> & { showId?: string }) =>
      world.checkout.confirm({ showId, ...hold, ...input, payment: goodCard });
    expect(await confirm({ holdId: randomUUID() })).toMatchObject({ ok: false, code: 'hold_not_found' });
    expect(await confirm({ userId: randomUUID() })).toMatchObject({ ok: false, code: 'hold_not_found' });
    expect(await confirm({ showId: 'another-show' })).toMatchObject({ ok: false, code: 'hold_not_found' });
    await world.runtime.dispatch(showId, { type: 'RELEASE', ...hold });
    expect(await confirm({})).toMatchObject({ ok: false, code: 'hold_expired' });
    expect(await paymentsOf(hold.holdId)).toHaveLength(0);
  });

  it('refunds a charge that lands after the hold expired and reports hold_expired', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-4']);
    // A very slow gateway: by the time it charges, the paying hold's bound has passed and it expired.
    world.faults.beforeCharge = async () => {
      world.clock.advance(2 * HOUR);
      await world.runtime.dispatch(showId, { type: 'TICK' });
    };
    try {
      const result = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
      expect(result).toMatchObject({ ok: false, code: 'hold_expired', detail: expect.stringMatching(/refunded/) });
    } finally {
      delete world.faults.beforeCharge;
    }
    const [payment] = await paymentsOf(hold.holdId);
    expect(payment).toMatchObject({ status: 'voided', bookingId: null });
    const [refund] = await tdb.db.select().from(refunds).where(eq(refunds.paymentId, payment!.id));
    expect(refund).toMatchObject({ status: 'succeeded', amount: 3000, reason: 'confirm_rejected' });
    expect(await refundTransactions(payment!.gatewayRef!)).toMatchObject([{ status: 'succeeded', amount: 3000 }]);
    expect(await holdRow(hold.holdId)).toMatchObject({ status: 'expired' });
  });
});

describe('reconciliation after gateway trouble', () => {
  it('a charge whose answer was lost is confirmed by reconcile, exactly once', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-5']);
    world.faults.chargeFails = 'after';
    try {
      expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
        ok: false,
        code: 'payment_in_progress',
      });
    } finally {
      delete world.faults.chargeFails;
    }
    expect(await holdRow(hold.holdId)).toMatchObject({ status: 'paying' });
    expect(await seatStatus(showId, 'A-5')).toBe('held');

    const report = await world.checkout.reconcile(showId);
    expect(report.holds).toMatchObject({ confirmed: 1, failed: 0 });
    const row = await holdRow(hold.holdId);
    expect(row).toMatchObject({ status: 'confirmed', bookingId: expect.any(String) });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'captured', bookingId: row.bookingId }]);
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
    expect((await world.checkout.reconcile(showId)).holds.confirmed).toBe(0);
    // The customer's retry now simply gets the booking.
    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toEqual({
      ok: true,
      bookingId: row.bookingId,
    });
  });

  it('a retried confirm settles a lost answer itself, without charging twice', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-5']);
    world.faults.chargeFails = 'after';
    try {
      await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    } finally {
      delete world.faults.chargeFails;
    }
    const retried = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    expect(retried).toMatchObject({ ok: true });
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
    expect(await paymentsOf(hold.holdId)).toHaveLength(1);
  });

  it('a charge that never reached the gateway is failed by reconcile and the hold can be paid again', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-1']);
    world.faults.chargeFails = 'before';
    try {
      expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
        code: 'payment_in_progress',
      });
      // Without reconciliation a retry cannot know whether the first request is still under way.
      expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({
        code: 'payment_in_progress',
      });
    } finally {
      delete world.faults.chargeFails;
    }
    const report = await world.checkout.reconcile(showId);
    expect(report.holds).toMatchObject({ failed: 1, confirmed: 0 });
    expect(await holdRow(hold.holdId)).toMatchObject({ status: 'held' });
    expect(await paymentsOf(hold.holdId)).toMatchObject([{ status: 'voided', failureReason: 'abandoned' }]);

    expect(await world.checkout.confirm({ showId, ...hold, payment: goodCard })).toMatchObject({ ok: true });
    expect(await chargesOf(hold.holdId)).toHaveLength(1);
  });
});

describe('cancelBooking', () => {
  it('refunds in full well before the show, frees the seats, and refuses a second cancellation', async () => {
    const showId = await createSmallShow(tdb.db, { startsInHours: 240 });
    const { booking, userId } = await book(showId, ['A-1', 'A-2']);
    const result = await world.checkout.cancelBooking({ bookingId: booking.id, userId, asAdmin: false });
    expect(result).toEqual({
      ok: true,
      bookingId: booking.id,
      ownerId: userId,
      showId,
      refund: { amount: 10000, currency: 'EUR', status: 'succeeded' },
    });
    const [after] = await tdb.db.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(after).toMatchObject({ status: 'cancelled', refundAmount: 10000, cancelledAt: expect.any(Date) });
    const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, booking.paymentId));
    expect(payment?.status).toBe('refunded');
    expect(await refundTransactions(payment!.gatewayRef!)).toMatchObject([{ status: 'succeeded', amount: 10000 }]);
    expect(await seatStatus(showId, 'A-1')).toBe('available');

    expect(await world.checkout.cancelBooking({ bookingId: booking.id, userId, asAdmin: false })).toMatchObject({
      ok: false,
      code: 'already_cancelled',
    });
    expect(await refundTransactions(payment!.gatewayRef!)).toHaveLength(1);
  });

  it('refunds half inside 48 h and nothing is possible inside 2 h (default policy, moving clock)', async () => {
    const showId = await createSmallShow(tdb.db, { startsInHours: 100 });
    const half = await book(showId, ['B-1']);
    const closed = await book(showId, ['B-2']);
    world.clock.advance(70 * HOUR); // ~30 h before the show
    try {
      expect(
        await world.checkout.cancelBooking({ bookingId: half.booking.id, userId: half.userId, asAdmin: false }),
      ).toMatchObject({ ok: true, refund: { amount: 1500, status: 'succeeded' } });
      const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, half.booking.paymentId));
      expect(payment?.status).toBe('partially_refunded');

      world.clock.advance(29 * HOUR); // ~1 h before
      expect(
        await world.checkout.cancelBooking({ bookingId: closed.booking.id, userId: closed.userId, asAdmin: false }),
      ).toMatchObject({ ok: false, code: 'cancellation_window_closed' });
      const [still] = await tdb.db.select().from(bookings).where(eq(bookings.id, closed.booking.id));
      expect(still?.status).toBe('confirmed');
      expect(await seatStatus(showId, 'B-2')).toBe('booked');
    } finally {
      world.clock.offsetMs = 0;
    }
  });

  it('two concurrent cancellations refund once', async () => {
    const showId = await createSmallShow(tdb.db);
    const { booking, userId } = await book(showId, ['B-3', 'B-4']);
    const results = await Promise.all([
      world.checkout.cancelBooking({ bookingId: booking.id, userId, asAdmin: false }),
      world.checkout.cancelBooking({ bookingId: booking.id, userId, asAdmin: false }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: 'already_cancelled' });
    await world.checkout.retryPendingRefunds();
    const rows = await tdb.db.select().from(refunds).where(eq(refunds.bookingId, booking.id));
    expect(rows).toMatchObject([{ status: 'succeeded', amount: 6000 }]);
    const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, booking.paymentId));
    expect(await refundTransactions(payment!.gatewayRef!)).toHaveLength(1);
  });

  it('hides other people’s bookings, but lets an admin cancel them', async () => {
    const showId = await createSmallShow(tdb.db);
    const { booking } = await book(showId, ['A-3']);
    const stranger = randomUUID();
    expect(await world.checkout.cancelBooking({ bookingId: booking.id, userId: stranger, asAdmin: false })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await world.checkout.cancelBooking({ bookingId: 'nope', userId: stranger, asAdmin: true })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(
      await world.checkout.cancelBooking({ bookingId: booking.id, userId: stranger, asAdmin: true }),
    ).toMatchObject({
      ok: true,
      refund: { amount: 5000 },
    });
    const [refund] = await tdb.db.select().from(refunds).where(eq(refunds.bookingId, booking.id));
    expect(refund?.reason).toBe('admin_cancelled');
  });

  it('a refund the gateway could not take stays pending and is settled once by retryPendingRefunds', async () => {
    const showId = await createSmallShow(tdb.db);
    const { booking, userId } = await book(showId, ['A-4']);
    world.faults.refundFails = true;
    try {
      expect(await world.checkout.cancelBooking({ bookingId: booking.id, userId, asAdmin: false })).toMatchObject({
        ok: true,
        refund: { amount: 5000, status: 'pending' },
      });
    } finally {
      delete world.faults.refundFails;
    }
    const [pending] = await tdb.db.select().from(refunds).where(eq(refunds.bookingId, booking.id));
    expect(pending?.status).toBe('pending');
    expect((await tdb.db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]?.status).toBe('cancelled');

    const first = await world.checkout.retryPendingRefunds();
    expect(first.succeeded).toBeGreaterThanOrEqual(1);
    await world.checkout.retryPendingRefunds();
    const [settled] = await tdb.db.select().from(refunds).where(eq(refunds.bookingId, booking.id));
    expect(settled?.status).toBe('succeeded');
    const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, booking.paymentId));
    expect(payment?.status).toBe('refunded');
    expect(await refundTransactions(payment!.gatewayRef!)).toHaveLength(1);
  });

  it('drops a refund intent whose cancellation never reached the show', async () => {
    const showId = await createSmallShow(tdb.db);
    const { booking } = await book(showId, ['A-5']);
    await tdb.db.insert(refunds).values({
      id: `cancel-${booking.id}`,
      paymentId: booking.paymentId,
      bookingId: booking.id,
      amount: booking.total,
      status: 'pending',
      reason: 'customer_cancelled',
      createdAt: new Date(Date.now() - 2 * HOUR),
    });
    await world.checkout.retryPendingRefunds();
    expect(await tdb.db.select().from(refunds).where(eq(refunds.bookingId, booking.id))).toHaveLength(0);
    expect((await tdb.db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]?.status).toBe('confirmed');
  });
});

describe('refundCancelledShow', () => {
  it('refunds every booking of a cancelled show in full, once', async () => {
    const showId = await createSmallShow(tdb.db);
    const a = await book(showId, ['A-1', 'A-2']);
    const b = await book(showId, ['B-1']);
    const outcomes = await world.runtime.dispatch(showId, { type: 'CANCEL_SHOW' });
    const cancelled = outcomes.find((o) => o.type === 'show.cancelled');
    expect(cancelled && cancelled.type === 'show.cancelled' && [...cancelled.bookingIds].sort()).toEqual(
      [a.booking.id, b.booking.id].sort(),
    );
    const bookingIds = [a.booking.id, b.booking.id];

    const report = await world.checkout.refundCancelledShow(showId, bookingIds);
    expect(report.refunds.map((r) => [r.amount, r.status]).sort()).toEqual([
      [10000, 'succeeded'],
      [3000, 'succeeded'],
    ]);
    await world.checkout.refundCancelledShow(showId, bookingIds);
    for (const { booking } of [a, b]) {
      const [row] = await tdb.db.select().from(bookings).where(eq(bookings.id, booking.id));
      expect(row).toMatchObject({ status: 'cancelled', refundAmount: booking.total });
      const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, booking.paymentId));
      expect(payment?.status).toBe('refunded');
      expect(await refundTransactions(payment!.gatewayRef!)).toHaveLength(1);
    }
  });
});
