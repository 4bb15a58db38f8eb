import { z } from '@hono/zod-openapi';
import { IsoTime, Money, pathId } from './common.js';

export const PaymentParams = z.object({ paymentId: pathId('paymentId', '2c1e1f7a-9a3b-4c55-8b8e-3d9f6a1b2c3d') });

export const PaymentRecordView = z
  .object({
    paymentId: z.string(),
    status: z
      .enum(['pending', 'captured', 'declined', 'refunded', 'partially_refunded', 'voided'])
      .openapi({ description: 'voided: ended without a booking (an unused charge is refunded in full)' }),
    amount: Money.openapi({ description: 'What was charged: subtotal - discount + fees' }),
    subtotal: Money,
    discount: Money,
    fees: Money,
    promoCode: z.string().nullable(),
    pointsRedeemed: z.number().int(),
    currency: z.string(),
    method: z.string().openapi({ example: 'card ****4242' }),
    failureReason: z.string().nullable().openapi({
      example: 'expired_card',
      description: "Why a declined or voided payment failed; the confirm's 402 itself says only payment_declined",
    }),
    bookingId: z.string().nullable(),
    showId: z.string(),
    createdAt: IsoTime,
    refunds: z.array(
      z.object({
        refundId: z.string(),
        amount: Money,
        status: z.enum(['pending', 'succeeded', 'failed']),
        reason: z.string().openapi({ example: 'customer_cancelled' }),
        createdAt: IsoTime,
      }),
    ),
  })
  .openapi('PaymentRecord');

export const PaymentRecordList = z.object({ items: z.array(PaymentRecordView) }).openapi('PaymentRecordList');
