import type { Draft } from './draft.js';
import { BOOKED, emit, moveGa, putBooking, removeBooking, removeHold, setSeats } from './draft.js';
import { endEntry } from './entries.js';
import { freePlaces, getHold, missingHoldCode } from './hold-ops.js';
import type { Booking, Hold, HoldActionRejectCode, ShowEvent } from './types.js';
import { placedSeats } from './views.js';

/** A paid hold becomes a booking; a waitlist offer that is paid fulfils its entry. */
export function confirmHold(d: Draft, event: Extract<ShowEvent, { type: 'CONFIRM' }>): void {
  const hold = getHold(d, event.holdId);
  const reject = (code: HoldActionRejectCode) =>
    emit(d, { type: 'hold.action_rejected', holdId: event.holdId, action: 'CONFIRM', code });
  if (!hold) return reject(missingHoldCode(d, event.holdId, null));
  // Only the payment this hold is waiting for may turn it into a booking. Booking ids come from
  // randomUUID at the edge, so a reused one means a confused caller: refuse rather than overwrite.
  if (hold.status !== 'paying' || hold.paymentId !== event.paymentId || Object.hasOwn(d.bookings, event.bookingId)) {
    return reject('payment_mismatch');
  }
  const booking = bookingOf(hold, event.bookingId, event.paymentId, d.now);

  setSeats(d, hold.seats, BOOKED);
  if (hold.ga) moveGa(d, hold.ga.section, 'held', 'booked', hold.ga.quantity);
  removeHold(d, hold.holdId);
  putBooking(d, booking);
  d.bookedChanged = true;
  emit(d, {
    type: 'booking.confirmed',
    bookingId: booking.bookingId,
    holdId: booking.holdId,
    userId: booking.userId,
    total: booking.total,
    paymentId: booking.paymentId,
    createdAt: booking.createdAt,
    entryId: hold.entryId,
    ...placedSeats(d.index, booking.seats, booking.ga),
  });
  if (hold.entryId !== null) endEntry(d, hold.entryId, 'fulfilled');
}

/** Seats of a cancelled booking go back (to the waitlist first); refunds are decided outside. */
export function cancelBooking(d: Draft, event: Extract<ShowEvent, { type: 'CANCEL_BOOKING' }>): void {
  const booking = Object.hasOwn(d.bookings, event.bookingId) ? d.bookings[event.bookingId] : undefined;
  if (!booking) {
    emit(d, { type: 'booking.cancel_rejected', bookingId: event.bookingId, code: 'not_found' });
    return;
  }
  freePlaces(d, booking, 'booked');
  removeBooking(d, booking.bookingId);
  emit(d, {
    type: 'booking.cancelled',
    bookingId: booking.bookingId,
    ...placedSeats(d.index, booking.seats, booking.ga),
  });
}

/** The booking a paid hold becomes. */
export function bookingOf(hold: Hold, bookingId: string, paymentId: string, createdAt: number): Booking {
  return {
    bookingId,
    holdId: hold.holdId,
    userId: hold.userId,
    seats: hold.seats,
    ga: hold.ga,
    total: hold.total,
    paymentId,
    createdAt,
  };
}
