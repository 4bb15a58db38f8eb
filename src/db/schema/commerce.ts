import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export type PromoKind = 'percent' | 'fixed';
export type PromoScope = 'all' | 'event' | 'category';

/** A discount code. `code` is stored upper case; customers may type it in any case. */
export const promoCodes = pgTable('promo_codes', {
  id: text().primaryKey(),
  code: text().notNull().unique(),
  description: text().notNull().default(''),
  kind: text().$type<PromoKind>().notNull(),
  /** Percent (1..100) for `percent`; minor units of `currency` for `fixed`. */
  value: integer().notNull(),
  /** Set for `fixed`: the code only applies to shows priced in this currency. */
  currency: text(),
  scope: text().$type<PromoScope>().notNull().default('all'),
  eventId: text(),
  category: text(),
  validFrom: timestamp({ withTimezone: true, mode: 'date' }),
  validUntil: timestamp({ withTimezone: true, mode: 'date' }),
  /** null: unlimited. */
  maxUses: integer(),
  maxUsesPerUser: integer(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * One use of a promo code by one payment. A use counts while its payment is pending or has become
 * a booking, so a declined or abandoned payment gives its use back without any bookkeeping.
 */
export const promoRedemptions = pgTable(
  'promo_redemptions',
  {
    id: text().primaryKey(),
    promoId: text()
      .notNull()
      .references(() => promoCodes.id),
    userId: uuid().notNull(),
    paymentId: text().notNull().unique(),
    discount: integer().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('promo_redemptions_promo_user_idx').on(t.promoId, t.userId)],
);

/**
 * The checkout choices a customer made for one of their holds (promo code, points), so a reload or
 * another device prices the hold as it was last shown. Written only when the choice was quoted
 * successfully; the hold itself lives in the show's journal, hence no foreign key.
 */
export const holdCheckouts = pgTable('hold_checkouts', {
  holdId: text().primaryKey(),
  userId: uuid().notNull(),
  promoCode: text(),
  points: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** One row per member: locked while points are redeemed so a balance can never be spent twice. */
export const loyaltyAccounts = pgTable('loyalty_accounts', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type LoyaltyEntryKind = 'earn' | 'earn_reversed' | 'redeem' | 'redeem_released' | 'redeem_returned' | 'adjust';

/**
 * Every change to a member's points, with why. The id is the change's idempotency key (for
 * example `earn:<bookingId>`), so a change applied twice is recorded once. Points belong to one
 * currency (earned by payments in it, spent on seats priced in it); a member has a balance per
 * currency: sum(delta) of its entries that are available (`available_at` null or past).
 */
export const loyaltyLedger = pgTable(
  'loyalty_ledger',
  {
    id: text().primaryKey(),
    userId: uuid().notNull(),
    delta: integer().notNull(),
    /** ISO 4217: the currency whose balance this entry changes. */
    currency: text().notNull(),
    /**
     * Set on points earned by a booking that can still be refunded (and on their reversal): they
     * count from this time on, when the booking can no longer be refunded. Null: at once.
     */
    availableAt: timestamp({ withTimezone: true, mode: 'date' }),
    kind: text().$type<LoyaltyEntryKind>().notNull(),
    bookingId: text(),
    paymentId: text(),
    note: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('loyalty_ledger_user_idx').on(t.userId, t.createdAt), index('loyalty_ledger_payment_idx').on(t.paymentId)],
);

export type PromoCodeRow = typeof promoCodes.$inferSelect;
export type PromoRedemptionRow = typeof promoRedemptions.$inferSelect;
export type LoyaltyLedgerRow = typeof loyaltyLedger.$inferSelect;
export type HoldCheckoutRow = typeof holdCheckouts.$inferSelect;
