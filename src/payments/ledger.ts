import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import {
  bookings,
  holds,
  payments,
  refunds,
  shows,
  showStats,
  tickets,
  type BookingRow,
  type HoldRow,
  type PaymentRow,
  type PaymentStatus,
} from '../db/schema/index.js';

/** Queries over the payments and refunds rows that checkout owns, plus the few reads it needs. */

export type RefundRow = typeof refunds.$inferSelect;

export async function getHold(db: Executor, holdId: string): Promise<HoldRow | undefined> {
  const rows = await db.select().from(holds).where(eq(holds.id, holdId)).limit(1);
  return rows[0];
}

export async function listPayingHolds(db: Executor, showId: string): Promise<HoldRow[]> {
  return db
    .select()
    .from(holds)
    .where(and(eq(holds.showId, showId), eq(holds.status, 'paying')));
}

export async function getBooking(db: Executor, bookingId: string): Promise<BookingRow | undefined> {
  const rows = await db.select().from(bookings).where(eq(bookings.id, bookingId)).limit(1);
  return rows[0];
}

export async function findBookingByPayment(db: Executor, paymentId: string): Promise<BookingRow | undefined> {
  const rows = await db.select().from(bookings).where(eq(bookings.paymentId, paymentId)).limit(1);
  return rows[0];
}

/**
 * Whether any ticket of the booking has been admitted. `waitForScans` locks the booking's tickets,
 * so a check-in writing one of them right now is waited for and its admission seen.
 */
export async function hasAdmittedTicket(
  db: Executor,
  bookingId: string,
  opts: { waitForScans?: boolean } = {},
): Promise<boolean> {
  const query = db.select({ admittedAt: tickets.admittedAt }).from(tickets).where(eq(tickets.bookingId, bookingId));
  const rows = opts.waitForScans ? await query.for('update') : await query;
  return rows.some((r) => r.admittedAt !== null);
}

export async function getShowTerms(db: Executor, showId: string) {
  const rows = await db
    .select({ startsAt: shows.startsAt, cancellationPolicy: shows.cancellationPolicy })
    .from(shows)
    .where(eq(shows.id, showId))
    .limit(1);
  return rows[0];
}

/** The show's state as its actor last published it; null before the actor has written anything. */
export async function getPublishedState(db: Executor, showId: string): Promise<string | null> {
  const rows = await db.select({ state: showStats.state }).from(showStats).where(eq(showStats.showId, showId)).limit(1);
  return rows[0]?.state ?? null;
}

export async function insertPayment(
  db: Executor,
  row: {
    id: string;
    userId: string;
    showId: string;
    holdId: string;
    amount: number;
    subtotal: number;
    discount: number;
    fees: number;
    promoCode: string | null;
    pointsRedeemed: number;
    currency: string;
    method: string;
  },
): Promise<void> {
  await db.insert(payments).values({ ...row, status: 'pending' });
}

export async function getPayment(db: Executor, paymentId: string): Promise<PaymentRow | undefined> {
  const rows = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  return rows[0];
}

/** Declined payments for one hold. */
export async function countDeclines(db: Executor, holdId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(eq(payments.holdId, holdId), eq(payments.status, 'declined')));
  return row?.n ?? 0;
}

export async function setGatewayRef(db: Executor, paymentId: string, gatewayRef: string): Promise<void> {
  await db
    .update(payments)
    .set({ gatewayRef, updatedAt: sql`now()` })
    .where(eq(payments.id, paymentId));
}

/**
 * Ends a payment that never became a booking. Only a pending payment moves: one the runtime has
 * already marked captured (a booking exists) must never be overwritten by a late failure path.
 * The points it spent come back in the same statement, so a payment can never end without them.
 */
export async function closePendingPayment(
  db: Executor,
  paymentId: string,
  status: Extract<PaymentStatus, 'declined' | 'voided'>,
  failureReason: string,
): Promise<void> {
  await db.execute(sql`with closed as (
      update ${payments} set status = ${status}, failure_reason = ${failureReason}, updated_at = now()
      where id = ${paymentId} and status = 'pending'
      returning id, user_id, points_redeemed, currency)
    ${releasePointsOf('closed', `payment ${status}`)}`);
}

/**
 * Voids a pending payment whose unused charge has been refunded, giving its points back in the same
 * statement.
 */
export async function voidRefundedPayment(db: Executor, paymentId: string): Promise<void> {
  await db.execute(sql`with closed as (
      update ${payments} set status = 'voided', updated_at = now()
      where id = ${paymentId} and status = 'pending'
      returning id, user_id, points_redeemed, currency)
    ${releasePointsOf('closed', 'charge refunded, no booking')}`);
}

