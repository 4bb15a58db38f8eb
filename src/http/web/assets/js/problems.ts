// What an API problem means to a customer, in words.
import type { FieldProblem } from './api.js';

const messages: Record<string, string> = {
  seats_taken: 'One of those seats has just been booked. Please pick others.',
  held_by_others: 'Someone else is holding those seats right now. They may free up soon — or join the waitlist.',
  sold_out: 'Sold out: every seat is booked.',
  waitlist_active: 'Seats that free up go to people on the waitlist first. Join the waitlist to get in line.',
  sales_closed: 'This show is not on sale.',
  too_many_seats: 'That is more seats than one order can have (at most 10).',
  hold_expired: 'Your hold has expired and the seats went back on sale.',
  hold_not_found: 'That hold no longer exists.',
  hold_paying: 'A payment for these seats is already in progress.',
  payment_in_progress: 'A payment for these seats is already in progress.',
  already_waiting: 'You are already on the waitlist for this show.',
  seats_available: 'Seats are available right now: hold them instead of waiting.',
  cancellation_window_closed: 'This booking can no longer be cancelled.',
  already_cancelled: 'This booking is already cancelled.',
  overloaded: 'The server is busy. Please try again in a moment.',
  rate_limited: 'Too many requests. Please wait a moment and try again.',
  invalid_credentials: 'Email or password is wrong.',
  email_taken: 'An account with this email exists already. Log in instead?',
  promo_invalid: 'That promo code does not apply here.',
  promo_exhausted: 'That promo code has been used up.',
  insufficient_points: 'You do not have that many points.',
  quote_changed: 'The price changed before you paid.',
  quote_unavailable: 'The price of these seats cannot be worked out right now. Release them and hold again.',
};

/** What problemMessage reads of an error: an ApiProblem, or a copy of one with a field or two changed. */
export interface ProblemLike {
  code?: string;
  detail?: string;
  errors?: readonly FieldProblem[];
  /** The whole problem, for the fields some codes add. */
  body?: Record<string, unknown> | null;
}

function asProblem(err: unknown): ProblemLike | null {
  return typeof err === 'object' && err !== null ? (err as ProblemLike) : null;
}

export function problemMessage(error: unknown): string {
  const err = asProblem(error);
  if (err?.code === 'payment_declined') {
    // The problem says when this decline was the last one allowed and the seats went back on sale.
    if (err.body?.holdEnded === true) return 'Payment declined. After several declined payments your seats were released.';
    return 'Payment declined. Try another card — your seats stay held until the timer runs out.';
  }
  if (err?.code === 'validation_failed' && err.errors?.length) {
    return err.errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ');
  }
  return (err?.code === undefined ? undefined : messages[err.code]) ?? err?.detail ?? 'Something went wrong. Please try again.';
}

/** Codes after which waiting makes sense: seats may come back. */
export const waitlistCodes: ReadonlySet<string> = new Set(['held_by_others', 'waitlist_active', 'sold_out']);
