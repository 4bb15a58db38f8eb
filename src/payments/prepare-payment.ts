import type { Db } from '../db/client.js';
import type { HoldRow } from '../db/schema/index.js';
import { addLedgerEntry } from '../commerce/loyalty-store.js';
import { insertRedemption } from '../commerce/promo-store.js';
import { quoteHold, type Quote, type QuoteFailureCode } from '../commerce/quote.js';
import { insertPayment } from './ledger.js';

export interface PaymentTerms {
  promoCode?: string | undefined;
  points?: number | undefined;
  /** The total the customer was shown; a different recomputed total refuses the payment. */
  expectedTotal?: { amount: number; currency: string } | undefined;
}

export type PreparePaymentResult =
  | { ok: true; quote: Quote }
  | { ok: false; code: QuoteFailureCode | 'quote_changed'; detail: string };

/**
 * Fixes what a payment will charge, in one transaction before anything irreversible: the code's
 * row and the member's points are locked, the quote is recomputed under those locks, and the
 * payment, the code's use and the points spent are written together. Racing confirms on one code
 * or one balance therefore queue on the lock and each sees the uses and spends of those before it.
 */
export async function preparePayment(
  db: Db,
  input: { hold: HoldRow; userId: string; paymentId: string; method: string; now: number; terms: PaymentTerms },
): Promise<PreparePaymentResult> {
  const { hold, userId, paymentId, terms } = input;
  return db.transaction(async (tx): Promise<PreparePaymentResult> => {
    const quoted = await quoteHold(tx, {
      hold,
      userId,
      promoCode: terms.promoCode,
      points: terms.points,
      now: input.now,
      lock: true,
    });
    if (!quoted.ok) return quoted;
    const { quote } = quoted;
    const expected = terms.expectedTotal;
    if (expected && (expected.amount !== quote.total || expected.currency !== quote.currency)) {
      return {
        ok: false,
        code: 'quote_changed',
        detail: `the total is now ${quote.total} ${quote.currency}, not ${expected.amount} ${expected.currency}; nothing was charged`,
      };
    }
    await insertPayment(tx, {
      id: paymentId,
      userId,
      showId: hold.showId,
      holdId: hold.id,
      amount: quote.total,
      subtotal: quote.subtotal,
      discount: quote.discount,
      fees: quote.fees,
      promoCode: quote.promo?.code ?? null,
      pointsRedeemed: quote.points.redeemed,
      currency: quote.currency,
      method: input.method,
    });
    if (quoted.promoId && quote.promo) {
      await insertRedemption(tx, {
        id: paymentId,
        promoId: quoted.promoId,
        userId,
        paymentId,
        discount: quote.promo.discount,
      });
    }
    if (quote.points.redeemed > 0) {
      await addLedgerEntry(tx, {
        id: `redeem:${paymentId}`,
        userId,
        delta: -quote.points.redeemed,
        currency: quote.currency,
        kind: 'redeem',
        paymentId,
        note: `${quote.points.redeemed} points off show ${hold.showId}`,
      });
    }
    return { ok: true, quote };
  });
}
