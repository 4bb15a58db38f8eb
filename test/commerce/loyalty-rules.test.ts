import { describe, expect, it } from 'vitest';
import { nextTier, pointsEarned, pointsReturned, tierFor } from '../../src/commerce/loyalty-rules.js';

describe('loyalty rules', () => {
  it('puts members in tiers by points earned in the window, at the thresholds', () => {
    expect(tierFor(999).tier).toBe('bronze');
    expect(tierFor(1000).tier).toBe('silver');
    expect(tierFor(4999).tier).toBe('silver');
    expect(tierFor(5000).tier).toBe('gold');
    expect(nextTier(250)).toEqual({ tier: 'silver', pointsNeeded: 750 });
    expect(nextTier(1200)).toEqual({ tier: 'gold', pointsNeeded: 3800 });
    expect(nextTier(5000)).toBeNull();
  });

  it('earns floor(paid / 100) times the multiplier, rounded down', () => {
    expect(pointsEarned(12_399, 0)).toBe(123);
    expect(pointsEarned(12_399, 1000)).toBe(153);
    expect(pointsEarned(12_399, 5000)).toBe(184);
    expect(pointsEarned(99, 5000)).toBe(0);
  });

  it('returns spent points in proportion to the refund', () => {
    expect(pointsReturned(1000, 4000, 4000, 0)).toBe(1000);
    expect(pointsReturned(1000, 4000, 2000, 0)).toBe(500);
    expect(pointsReturned(999, 4000, 1000, 0)).toBe(249);
    expect(pointsReturned(1000, 4000, 0, 100)).toBe(0);
    expect(pointsReturned(1000, 0, 0, 50)).toBe(500);
  });
});
