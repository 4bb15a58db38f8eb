import { createCancelBooking, type CancelBookingInput, type CancelBookingResult } from './cancel-booking.js';
import { cancellationTerms, type CancellationRequest, type CancellationTerms } from './cancellation-terms.js';
import { createConfirm, type ConfirmInput, type ConfirmResult } from './confirm.js';
import type { CheckoutDeps } from './deps.js';
import {
  createReconcile,
  createRefundCancelledShow,
  type ReconcileReport,
  type ShowRefundReport,
} from './reconcile.js';
import { createRefunder } from './refunds.js';
import { createPaymentSettler } from './settle-payment.js';
import { createPaymentSweeper, type SweepOptions, type SweepReport } from './sweeper.js';

export interface Checkout {
  /** Pays for a hold and books it; idempotent for a hold already confirmed. */
  confirm(input: ConfirmInput): Promise<ConfirmResult>;
  /** Cancels a booking (its owner, or an admin) and refunds it per the show's cancellation policy. */
  cancelBooking(input: CancelBookingInput): Promise<CancelBookingResult>;
  /** What cancelling the booking now would refund and under which rule, decided as cancelBooking decides. */
  quoteCancellation(input: CancellationRequest): Promise<CancellationTerms>;
  /** Settles paying holds and pending refunds of one show; the runtime calls it after rebuilding an actor. */
  reconcile(showId: string): Promise<ReconcileReport>;
  /** Refunds every listed booking in full; call after CANCEL_SHOW has committed. */
  refundCancelledShow(showId: string, bookingIds: string[]): Promise<ShowRefundReport>;
  /** Settles refunds left pending by a crash or a gateway outage, for every show; safe to run any time. */
  retryPendingRefunds(): Promise<{ succeeded: number; failed: number; pending: number }>;
  /**
   * One pass of the payment sweeper: asks the gateway about payments pending for too long and
   * books, refunds or closes them, and retries pending refunds that are due. Run it on a timer.
   */
  sweep(): Promise<SweepReport>;
}

/** The sweeper's defaults: a payment is stuck after two minutes; retries wait 30 s doubling to an hour. */
export const DEFAULT_SWEEP: SweepOptions = {
  settleAfterMs: 120_000,
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
};

/** Everything between a hold and money: payment, booking, cancellation, refunds and their recovery. */
export function createCheckout(deps: CheckoutDeps, sweep: SweepOptions = DEFAULT_SWEEP): Checkout {
  const refunder = createRefunder(deps);
  const settler = createPaymentSettler(deps, refunder);
  const sweeper = createPaymentSweeper(deps, settler, refunder, sweep);
  const cancel = createCancelBooking(deps, refunder);
  return {
    confirm: createConfirm(deps, settler),
    async cancelBooking(input) {
      const result = await cancel(input);
      if (result.ok || result.code !== 'already_cancelled') return result;
      // A repeated cancellation cannot cancel again, but it can push the refund along.
      const refund = await sweeper.retryBookingRefunds(input.bookingId);
      return refund ? { ...result, detail: `This booking is already cancelled; its refund is ${refund}` } : result;
    },
    quoteCancellation: (input) => cancellationTerms(deps.db, input, deps.clock.now()),
    reconcile: createReconcile(deps, settler, refunder),
    refundCancelledShow: createRefundCancelledShow(deps, refunder),
    retryPendingRefunds: () => refunder.settlePending(),
    sweep: sweeper.sweep,
  };
}
