/*
 * A show's cancellation policy and what a cancellation refunds under it: pure rules, no I/O. The
 * cancel flow (payments), points taken back (commerce), the catalog's admin writes (db) and the
 * assistant all read it, so it sits below all of them and imports nothing of theirs.
 */

/** Refund share (percent) by how long before the show a booking is cancelled. */
export interface CancellationPolicy {
  /** Sorted by hoursBefore descending: the first rule whose hoursBefore is met applies. */
  rules: { hoursBefore: number; refundPercent: number }[];
}

const HOUR_MS = 3_600_000;

/** Used when a show has no policy of its own: full refund until 48 h before, half until 2 h before. */
export const defaultCancellationPolicy: CancellationPolicy = {
  rules: [
    { hoursBefore: 48, refundPercent: 100 },
    { hoursBefore: 2, refundPercent: 50 },
  ],
};

export type RefundDecision =
  { ok: true; percent: number; amount: number } | { ok: false; code: 'cancellation_window_closed'; detail: string };

/** One rule of a policy as a customer reads it, with the moment it stops applying. */
export interface RefundRule {
  hoursBefore: number;
  refundPercent: number;
  /** "50 %: within 48 h of the show". */
  label: string;
}

/**
 * A refund decision with the rule behind it: until when that rule applies (epoch ms, inclusive) and
 * the rule that applies after it, null when cancelling is no longer possible after `until`.
 */
export type RefundTerms =
  | {
      ok: true;
      percent: number;
      amount: number;
      rule: RefundRule;
      until: number;
      next: RefundRule | null;
    }
  | Extract<RefundDecision, { ok: false }>;

function ruleLabel(rules: CancellationPolicy['rules'], index: number): string {
  const rule = rules[index]!;
  const share = `${rule.refundPercent} %`;
  if (index > 0) return `${share}: within ${rules[index - 1]!.hoursBefore} h of the show`;
  return rule.hoursBefore > 0
    ? `${share}: until ${rule.hoursBefore} h before the show`
    : `${share}: until the show starts`;
}

/**
 * How much of `total` a cancellation at `now` gets back, and under which rule. The first rule (by
 * hoursBefore, largest first) whose hoursBefore is still met applies; past the last rule, or once the
 * show has started, the booking can no longer be cancelled. Amounts round down so we never refund more
 * than was paid. The cancellation and its quote both come from here, so they cannot disagree.
 */
export function refundTerms(input: {
  policy: CancellationPolicy;
  startsAt: number;
  now: number;
  total: number;
}): RefundTerms {
  const msBefore = input.startsAt - input.now;
  if (msBefore <= 0) return { ok: false, code: 'cancellation_window_closed', detail: 'the show has already started' };
  const rules = [...input.policy.rules].sort((a, b) => b.hoursBefore - a.hoursBefore);
  // Compared in milliseconds so "exactly 48 h before" is not lost to floating-point hours.
  const index = rules.findIndex((r) => r.hoursBefore * HOUR_MS <= msBefore);
  if (index < 0) {
    const last = rules[rules.length - 1];
    const detail = last
      ? `bookings can be cancelled until ${last.hoursBefore} h before the show`
      : 'this show does not allow cancellations';
    return { ok: false, code: 'cancellation_window_closed', detail };
  }
  const rule = rules[index]!;
  const until = input.startsAt - rule.hoursBefore * HOUR_MS;
  const following = rules[index + 1];
  return {
    ok: true,
    percent: rule.refundPercent,
    amount: Math.floor((input.total * rule.refundPercent) / 100),
    rule: { ...rule, label: ruleLabel(rules, index) },
    until,
    next: following ? { ...following, label: ruleLabel(rules, index + 1) } : null,
  };
}

/** The refund decision alone: see refundTerms. */
export function decideRefund(input: {
  policy: CancellationPolicy;
  startsAt: number;
  now: number;
  total: number;
}): RefundDecision {
  const terms = refundTerms(input);
  return terms.ok ? { ok: true, percent: terms.percent, amount: terms.amount } : terms;
}

/**
 * The last moment a customer's cancellation still refunds anything: the start, less the smallest
 * hoursBefore of a rule that refunds. Null when no rule refunds (nothing can be refunded at all).
 */
export function lastRefundAt(policy: CancellationPolicy, startsAt: number): number | null {
  const refunding = policy.rules.filter((r) => r.refundPercent > 0).map((r) => r.hoursBefore);
  return refunding.length === 0 ? null : startsAt - Math.min(...refunding) * HOUR_MS;
}

/** Checks a policy an admin supplies; returns a problem description or null. */
export function policyProblem(policy: CancellationPolicy): string | null {
  if (!Array.isArray(policy.rules)) return 'cancellationPolicy.rules must be a list';
  const seen = new Set<number>();
  for (const r of policy.rules) {
    if (!Number.isFinite(r.hoursBefore) || r.hoursBefore < 0) return 'hoursBefore must be a number >= 0';
    if (!Number.isInteger(r.refundPercent) || r.refundPercent < 0 || r.refundPercent > 100) {
      return 'refundPercent must be an integer from 0 to 100';
    }
    if (seen.has(r.hoursBefore)) return `two rules for hoursBefore ${r.hoursBefore}`;
    seen.add(r.hoursBefore);
  }
  return null;
}

/** The form we store: rules sorted largest hoursBefore first, as CancellationPolicy documents. */
export function normalizePolicy(policy: CancellationPolicy): CancellationPolicy {
  return { rules: [...policy.rules].sort((a, b) => b.hoursBefore - a.hoursBefore).map((r) => ({ ...r })) };
}
