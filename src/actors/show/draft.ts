import type { SeatIndex } from './seat-index.js';
import { noteBooking, noteHold, noteHoldRemoved } from './record-indexes.js';
import { seatIndex } from './seat-index.js';
import type {
  Booking,
  EarmarkDecision,
  GaPart,
  Hold,
  ShowContext,
  ShowDecision,
  ShowOutcome,
  WaitlistEntry,
} from './types.js';

/** One character per reserved seat in context.rows. */
export type SeatChar = '.' | 'h' | 'b' | 'e';
export type SeatStatus = 'free' | 'held' | 'booked' | 'earmarked';

export const FREE: SeatChar = '.';
export const HELD: SeatChar = 'h';
export const BOOKED: SeatChar = 'b';
export const EARMARKED: SeatChar = 'e';

export const STATUS_OF: Record<SeatChar, SeatStatus> = { '.': 'free', h: 'held', b: 'booked', e: 'earmarked' };

type GaState = ShowContext['ga'][number];

/**
 * The working copy of a context while one event is applied. Rows, ga, counts and the waitlist are
 * copied the first time they are written and never again in the same event, and only the row strings
 * that change are rebuilt, so an event on a 20,000-seat show touches a handful of strings instead of
 * the whole seat map. Holds and bookings are the exception: see putHold below.
 */
export interface Draft {
  readonly base: ShowContext;
  readonly index: SeatIndex;
  readonly now: number;
  readonly out: ShowOutcome[];
  /**
   * What the event decided, in order: every outcome plus the changes no outcome names (earmarks).
   * The journal keeps this list, and evolve.ts rebuilds the show from it without deciding again.
   */
  readonly decisions: ShowDecision[];
  rows: string[];
  ga: GaState[];
  holds: Record<string, Hold>;
  bookings: Record<string, Booking>;
  waitlist: WaitlistEntry[];
  counts: ShowContext['counts'];
  owns: { rows: boolean; ga: boolean; holds: boolean; bookings: boolean; waitlist: boolean; counts: boolean };
  /** Seats and places this event gave back, so the waitlist can earmark exactly those. */
  freedSeats: number[];
  freedGa: GaPart[];
  /** Set when seats became booked: only then can a waiting entry become unsatisfiable. */
  bookedChanged: boolean;
  /** Holds whose time ran out during this event. */
  expired: Hold[];
  /**
   * Holds whose time ran out as the command caught up with its own time (see applyCommand). A
   * command about one of them says it expired rather than that there is no such hold.
   */
  readonly lapsed: ReadonlyMap<string, Hold>;
}

const NONE_LAPSED: ReadonlyMap<string, Hold> = new Map();

export function createDraft(base: ShowContext, now: number, lapsed = NONE_LAPSED): Draft {
  return {
    base,
    index: seatIndex(base.layout),
    now,
    out: [],
    decisions: [],
    rows: base.rows,
    ga: base.ga,
    holds: base.holds,
    bookings: base.bookings,
    waitlist: base.waitlist,
    counts: base.counts,
    owns: { rows: false, ga: false, holds: false, bookings: false, waitlist: false, counts: false },
    freedSeats: [],
    freedGa: [],
    bookedChanged: false,
    expired: [],
    lapsed,
  };
}

/** The context after the event, or the base itself when nothing changed. */
export function finish(d: Draft): ShowContext {
  const o = d.owns;
  if (!o.rows && !o.ga && !o.holds && !o.bookings && !o.waitlist && !o.counts) return d.base;
  return {
    ...d.base,
    rows: d.rows,
    ga: d.ga,
    holds: d.holds,
    bookings: d.bookings,
    waitlist: d.waitlist,
    counts: d.counts,
  };
}

function ownCounts(d: Draft): void {
  if (!d.owns.counts) {
    d.counts = d.counts.map((c) => ({ ...c }));
    d.owns.counts = true;
  }
}

export function seatChar(d: Draft, seat: number): SeatChar {
  const rowIndex = d.index.seatRow[seat]!;
  return d.rows[rowIndex]![seat - d.index.rows[rowIndex]!.start] as SeatChar;
}

