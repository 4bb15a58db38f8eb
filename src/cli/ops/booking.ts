import type { ApiClient } from '../api/client.js';
import type { Booking, CheckoutTerms, Hold, HoldRequest, Payment, Quote } from '../api/types.js';
import { UsageError } from '../errors.js';

/** The built-in test gateway's card that always pays. */
export const testCardNumber = '4242424242424242';

/** A card payment with an expiry safely in the future and the test CVC. */
export function cardPayment(cardNumber: string, now: Date, cvc = '123'): Payment {
  const year = String((now.getUTCFullYear() + 3) % 100).padStart(2, '0');
  return { method: 'card', cardNumber: cardNumber.replace(/[\s-]/g, ''), expiry: `12/${year}`, cvc };
}

export function bestAvailable(quantity: number, opts: { category?: string; section?: string } = {}): HoldRequest {
  return {
    quantity,
    ...(opts.category ? { category: opts.category } : {}),
    ...(opts.section ? { section: opts.section } : {}),
  };
}

export type HoldAndPayResult =
  | { status: 'booked'; hold: Hold; quote: Quote; booking: Booking }
  | { status: 'not_paid'; hold: Hold; quote: Quote };

/**
 * Hold, quote (with the promo code and points), let `approve` see the quote, then pay exactly that
 * total (`expectedTotal`). Anything short of a booking releases the hold at once, so a script that
 * gives up never leaves seats blocked until the hold expires.
 */
export async function holdAndPay(
  api: ApiClient,
  showId: string,
  request: HoldRequest,
  payment: Payment,
  opts: { terms?: CheckoutTerms; approve?: (quote: Quote) => Promise<boolean> } = {},
): Promise<HoldAndPayResult> {
  const terms = opts.terms ?? {};
  const hold = await api.hold(showId, request);
  try {
    const quote = await api.quote(showId, hold.holdId, terms);
    if (opts.approve && !(await opts.approve(quote))) {
      await api.releaseHold(showId, hold.holdId);
      return { status: 'not_paid', hold, quote };
    }
    const booking = await api.confirm(showId, hold.holdId, payment, { ...terms, expectedTotal: quote.total });
    return { status: 'booked', hold, quote, booking };
  } catch (err) {
    await api.releaseHold(showId, hold.holdId).catch(() => undefined);
    throw err;
  }
}

/** `--points`: a number of points, or `all` for the whole balance. */
export function parsePoints(value: string | undefined): number | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'all') return 'all';
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--points must be a whole number or "all", got "${value}"`);
  return Number(value.trim());
}

/** The terms to quote: `all` points becomes the balance (none spent when it is empty). */
export async function checkoutTerms(
  api: ApiClient,
  opts: { promoCode?: string; points?: number | 'all' },
): Promise<CheckoutTerms> {
  const terms: CheckoutTerms = {};
  if (opts.promoCode?.trim()) terms.promoCode = opts.promoCode.trim();
  const points = opts.points === 'all' ? (await api.loyalty()).points : opts.points;
  if (points && points > 0) terms.points = points;
  return terms;
}
