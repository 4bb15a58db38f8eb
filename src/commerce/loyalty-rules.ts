/** The loyalty programme's numbers, in one place. */

export type Tier = 'bronze' | 'silver' | 'gold';

/** Best first: a member is in the first tier whose threshold their recent earnings meet. */
export const TIERS: readonly { tier: Tier; minEarned: number; multiplier: number }[] = [
  { tier: 'gold', minEarned: 5_000, multiplier: 1.5 },
  { tier: 'silver', minEarned: 1_000, multiplier: 1.25 },
  { tier: 'bronze', minEarned: 0, multiplier: 1 },
];

/** Tiers look at points earned (net of reversals) over this window. */
export const TIER_WINDOW_MS = 365 * 86_400_000;

/** Base rate: one point per this many minor units paid. */
export const MINOR_UNITS_PER_POINT_EARNED = 100;

/** Redemption: one point takes this many minor units off the seats' price. */
export const MINOR_UNITS_PER_POINT_REDEEMED = 1;

export function tierFor(earnedInWindow: number): (typeof TIERS)[number] {
  return TIERS.find((t) => earnedInWindow >= t.minEarned) ?? TIERS[TIERS.length - 1]!;
}

/** The next tier up and how many more points it takes, or null at the top. */
export function nextTier(earnedInWindow: number): { tier: Tier; pointsNeeded: number } | null {
  const current = tierFor(earnedInWindow);
  const index = TIERS.indexOf(current);
  const next = index > 0 ? TIERS[index - 1] : undefined;
  return next ? { tier: next.tier, pointsNeeded: next.minEarned - earnedInWindow } : null;
}

/** floor(paid / 100) times the tier's multiplier, rounded down. */
export function pointsEarned(paid: number, earnedInWindow: number): number {
  const base = Math.floor(Math.max(0, paid) / MINOR_UNITS_PER_POINT_EARNED);
  return Math.floor(base * tierFor(earnedInWindow).multiplier);
}

/**
 * Redeemed points a cancellation gives back: the share of the payment that is refunded. A payment
 * of nothing (points and a code covered it all) has no money to measure, so its share is given.
 */
export function pointsReturned(redeemed: number, paid: number, refunded: number, shareIfFree: number): number {
  if (redeemed <= 0) return 0;
  if (paid <= 0) return Math.floor((redeemed * shareIfFree) / 100);
  return Math.floor((redeemed * Math.min(refunded, paid)) / paid);
}
