import { createCancelBooking, type CancelBookingInput, type CancelBookingResult } from './cancel-booking.js';
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

export interface Checkout {
  /** Pays for a hold and books it; idempotent for a hold already confirmed. */
  confirm(input: ConfirmInput): Promise<ConfirmResult>;
  /** Cancels a booking (its owner, or an admin) and refunds it per the show's cancellation policy. */
  cancelBooking(input: CancelBookingInput): Promise<CancelBookingResult>;
  /** Settles paying holds and pending refunds of one show; the runtime calls it after rebuilding an actor. */
  reconcile(showId: string): Promise<ReconcileReport>;
  /** Refunds every listed booking in full; call after CANCEL_SHOW has committed. */
  refundCancelledShow(showId: string, bookingIds: string[]): Promise<ShowRefundReport>;
  /** Settles refunds left pending by a crash or a gateway outage, for every show; safe to run any time. */
  retryPendingRefunds(): Promise<{ succeeded: number; failed: number; pending: number }>;
}

/** Everything between a hold and money: payment, booking, cancellation, refunds and their recovery. */
export function createCheckout(deps: CheckoutDeps): Checkout {
  const refunder = createRefunder(deps);
  const settler = createPaymentSettler(deps, refunder);
  return {
    confirm: createConfirm(deps, settler),
    cancelBooking: createCancelBooking(deps, refunder),
    reconcile: createReconcile(deps, settler, refunder),
    refundCancelledShow: createRefundCancelledShow(deps, refunder),
    retryPendingRefunds: () => refunder.settlePending(),
  };
}
