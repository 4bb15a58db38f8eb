import { randomUUID } from 'node:crypto';
import type { LiveHold } from '../actors/runtime/types.js';
import type { HoldRow, PaymentRow } from '../db/schema/index.js';
import type { CheckoutDeps } from './deps.js';
import type { PaymentInput } from './gateway.js';
import { closePendingPayment, countDeclines, getHold, getPayment, setGatewayRef } from './ledger.js';
import { beginPaymentRefusal, holdOutcome } from './outcomes.js';
import { describeMethod } from './payment-method.js';
import { preparePayment, type PaymentTerms } from './prepare-payment.js';
import type { PaymentSettler, Settlement } from './settle-payment.js';

export interface ConfirmInput {
  showId: string;
  holdId: string;
  userId: string;
  payment: PaymentInput;
  /** Promo code, points and the total the customer accepted; all optional. */
  terms?: PaymentTerms;
}

export type ConfirmResult =
  | { ok: true; bookingId: string }
  | {
      ok: false;
      code:
        | 'hold_not_found'
        | 'hold_expired'
        | 'payment_declined'
        | 'payment_in_progress'
        | 'promo_invalid'
        | 'promo_exhausted'
        | 'insufficient_points'
        | 'quote_changed'
        | 'quote_unavailable';
      detail?: string;
      /** Set on the decline that ended the hold (its seats are free again). */
      holdEnded?: boolean;
    };

const IN_PROGRESS_DETAIL = 'a payment for this hold is being processed; check the hold again shortly';
const DECLINED_DETAIL = 'the payment was declined';
const DEFAULT_MAX_DECLINES = 3;

/**
 * Pays for a hold and turns it into a booking. The order is what keeps money and seats in step:
 * the hold is marked paying (durably) before the gateway is called, so it cannot expire under the
 * charge; the charge carries the payment id as idempotency key, so a retry never charges twice;
 * and a charge the show can no longer accept is refunded rather than kept.
 */
