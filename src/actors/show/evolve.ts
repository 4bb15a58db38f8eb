import type { Draft } from './draft.js';
import {
  BOOKED,
  FREE,
  HELD,
  createDraft,
  finish,
  gaCount,
  moveGa,
  putBooking,
  putHold,
  removeBooking,
  removeHold,
  setSeats,
  setWaitlist,
} from './draft.js';
import { bookingOf } from './bookings.js';
import { findEntry, removeEntries, replaceEntry } from './entries.js';
import { getHold } from './hold-ops.js';
import { seatOf } from './seat-index.js';
import { earmark, unearmark } from './waitlist.js';
import type { Booking, GaPart, Hold, PlacedSeats, ShowContext, ShowDecision, ShowSettingsChange } from './types.js';

/*
 * Evolve: applies decisions that were taken before (live, then journaled) to a show, without
 * deciding anything. A rebuild runs this alone, so a rule changed in a later release (best available,
 * the waitlist's order) never changes what a journaled command did. Every decision carries what it
 * changes (seats by name, times, ids), and the primitives are the ones the rules themselves use, so
 * the counts move exactly as they did live.
 */

/** The show after the given decisions; `now` is the time of the command that took them. */
export function evolve(context: ShowContext, decisions: readonly ShowDecision[], now: number): ShowContext {
  let d = createDraft(context, now);
  for (const decision of decisions) {
    if (decision.type === 'show.updated') {
      // New prices and lifetimes change what every later decision reads, as in commands.ts.
      d = createDraft(withSettings(finish(d), decision.changes), now);
      continue;
    }
    applyDecision(d, decision);
  }
  return finish(d);
}

function applyDecision(d: Draft, x: Exclude<ShowDecision, { type: 'show.updated' }>): void {
  switch (x.type) {
    case 'hold.placed': {
      const { seats, ga } = located(d, x);
      const hold: Hold = {
        holdId: x.holdId,
        userId: x.userId,
        seats,
        ga,
        total: x.total,
        createdAt: x.createdAt,
        expiresAt: x.expiresAt,
        deadlineAt: x.deadlineAt,
        status: 'held',
        paymentId: null,
        paymentDeadlineAt: null,
        entryId: x.entryId,
      };
      setSeats(d, seats, HELD);
      // A plain hold is refused while anything is earmarked, and an offer takes its places from the
      // earmarks first (all of them, or none when the head was new and earmarks were just cleared).
      if (ga) {
        const fromEarmarks = Math.min(gaCount(d, ga.section, 'earmarked'), ga.quantity);
        moveGa(d, ga.section, 'earmarked', 'held', fromEarmarks);
        moveGa(d, ga.section, 'free', 'held', ga.quantity - fromEarmarks);
      }
      putHold(d, hold);
      return;
    }
    case 'hold.released':
    case 'hold.expired': {
      const hold = getHold(d, x.holdId);
      if (hold) freeHold(d, hold);
      return;
    }
    case 'payment.begun': {
      const hold = getHold(d, x.holdId);
      if (hold)
        putHold(d, { ...hold, status: 'paying', paymentId: x.paymentId, paymentDeadlineAt: x.paymentDeadlineAt });
      return;
    }
    case 'payment.failed': {
      const hold = getHold(d, x.holdId);
      if (hold) putHold(d, { ...hold, status: 'held', paymentId: null, paymentDeadlineAt: null });
      return;
    }
    case 'booking.confirmed': {
      const hold = getHold(d, x.holdId);
      if (!hold) throw new Error(`evolve: booking ${x.bookingId} confirms unknown hold ${x.holdId}`);
      const booking = bookingOf(hold, x.bookingId, x.paymentId, x.createdAt);

      setSeats(d, hold.seats, BOOKED);
      if (hold.ga) moveGa(d, hold.ga.section, 'held', 'booked', hold.ga.quantity);
      removeHold(d, hold.holdId);
      putBooking(d, booking);
      return;
    }
    case 'booking.cancelled': {
      const booking = Object.hasOwn(d.bookings, x.bookingId) ? d.bookings[x.bookingId] : undefined;
      if (booking) unbook(d, booking);
      return;
    }
    case 'waitlist.joined':
      setWaitlist(d, [
        ...d.waitlist,
        {
          entryId: x.entryId,
          userId: x.userId,
          quantity: x.quantity,
          category: x.category,
          section: x.section === null ? null : sectionIndex(d, x.section),
          joinedAt: x.joinedAt,
          expiresAt: x.expiresAt,
          status: 'waiting',
          holdId: null,
        },
      ]);
      return;
    case 'waitlist.offered': {
      const entry = findEntry(d, x.entryId);
      if (entry) replaceEntry(d, { ...entry, status: 'offered', holdId: x.holdId });
      return;
    }
    case 'waitlist.ended':
      removeEntries(d, new Set([x.entryId]));
      return;
    case 'waitlist.left': {
      // An offer being paid keeps its seats and only loses its queue place (hold.released came
      // first for an offer that was not being paid).
      const entry = findEntry(d, x.entryId);
      const hold = entry?.holdId ? getHold(d, entry.holdId) : undefined;
      if (hold) putHold(d, { ...hold, entryId: null });
      removeEntries(d, new Set([x.entryId]));
      return;
    }
    case 'show.cancelled':
      for (const holdId of x.holdIds) {
        const hold = getHold(d, holdId);
        if (hold) freeHold(d, hold);
      }
      for (const bookingId of x.bookingIds) {
        const booking = Object.hasOwn(d.bookings, bookingId) ? d.bookings[bookingId] : undefined;
        if (booking) unbook(d, booking);
      }
      return;
    case 'seats.earmarked':
      earmark(d, x.seats, x.ga);
      return;
    case 'earmarks.cleared':
      unearmark(d, x.seats, x.ga);
      return;
    case 'hold.rejected':
    case 'hold.action_rejected':
    case 'booking.cancel_rejected':
    case 'waitlist.rejected':
    case 'waitlist.leave_rejected':
    case 'show.update_rejected':
    case 'sales.opened':
    case 'sales.closed':
      return;
    default: {
      const unknown: never = x;
      throw new Error(`evolve: unknown decision ${JSON.stringify(unknown)}`);
    }
  }
}

