import { createRoute } from '@hono/zod-openapi';
import type { Quote } from '../../commerce/quote.js';
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
    '422 promo_invalid (unknown, inactive, outside its validity window, or not for this show or these seats; ' +
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

const livePrices = new Set(['held', 'paying']);

export function quoteRoutes(deps: Pick<AppDeps, 'db' | 'runtime'> & { clock: Clock }) {
  return createRouter().openapi(quoteRoute, async (c) => {
    const { showId, holdId } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const userId = userOf(c).userId;
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
    const quoted = await quoteHold(deps.db, { hold, userId, ...body, now, lock: false });
    if (!quoted.ok) throw quoteRefused(quoted.code, quoted.detail);
    return c.json(quoteView(quoted.quote), 200);
  });
}

export function quoteView(q: Quote) {
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
  };
}
