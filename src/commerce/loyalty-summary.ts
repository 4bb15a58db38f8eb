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
import { listLedger, pointsBalance, pointsEarnedSince } from './loyalty-store.js';

export interface LoyaltySummary {
  points: number;
  tier: Tier;
  nextTier: { tier: Tier; pointsNeeded: number } | null;
  /** Points per 100 minor units paid, at the member's tier. */
  earnRate: number;
  /** Minor units off the seats the balance is worth at checkout now. */
  redeemableValue: number;
  ledger: {
    entryId: string;
    delta: number;
    kind: LoyaltyEntryKind;
    note: string;
    bookingId: string | null;
    createdAt: Date;
  }[];
}

/** A member's standing: balance, tier measured over the last year, and their latest ledger entries. */
export async function loyaltySummary(
  db: Executor,
  userId: string,
  opts: { now: number; ledgerLimit: number },
): Promise<LoyaltySummary> {
  const [points, earned, entries] = await Promise.all([
    pointsBalance(db, userId),
    pointsEarnedSince(db, userId, new Date(opts.now - TIER_WINDOW_MS)),
    listLedger(db, userId, opts.ledgerLimit),
  ]);
  const tier = tierFor(earned);
  return {
    points,
    tier: tier.tier,
    nextTier: nextTier(earned),
    earnRate: (tier.multiplier * 100) / MINOR_UNITS_PER_POINT_EARNED,
    redeemableValue: Math.max(0, points) * MINOR_UNITS_PER_POINT_REDEEMED,
    ledger: entries.map((e) => ({
      entryId: e.id,
      delta: e.delta,
      kind: e.kind,
      note: e.note,
      bookingId: e.bookingId,
      createdAt: e.createdAt,
    })),
  };
}
