import { place } from './best-available.js';
import type { Draft } from './draft.js';
import { emit, putHold, seatChar, totalEarmarked } from './draft.js';
import { endEntry } from './entries.js';
import { OFFER_PREFIX, createHold, expireHold, freeHold, getHold, holdIdInUse, missingHoldCode } from './hold-ops.js';
import type { Phase } from './phase.js';
import type { Criteria } from './pools.js';
import { couldEverFit, poolsFor, resolveCriteria } from './pools.js';
import { seatsHeldBy, seatsWaitedForBy } from './record-indexes.js';
import { seatIdOf, seatOf, type SeatIndex } from './seat-index.js';
import type { GaPart, HoldActionRejectCode, HoldRejectCode, ShowEvent, ShowRules } from './types.js';

type HoldEvent = Extract<ShowEvent, { type: 'HOLD' }>;
type HoldAction = 'RELEASE' | 'BEGIN_PAYMENT' | 'CONFIRM' | 'PAYMENT_FAILED';

export type HoldRequest =
  { kind: 'seats'; seats: number[] } | { kind: 'quantity'; quantity: number; criteria: Criteria };

export type HoldRequestCheck =
  { ok: true; request: HoldRequest } | { ok: false; code: HoldRejectCode; detail?: string };

/** The checks a HOLD passes before any seat is looked at: its shape, its size and its names. */
export function checkHoldRequest(index: SeatIndex, rules: ShowRules, event: HoldEvent): HoldRequestCheck {
  const hasSeats = event.seats !== undefined && event.seats !== null;
  const hasQuantity = event.quantity !== undefined && event.quantity !== null;
  if (hasSeats === hasQuantity)
    return { ok: false, code: 'validation_failed', detail: 'give exactly one of seats or quantity' };

  if (hasSeats) {
    const ids = event.seats!;
    if (!Array.isArray(ids) || ids.length === 0)
      return { ok: false, code: 'validation_failed', detail: 'seats must be a non-empty list' };
    if (ids.length > rules.maxSeatsPerOrder)
      return { ok: false, code: 'too_many_seats', detail: `at most ${rules.maxSeatsPerOrder} seats per order` };
    const found = ids.map((id) => seatOf(index, id));
    const unknown = ids.filter((_, i) => found[i] === undefined);
    if (unknown.length > 0) return { ok: false, code: 'unknown_seats', detail: unknown.join(',') };
    const seen = new Set<string>();
    const duplicates = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (duplicates.length > 0)
      return { ok: false, code: 'validation_failed', detail: `duplicate seats: ${[...new Set(duplicates)].join(',')}` };
    return { ok: true, request: { kind: 'seats', seats: found as number[] } };
  }

  const quantity = event.quantity!;
  if (!Number.isInteger(quantity) || quantity < 1)
    return { ok: false, code: 'validation_failed', detail: 'quantity must be an integer of at least 1' };
  if (quantity > rules.maxSeatsPerOrder)
    return { ok: false, code: 'too_many_seats', detail: `at most ${rules.maxSeatsPerOrder} seats per order` };
  const criteria = resolveCriteria(index, event.category, event.section);
  if (!criteria.ok) return { ok: false, code: 'validation_failed', detail: criteria.detail };
  return { ok: true, request: { kind: 'quantity', quantity, criteria: criteria.criteria } };
}

/** The most seats one customer may hold and wait for at once in the show. */
export function seatsPerCustomer(rules: ShowRules): number {
  return rules.maxSeatsPerCustomer ?? rules.maxSeatsPerOrder;
}

/**
 * Seats a customer holds (offers included) or waits for in this show: what the per-customer cap
 * counts. Read from indexes kept with the holds record and the waitlist, so it costs no scan.
 */
export function seatsClaimedBy(d: Draft, userId: string): number {
  return seatsHeldBy(d.holds, userId) + seatsWaitedForBy(d.waitlist, userId);
}

export type SeatsCheck = { ok: true } | { ok: false; code: 'seats_taken' | 'held_by_others'; detail: string };

/** Named seats can be held only if every one is free: a booked one is gone, a held one may come back. */
export function checkSeatsFree(d: Draft, seats: readonly number[]): SeatsCheck {
  const booked = seats.filter((s) => seatChar(d, s) === 'b');
  if (booked.length > 0)
    return { ok: false, code: 'seats_taken', detail: booked.map((s) => seatIdOf(d.index, s)).join(',') };
  const taken = seats.filter((s) => seatChar(d, s) !== '.');
  if (taken.length > 0)
    return { ok: false, code: 'held_by_others', detail: taken.map((s) => seatIdOf(d.index, s)).join(',') };
  return { ok: true };
}

function rejectHold(d: Draft, event: HoldEvent, code: HoldRejectCode, detail?: string): void {
  emit(d, { type: 'hold.rejected', holdId: event.holdId, code, ...(detail === undefined ? {} : { detail }) });
}

/*
 * Every hold comes here, so it makes no closure (under tsx each named one costs an
 * Object.defineProperty) and no `{ ...spec, seats }`: on Node 20's V8, properties added after a
 * spread make a new hidden class on every call (about 2 µs, measured).
 */
