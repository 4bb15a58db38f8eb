import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { halls, shows, type HoldRow } from '../db/schema/index.js';
import { holdLines } from './hold-lines.js';
import { lockLoyaltyAccount, pointsBalance } from './loyalty-store.js';
import { priceOrder, type Priced } from './pricing.js';
import { normalizeCode } from './promo-rules.js';
import { countPromoUses, findPromoByCode, promoTerms } from './promo-store.js';

/** A price summary for a hold: what confirm will charge, in minor units of `currency`. */
export interface Quote extends Priced {
  holdId: string;
  showId: string;
  currency: string;
  expiresAt: number;
}

export interface QuoteRequest {
  hold: HoldRow;
  userId: string;
  promoCode?: string | undefined;
  points?: number | undefined;
  now: number;
  /**
   * Lock the code's row and the member's account until the transaction ends (confirm does, inside
   * the transaction that records the use); a quote shown to a customer locks nothing.
   */
  lock: boolean;
}

export type QuoteFailureCode = 'promo_invalid' | 'promo_exhausted' | 'insufficient_points' | 'quote_unavailable';

export type QuoteResult =
  | { ok: true; quote: Quote; promoId: string | null }
  | { ok: false; code: QuoteFailureCode; detail: string };

/** Prices a hold with an optional promo code and points, checking the code's limits for this user. */
export async function quoteHold(db: Executor, req: QuoteRequest): Promise<QuoteResult> {
  const { hold } = req;
  const [show] = await db
    .select({
      eventId: shows.eventId,
      prices: shows.prices,
      feePerTicket: shows.feePerTicket,
      layout: halls.layout,
    })
    .from(shows)
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .where(eq(shows.id, hold.showId))
    .limit(1);
  if (!show) return { ok: false, code: 'quote_unavailable', detail: `show ${hold.showId} not found` };
  const lines = holdLines(hold, show.layout.sections, show.prices);
  if (!lines.ok) return { ok: false, code: 'quote_unavailable', detail: lines.detail };

  let promo = null;
  if (req.promoCode !== undefined && req.promoCode.trim() !== '') {
    const code = normalizeCode(req.promoCode);
    promo = (await findPromoByCode(db, code, { lock: req.lock })) ?? null;
    if (!promo) return promoRefused(code);
  }

  const requested = req.points ?? 0;
  let balance = { available: 0, pending: 0 };
  if (requested > 0) {
    if (req.lock) await lockLoyaltyAccount(db, req.userId);
    // Points are spent in the currency they were earned in, and only once their booking is past refunding.
    balance = await pointsBalance(db, req.userId, hold.currency, new Date(req.now));
  }

  const result = priceOrder({
    lines: lines.lines,
    currency: hold.currency,
    eventId: show.eventId,
    feePerTicket: show.feePerTicket,
    now: req.now,
    promo: promo ? promoTerms(promo) : null,
    points: { requested, balance: balance.available, pending: balance.pending },
  });
  if (!result.ok) return result.code === 'promo_invalid' ? promoRefused(promo!.code) : result;

  if (promo && (promo.maxUses !== null || promo.maxUsesPerUser !== null)) {
    const uses = await countPromoUses(db, promo.id, req.userId);
    if (promo.maxUses !== null && uses.total >= promo.maxUses) {
      return { ok: false, code: 'promo_exhausted', detail: `code ${promo.code} has been used up` };
    }
    if (promo.maxUsesPerUser !== null && uses.byUser >= promo.maxUsesPerUser) {
      return {
        ok: false,
        code: 'promo_exhausted',
        detail: `you have used code ${promo.code} ${uses.byUser} time(s), the most it allows`,
      };
    }
  }

  return {
    ok: true,
    promoId: promo?.id ?? null,
    quote: {
      holdId: hold.id,
      showId: hold.showId,
      currency: hold.currency,
      ...result.priced,
      expiresAt: hold.expiresAt.getTime(),
    },
  };
}

/**
 * One answer for a code that does not exist and for one that exists but cannot be used here (off,
 * not yet or no longer valid, another show, category or currency): answers that told these apart
 * would let anyone find live codes by guessing through quotes.
 */
function promoRefused(code: string): { ok: false; code: 'promo_invalid'; detail: string } {
  return { ok: false, code: 'promo_invalid', detail: `code ${code} cannot be used for this order` };
}
