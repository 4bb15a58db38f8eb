import type { Draft, SeatStatus } from './draft.js';
import { FREE, HELD, emit, moveGa, putHold, removeHold, setSeats } from './draft.js';
import { endEntry } from './entries.js';
import { isBookedHoldId, takeDueHolds } from './record-indexes.js';
import type { GaPart, Hold } from './types.js';
import { placedSeats } from './views.js';

export const OFFER_PREFIX = 'offer-';

/** The hold id of an entry's offer: derived, so replays make the same id. */
export function offerHoldId(entryId: string): string {
  return OFFER_PREFIX + entryId;
}

/**
 * Seats and standing places back to free, from held or booked; the waitlist sees them as freed by
 * this event.
 */
export function freePlaces(d: Draft, places: { seats: readonly number[]; ga: GaPart | null }, from: SeatStatus): void {
  setSeats(d, places.seats, FREE);
  d.freedSeats.push(...places.seats);
  if (places.ga) {
    moveGa(d, places.ga.section, from, 'free', places.ga.quantity);
    d.freedGa.push(places.ga);
  }
}

/** Gives a hold's seats back and forgets the hold. */
export function freeHold(d: Draft, hold: Hold): void {
  freePlaces(d, hold, 'held');
  removeHold(d, hold.holdId);
}

/** Lets a hold go because its time ran out; an expired offer ends its waitlist entry too. */
export function expireHold(d: Draft, hold: Hold): void {
  freeHold(d, hold);
  d.expired.push(hold);
  emit(d, { type: 'hold.expired', holdId: hold.holdId, entryId: hold.entryId });
  if (hold.entryId !== null) endEntry(d, hold.entryId, 'expired');
}

/** Expires every hold that is due, earliest deadline first so replays free seats in the same order. */
export function expireDueHolds(d: Draft): void {
  for (const hold of takeDueHolds(d.holds, d.now)) expireHold(d, hold);
}

export function getHold(d: Draft, holdId: string): Hold | undefined {
  return Object.hasOwn(d.holds, holdId) ? d.holds[holdId] : undefined;
}

/**
 * Why a command finds no live hold: one that ran out as the command caught up with its time has
 * expired; anything else, or someone else's hold (so ids cannot be probed), is not found.
 */
export function missingHoldCode(d: Draft, holdId: string, userId: string | null): 'hold_expired' | 'hold_not_found' {
  const lapsed = d.lapsed.get(holdId);
  return lapsed !== undefined && (userId === null || lapsed.userId === userId) ? 'hold_expired' : 'hold_not_found';
}

export interface NewHold {
  holdId: string;
  userId: string;
  seats: number[];
  ga: GaPart | null;
  /** Where the general-admission places come from: free for a hold, earmarked for an offer. */
  gaFrom: SeatStatus;
  ttlMs: number;
  entryId: string | null;
}

/** Puts seats on hold for a customer (a plain hold or a waitlist offer) and says so. */
export function createHold(d: Draft, spec: NewHold): Hold {
  const { index, now } = d;
  let total = 0;
  for (const s of spec.seats) total += index.categories[index.rows[index.seatRow[s]!]!.categoryIndex]!.price;
  if (spec.ga) total += spec.ga.quantity * index.categories[index.sections[spec.ga.section]!.categories[0]!]!.price;
  const expiresAt = now + spec.ttlMs;
  const hold: Hold = {
    holdId: spec.holdId,
    userId: spec.userId,
    seats: spec.seats,
    ga: spec.ga,
    total,
    createdAt: now,
    expiresAt,
    deadlineAt: expiresAt + d.base.rules.holdGraceMs,
    status: 'held',
    paymentId: null,
    paymentDeadlineAt: null,
    entryId: spec.entryId,
  };
  setSeats(d, spec.seats, HELD);
  if (spec.ga) moveGa(d, spec.ga.section, spec.gaFrom, 'held', spec.ga.quantity);
  putHold(d, hold);
  emit(d, {
    type: 'hold.placed',
    holdId: hold.holdId,
    userId: hold.userId,
    total,
    createdAt: now,
    expiresAt,
    deadlineAt: hold.deadlineAt,
    entryId: hold.entryId,
    ...placedSeats(index, hold.seats, hold.ga),
  });
  return hold;
}

/** Whether an id is taken by a live hold or by the hold a booking came from. */
export function holdIdInUse(d: Draft, holdId: string): boolean {
  return getHold(d, holdId) !== undefined || isBookedHoldId(d.bookings, holdId);
}
