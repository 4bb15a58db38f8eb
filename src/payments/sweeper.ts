import type { CheckoutDeps } from './deps.js';
import {
  closePendingPayment,
  deleteStaleRefundIntents,
  findBookingByPayment,
  listRefundsOfBookings,
  setGatewayRef,
} from './ledger.js';
import { STALE_INTENT_MS, type Refunder, type RefundStatus } from './refunds.js';
import type { PaymentSettler } from './settle-payment.js';
import { claimDueRefunds, claimStalePayments, listStalePayments, type Backoff } from './sweep-queries.js';
import type { PaymentRow } from '../db/schema/index.js';

export interface SweepOptions {
  /** A pending payment younger than this is left to the request that made it. */
  settleAfterMs: number;
  /** Waits between checks of a payment that stays pending, and between tries of a pending refund. */
  backoff: Backoff;
  /** Rows per pass. */
  batchSize?: number;
  /** Shows whose payments this node settles; the others' owners settle theirs. Unset: every show. */
  owns?(showId: string): boolean;
}

/** How a stale payment ended up after one check. */
export type StalePaymentResult =
  /** Charged, and the show confirmed the booking. */
  | 'confirmed'
  /** Charged, but its hold was gone or could not be confirmed: the charge is being refunded. */
  | 'refunded'
  /** Never charged (declined, or never reached the gateway): closed, its promo use and points given back. */
  | 'failed'
  /** Still unknown or in flight; checked again after the backoff. */
  | 'pending';

export interface SweepReport {
  payments: Record<StalePaymentResult, number>;
  refunds: Record<RefundStatus, number>;
}

/**
 * Settles, on a timer, what requests left unsettled: payments still pending long after they began
 * (a gateway that timed out, a process that died mid-payment, a confirm that could not reach the
 * show) and refunds still pending (a gateway that failed). Every node runs it; rows are claimed
 * with SKIP LOCKED and their next check pushed out in the claiming statement, and payments are
 * settled only by the node that owns their show, whose actor stays the only writer of its seats.
 */
export function createPaymentSweeper(
  deps: CheckoutDeps,
  settler: PaymentSettler,
  refunder: Refunder,
  opts: SweepOptions,
) {
  const { db, runtime, gateway, clock, log } = deps;
  const batchSize = opts.batchSize ?? 50;

  async function settleStalePayment(payment: PaymentRow): Promise<StalePaymentResult> {
    if (settler.inFlight.has(payment.id)) return 'pending';
    // In flight while it is settled here, so a retried confirm on this node does not charge it again
    // meanwhile (it would race the close below).
    settler.inFlight.add(payment.id);
    try {
      return await settleClaimedPayment(payment);
    } finally {
      settler.inFlight.delete(payment.id);
    }
  }

  async function settleClaimedPayment(payment: PaymentRow): Promise<StalePaymentResult> {
    const { id: paymentId, showId, holdId } = payment;
    const record = await gateway.lookup(paymentId);
    const charged = record?.kind === 'charge' && record.status === 'succeeded';
    // A payment of nothing never reaches the gateway: it is as good as charged.
    if (charged || (!record && payment.amount === 0)) {
      if (record) await setGatewayRef(db, paymentId, record.ref);
      const hold = await runtime.liveHold(showId, holdId);
      if (hold?.status === 'paying' && hold.paymentId === paymentId) {
        // The normal confirm path: the show books it, or refuses and the charge is refunded.
        const settled = await settler.confirmCharged({ showId, holdId, paymentId });
        switch (settled.kind) {
          case 'confirmed':
            return 'confirmed';
          case 'expired':
            return 'refunded';
          case 'failed':
          case 'pending':
            return 'pending';
        }
      }
      if (await findBookingByPayment(db, paymentId)) return 'confirmed';
      // The hold ended (expired, released) or moved on to another payment: the money goes back.
      log.warn({ showId, holdId, paymentId }, 'a charge outlived its hold; refunding it');
      const status = await refunder.refundUnusedCharge(paymentId);
      return status === 'pending' ? 'pending' : 'refunded';
    }
    // Declined, or never seen by the gateway long after it began: nothing was charged. Closing
    // the payment ends its promo use and gives its points back in the same statement.
    if (record) await closePendingPayment(db, paymentId, 'declined', 'declined');
    else await closePendingPayment(db, paymentId, 'voided', 'abandoned');
    const hold = await runtime.liveHold(showId, holdId);
    if (hold?.status === 'paying' && hold.paymentId === paymentId)
      await settler.paymentFailed(showId, holdId, paymentId);
    return 'failed';
  }

  async function settleStalePayments(): Promise<SweepReport['payments']> {
    const counts: SweepReport['payments'] = { confirmed: 0, refunded: 0, failed: 0, pending: 0 };
    const now = clock.now();
    const candidates = await listStalePayments(db, {
      createdBefore: now - opts.settleAfterMs,
      now,
      limit: batchSize * 4,
    });
    const mine = candidates.filter((p) => (opts.owns?.(p.showId) ?? true) && !settler.inFlight.has(p.id));
    const claimed = await claimStalePayments(
      db,
      mine.slice(0, batchSize).map((p) => p.id),
      { now, backoff: opts.backoff },
    );
    for (const payment of claimed) {
      try {
        counts[await settleStalePayment(payment)] += 1;
      } catch (err) {
        counts.pending += 1;
        log.warn(
          { err, paymentId: payment.id, showId: payment.showId },
          'could not settle a stale payment; retried later',
        );
      }
    }
    return counts;
  }

  async function retryDueRefunds(): Promise<SweepReport['refunds']> {
    const dropped = await deleteStaleRefundIntents(db, new Date(clock.now() - STALE_INTENT_MS));
    if (dropped > 0) log.info({ dropped }, 'dropped refund intents whose cancellation never happened');
    const counts: SweepReport['refunds'] = { succeeded: 0, failed: 0, pending: 0 };
    const due = await claimDueRefunds(db, { now: clock.now(), limit: batchSize, backoff: opts.backoff });
    for (const refund of due) {
      try {
        counts[await refunder.settle(refund.id)] += 1;
      } catch (err) {
        counts.pending += 1;
        log.warn({ err, refundId: refund.id }, 'could not settle a refund; retried later');
      }
    }
    return counts;
  }

  /**
   * Settles a cancelled booking's pending refunds now, whatever their backoff: a customer who
   * cancels again is asking where the money is.
   */
  async function retryBookingRefunds(bookingId: string): Promise<RefundStatus | null> {
    let status: RefundStatus | null = null;
    for (const refund of await listRefundsOfBookings(db, [bookingId])) {
      status = refund.status === 'pending' ? await refunder.settle(refund.id) : refund.status;
    }
    return status;
  }

  /** One pass over both; returns what it did. */
  async function sweep(): Promise<SweepReport> {
    const report = { payments: await settleStalePayments(), refunds: await retryDueRefunds() };
    const { payments: p, refunds: r } = report;
    if (p.confirmed + p.refunded + p.failed + r.succeeded + r.failed > 0)
      log.info(report, 'settled stale payments and refunds');
    return report;
  }

  return { sweep, retryBookingRefunds };
}
