import type { CheckoutDeps } from './deps.js';
import {
  listBookings,
  listPayingHolds,
  listRefundsOfBookings,
  markBookingsCancelled,
  upsertPendingRefund,
} from './ledger.js';
import { REFUND_REASONS, type Refunder, type RefundStatus } from './refunds.js';
import type { PaymentSettler, Settlement } from './settle-payment.js';

export interface ReconcileReport {
  holds: Record<Settlement['kind'], number>;
  refunds: { succeeded: number; failed: number; pending: number };
}

/**
 * Settles what a crash may have left half done for one show: holds left paying (asked of the
 * gateway by their payment id) and refunds recorded but not yet paid. The runtime calls this after
 * it rebuilds the show's actor, so it runs once per recovery, not per request.
 */
export function createReconcile(deps: CheckoutDeps, settler: PaymentSettler, refunder: Refunder) {
  const { db, log } = deps;

  return async function reconcile(showId: string): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      holds: { confirmed: 0, expired: 0, failed: 0, pending: 0 },
      refunds: { succeeded: 0, failed: 0, pending: 0 },
    };
    await deps.runtime.readModelsCaughtUp(showId);
    for (const hold of await listPayingHolds(db, showId)) {
      try {
        const settled = await settler.settlePayingHold(hold, { abandonUnknown: true });
        report.holds[settled.kind] += 1;
      } catch (err) {
        report.holds.pending += 1;
        log.error({ err, showId, holdId: hold.id }, 'could not reconcile a paying hold');
      }
    }
    report.refunds = await refunder.settlePending({ showId });
    if (report.holds.confirmed + report.holds.expired + report.holds.failed > 0) {
      log.info({ showId, ...report }, 'reconciled payments after recovery');
    }
    return report;
  };
}

export interface ShowRefundReport {
  refunds: { bookingId: string; amount: number; status: RefundStatus }[];
}

/**
 * Refunds every booking of a show in full after CANCEL_SHOW committed. The runtime records the
 * refunds with the cancellation; this also covers a runtime that did not, then pays them out.
 */
export function createRefundCancelledShow(deps: CheckoutDeps, refunder: Refunder) {
  const { db, clock, log } = deps;

  return async function refundCancelledShow(showId: string, bookingIds: string[]): Promise<ShowRefundReport> {
    const ofShow = (await listBookings(db, bookingIds)).filter((b) => b.showId === showId);
    await markBookingsCancelled(
      db,
      ofShow.map((b) => b.id),
      new Date(clock.now()),
    );
    const recorded = new Set((await listRefundsOfBookings(db, bookingIds)).map((r) => r.bookingId));
    for (const booking of ofShow) {
      if (recorded.has(booking.id) || booking.total === 0) continue;
      await upsertPendingRefund(db, {
        id: `cancel-${booking.id}`,
        paymentId: booking.paymentId,
        bookingId: booking.id,
        amount: booking.total,
        reason: REFUND_REASONS.showCancelled,
      });
    }
    const report: ShowRefundReport = { refunds: [] };
    for (const refund of await listRefundsOfBookings(db, bookingIds)) {
      if (!refund.bookingId) continue;
      let status: RefundStatus = refund.status;
      try {
        status = await refunder.settle(refund.id);
      } catch (err) {
        log.error({ err, refundId: refund.id }, 'could not refund a booking of a cancelled show');
      }
      report.refunds.push({ bookingId: refund.bookingId, amount: refund.amount, status });
    }
    return report;
  };
}
