import { z } from '@hono/zod-openapi';
import { IsoTime, Money } from './common.js';

const PromoCodeField = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .openapi({ description: 'A promo code, any case', example: 'WELCOME10' });

const PointsField = z
  .number()
  .int()
  .min(0)
  .max(100_000_000)
  .openapi({ description: 'Loyalty points to spend: 1 point = 1 minor unit off the seats, never off fees', example: 250 });

export const QuoteRequest = z
  .object({ promoCode: PromoCodeField.optional(), points: PointsField.optional() })
  .openapi('QuoteRequest');

export const QuoteView = z
  .object({
    holdId: z.string(),
    showId: z.string(),
    currency: z.string(),
    lines: z.array(
      z.object({ category: z.string(), unitPrice: Money, quantity: z.number().int(), amount: Money }),
    ),
    subtotal: Money,
    promo: z.object({ code: z.string(), discount: Money }).nullable(),
    points: z.object({ redeemed: z.number().int(), discount: Money }),
    fees: Money,
    discount: Money.openapi({ description: 'Promo and points together' }),
    total: Money.openapi({ description: 'What confirm charges with the same promoCode and points' }),
    expiresAt: IsoTime,
    choice: z
      .object({ promoCode: z.string().nullable(), points: z.number().int() })
      .openapi({ description: 'The promo code and points this quote is for, kept on the hold for a reload' }),
    dropped: z
      .object({
        promoCode: z.string().nullable(),
        points: z.number().int(),
        code: z.string().openapi({ example: 'promo_exhausted' }),
        detail: z.string(),
      })
      .nullable()
      .openapi({ description: 'GET only: a kept code or points that no longer work, left out of this quote' }),
  })
  .openapi('Quote');

/** Fields confirm accepts on top of the payment. */
export const ConfirmTerms = {
  promoCode: PromoCodeField.optional(),
  points: PointsField.optional(),
  expectedTotal: Money.optional().openapi({
    description: 'The quote total the customer accepted; if the total is now different: 409 quote_changed, nothing charged',
  }),
};
