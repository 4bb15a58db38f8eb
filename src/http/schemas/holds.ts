import { z } from '@hono/zod-openapi';
import { IsoTime, Money } from './common.js';
import { ConfirmTerms } from './quote.js';

const SeatId = z.string().min(1).max(32).openapi({ example: 'A-1' });

/**
 * Exactly one of `seats` or `quantity`. The per-order limit is configuration, so the schema is built
 * from it; going over it is its own code (too_many_seats), not a generic validation failure.
 */
export function holdRequest(maxSeatsPerOrder: number) {
  return z
    .object({
      seats: z
        .array(SeatId)
        .min(1)
        .optional()
        .openapi({ example: ['A-1', 'A-2'], description: `At most ${maxSeatsPerOrder}` }),
      quantity: z
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ example: 2, description: `Best available; at most ${maxSeatsPerOrder}` }),
      category: z.string().min(1).max(64).optional(),
      section: z.string().min(1).max(64).optional(),
    })
    .check((ctx) => {
      const { seats, quantity, category, section } = ctx.value;
      if ((seats === undefined) === (quantity === undefined)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          path: [],
          message: 'send exactly one of seats or quantity',
        });
        return;
      }
      if (seats && (category !== undefined || section !== undefined)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          path: ['seats'],
          message: 'category and section go with quantity, not seats',
        });
      }
      const count = seats?.length ?? quantity ?? 0;
      if (count > maxSeatsPerOrder) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          path: [seats ? 'seats' : 'quantity'],
          message: `at most ${maxSeatsPerOrder} seats per order`,
          params: { code: 'too_many_seats' },
        });
      }
    })
    .openapi('HoldRequest');
}

export const HoldView = z
  .object({
    holdId: z.string(),
    showId: z.string(),
    status: z
      .enum(['held', 'paying', 'confirmed', 'expired', 'released', 'cancelled'])
      .openapi({ description: 'A new hold is "held"; a replayed request shows the hold as it is now' }),
    seats: z.array(z.string()),
    quantity: z.number().int(),
    section: z.string().optional(),
    expiresAt: IsoTime,
    total: Money,
    bookingId: z.string().optional(),
  })
  .openapi('Hold');

export const PaymentInput = z
  .discriminatedUnion('method', [
    z.object({
      method: z.literal('card'),
      cardNumber: z
        .string()
        .transform((s) => s.replace(/[\s-]/g, ''))
        .pipe(z.string().regex(/^\d{12,19}$/, '12 to 19 digits')),
      expiry: z.string().regex(/^(0[1-9]|1[0-2])\/(\d{2}|\d{4})$/, 'MM/YY'),
      cvc: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
    }),
    z.object({ method: z.literal('paypal'), account: z.string().trim().email() }),
  ])
  .openapi('PaymentInput', {
    example: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' },
  });

export const ConfirmRequest = z
  .object({
    payment: PaymentInput,
    ...ConfirmTerms,
  })
  .openapi('ConfirmRequest');