function freeHold(d: Draft, hold: Hold): void {
  setSeats(d, hold.seats, FREE);
  if (hold.ga) moveGa(d, hold.ga.section, 'held', 'free', hold.ga.quantity);
  removeHold(d, hold.holdId);
}

function unbook(d: Draft, booking: Booking): void {
  setSeats(d, booking.seats, FREE);
  if (booking.ga) moveGa(d, booking.ga.section, 'booked', 'free', booking.ga.quantity);
  removeBooking(d, booking.bookingId);
}

function located(d: Draft, placed: PlacedSeats): { seats: number[]; ga: GaPart | null } {
  const seats = placed.seats.map((id) => {
    const seat = seatOf(d.index, id);
    if (seat === undefined) throw new Error(`evolve: unknown seat ${id}`);
    return seat;
  });
  const ga = placed.ga ? { section: sectionIndex(d, placed.ga.section), quantity: placed.ga.quantity } : null;
  return { seats, ga };
}

function sectionIndex(d: Draft, name: string): number {
  const section = d.index.sectionByName.get(name);
  if (section === undefined) throw new Error(`evolve: unknown section ${name}`);
  return section;
}

/** The settings an accepted UPDATE_SHOW recorded, applied as checkUpdate applied them. */
function withSettings(context: ShowContext, changes: ShowSettingsChange): ShowContext {
  let { layout, rules, salesOpenAt, salesCloseAt } = context;
  if (changes.prices !== undefined) layout = { ...layout, categories: changes.prices };
  if (changes.holdTtlMs !== undefined) rules = { ...rules, holdTtlMs: changes.holdTtlMs };
  if (changes.salesOpenAt !== undefined) salesOpenAt = changes.salesOpenAt;
  if (changes.salesCloseAt !== undefined) salesCloseAt = changes.salesCloseAt;
  return { ...context, layout, rules, salesOpenAt, salesCloseAt };
}
