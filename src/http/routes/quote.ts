import { createRoute } from '@hono/zod-openapi';
import { checkoutChoice, saveCheckoutChoice, type CheckoutChoice } from '../../commerce/checkout-choice.js';
import type { Quote, QuoteFailureCode } from '../../commerce/quote.js';
import { quoteHold } from '../../commerce/quote.js';
import type { Clock } from '../../actors/runtime/types.js';
import { getHoldRow } from '../../db/queries/bookings.js';
import type { AppDeps } from '../app-env.js';
import { quoteRefused } from '../commerce-errors.js';
import { ApiError } from '../errors.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, HoldParams, problems } from '../schemas/common.js';
import { QuoteRequest, QuoteView } from '../schemas/quote.js';

const quoteRoute = createRoute({
  method: 'post',
  path: '/api/shows/{showId}/holds/{holdId}/quote',
  tags: ['holds'],
  summary: 'Price summary of one of your holds: seats, promo, points, fees and the total confirm will charge',
  description:
    "A quote given is kept as the hold's checkout choice (GET answers it again after a reload); a refused one " +
    'changes nothing. 422 promo_invalid (unknown, inactive, outside its validity window, or not for this show or these seats; ' +
    'the detail says which), 409 promo_exhausted (total or per-customer limit reached), 422 insufficient_points, ' +
    '409 quote_unavailable (prices changed under a hold of several categories), 410 hold_expired.',
  security: bearer,
  middleware: [requireUser()],
  request: {
    params: HoldParams,
    body: { required: false, content: { 'application/json': { schema: QuoteRequest } } },
  },
  responses: {
    200: { description: 'The quote', content: { 'application/json': { schema: QuoteView } } },
    ...problems(400, 401, 404, 409, 410, 422),
  },
});

const savedQuoteRoute = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/holds/{holdId}/quote',
  tags: ['holds'],
  summary: 'The quote for the promo code and points last quoted on this hold (none: the plain price)',
  description:
    'What the checkout shows after a reload or on another device. A kept code or points that no longer work ' +
    '(the code was used up meanwhile) are left out and named in `dropped`, so the customer is told before paying. ' +
    '410 hold_expired, 409 quote_unavailable.',
  security: bearer,
  middleware: [requireUser()],
  request: { params: HoldParams },
  responses: {
    200: { description: 'The quote', content: { 'application/json': { schema: QuoteView } } },
    ...problems(401, 404, 409, 410),
  },
});

const promoRefusals = new Set<QuoteFailureCode>(['promo_invalid', 'promo_exhausted']);

const livePrices = new Set(['held', 'paying']);

export function quoteRoutes(deps: Pick<AppDeps, 'db' | 'runtime'> & { clock: Clock }) {
  /** The caller's live hold, or the problem that says why there is none to price. */
  async function liveHold(showId: string, holdId: string, userId: string) {
    await deps.runtime.readModelsCaughtUp(showId);
    const hold = await getHoldRow(deps.db, holdId);
    if (!hold || hold.userId !== userId || hold.showId !== showId) {
      throw new ApiError('hold_not_found', 404, 'No such hold of yours');
    }
    if (!livePrices.has(hold.status)) throw new ApiError('hold_expired', 410, `The hold is ${hold.status}`);
    const now = deps.clock.now();
    if (hold.status === 'held' && hold.deadlineAt.getTime() <= now) {
      throw new ApiError('hold_expired', 410, 'The hold has expired');
    }
    return { hold, now };
  }

  return createRouter()
    .openapi(quoteRoute, async (c) => {
      const { showId, holdId } = c.req.valid('param');
      const body = c.req.valid('json') ?? {};
      const userId = userOf(c).userId;
      const { hold, now } = await liveHold(showId, holdId, userId);
      const quoted = await quoteHold(deps.db, { hold, userId, ...body, now, lock: false });
      if (!quoted.ok) throw quoteRefused(quoted.code, quoted.detail);
      const choice = { promoCode: quoted.quote.promo?.code ?? null, points: body.points ?? 0 };
      await saveCheckoutChoice(deps.db, holdId, userId, choice);
      return c.json(quoteView(quoted.quote, choice), 200);
    })
    .openapi(savedQuoteRoute, async (c) => {
      const { showId, holdId } = c.req.valid('param');
      const userId = userOf(c).userId;
      const { hold, now } = await liveHold(showId, holdId, userId);
      const saved = await checkoutChoice(deps.db, holdId, userId);
      let choice = saved;
      let dropped: { promoCode: string | null; points: number; code: QuoteFailureCode; detail: string } | null = null;
      // At most two refusals: the code, then the points; what is left (the plain price) always prices.
      for (;;) {
        const quoted = await quoteHold(deps.db, {
          hold,
          userId,
          promoCode: choice.promoCode ?? undefined,
          points: choice.points,
          now,
          lock: false,
        });
        if (quoted.ok) {
          if (dropped) await saveCheckoutChoice(deps.db, holdId, userId, choice);
          return c.json({ ...quoteView(quoted.quote, choice), dropped }, 200);
        }
        const dropCode = promoRefusals.has(quoted.code) && choice.promoCode !== null;
        const dropPoints = quoted.code === 'insufficient_points' && choice.points > 0;
        if (!dropCode && !dropPoints) throw quoteRefused(quoted.code, quoted.detail);
        dropped = {
          promoCode: dropCode ? choice.promoCode : null,
          points: dropPoints ? choice.points : 0,
          code: quoted.code,
          detail: quoted.detail,
        };
        choice = dropCode ? { ...choice, promoCode: null } : { ...choice, points: 0 };
      }
    });
}

export function quoteView(q: Quote, choice: CheckoutChoice) {
  const money = (amount: number) => ({ amount, currency: q.currency });
  return {
    holdId: q.holdId,
    showId: q.showId,
    currency: q.currency,
    lines: q.lines.map((l) => ({
      category: l.category,
      unitPrice: money(l.unitPrice),
      quantity: l.quantity,
      amount: money(l.amount),
    })),
    subtotal: money(q.subtotal),
    promo: q.promo ? { code: q.promo.code, discount: money(q.promo.discount) } : null,
    points: { redeemed: q.points.redeemed, discount: money(q.points.discount) },
    fees: money(q.fees),
    discount: money(q.discount),
    total: money(q.total),
    expiresAt: new Date(q.expiresAt).toISOString(),
    choice,
    dropped: null,
  };
}
