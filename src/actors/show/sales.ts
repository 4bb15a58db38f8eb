import type { Draft } from './draft.js';
import { FREE, emit, moveGa, removeBooking, setSeats } from './draft.js';
import { endEntry } from './entries.js';
import { freeHold } from './hold-ops.js';
import type { Phase } from './phase.js';
import type { ShowContext, ShowEvent } from './types.js';
import { checkUpdate } from './update.js';
import { clearEarmarks, closeWaitlist } from './waitlist.js';

export function salesOpenDue(context: ShowContext, now: number): boolean {
  return context.salesOpenAt === null || context.salesOpenAt <= now;
}

export function salesCloseDue(context: ShowContext, now: number): boolean {
  return context.salesCloseAt !== null && context.salesCloseAt <= now;
}

/** The phase a TICK at `now` leaves a show in: sales open and close when their time has come. */
export function phaseAtTime(context: ShowContext, now: number, phase: Phase): Phase {
  let next = phase;
  if (next === 'scheduled' && salesOpenDue(context, now)) next = 'onSale';
  if (next === 'onSale' && salesCloseDue(context, now)) next = 'salesClosed';
  return next;
}

/** The phase after the event itself, in a show that has already caught up with the event's time. */
export function stepPhase(context: ShowContext, event: ShowEvent, phase: Phase): Phase {
  if (phase === 'cancelled') return phase;
  switch (event.type) {
    case 'CANCEL_SHOW':
      return 'cancelled';
    case 'OPEN_SALES':
      // Opened early in a window that has already closed, the show closes at once.
      return phase === 'scheduled' ? phaseAtTime(context, event.now, 'onSale') : phase;
    case 'CLOSE_SALES':
      return phase === 'salesClosed' ? phase : 'salesClosed';
    case 'UPDATE_SHOW': {
      const check = checkUpdate(context, event, phase);
      return check.ok ? check.to : phase;
    }
    case 'TICK':
      return phaseAtTime(context, event.now, phase);
    default:
      return phase;
  }
}

/**
 * The phase a show is in after an event, counting what fell due at the event's time first (see
 * applyCommand): the one rule both the machine's guards and its actions follow. Catching up leaves
 * the sales window as it was, so the event is judged on the same context in the caught-up phase.
 */
export function phaseAfter(context: ShowContext, event: ShowEvent, phase: Phase): Phase {
  return stepPhase(context, event, phaseAtTime(context, event.now, phase));
}

/** A cancelled show answers sales commands by saying so, with nothing left to refund. */
function cancelledAlready(d: Draft): void {
  emit(d, { type: 'show.cancelled', bookingIds: [], holdIds: [], entryIds: [] });
}

export function openSales(d: Draft, phase: Phase): void {
  if (phase === 'cancelled') return cancelledAlready(d);
  emit(d, phase === 'salesClosed' ? { type: 'sales.closed' } : { type: 'sales.opened' });
  // Nobody can have joined the waitlist of a scheduled show, so there is no queue to close.
  if (phase === 'scheduled' && salesCloseDue(d.base, d.now)) emit(d, { type: 'sales.closed' });
}

export function closeSales(d: Draft, phase: Phase): void {
  if (phase === 'cancelled') return cancelledAlready(d);
  if (phase === 'onSale') closeWaitlist(d);
  emit(d, { type: 'sales.closed' });
}

/** Everything goes: holds, waiting entries and bookings (listed, so the outside refunds them). */
export function cancelShow(d: Draft, phase: Phase): void {
  if (phase === 'cancelled') return cancelledAlready(d);
  const holdIds = Object.keys(d.holds);
  const bookingIds = Object.keys(d.bookings);
  const entryIds = d.waitlist.map((w) => w.entryId);
  for (const id of holdIds) freeHold(d, d.holds[id]!);
  for (const id of bookingIds) {
    const booking = d.bookings[id]!;
    setSeats(d, booking.seats, FREE);
    if (booking.ga) moveGa(d, booking.ga.section, 'booked', 'free', booking.ga.quantity);
    removeBooking(d, id);
  }
  for (const id of entryIds) endEntry(d, id, 'cancelled');
  clearEarmarks(d);
  d.freedSeats = [];
  d.freedGa = [];
  emit(d, { type: 'show.cancelled', bookingIds, holdIds, entryIds });
}
