import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/notifications/backoff.js';

describe('retry backoff', () => {
  const opts = { baseMs: 1000, maxMs: 60_000 };
  it('doubles per attempt, between half and all of the step, up to the cap', () => {
    expect(backoffMs(1, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { ...opts, random: () => 1 })).toBe(1000);
    expect(backoffMs(2, { ...opts, random: () => 0 })).toBe(1000);
    expect(backoffMs(4, { ...opts, random: () => 1 })).toBe(8000);
    expect(backoffMs(30, { ...opts, random: () => 1 })).toBe(60_000);
    expect(backoffMs(30, { ...opts, random: () => 0 })).toBe(30_000);
  });
  it('spreads retries of the same attempt', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffMs(5, opts)));
    expect(seen.size).toBeGreaterThan(10);
    for (const ms of seen) expect(ms).toBeGreaterThanOrEqual(8000);
  });
});
