import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

const TierName = z.enum(['bronze', 'silver', 'gold']);

export const LoyaltyView = z
  .object({
    points: z.number().int().openapi({ description: 'Balance: the sum of every ledger entry' }),
    tier: TierName.openapi({
      description: 'By points earned in the last 365 days: silver from 1,000 (1.25x), gold from 5,000 (1.5x)',
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
        kind: z.enum(['earn', 'earn_reversed', 'redeem', 'redeem_released', 'redeem_returned', 'adjust']),
        note: z.string(),
        bookingId: z.string().nullable(),
        createdAt: IsoTime,
      }),
    ),
  })
  .openapi('Loyalty');
