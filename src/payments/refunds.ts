import { recordRefundSucceeded } from '../outbox/refund-facts.js';
import type { CheckoutDeps } from './deps.js';
import {
  deleteStaleRefundIntents,
  finishRefund,
  getPayment,
  getRefund,
  listSettleableRefunds,
  setBookingRefundAmount,
  setPaymentStatus,
  sumSucceededRefunds,
  upsertPendingRefund,
  voidRefundedPayment,
} from './ledger.js';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/** Why a refund exists; stored in refunds.reason. */
export const REFUND_REASONS = {
  customer: 'customer_cancelled',
  admin: 'admin_cancelled',
  showCancelled: 'show_cancelled',
  /** A charge went through but the hold could no longer be confirmed. */
  unusedCharge: 'confirm_rejected',
} as const;

/** How long an intent may wait for its cancellation before the sweep treats it as abandoned. */
export const STALE_INTENT_MS = 15 * 60_000;

export interface Refunder {
  settle(refundId: string): Promise<RefundStatus>;
  refundUnusedCharge(paymentId: string): Promise<RefundStatus>;
  settlePending(opts?: { showId?: string }): Promise<{ succeeded: number; failed: number; pending: number }>;
}

/**
 * Moves refunds from intent to money. A refund row is written (pending) before the cancellation it
 * pays for is dispatched; the gateway call uses the row id as its idempotency key, so settling the
 * same row again after a crash can never refund twice.
 */
export function createRefunder(deps: CheckoutDeps): Refunder {
  const { db, gateway, log } = deps;

  async function settle(refundId: string): Promise<RefundStatus> {
    const refund = await getRefund(db, refundId);
    if (!refund) throw new Error(`refund ${refundId} not found`);
    if (refund.status !== 'pending') return refund.status;
    const payment = await getPayment(db, refund.paymentId);
    if (!payment) throw new Error(`payment ${refund.paymentId} of refund ${refundId} not found`);

    let chargeRef = payment.gatewayRef;
    if (!chargeRef) {
      const record = await gateway.lookup(payment.id);
      if (record?.kind === 'charge' && record.status === 'succeeded') chargeRef = record.ref;
    }
    if (refund.amount > 0) {
      if (!chargeRef) {
        log.error({ refundId, paymentId: payment.id }, 'refund has no captured charge to refund');
        await finishRefund(db, refundId, 'failed');
        return 'failed';
      }
      let result;
      try {
        result = await gateway.refund({
          idempotencyKey: refund.id,
          chargeRef,
          amount: refund.amount,
          currency: payment.currency,
        });
      } catch (err) {
        log.warn({ err, refundId }, 'refund call failed; it stays pending and is retried');
        return 'pending';
      }
      if (result.status === 'failed') {
        log.error({ refundId, reason: result.reason }, 'gateway refused a refund');
        await finishRefund(db, refundId, 'failed');
        return 'failed';
      }
    }

    await db.transaction(async (tx) => {
      if (!(await finishRefund(tx, refundId, 'succeeded'))) return;
      await recordRefundSucceeded(tx, refund, payment);
      if (refund.reason === REFUND_REASONS.unusedCharge) {
        await voidRefundedPayment(tx, payment.id);
        return;
      }
      const refunded = await sumSucceededRefunds(tx, payment.id);
      if (refunded > 0) {
        await setPaymentStatus(tx, payment.id, refunded >= payment.amount ? 'refunded' : 'partially_refunded');
      }
      if (refund.bookingId) await setBookingRefundAmount(tx, refund.bookingId, refund.amount);
    });
    return 'succeeded';
  }

  async function refundUnusedCharge(paymentId: string): Promise<RefundStatus> {
    const payment = await getPayment(db, paymentId);
    if (!payment) throw new Error(`payment ${paymentId} not found`);
    const refund = await upsertPendingRefund(db, {
      id: `refund-${paymentId}`,
      paymentId,
      bookingId: null,
      amount: payment.amount,
      reason: REFUND_REASONS.unusedCharge,
    });
    if (!refund) throw new Error(`refund of payment ${paymentId} vanished`);
    return settle(refund.id);
  }

  async function settlePending(opts: { showId?: string } = {}) {
    const dropped = await deleteStaleRefundIntents(db, new Date(deps.clock.now() - STALE_INTENT_MS));
    if (dropped > 0) log.info({ dropped }, 'dropped refund intents whose cancellation never happened');
    const counts = { succeeded: 0, failed: 0, pending: 0 };
    for (const refund of await listSettleableRefunds(db, opts)) {
      try {
        counts[await settle(refund.id)] += 1;
      } catch (err) {
        counts.pending += 1;
        log.error({ err, refundId: refund.id }, 'could not settle refund');
      }
    }
    return counts;
  }

  return { settle, refundUnusedCharge, settlePending };
}
