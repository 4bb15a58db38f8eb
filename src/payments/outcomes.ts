import type { HoldActionRejectCode, ShowOutcome } from '../actors/show/types.js';

type OutcomeOf<T extends ShowOutcome['type']> = Extract<ShowOutcome, { type: T }>;

/** The outcome of one type about one hold, if the command produced it. */
export function holdOutcome<T extends ShowOutcome['type']>(
  outcomes: ShowOutcome[],
  type: T,
  holdId: string,
): OutcomeOf<T> | undefined {
  return outcomes.find((o): o is OutcomeOf<T> => o.type === type && 'holdId' in o && o.holdId === holdId);
}

export function bookingOutcome<T extends 'booking.cancelled' | 'booking.cancel_rejected'>(
  outcomes: ShowOutcome[],
  type: T,
  bookingId: string,
): OutcomeOf<T> | undefined {
  return outcomes.find((o): o is OutcomeOf<T> => o.type === type && o.bookingId === bookingId);
}

export type BeginPaymentRefusal = 'hold_not_found' | 'hold_expired' | 'payment_in_progress';

/** Maps the machine's refusal of BEGIN_PAYMENT to what checkout tells the customer. */
export function beginPaymentRefusal(outcomes: ShowOutcome[], holdId: string): BeginPaymentRefusal {
  const rejected = holdOutcome(outcomes, 'hold.action_rejected', holdId);
  if (rejected) return fromActionCode(rejected.code);
  return holdOutcome(outcomes, 'hold.expired', holdId) ? 'hold_expired' : 'hold_not_found';
}

function fromActionCode(code: HoldActionRejectCode): BeginPaymentRefusal {
  switch (code) {
    case 'hold_not_found':
      return 'hold_not_found';
    case 'hold_expired':
      return 'hold_expired';
    case 'hold_paying':
    case 'payment_mismatch':
      return 'payment_in_progress';
  }
}
