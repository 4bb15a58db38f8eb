import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type HoldStatus = 'held' | 'paying' | 'confirmed' | 'expired' | 'released' | 'cancelled';

/** Read model of every hold a show's actor placed, kept in step by the journal writer. */
export const holds = pgTable(
  'holds',
  {
    id: text().primaryKey(),
    showId: text().notNull(),
    userId: uuid().notNull(),
    status: text().$type<HoldStatus>().notNull(),
    seats: jsonb().$type<string[]>().notNull(),
    gaSection: text(),
    quantity: integer().notNull(),
    total: integer().notNull(),
    currency: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    deadlineAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    paymentId: text(),
    bookingId: text(),
    entryId: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // No index covers `status`: a hold changes status several times, and leaving it unindexed lets
  // PostgreSQL make those updates in place (HOT) on the hot show's busiest table.
  (t) => [index('holds_show_idx').on(t.showId), index('holds_user_idx').on(t.userId)],
);

export const bookings = pgTable(
  'bookings',
  {
    id: text().primaryKey(),
    showId: text().notNull(),
    userId: uuid().notNull(),
    holdId: text().notNull(),
    status: text({ enum: ['confirmed', 'cancelled'] }).notNull(),
    seats: jsonb().$type<string[]>().notNull(),
    gaSection: text(),
    quantity: integer().notNull(),
    subtotal: integer().notNull(),
    discount: integer().notNull().default(0),
    fees: integer().notNull().default(0),
    total: integer().notNull(),
    currency: text().notNull(),
    paymentId: text().notNull(),
    refundAmount: integer(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    cancelledAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('bookings_user_idx').on(t.userId, t.createdAt), index('bookings_show_idx').on(t.showId)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: text().primaryKey(),
    bookingId: text()
      .notNull()
      .references(() => bookings.id),
    showId: text().notNull(),
    /** Reserved seat id, or `<section>#<n>` for a general-admission place. */
    seatId: text().notNull(),
    code: text().notNull(),
    /** Set once, by the first check-in scan at the door; never cleared. */
    admittedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('tickets_booking_idx').on(t.bookingId)],
);

export type PaymentStatus = 'pending' | 'captured' | 'declined' | 'refunded' | 'partially_refunded' | 'voided';

export const payments = pgTable(
  'payments',
  {
    id: text().primaryKey(),
    userId: uuid().notNull(),
    showId: text().notNull(),
    holdId: text().notNull(),
    bookingId: text(),
    /** What is charged: subtotal - discount + fees, fixed when the payment is created (the quote). */
    amount: integer().notNull(),
    /** The seats at the show's prices; null on payments made before quotes existed. */
    subtotal: integer(),
    /** Promo and points together. */
    discount: integer().notNull().default(0),
    fees: integer().notNull().default(0),
    promoCode: text(),
    pointsRedeemed: integer().notNull().default(0),
    currency: text().notNull(),
    method: text().notNull(),
    status: text().$type<PaymentStatus>().notNull(),
    gatewayRef: text(),
    failureReason: text(),
    /** Times the payment sweeper asked the gateway about this payment while it stayed pending. */
    sweepChecks: integer().notNull().default(0),
    /** When the sweeper may look at it again: a claim by one node, and the backoff between checks. */
    nextSweepAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('payments_hold_idx').on(t.holdId), index('payments_status_idx').on(t.status)],
);

export const refunds = pgTable(
  'refunds',
  {
    id: text().primaryKey(),
    paymentId: text()
      .notNull()
      .references(() => payments.id),
    bookingId: text(),
    amount: integer().notNull(),
    status: text({ enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    reason: text().notNull(),
    /** Gateway calls the retrier has made for it; the wait before the next one doubles with each. */
    attempts: integer().notNull().default(0),
    /**
     * When the retrier may try it next. New refunds wait a little, since the request that recorded
     * them settles them itself at once; the retrier is for what that request could not finish.
     */
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now() + interval '30 seconds'`),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('refunds_status_idx').on(t.status),
    index('refunds_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

export type WaitlistStatus = 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'unsatisfiable' | 'cancelled';

export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: text().primaryKey(),
    showId: text().notNull(),
    userId: uuid().notNull(),
    quantity: integer().notNull(),
    category: text(),
    section: text(),
    status: text().$type<WaitlistStatus>().notNull(),
    holdId: text(),
    joinedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // By user too: a customer's waiting places across shows (GET /api/me/waitlist).
  (t) => [index('waitlist_show_idx').on(t.showId, t.status), index('waitlist_user_idx').on(t.userId)],
);

export type HoldRow = typeof holds.$inferSelect;
export type BookingRow = typeof bookings.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type WaitlistRow = typeof waitlistEntries.$inferSelect;
