import type { Executor } from '../db/client.js';
import type { LoyaltyEntryKind } from '../db/schema/index.js';
import {
  MINOR_UNITS_PER_POINT_EARNED,
  MINOR_UNITS_PER_POINT_REDEEMED,
  nextTier,
  tierFor,
  TIER_WINDOW_MS,
  type Tier,
} from './loyalty-rules.js';
import { listLedger, loyaltyCurrencies, pointsBalance, pointsEarnedSince } from './loyalty-store.js';

/** A member's standing in one currency: points are earned and spent per currency. */
export interface CurrencyStanding {
  currency: string;
  /** Points that can be spent now, on seats priced in this currency. */
  points: number;
  /** Points of bookings that can still be refunded: they count once refunding is over. */
  pendingPoints: number;
  tier: Tier;
  nextTier: { tier: Tier; pointsNeeded: number } | null;
  /** Points per 100 minor units paid, at the member's tier. */
  earnRate: number;
  /** Minor units off the seats the points are worth at checkout now. */
  redeemableValue: number;
}

export interface LoyaltySummary extends CurrencyStanding {
  /** Every currency the member has points in, the one above included. */
  balances: CurrencyStanding[];
  ledger: {
    entryId: string;
    delta: number;
    currency: string;
    availableAt: Date | null;
    kind: LoyaltyEntryKind;
    note: string;
    bookingId: string | null;
    createdAt: Date;
  }[];
}

/**
 * A member's standing per currency (balance, points still pending, tier measured over the last
 * year), the one of `currency` first (by default the one they used last), and their latest entries.
 */
export async function loyaltySummary(
  db: Executor,
  userId: string,
  opts: { now: number; ledgerLimit: number; currency?: string | undefined; defaultCurrency: string },
): Promise<LoyaltySummary> {
  const [used, entries] = await Promise.all([loyaltyCurrencies(db, userId), listLedger(db, userId, opts.ledgerLimit)]);
  const main = opts.currency ?? used[0] ?? opts.defaultCurrency;
  const currencies = [main, ...used.filter((c) => c !== main)];
  const balances = await Promise.all(currencies.map((currency) => standing(db, userId, currency, opts.now)));
  return {
    ...balances[0]!,
    balances,
    ledger: entries.map((e) => ({
      entryId: e.id,
      delta: e.delta,
      currency: e.currency,
      availableAt: e.availableAt,
      kind: e.kind,
      note: e.note,
      bookingId: e.bookingId,
      createdAt: e.createdAt,
    })),
  };
}

async function standing(db: Executor, userId: string, currency: string, now: number): Promise<CurrencyStanding> {
  const [balance, earned] = await Promise.all([
    pointsBalance(db, userId, currency, new Date(now)),
    pointsEarnedSince(db, userId, currency, new Date(now - TIER_WINDOW_MS)),
  ]);
  const tier = tierFor(earned);
  return {
    currency,
    points: balance.available,
    pendingPoints: balance.pending,
    tier: tier.tier,
    nextTier: nextTier(earned),
    earnRate: (tier.multiplier * 100) / MINOR_UNITS_PER_POINT_EARNED,
    redeemableValue: Math.max(0, balance.available) * MINOR_UNITS_PER_POINT_REDEEMED,
  };
}
