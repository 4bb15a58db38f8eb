import { z } from '@hono/zod-openapi';
import { IsoTime, Money } from './common.js';

export const Booking = z
  .object({
    bookingId: z.string(),
    showId: z.string(),
    userId: z.string(),
    status: z.enum(['confirmed', 'cancelled']),
    seats: z.array(z.string()),
    quantity: z.number().int(),
    section: z.string().optional(),
    tickets: z.array(z.object({ ticketId: z.string(), seatId: z.string(), code: z.string() })),
    subtotal: Money,
    discount: Money.openapi({ description: 'Promo and points together' }),
    fees: Money.openapi({ description: 'Service fees (per ticket), never discounted' }),
    total: Money.openapi({ description: 'subtotal - discount + fees: what was charged' }),
    paymentId: z.string().openapi({ description: 'GET /api/payments/{paymentId} has the payment and its refunds' }),
    createdAt: IsoTime,
    cancelledAt: IsoTime.optional(),
    refund: Money.optional(),
    qr: z
      .string()
      .openapi({ description: 'Path of the booking’s QR code image (SVG), holding the signed ticket codes' }),
  })
  .openapi('Booking');

export const BookingList = z.object({ items: z.array(Booking) }).openapi('BookingList');

export const CancelledBooking = z
  .object({
    bookingId: z.string(),
    status: z.literal('cancelled'),
    refund: Money.extend({ status: z.string().openapi({ example: 'succeeded' }) }),
  })
  .openapi('CancelledBooking');

const RefundRuleView = z.object({
  hoursBefore: z.number().openapi({ description: 'The rule applies from this many hours before the show' }),
  refundPercent: z.number().int(),
  label: z.string().openapi({ example: '50 %: within 48 h of the show' }),
});

export const CancellationQuote = z
  .object({
    bookingId: z.string(),
    refund: Money.openapi({ description: 'What cancelling now refunds' }),
    total: Money.openapi({ description: 'What the booking cost' }),
    rule: RefundRuleView.openapi({ description: 'The rule of the show’s cancellation policy that applies now' }),
    until: IsoTime.openapi({ description: 'The last moment this rule applies' }),
    next: RefundRuleView.nullable().openapi({
      description: 'The rule that applies after `until`; null when the booking can no longer be cancelled then',
    }),
  })
  .openapi('CancellationQuote');
