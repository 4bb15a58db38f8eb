import type { ApiClient } from '../api/client.js';
import type { Booking, Hold, HoldRequest, Payment } from '../api/types.js';

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

/**
 * Hold, then pay. A payment that fails releases the hold at once, so a script that gives up never
 * leaves seats blocked until the hold expires.
 */
export async function holdAndPay(
  api: ApiClient,
  showId: string,
  request: HoldRequest,
  payment: Payment,
): Promise<{ hold: Hold; booking: Booking }> {
  const hold = await api.hold(showId, request);
  try {
    const booking = await api.confirm(showId, hold.holdId, payment);
    return { hold, booking };
  } catch (err) {
    await api.releaseHold(showId, hold.holdId).catch(() => undefined);
    throw err;
  }
}
