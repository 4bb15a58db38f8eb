import type { HoldActionRejectCode, HoldRejectCode, WaitlistRejectCode } from '../actors/show/types.js';
import { ApiError } from './errors.js';

/** What a refused HOLD means to a client. duplicate_id is handled by the caller (an idempotent retry). */
export function holdRejected(code: HoldRejectCode, detail?: string): ApiError {
  switch (code) {
    case 'validation_failed': {
      const message = detail ?? 'The hold request is not valid';
      return new ApiError('validation_failed', 400, message, { errors: [{ path: fieldNamedIn(message), message }] });
    }
    case 'unknown_seats': {
      // The machine's detail is just the seat ids; say what is wrong with them.
      const message = detail === undefined ? 'unknown seat ids' : `unknown seats: ${detail}`;
      return new ApiError('validation_failed', 400, message, { errors: [{ path: 'seats', message }] });
    }
    case 'too_many_seats':
      return new ApiError('too_many_seats', 400, detail ?? 'Too many seats in one order');
    case 'seats_taken':
      return new ApiError('seats_taken', 409, detail ?? 'A requested seat is already booked');
    case 'held_by_others':
      return new ApiError(
        'held_by_others',
        409,
        detail ?? 'Someone else holds these seats; they may free up, or join the waitlist',
      );
    case 'sold_out':
      return new ApiError(
        'sold_out',
        409,
        detail ?? 'Not enough seats left: too many are booked for this request to be met even if holds lapse',
      );
    case 'waitlist_active':
      return new ApiError(
        'waitlist_active',
        409,
        detail ?? 'Freed seats are reserved for people already on the waitlist',
      );
    case 'sales_closed':
      return new ApiError('sales_closed', 409, detail ?? 'This show is not on sale');
    case 'duplicate_id':
      return new ApiError('duplicate_id', 409, detail ?? 'The hold id is already in use');
    case 'seat_limit_reached':
      return seatLimitReached(detail);
  }
}

/** The request field a machine refusal is about, read from its detail ("duplicate seats: A-1"). */
function fieldNamedIn(detail: string): string {
  return ['seats', 'quantity', 'category', 'section'].find((field) => detail.includes(field)) ?? 'body';
}

/** What a refused RELEASE means to a client. */
export function holdActionRejected(code: HoldActionRejectCode): ApiError {
  switch (code) {
    case 'hold_not_found':
      return new ApiError('hold_not_found', 404, 'No such hold of yours');
    case 'hold_expired':
      return new ApiError('hold_expired', 410, 'The hold has expired');
    case 'hold_paying':
      return new ApiError('hold_paying', 409, 'A payment for this hold is in progress');
    case 'payment_mismatch':
      return new ApiError('payment_in_progress', 409, 'Another payment for this hold is in progress');
  }
}

/** What a refused JOIN_WAITLIST means to a client. */
export function waitlistRejected(code: WaitlistRejectCode): ApiError {
  switch (code) {
    case 'validation_failed':
      return new ApiError('validation_failed', 400, 'The waitlist request names an unknown category or section', {
        errors: [{ path: 'category', message: 'unknown category or section' }],
      });
    case 'too_many_seats':
      return new ApiError('too_many_seats', 400, 'Too many seats in one order');
    case 'seats_available':
      return new ApiError('seats_available', 409, 'Seats are available now: place a hold instead of waiting');
    case 'sold_out':
      return new ApiError('sold_out', 409, 'Every seat is booked; nothing can free up short of a cancellation');
    case 'sales_closed':
      return new ApiError('sales_closed', 409, 'This show is not on sale');
    case 'duplicate_id':
      return new ApiError('duplicate_id', 409, 'The entry id is already in use');
    case 'already_waiting':
      return new ApiError('already_waiting', 409, 'You are already on the waitlist for this show');
    case 'seat_limit_reached':
      return seatLimitReached();
  }
}

/** Over the per-customer cap (MAX_SEATS_PER_CUSTOMER): free some held seats, or pay for them, first. */
function seatLimitReached(detail?: string): ApiError {
  return new ApiError(
    'seat_limit_reached',
    409,
    detail ?? 'You already hold or wait for as many seats of this show as one customer may at once',
  );
}
