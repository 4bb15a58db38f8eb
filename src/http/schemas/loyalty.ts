import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

const TierName = z.enum(['bronze', 'silver', 'gold']);

export const LoyaltyQuery = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .openapi({ description: 'ISO 4217: whose figures to show at the top level', example: 'EUR' }),
});

export const LoyaltyView = z
  .object({
    currency: z.string().openapi({ description: 'The currency of points, pendingPoints, tier and earnRate' }),
    points: z.number().int().openapi({
      description: 'Points you can spend now on seats priced in this currency (never below zero)',
    }),
    pendingPoints: z.number().int().openapi({
      description: 'Points of bookings that can still be refunded: they count once refunding is over',
    }),
    balances: z.array(
      z.object({ currency: z.string(), points: z.number().int(), pendingPoints: z.number().int(), tier: TierName }),
    ),
    tier: TierName.openapi({
      description:
        'By points earned in this currency in the last 365 days: silver from 1,000 (1.25x), gold from 5,000 (1.5x)',
    }),
    nextTier: z.object({ tier: TierName, pointsNeeded: z.number().int() }).nullable(),
    earnRate: z.number().openapi({ description: 'Points earned per 100 minor units paid, at your tier', example: 1.25 }),
    availableDiscounts: z.array(
      z.object({
        kind: z.literal('points'),
        points: z.number().int(),
        maxDiscount: z.number().int().openapi({
          description: 'Minor units (cents) of the show’s currency these points take off the seats at most',
        }),
        description: z.string(),
      }),
    ),
    ledger: z.array(
      z.object({
        entryId: z.string().openapi({ example: 'earn:8b7f3d30-1f0a-4f7b-9a57-6b3f0f0b6c21' }),
        delta: z.number().int(),
        currency: z.string(),
        availableAt: IsoTime.nullable().openapi({ description: 'When these points count; null: at once' }),
        kind: z.enum(['earn', 'earn_reversed', 'redeem', 'redeem_released', 'redeem_returned', 'adjust']),
        note: z.string(),
        bookingId: z.string().nullable(),
        createdAt: IsoTime,
      }),
    ),
  })
  .openapi('Loyalty');