export function createConfirm(deps: CheckoutDeps, settler: PaymentSettler) {
  const { db, runtime, gateway, clock, log } = deps;
  const maxDeclines = deps.maxDeclinesPerHold ?? DEFAULT_MAX_DECLINES;

  return async function confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const hold = await findHold(input.showId, input.holdId);
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
        if (settled.kind === 'failed') return pay(hold, input.payment, input.terms ?? {});
        if (settled.kind === 'pending') return (await chargeAgain(hold, input.payment)) ?? fromSettlement(settled);
        return fromSettlement(settled);
      }
      case 'held':
        return pay(hold, input.payment, input.terms ?? {});
    }
  };

  /**
   * The show answers for a live hold at once; one that has ended is looked up in the holds read
   * model once it has caught up (it says confirmed, expired, ...).
   */
  async function findHold(showId: string, holdId: string): Promise<HoldRow | undefined> {
    const live = await runtime.liveHold(showId, holdId);
    if (live) return holdRowOf(live);
    await runtime.readModelsCaughtUp(showId);
    return getHold(db, holdId);
  }

  async function pay(hold: HoldRow, method: PaymentInput, terms: PaymentTerms): Promise<ConfirmResult> {
    const { showId, id: holdId, userId } = hold;
    const paymentId = randomUUID();
    // The quote is fixed here, with the code's use and the points spent, before the show is asked
    // to mark the hold paying: a refused code or balance costs the customer nothing.
    const prepared = await preparePayment(db, {
      hold,
      userId,
      paymentId,
      method: describeMethod(method),
      now: clock.now(),
      terms,
    });
    if (!prepared.ok) return refuse(prepared.code, prepared.detail);
    const { total: amount, currency } = prepared.quote;
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
        if (code !== 'payment_in_progress') {
          // A concurrent confirm of the same hold may have booked it meanwhile: answer with that booking.
          await runtime.readModelsCaughtUp(showId);
          const after = await getHold(db, holdId);
          if (after?.status === 'confirmed' && after.bookingId) return { ok: true, bookingId: after.bookingId };
        }
        return code === 'payment_in_progress' ? refuse(code, IN_PROGRESS_DETAIL) : refuse(code);
      }

      // Nothing to charge (a code or points covered everything): no gateway call, which would
      // refuse a zero amount; reconciliation knows a pending zero payment needs no charge either.
      if (amount === 0) return fromSettlement(await settler.confirmCharged({ showId, holdId, paymentId }));
      return await chargeAndBook(hold, { id: paymentId, amount, currency }, method);
    } finally {
      settler.inFlight.delete(paymentId);
    }
  }

  /**
   * A retried confirm of a hold still paying for a payment the gateway has no answer for, and that
   * no request of this process is charging (its request died with the database, or timed out, and
   * the show's rebuild left it alone because it was in flight then): charge it again under its own
   * idempotency key rather than make the customer wait for the sweeper. If the first charge did land
   * meanwhile (or is still on its way from another node), the gateway answers with that one, so
   * nothing is charged twice; the payment's own quote is charged, as the customer accepted it. A
   * different method than the payment's is not a retry of it: that waits for the sweeper.
   */
  async function chargeAgain(hold: HoldRow, method: PaymentInput): Promise<ConfirmResult | null> {
    const paymentId = hold.paymentId;
    if (!paymentId || settler.inFlight.has(paymentId)) return null;
    // Claimed before the read, so a concurrent retry here, or this node's sweeper, leaves it alone.
    settler.inFlight.add(paymentId);
    try {
      const payment = await getPayment(db, paymentId);
      // Another retry booked it while this one asked the gateway.
      if (payment?.status === 'captured' && payment.bookingId) return { ok: true, bookingId: payment.bookingId };
      if (payment?.status !== 'pending' || payment.amount === 0 || payment.method !== describeMethod(method)) {
        return null;
      }
      log.info({ showId: hold.showId, holdId: hold.id, paymentId }, 'charging a retried payment again under its key');
      return await chargeAndBook(hold, payment, method);
    } finally {
      settler.inFlight.delete(paymentId);
    }
  }

  /** Charges a payment the show holds as paying, then books it, or hands a declined one back. */
  async function chargeAndBook(
    hold: HoldRow,
    payment: Pick<PaymentRow, 'id' | 'amount' | 'currency'>,
    method: PaymentInput,
  ): Promise<ConfirmResult> {
    const { showId, id: holdId, userId } = hold;
    const { id: paymentId, amount, currency } = payment;
    let charge;
    try {
      charge = await gateway.charge({
        idempotencyKey: paymentId,
        amount,
        currency,
        method,
        description: `show ${showId}, hold ${holdId}`,
      });
    } catch (err) {
      // The charge may or may not have happened: the hold stays paying and a retry or the sweeper
      // asks the gateway later, so the customer is neither charged twice nor booked without paying.
      log.warn({ err, showId, holdId, paymentId }, 'payment gateway did not answer');
      return refuse('payment_in_progress', IN_PROGRESS_DETAIL);
    }
    if (charge.status === 'declined') {
      // The reason stays in the customer's payment record; the answer never names it, so a card
      // tester learns nothing from it, and a hold ends after its last allowed decline.
      await closePendingPayment(db, paymentId, 'declined', charge.reason);
      await settler.paymentFailed(showId, holdId, paymentId);
      if ((await countDeclines(db, holdId)) < maxDeclines) return refuse('payment_declined', DECLINED_DETAIL);
      await runtime
        .dispatch(showId, { type: 'RELEASE', holdId, userId })
        .catch((err: unknown) => log.warn({ err, showId, holdId }, 'could not end a hold after its last decline'));
      return {
        ok: false,
        code: 'payment_declined',
        detail: `${DECLINED_DETAIL}; after ${maxDeclines} declined payments the hold has ended`,
        holdEnded: true,
      };
    }
    await setGatewayRef(db, paymentId, charge.chargeRef);
    return fromSettlement(await settler.confirmCharged({ showId, holdId, paymentId }));
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
      return refuse('payment_declined', DECLINED_DETAIL);
    case 'pending':
      return refuse('payment_in_progress', IN_PROGRESS_DETAIL);
  }
}

function refuse(code: Extract<ConfirmResult, { ok: false }>['code'], detail?: string): ConfirmResult {
  return detail === undefined ? { ok: false, code } : { ok: false, code, detail };
}

function holdRowOf(h: LiveHold): HoldRow {
  return {
    id: h.holdId,
    showId: h.showId,
    userId: h.userId,
    status: h.status,
    seats: h.seats,
    gaSection: h.ga?.section ?? null,
    quantity: h.quantity,
    total: h.total,
    currency: h.currency,
    expiresAt: new Date(h.expiresAt),
    deadlineAt: new Date(h.deadlineAt),
    paymentId: h.paymentId,
    bookingId: null,
    entryId: h.entryId,
    createdAt: new Date(h.createdAt),
    updatedAt: new Date(h.createdAt),
  };
}
