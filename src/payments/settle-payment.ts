import { randomUUID } from 'node:crypto';
import { OverloadedError, type ShowCommand } from '../actors/runtime/types.js';
import type { ShowOutcome } from '../actors/show/types.js';
import type { HoldRow } from '../db/schema/index.js';
import type { CheckoutDeps } from './deps.js';
import { closePendingPayment, findBookingByPayment, getPayment, setGatewayRef } from './ledger.js';
import { holdOutcome } from './outcomes.js';
import type { Refunder } from './refunds.js';

/** Where a charged or paying hold ended up. */
export type Settlement =
  | { kind: 'confirmed'; bookingId: string }
  /** The hold ran out; `refunded` says a charge was taken and has been (or is being) given back. */
  | { kind: 'expired'; refunded: boolean }
  /** The payment failed and the hold is back to held (or gone, if its time had run out). */
  | { kind: 'failed' }
  /** Nothing is known yet; reconciliation settles it later. */
  | { kind: 'pending' };

const CONFIRM_ATTEMPTS = 3;

export interface PaymentSettler {
  /** After a successful charge: turn the hold into a booking, or refund the charge if it cannot be. */
  confirmCharged(input: { showId: string; holdId: string; paymentId: string }): Promise<Settlement>;
  /**
   * Settles a hold left paying by asking the gateway what happened to its payment. With
   * `abandonUnknown`, a payment the gateway never saw counts as failed (the process that started
   * it is gone); without it, it may still be in flight and is left alone.
   */
  settlePayingHold(hold: HoldRow, opts: { abandonUnknown: boolean }): Promise<Settlement>;
  /** Hands a failed payment back to the show (the hold returns to held); null if that could not be done. */
  paymentFailed(showId: string, holdId: string, paymentId: string): Promise<ShowOutcome[] | null>;
  /** Payments this process is between BEGIN_PAYMENT and the end of its charge for. */
  readonly inFlight: Set<string>;
}

export function createPaymentSettler(deps: CheckoutDeps, refunder: Refunder): PaymentSettler {
  const { db, runtime, gateway, log } = deps;
  const inFlight = new Set<string>();

  async function confirmCharged(input: { showId: string; holdId: string; paymentId: string }): Promise<Settlement> {
    const { showId, holdId, paymentId } = input;
    const bookingId = randomUUID();
    let outcomes: ShowOutcome[] | null = null;
    // The same bookingId on every attempt: if an attempt that looked failed did commit, the next
    // is refused and the booking is found by its payment below.
    for (let attempt = 1; outcomes === null; attempt++) {
      try {
        outcomes = await runtime.dispatch(showId, { type: 'CONFIRM', holdId, bookingId, paymentId });
      } catch (err) {
        if (!(err instanceof OverloadedError) || attempt >= CONFIRM_ATTEMPTS) {
          log.warn({ err, showId, holdId, paymentId }, 'confirm after charge failed; reconciliation settles it');
          return { kind: 'pending' };
        }
        await delay(err.retryAfterSeconds * 100 * attempt);
      }
    }
    const confirmed = holdOutcome(outcomes, 'booking.confirmed', holdId);
    if (confirmed) return { kind: 'confirmed', bookingId: confirmed.bookingId };
    const existing = await findBookingByPayment(db, paymentId);
    if (existing) return { kind: 'confirmed', bookingId: existing.id };
    log.warn({ showId, holdId, paymentId, outcomes }, 'charged hold could not be confirmed; refunding the charge');
    await refunder.refundUnusedCharge(paymentId);
    return { kind: 'expired', refunded: true };
  }

  async function settlePayingHold(hold: HoldRow, opts: { abandonUnknown: boolean }): Promise<Settlement> {
    const paymentId = hold.paymentId;
    if (!paymentId) return { kind: 'pending' };
    const record = await gateway.lookup(paymentId);
    if (record?.kind === 'charge' && record.status === 'succeeded') {
      await setGatewayRef(db, paymentId, record.ref);
      return confirmCharged({ showId: hold.showId, holdId: hold.id, paymentId });
    }
    if (!record && inFlight.has(paymentId)) return { kind: 'pending' };
    // A payment of nothing never reaches the gateway: it is as good as charged.
    if (!record && (await getPayment(db, paymentId))?.amount === 0) {
      return confirmCharged({ showId: hold.showId, holdId: hold.id, paymentId });
    }
    if (!record && !opts.abandonUnknown) return { kind: 'pending' };
    if (record) await closePendingPayment(db, paymentId, 'declined', 'declined');
    else await closePendingPayment(db, paymentId, 'voided', 'abandoned');
    const outcomes = await dispatchPaymentFailed(hold.showId, hold.id, paymentId);
    return outcomes && holdOutcome(outcomes, 'hold.expired', hold.id)
      ? { kind: 'expired', refunded: false }
      : { kind: 'failed' };
  }

  /** Best effort: if it is lost, reconciliation after the actor's rebuild sends it again. */
  async function dispatchPaymentFailed(
    showId: string,
    holdId: string,
    paymentId: string,
  ): Promise<ShowOutcome[] | null> {
    const command: ShowCommand = { type: 'PAYMENT_FAILED', holdId, paymentId };
    try {
      return await runtime.dispatch(showId, command);
    } catch (err) {
      log.warn({ err, showId, holdId, paymentId }, 'could not hand a failed payment back to the show');
      return null;
    }
  }

  return { confirmCharged, settlePayingHold, paymentFailed: dispatchPaymentFailed, inFlight };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
