import type { PriceLine } from './hold-lines.js';
import { sumAmounts } from './hold-lines.js';
import { checkPromo, promoDiscount, type PromoTerms } from './promo-rules.js';

export interface PricingInput {
  lines: PriceLine[];
  currency: string;
  eventId: string;
  feePerTicket: number;
  now: number;
  promo: PromoTerms | null;
  /** Points the customer asks to spend, what they can spend now, and what counts only later. */
  points: { requested: number; balance: number; pending?: number };
}

export interface Priced {
  lines: PriceLine[];
  subtotal: number;
  promo: { code: string; discount: number } | null;
  points: { redeemed: number; discount: number };
  fees: number;
  /** Promo and points together. */
  discount: number;
  total: number;
}

export type PricingResult =
  | { ok: true; priced: Priced }
  | { ok: false; code: 'promo_invalid' | 'insufficient_points'; detail: string };

/**
 * The money of an order, in minor units: seats, then the promo, then points (1 point = 1 minor
 * unit), then fees. Discounts only ever reduce the seats' subtotal, so fees are always paid and
 * points never pay for fees; points beyond what is left after the promo are not spent.
 */
export function priceOrder(input: PricingInput): PricingResult {
  const subtotal = sumAmounts(input.lines);
  let promo: Priced['promo'] = null;
  if (input.promo) {
    const check = checkPromo(input.promo, {
      now: input.now,
      eventId: input.eventId,
      currency: input.currency,
      lines: input.lines,
    });
    if (!check.ok) return check;
    promo = { code: input.promo.code, discount: promoDiscount(input.promo, check.eligible) };
  }
  const { requested, balance, pending = 0 } = input.points;
  if (requested > balance) {
    const later = pending > 0 ? ` (${pending} more count once their bookings can no longer be refunded)` : '';
    return {
      ok: false,
      code: 'insufficient_points',
      detail: `you asked to spend ${requested} points and have ${Math.max(0, balance)} ${input.currency} points${later}`,
    };
  }
  const afterPromo = subtotal - (promo?.discount ?? 0);
  const redeemed = Math.max(0, Math.min(requested, afterPromo));
  const fees = input.feePerTicket * sumQuantities(input.lines);
  const discount = (promo?.discount ?? 0) + redeemed;
  return {
    ok: true,
    priced: {
      lines: input.lines,
      subtotal,
      promo,
      points: { redeemed, discount: redeemed },
      fees,
      discount,
      total: subtotal - discount + fees,
    },
  };
}

function sumQuantities(lines: readonly PriceLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity, 0);
}
