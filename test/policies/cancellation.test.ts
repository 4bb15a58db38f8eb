import { describe, expect, it } from 'vitest';
import {
  decideRefund,
  defaultCancellationPolicy,
  normalizePolicy,
  policyProblem,
  refundTerms,
} from '../../src/policies/cancellation.js';

const HOUR = 3_600_000;
const startsAt = Date.UTC(2030, 5, 1, 19, 0);
const at = (msBefore: number) =>
  decideRefund({ policy: defaultCancellationPolicy, startsAt, now: startsAt - msBefore, total: 1999 });

describe('refund policy (default: 100% until 48 h, 50% until 2 h, closed after)', () => {
  it('refunds in full well before and at exactly 48 h', () => {
    expect(at(10 * 24 * HOUR)).toEqual({ ok: true, percent: 100, amount: 1999 });
    expect(at(48 * HOUR)).toEqual({ ok: true, percent: 100, amount: 1999 });
  });

  it('refunds half, rounded down to whole minor units, just under 48 h and at exactly 2 h', () => {
    expect(at(48 * HOUR - 1)).toEqual({ ok: true, percent: 50, amount: 999 });
    expect(at(2 * HOUR)).toEqual({ ok: true, percent: 50, amount: 999 });
  });

  it('closes the window just under 2 h, at the start and after it', () => {
    for (const before of [2 * HOUR - 1, 1, 0, -HOUR]) {
      expect(at(before)).toMatchObject({ ok: false, code: 'cancellation_window_closed' });
    }
    expect(at(0)).toMatchObject({ detail: 'the show has already started' });
  });

  it('applies rules in hoursBefore order whatever order they are given in', () => {
    const policy = {
      rules: [
        { hoursBefore: 0, refundPercent: 25 },
        { hoursBefore: 24, refundPercent: 90 },
      ],
    };
    expect(decideRefund({ policy, startsAt, now: startsAt - 30 * HOUR, total: 1000 })).toMatchObject({
      percent: 90,
      amount: 900,
    });
    expect(decideRefund({ policy, startsAt, now: startsAt - 1, total: 1000 })).toMatchObject({
      percent: 25,
      amount: 250,
    });
  });

  it('a policy without rules never allows cancelling', () => {
    expect(decideRefund({ policy: { rules: [] }, startsAt, now: startsAt - 100 * HOUR, total: 1000 })).toMatchObject({
      ok: false,
      code: 'cancellation_window_closed',
    });
  });

  it('only produces integer amounts', () => {
    const policy = { rules: [{ hoursBefore: 0, refundPercent: 33 }] };
    for (const total of [1, 7, 101, 999_999]) {
      const d = decideRefund({ policy, startsAt, now: startsAt - HOUR, total });
      expect(d.ok && Number.isInteger(d.amount) && d.amount <= total).toBe(true);
    }
  });

  it('checks and normalizes admin-supplied policies', () => {
    expect(policyProblem({ rules: [{ hoursBefore: 2, refundPercent: 101 }] })).toMatch(/refundPercent/);
    expect(policyProblem({ rules: [{ hoursBefore: -1, refundPercent: 10 }] })).toMatch(/hoursBefore/);
    expect(
      policyProblem({
        rules: [
          { hoursBefore: 2, refundPercent: 10 },
          { hoursBefore: 2, refundPercent: 20 },
        ],
      }),
    ).toMatch(/two rules/);
    expect(policyProblem(defaultCancellationPolicy)).toBeNull();
    expect(
      normalizePolicy({
        rules: [
          { hoursBefore: 1, refundPercent: 10 },
          { hoursBefore: 5, refundPercent: 50 },
        ],
      }).rules.map((r) => r.hoursBefore),
    ).toEqual([5, 1]);
  });

  it('names the rule that applies, until when, and the rule after it', () => {
    const terms = (msBefore: number) =>
      refundTerms({ policy: defaultCancellationPolicy, startsAt, now: startsAt - msBefore, total: 17_800 });
    expect(terms(10 * 24 * HOUR)).toEqual({
      ok: true,
      percent: 100,
      amount: 17_800,
      rule: { hoursBefore: 48, refundPercent: 100, label: '100 %: until 48 h before the show' },
      until: startsAt - 48 * HOUR,
      next: { hoursBefore: 2, refundPercent: 50, label: '50 %: within 48 h of the show' },
    });
    expect(terms(24 * HOUR)).toEqual({
      ok: true,
      percent: 50,
      amount: 8_900,
      rule: { hoursBefore: 2, refundPercent: 50, label: '50 %: within 48 h of the show' },
      until: startsAt - 2 * HOUR,
      next: null,
    });
    const untilStart = refundTerms({
      policy: { rules: [{ hoursBefore: 0, refundPercent: 20 }] },
      startsAt,
      now: startsAt - HOUR,
      total: 1000,
    });
    expect(untilStart).toMatchObject({ rule: { label: '20 %: until the show starts' }, until: startsAt, next: null });
  });
});
