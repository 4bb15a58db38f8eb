import { randomUUID } from 'node:crypto';
import type { HoldRow } from '../db/schema/index.js';
import type { CheckoutDeps } from './deps.js';
import type { PaymentInput } from './gateway.js';
import { closePendingPayment, getHold, insertPayment, setGatewayRef } from './ledger.js';
import { beginPaymentRefusal, holdOutcome } from './outcomes.js';
import { describeMethod } from './payment-method.js';
import type { PaymentSettler, Settlement } from './settle-payment.js';

export interface ConfirmInput {
  showId: string;
  holdId: string;
  userId: string;
  payment: PaymentInput;
}

export type ConfirmResult =
  | { ok: true; bookingId: string }
  | {
      ok: false;
      code: 'hold_not_found' | 'hold_expired' | 'payment_declined' | 'payment_in_progress';
      detail?: string;
    };

const IN_PROGRESS_DETAIL = 'a payment for this hold is being processed; check the hold again shortly';

/**
 * Pays for a hold and turns it into a booking. The order is what keeps money and seats in step:
 * the hold is marked paying (durably) before the gateway is called, so it cannot expire under the
 * charge; the charge carries the payment id as idempotency key, so a retry never charges twice;
 * and a charge the show can no longer accept is refunded rather than kept.
 */
export function createConfirm(deps: CheckoutDeps, settler: PaymentSettler) {
  const { db, runtime, gateway, log } = deps;

  return async function confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const hold = await getHold(db, input.holdId);
    if (!hold || hold.userId !== input.userId || hold.showId !== input.showId) return refuse('hold_not_found');
    switch (hold.status) {
      case 'confirmed':
        // A repeated confirm of a booked hold is answered with its booking, not charged again.
        return hold.bookingId
          ? { ok: true, bookingId: hold.bookingId }
          : refuse('payment_in_progress', IN_PROGRESS_DETAIL);
      case 'expired':
      case 'released':
      case 'cancelled':
        return refuse('hold_expired');
      case 'paying': {
        // Usually a retry after a lost answer: settle what the gateway already knows first.
        const settled = await settler.settlePayingHold(hold, { abandonUnknown: false });
        if (settled.kind !== 'failed') return fromSettlement(settled);
        return pay(hold, input.payment);
      }
      case 'held':
        return pay(hold, input.payment);
    }
  };

  async function pay(hold: HoldRow, method: PaymentInput): Promise<ConfirmResult> {
    const { showId, id: holdId, userId } = hold;
    const paymentId = randomUUID();
    await insertPayment(db, {
      id: paymentId,
      userId,
      showId,
      holdId,
      amount: hold.total,
      currency: hold.currency,
      method: describeMethod(method),
    });
    settler.inFlight.add(paymentId);
    try {
      let outcomes;
      try {
        outcomes = await runtime.dispatch(showId, { type: 'BEGIN_PAYMENT', holdId, userId, paymentId });
      } catch (err) {
        await closePendingPayment(db, paymentId, 'voided', 'not_started');
        throw err;
      }
      if (!holdOutcome(outcomes, 'payment.begun', holdId)) {
        const code = beginPaymentRefusal(outcomes, holdId);
        await closePendingPayment(db, paymentId, 'voided', code);
        return code === 'payment_in_progress' ? refuse(code, IN_PROGRESS_DETAIL) : refuse(code);
      }

      let charge;
      try {
        charge = await gateway.charge({
          idempotencyKey: paymentId,
          amount: hold.total,
          currency: hold.currency,
          method,
          description: `show ${showId}, hold ${holdId}`,
        });
      } catch (err) {
        // The charge may or may not have happened: the hold stays paying and reconciliation asks
        // the gateway later, so the customer is neither charged twice nor booked without paying.
        log.warn({ err, showId, holdId, paymentId }, 'payment gateway did not answer');
        return refuse('payment_in_progress', IN_PROGRESS_DETAIL);
      }
      if (charge.status === 'declined') {
        await closePendingPayment(db, paymentId, 'declined', charge.reason);
        await settler.paymentFailed(showId, holdId, paymentId);
        return refuse('payment_declined', charge.reason);
      }
      await setGatewayRef(db, paymentId, charge.chargeRef);
      return fromSettlement(await settler.confirmCharged({ showId, holdId, paymentId }));
    } finally {
      settler.inFlight.delete(paymentId);
    }
  }
}

function fromSettlement(settled: Settlement): ConfirmResult {
  switch (settled.kind) {
    case 'confirmed':
      return { ok: true, bookingId: settled.bookingId };
    case 'expired':
      return settled.refunded
        ? refuse('hold_expired', 'the hold ran out before the payment completed; the charge was refunded')
        : refuse('hold_expired');
    case 'failed':
      return refuse('payment_declined');
    case 'pending':
      return refuse('payment_in_progress', IN_PROGRESS_DETAIL);
  }
}

function refuse(code: Extract<ConfirmResult, { ok: false }>['code'], detail?: string): ConfirmResult {
  return detail === undefined ? { ok: false, code } : { ok: false, code, detail };
}
