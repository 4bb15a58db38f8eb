import { createRoute } from '@hono/zod-openapi';
import type { Clock } from '../../actors/runtime/types.js';
import { loyaltySummary } from '../../commerce/loyalty-summary.js';
import type { AppDeps } from '../app-env.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { LoyaltyQuery, LoyaltyView } from '../schemas/loyalty.js';

const LEDGER_ENTRIES = 50;
/** The currency shown to a member who has no points yet. */
const DEFAULT_CURRENCY = 'EUR';

const myLoyaltyRoute = createRoute({
  method: 'get',
  path: '/api/me/loyalty',
  tags: ['loyalty'],
  summary: `Your points, tier, what they are worth now, and your latest ${LEDGER_ENTRIES} ledger entries (newest first)`,
  description:
    'Points belong to the currency they were earned in and are spent only on seats priced in it. The top-level ' +
    'figures are those of `currency` (default: the currency you used last); `balances` lists every currency.',
  security: bearer,
  middleware: [requireUser()],
  request: { query: LoyaltyQuery },
  responses: {
    200: { description: 'Loyalty', content: { 'application/json': { schema: LoyaltyView } } },
    ...problems(401),
  },
});

export function loyaltyRoutes(deps: Pick<AppDeps, 'db'> & { clock: Clock }) {
  return createRouter().openapi(myLoyaltyRoute, async (c) => {
    const s = await loyaltySummary(deps.db, userOf(c).userId, {
      now: deps.clock.now(),
      ledgerLimit: LEDGER_ENTRIES,
      currency: c.req.valid('query').currency,
      defaultCurrency: DEFAULT_CURRENCY,
    });
    const availableDiscounts =
      s.redeemableValue > 0
        ? [
            {
              kind: 'points' as const,
              points: s.points,
              maxDiscount: s.redeemableValue,
              description:
                `Spend up to ${s.points} points at checkout ("points" on quote and confirm) on seats priced in ` +
                `${s.currency}: 1 point takes 1 minor unit (a cent) off the seats, never off fees`,
            },
          ]
        : [];
    return c.json(
      {
        currency: s.currency,
        points: s.points,
        pendingPoints: s.pendingPoints,
        balances: s.balances.map((b) => ({
          currency: b.currency,
          points: b.points,
          pendingPoints: b.pendingPoints,
          tier: b.tier,
        })),
        tier: s.tier,
        nextTier: s.nextTier,
        earnRate: s.earnRate,
        availableDiscounts,
        ledger: s.ledger.map((e) => ({
          ...e,
          availableAt: e.availableAt?.toISOString() ?? null,
          createdAt: e.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
}