/** Sets seats to one status, keeping the per-category counts in step. */
export function setSeats(d: Draft, seats: readonly number[], to: SeatChar): void {
  if (seats.length === 0) return;
  if (!d.owns.rows) {
    d.rows = d.rows.slice();
    d.owns.rows = true;
  }
  ownCounts(d);
  const byRow = new Map<number, number[]>();
  for (const seat of seats) {
    const rowIndex = d.index.seatRow[seat]!;
    const row = d.index.rows[rowIndex]!;
    const position = seat - row.start;
    let positions = byRow.get(rowIndex);
    if (!positions) {
      positions = [];
      byRow.set(rowIndex, positions);
    }
    if (positions.includes(position)) continue;
    const from = d.rows[rowIndex]![position] as SeatChar;
    if (from === to) continue;
    positions.push(position);
    const counts = d.counts[row.categoryIndex]!;
    counts[STATUS_OF[from]]--;
    counts[STATUS_OF[to]]++;
  }
  for (const [rowIndex, positions] of byRow) {
    if (positions.length === 0) continue;
    positions.sort((a, b) => a - b);
    const row = d.rows[rowIndex]!;
    let next = '';
    let from = 0;
    for (const p of positions) {
      next += row.slice(from, p) + to;
      from = p + 1;
    }
    d.rows[rowIndex] = next + row.slice(from);
  }
}

/** Places of a general-admission section in one status. */
export function gaCount(d: Draft, section: number, status: SeatStatus): number {
  const ga = d.ga[section]!;
  if (status !== 'free') return ga[status];
  return d.index.sections[section]!.capacity - ga.held - ga.booked - ga.earmarked;
}

/** Moves n general-admission places of a section from one status to another. */
export function moveGa(d: Draft, section: number, from: SeatStatus, to: SeatStatus, n: number): void {
  if (n <= 0 || from === to) return;
  if (!d.owns.ga) {
    d.ga = d.ga.slice();
    d.owns.ga = true;
  }
  ownCounts(d);
  const ga = { ...d.ga[section]! };
  if (from !== 'free') ga[from] -= n;
  if (to !== 'free') ga[to] += n;
  d.ga[section] = ga;
  const counts = d.counts[d.index.sections[section]!.categories[0]!]!;
  counts[from] -= n;
  counts[to] += n;
}

export function totalEarmarked(d: Draft): number {
  let n = 0;
  for (const c of d.counts) n += c.earmarked;
  return n;
}

/*
 * Holds and bookings are the two collections that grow with the show (a stadium has thousands of
 * each), so copying them on every event would make each event cost O(show size). Their records are
 * therefore updated in place, while every Hold and Booking object stays immutable (a change makes a
 * new object). What this costs: an older snapshot's context shares these two records with the live
 * one, so anyone who keeps a snapshot across events (the runtime persisting one, a test comparing
 * before and after) must serialize it before the next event. Determinism is unaffected.
 */
export function putHold(d: Draft, hold: Hold): void {
  const before = Object.hasOwn(d.holds, hold.holdId) ? d.holds[hold.holdId] : undefined;
  d.holds[hold.holdId] = hold;
  d.owns.holds = true;
  noteHold(d.holds, hold, before);
}

export function removeHold(d: Draft, holdId: string): void {
  const hold = Object.hasOwn(d.holds, holdId) ? d.holds[holdId] : undefined;
  delete d.holds[holdId];
  d.owns.holds = true;
  if (hold) noteHoldRemoved(d.holds, hold);
}

export function putBooking(d: Draft, booking: Booking): void {
  d.bookings[booking.bookingId] = booking;
  d.owns.bookings = true;
  noteBooking(d.bookings, booking, true);
}

export function removeBooking(d: Draft, bookingId: string): void {
  const booking = d.bookings[bookingId];
  delete d.bookings[bookingId];
  d.owns.bookings = true;
  if (booking) noteBooking(d.bookings, booking, false);
}

export function setWaitlist(d: Draft, waitlist: WaitlistEntry[]): void {
  d.waitlist = waitlist;
  d.owns.waitlist = true;
}

export function emit(d: Draft, outcome: ShowOutcome): void {
  d.out.push(outcome);
  d.decisions.push(outcome);
}

/** Records a decision that changes the show but answers nobody. */
export function note(d: Draft, decision: EarmarkDecision): void {
  d.decisions.push(decision);
}