/** The loyalty entry that gives back the points of the payments a CTE named `cte` just closed. */
function releasePointsOf(cte: string, note: string) {
  return sql`insert into loyalty_ledger (id, user_id, delta, currency, kind, payment_id, note)
    select 'release:' || c.id, c.user_id, c.points_redeemed, c.currency, 'redeem_released', c.id, ${note}
    from ${sql.raw(cte)} c where c.points_redeemed > 0
    on conflict (id) do nothing`;
}

export async function setPaymentStatus(db: Executor, paymentId: string, status: PaymentStatus): Promise<void> {
  await db
    .update(payments)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(payments.id, paymentId));
}

export async function getRefund(db: Executor, refundId: string): Promise<RefundRow | undefined> {
  const rows = await db.select().from(refunds).where(eq(refunds.id, refundId)).limit(1);
  return rows[0];
}

/**
 * Records the intent to refund before anything irreversible happens. Re-recording a pending one
 * (a retried request) refreshes its amount and age, so the stale-intent sweep leaves it alone.
 */
export async function upsertPendingRefund(
  db: Executor,
  row: { id: string; paymentId: string; bookingId: string | null; amount: number; reason: string },
): Promise<RefundRow | undefined> {
  await db
    .insert(refunds)
    .values({ ...row, status: 'pending' })
    .onConflictDoUpdate({
      target: refunds.id,
      set: { amount: row.amount, createdAt: sql`now()`, updatedAt: sql`now()` },
      setWhere: eq(refunds.status, 'pending'),
    });
  return getRefund(db, row.id);
}

export async function listRefundsOfBookings(db: Executor, bookingIds: string[]): Promise<RefundRow[]> {
  if (bookingIds.length === 0) return [];
  return db.select().from(refunds).where(inArray(refunds.bookingId, bookingIds));
}

export async function setRefundAmount(db: Executor, refundId: string, amount: number, reason: string): Promise<void> {
  await db
    .update(refunds)
    .set({ amount, reason, updatedAt: sql`now()` })
    .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')));
}

export async function deletePendingRefund(db: Executor, refundId: string): Promise<void> {
  await db.delete(refunds).where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')));
}

/** Pending refunds whose cancellation is durable (or that refund a charge no booking took). */
export async function listSettleableRefunds(db: Executor, opts: { showId?: string } = {}): Promise<RefundRow[]> {
  const rows = await db
    .select({ refund: refunds })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .leftJoin(bookings, eq(bookings.id, refunds.bookingId))
    .where(
      and(
        eq(refunds.status, 'pending'),
        or(isNull(refunds.bookingId), eq(bookings.status, 'cancelled')),
        opts.showId === undefined ? undefined : eq(payments.showId, opts.showId),
      ),
    );
  return rows.map((r) => r.refund);
}

/**
 * Drops refund intents whose cancellation never reached the show (the process died between
 * recording the intent and dispatching it). Nothing was cancelled and no money moved, so the
 * booking stands and the customer may simply cancel again.
 */
export async function deleteStaleRefundIntents(db: Executor, olderThan: Date): Promise<number> {
  const deleted = await db
    .delete(refunds)
    .where(
      and(
        eq(refunds.status, 'pending'),
        lt(refunds.createdAt, olderThan),
        sql`exists (select 1 from ${bookings} where ${bookings.id} = ${refunds.bookingId} and ${bookings.status} = 'confirmed')`,
      ),
    )
    .returning({ id: refunds.id });
  return deleted.length;
}

export async function sumSucceededRefunds(db: Executor, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, 'succeeded')));
  return row?.total ?? 0;
}

export async function finishRefund(db: Executor, refundId: string, status: 'succeeded' | 'failed'): Promise<boolean> {
  const updated = await db
    .update(refunds)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')))
    .returning({ id: refunds.id });
  return updated.length > 0;
}

export async function setBookingRefundAmount(db: Executor, bookingId: string, amount: number): Promise<void> {
  await db.update(bookings).set({ refundAmount: amount }).where(eq(bookings.id, bookingId));
}

/** Marks bookings of a cancelled show cancelled, for runtimes that have not already done so. */
export async function markBookingsCancelled(db: Executor, bookingIds: string[], at: Date): Promise<void> {
  if (bookingIds.length === 0) return;
  await db
    .update(bookings)
    .set({ status: 'cancelled', cancelledAt: at })
    .where(and(inArray(bookings.id, bookingIds), eq(bookings.status, 'confirmed')));
}

export async function listBookings(db: Executor, bookingIds: string[]): Promise<BookingRow[]> {
  if (bookingIds.length === 0) return [];
  return db.select().from(bookings).where(inArray(bookings.id, bookingIds));
}
