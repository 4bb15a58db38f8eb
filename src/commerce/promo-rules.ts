import type { PromoCodeRow } from '../db/schema/index.js';
import type { PriceLine } from './hold-lines.js';
import { sumAmounts } from './hold-lines.js';

/** What a code promises and where it applies, exactly as stored (see promo_codes). */
export type PromoReach = Pick<PromoCodeRow, 'code' | 'kind' | 'value' | 'currency' | 'scope' | 'eventId' | 'category'>;

/**
 * A code as checkout reads it: its reach, whether it is on, and its window in epoch ms (rules take
 * time as numbers). Limits are counted elsewhere: they need the database.
 */
export interface PromoTerms extends PromoReach {
  active: boolean;
  validFrom: number | null;
  validUntil: number | null;
}

export interface PromoContext {
  now: number;
  eventId: string;
  currency: string;
  lines: PriceLine[];
}

export type PromoCheck = { ok: true; eligible: number } | { ok: false; code: 'promo_invalid'; detail: string };

/**
 * Whether a code may be used on this hold now, and the amount it may discount: the whole subtotal
 * for scopes `all` and `event`, only that category's lines for scope `category`.
 */
export function checkPromo(promo: PromoTerms, ctx: PromoContext): PromoCheck {
  const invalid = (detail: string): PromoCheck => ({ ok: false, code: 'promo_invalid', detail });
  if (!promo.active) return invalid(`code ${promo.code} is no longer active`);
  if (promo.validFrom !== null && ctx.now < promo.validFrom) {
    return invalid(`code ${promo.code} is valid from ${new Date(promo.validFrom).toISOString()}`);
  }
  if (promo.validUntil !== null && ctx.now >= promo.validUntil) {
    return invalid(`code ${promo.code} expired at ${new Date(promo.validUntil).toISOString()}`);
  }
  if (promo.kind === 'fixed' && promo.currency !== null && promo.currency !== ctx.currency) {
    return invalid(`code ${promo.code} is for prices in ${promo.currency}, this show is in ${ctx.currency}`);
  }
  switch (promo.scope) {
    case 'all':
      return { ok: true, eligible: sumAmounts(ctx.lines) };
    case 'event':
      if (promo.eventId !== ctx.eventId) return invalid(`code ${promo.code} does not apply to this show`);
      return { ok: true, eligible: sumAmounts(ctx.lines) };
    case 'category': {
      const eligible = sumAmounts(ctx.lines.filter((l) => l.category === promo.category));
      if (eligible === 0) return invalid(`code ${promo.code} only applies to ${promo.category} seats`);
      return { ok: true, eligible };
    }
  }
}

/** Percent codes round down (never more off than promised); fixed codes never exceed what they apply to. */
export function promoDiscount(promo: Pick<PromoTerms, 'kind' | 'value'>, eligible: number): number {
  const raw = promo.kind === 'percent' ? Math.floor((eligible * promo.value) / 100) : promo.value;
  return Math.max(0, Math.min(raw, eligible));
}

/** Codes are stored upper case and typed in any case, with stray spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}
