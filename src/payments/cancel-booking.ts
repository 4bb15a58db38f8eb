import { cancellationTerms, type CancellationRequest } from './cancellation-terms.js';
import type { CheckoutDeps } from './deps.js';
import {
  deletePendingRefund,
  getBooking,
  getPublishedState,
  hasAdmittedTicket,
  setRefundAmount,
  upsertPendingRefund,
} from './ledger.js';
import { bookingOutcome } from './outcomes.js';
import { REFUND_REASONS, type Refunder } from './refunds.js';

export type CancelBookingInput = CancellationRequest;

export type CancelBookingResult =
  | {
      ok: true;
      bookingId: string;
      /** The booking's owner, so a cancellation by someone else (an admin) can be audited. */
      ownerId: string;
      showId: string;
      refund: { amount: number; currency: string; status: string };
    }
  | {
      ok: false;
      code: 'not_found' | 'cancellation_window_closed' | 'already_cancelled' | 'ticket_admitted';
      detail?: string;
    };

/**
 * Cancels a booking and refunds it per the show's policy. The refund intent is written before the
 * show frees the seats, so a crash in between leaves a pending refund that the retrier settles,
 * never a cancelled booking nobody refunds.
 */
export function createCancelBooking(deps: CheckoutDeps, refunder: Refunder) {
  const { db, runtime, clock } = deps;

  return async function cancelBooking(input: CancelBookingInput): Promise<CancelBookingResult> {
    const checked = await cancellationTerms(db, input, clock.now());
    if (!checked.ok) return checked;
    const { booking, terms: decision } = checked;

    const byCustomer = booking.userId === input.userId;
    // One id per booking: a retried or concurrent cancellation shares the intent instead of adding one.
    const intent =
      decision.amount > 0
        ? await upsertPendingRefund(db, {
            id: `cancel-${booking.id}`,
            paymentId: booking.paymentId,
            bookingId: booking.id,
            amount: decision.amount,
            reason: byCustomer ? REFUND_REASONS.customer : REFUND_REASONS.admin,
          })
        : undefined;

    // Check-in admits no ticket while this intent is pending; a scan that got in before it was
    // recorded is seen here (the check waits for a scan still writing).
    if (intent && (await hasAdmittedTicket(db, booking.id, { waitForScans: true }))) {
      await deletePendingRefund(db, intent.id);
      return { ok: false, code: 'ticket_admitted' };
    }
    const outcomes = await runtime.dispatch(booking.showId, { type: 'CANCEL_BOOKING', bookingId: booking.id });
    if (!bookingOutcome(outcomes, 'booking.cancelled', booking.id)) {
      return lostTheRace(booking.id, booking.showId, booking.total, intent?.id);
    }
    const status = intent ? await refunder.settle(intent.id) : 'none';
    return {
      ok: true,
      bookingId: booking.id,
      ownerId: booking.userId,
      showId: booking.showId,
      refund: { amount: decision.amount, currency: booking.currency, status },
    };
  };

  /**
   * The show refused the cancellation although the row said confirmed: another request cancelled
   * it first, or the show itself was cancelled. In the second case the show's full refund was
   * skipped because our intent already existed, so the intent becomes that full refund.
   */
  async function lostTheRace(
    bookingId: string,
    showId: string,
    total: number,
    intentId: string | undefined,
  ): Promise<CancelBookingResult> {
    const after = await getBooking(db, bookingId);
    if (after?.status !== 'cancelled') {
      if (intentId) await deletePendingRefund(db, intentId);
      return { ok: false, code: 'not_found' };
    }
    if (intentId && (await getPublishedState(db, showId))?.startsWith('cancelled')) {
      await setRefundAmount(db, intentId, total, REFUND_REASONS.showCancelled);
      await refunder.settle(intentId);
    }
    return { ok: false, code: 'already_cancelled' };
  }
}