export function holdSeats(d: Draft, event: HoldEvent, phase: Phase): void {
  if (phase !== 'onSale') return rejectHold(d, event, 'sales_closed');
  const check = checkHoldRequest(d.index, d.base.rules, event);
  if (!check.ok) return rejectHold(d, event, check.code, check.detail);
  // Offer ids are derived from entry ids; a customer's hold must never take one an offer will need.
  if (event.holdId.startsWith(OFFER_PREFIX))
    return rejectHold(d, event, 'validation_failed', `hold ids starting with ${OFFER_PREFIX} are reserved`);
  if (holdIdInUse(d, event.holdId)) return rejectHold(d, event, 'duplicate_id');
  // Earmarked places belong to the people already waiting; nobody jumps the queue past them.
  if (totalEarmarked(d) > 0) return rejectHold(d, event, 'waitlist_active');

  const request = check.request;
  // One account must not keep the show's seats from everyone by holding order after order.
  const claimed = seatsClaimedBy(d, event.userId);
  const cap = seatsPerCustomer(d.base.rules);
  if (claimed + (request.kind === 'seats' ? request.seats.length : request.quantity) > cap) {
    return rejectHold(
      d,
      event,
      'seat_limit_reached',
      `you hold or wait for ${claimed} seats of this show; at most ${cap} at once`,
    );
  }
  let seats: number[];
  let ga: GaPart | null = null;
  if (request.kind === 'seats') {
    const free = checkSeatsFree(d, request.seats);
    if (!free.ok) return rejectHold(d, event, free.code, free.detail);
    seats = request.seats;
  } else {
    const pools = poolsFor(d.index, request.criteria);
    const placement = place(d, pools, request.quantity, '.');
    if (!placement)
      return rejectHold(d, event, couldEverFit(d, pools, request.quantity) ? 'held_by_others' : 'sold_out');
    seats = placement.seats;
    ga = placement.ga;
  }
  createHold(d, {
    holdId: event.holdId,
    userId: event.userId,
    seats,
    ga,
    gaFrom: 'free',
    ttlMs: d.base.rules.holdTtlMs,
    entryId: null,
  });
}

function rejectAction(d: Draft, holdId: string, action: HoldAction, code: HoldActionRejectCode): void {
  emit(d, { type: 'hold.action_rejected', holdId, action, code });
}

export function releaseHold(d: Draft, event: Extract<ShowEvent, { type: 'RELEASE' }>): void {
  const hold = getHold(d, event.holdId);
  // Someone else's hold answers exactly like a missing one, so ids cannot be probed.
  if (!hold || hold.userId !== event.userId)
    return rejectAction(d, event.holdId, 'RELEASE', missingHoldCode(d, event.holdId, event.userId));
  if (hold.status === 'paying') return rejectAction(d, event.holdId, 'RELEASE', 'hold_paying');
  freeHold(d, hold);
  emit(d, { type: 'hold.released', holdId: hold.holdId });
  if (hold.entryId !== null) endEntry(d, hold.entryId, 'cancelled');
}

export function beginPayment(d: Draft, event: Extract<ShowEvent, { type: 'BEGIN_PAYMENT' }>): void {
  const hold = getHold(d, event.holdId);
  if (!hold || hold.userId !== event.userId)
    return rejectAction(d, event.holdId, 'BEGIN_PAYMENT', missingHoldCode(d, event.holdId, event.userId));
  if (hold.status === 'paying') {
    // A retry of the same payment is answered again; a second payment for one hold is not allowed.
    if (hold.paymentId !== event.paymentId) return rejectAction(d, event.holdId, 'BEGIN_PAYMENT', 'hold_paying');
    emit(d, {
      type: 'payment.begun',
      holdId: hold.holdId,
      paymentId: event.paymentId,
      paymentDeadlineAt: hold.paymentDeadlineAt ?? hold.deadlineAt,
    });
    return;
  }
  // The hold is live, so its deadline is still ahead: applyCommand expired it otherwise.
  // A paying hold outlives its deadline, up to a bound, so a charge never races the expiry timer.
  const paymentDeadlineAt = Math.max(hold.deadlineAt, d.now + d.base.rules.paymentBoundMs);
  // Object.assign, not a spread: see holdSeats.
  putHold(d, Object.assign({}, hold, { status: 'paying' as const, paymentId: event.paymentId, paymentDeadlineAt }));
  emit(d, { type: 'payment.begun', holdId: hold.holdId, paymentId: event.paymentId, paymentDeadlineAt });
}

export function paymentFailed(d: Draft, event: Extract<ShowEvent, { type: 'PAYMENT_FAILED' }>): void {
  const hold = getHold(d, event.holdId);
  if (!hold) return rejectAction(d, event.holdId, 'PAYMENT_FAILED', missingHoldCode(d, event.holdId, null));
  if (hold.status !== 'paying' || hold.paymentId !== event.paymentId) {
    return rejectAction(d, event.holdId, 'PAYMENT_FAILED', 'payment_mismatch');
  }
  const back = { ...hold, status: 'held' as const, paymentId: null, paymentDeadlineAt: null };
  putHold(d, back);
  emit(d, { type: 'payment.failed', holdId: hold.holdId, paymentId: event.paymentId });
  if (d.now >= back.deadlineAt) expireHold(d, back);
}
