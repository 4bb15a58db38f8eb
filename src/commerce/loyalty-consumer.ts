import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bookings, payments, refunds, shows, type BookingRow, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { decideRefund, defaultCancellationPolicy } from '../payments/refund-policy.js';
import { pointsEarned, pointsReturned, TIER_WINDOW_MS } from './loyalty-rules.js';
import { addLedgerEntry, getLedgerEntry, pointsEarnedSince } from './loyalty-store.js';

/**
 * Points follow bookings: earned when a booking is confirmed, taken back when it is cancelled,
 * together with the share of spent points that matches the share of money refunded. Every entry's
 * id is derived from the booking, so a fact offered twice changes the balance once.
 */
export function createLoyaltyConsumer(): OutboxConsumer {
  return {
    name: 'loyalty',
    async consume(tx: Executor, event: OutboxRow): Promise<void> {
      const bookingId = event.payload['bookingId'];
      if (typeof bookingId !== 'string') return;
      switch (event.topic) {
        case 'booking.confirmed':
          return earn(tx, bookingId);
        case 'booking.cancelled':
        case 'show.cancelled':
          return reverse(tx, bookingId);
        default:
          return;
      }
    },
  };
}

async function findBooking(tx: Executor, bookingId: string): Promise<BookingRow | undefined> {
  const rows = await tx.select().from(bookings).where(eq(bookings.id, bookingId)).limit(1);
  return rows[0];
}

async function earn(tx: Executor, bookingId: string): Promise<void> {
  const booking = await findBooking(tx, bookingId);
  // A booking cancelled before its confirmation was processed earns nothing, whatever order the
  // two facts arrive in: the reversal finds no earning to take back.
  if (!booking || booking.status === 'cancelled') return;
  const since = new Date(booking.createdAt.getTime() - TIER_WINDOW_MS);
  const recent = await pointsEarnedSince(tx, booking.userId, since);
  const points = pointsEarned(booking.total, recent);
  if (points <= 0) return;
  await addLedgerEntry(tx, {
    id: `earn:${bookingId}`,
    userId: booking.userId,
    delta: points,
    kind: 'earn',
    bookingId,
    note: `booking for show ${booking.showId}`,
  });
}

async function reverse(tx: Executor, bookingId: string): Promise<void> {
  const booking = await findBooking(tx, bookingId);
  if (!booking) return;
  const earned = await getLedgerEntry(tx, `earn:${bookingId}`);
  if (earned && earned.delta > 0) {
    await addLedgerEntry(tx, {
      id: `reverse:${bookingId}`,
      userId: booking.userId,
      delta: -earned.delta,
      kind: 'earn_reversed',
      bookingId,
      note: 'booking cancelled',
    });
  }
  const [payment] = await tx
    .select({ amount: payments.amount, pointsRedeemed: payments.pointsRedeemed })
    .from(payments)
    .where(eq(payments.id, booking.paymentId))
    .limit(1);
  if (!payment || payment.pointsRedeemed <= 0) return;
  const refunded = await refundedFor(tx, bookingId);
  const share = payment.amount > 0 ? 0 : await refundShareOfFreeBooking(tx, booking, refunded.showCancelled);
  const points = pointsReturned(payment.pointsRedeemed, payment.amount, refunded.amount, share);
  if (points <= 0) return;
  await addLedgerEntry(tx, {
    id: `return:${bookingId}`,
    userId: booking.userId,
    delta: points,
    kind: 'redeem_returned',
    bookingId,
    note: `${points} of ${payment.pointsRedeemed} points spent, as refunded`,
  });
}

/** Money refunded or being refunded for a booking (failed refunds do not count). */
async function refundedFor(tx: Executor, bookingId: string) {
  const [row] = await tx
    .select({
      amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::int`,
      showCancelled: sql<boolean>`coalesce(bool_or(${refunds.reason} = 'show_cancelled'), false)`,
    })
    .from(refunds)
    .where(and(eq(refunds.bookingId, bookingId), ne(refunds.status, 'failed')));
  return { amount: row?.amount ?? 0, showCancelled: row?.showCancelled ?? false };
}

/**
 * A booking paid entirely with points and a code has no money to measure, so the share is what the
 * show's policy would have refunded when it was cancelled (all of it if the show was cancelled).
 */
async function refundShareOfFreeBooking(tx: Executor, booking: BookingRow, showCancelled: boolean): Promise<number> {
  if (showCancelled) return 100;
  if (!booking.cancelledAt) return 0;
  const [show] = await tx
    .select({ startsAt: shows.startsAt, policy: shows.cancellationPolicy })
    .from(shows)
    .where(eq(shows.id, booking.showId))
    .limit(1);
  if (!show) return 0;
  const decision = decideRefund({
    policy: show.policy ?? defaultCancellationPolicy,
    startsAt: show.startsAt.getTime(),
    now: booking.cancelledAt.getTime(),
    total: 100,
  });
  return decision.ok ? decision.percent : 0;
}
