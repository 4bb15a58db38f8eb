import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

const nullableTime = IsoTime.nullable();
const minor = z.number().int().openapi({ description: 'Integer minor units of `currency`' });

const ExportTicket = z.object({ ticketId: z.string(), seatId: z.string(), admittedAt: nullableTime });

const ExportBooking = z.object({
  bookingId: z.string(),
  showId: z.string(),
  eventTitle: z.string().nullable(),
  startsAt: nullableTime,
  status: z.enum(['confirmed', 'cancelled']),
  seats: z.array(z.string()),
  gaSection: z.string().nullable(),
  quantity: z.number().int(),
  subtotal: minor,
  discount: minor,
  fees: minor,
  total: minor,
  currency: z.string(),
  refundAmount: minor.nullable(),
  createdAt: IsoTime,
  cancelledAt: nullableTime,
  tickets: z.array(ExportTicket),
});

const ExportRefund = z.object({
  refundId: z.string(),
  bookingId: z.string().nullable(),
  amount: minor,
  status: z.enum(['pending', 'succeeded', 'failed']),
  reason: z.string(),
  createdAt: IsoTime,
});

const ExportPayment = z
  .object({
    paymentId: z.string(),
    bookingId: z.string().nullable(),
    showId: z.string(),
    holdId: z.string(),
    amount: minor,
    subtotal: minor.nullable(),
    discount: minor,
    fees: minor,
    promoCode: z.string().nullable(),
    pointsRedeemed: z.number().int(),
    currency: z.string(),
    method: z.string().openapi({ description: 'How it was paid (`card`, ...): no card number, expiry or CVC is kept' }),
    status: z.string(),
    failureReason: z.string().nullable(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    refunds: z.array(ExportRefund),
  })
  .strict();

export const PersonalDataExport = z
  .object({
    exportedAt: IsoTime,
    account: z.object({
      userId: z.string(),
      email: z.string(),
      name: z.string(),
      role: z.enum(['customer', 'admin']),
      createdAt: IsoTime,
      emailVerifiedAt: nullableTime,
      linkedSignIns: z
        .array(z.object({ provider: z.string(), subject: z.string(), email: z.string().nullable(), linkedAt: IsoTime }))
        .openapi({ description: 'Identities at other providers (OpenID Connect) that sign in to this account' }),
    }),
    bookings: z.array(ExportBooking),
    payments: z.array(ExportPayment),
    holds: z.array(
      z.object({
        holdId: z.string(),
        showId: z.string(),
        status: z.string(),
        seats: z.array(z.string()),
        quantity: z.number().int(),
        total: minor,
        currency: z.string(),
        createdAt: IsoTime,
        expiresAt: IsoTime,
      }),
    ),
    waitlist: z.array(
      z.object({
        entryId: z.string(),
        showId: z.string(),
        quantity: z.number().int(),
        category: z.string().nullable(),
        section: z.string().nullable(),
        status: z.string(),
        joinedAt: IsoTime,
      }),
    ),
    points: z.object({
      balance: z.number().int(),
      entries: z.array(
        z.object({
          entryId: z.string(),
          delta: z.number().int(),
          kind: z.string(),
          bookingId: z.string().nullable(),
          paymentId: z.string().nullable(),
          note: z.string(),
          createdAt: IsoTime,
        }),
      ),
    }),
    notifications: z.array(
      z.object({
        notificationId: z.string(),
        topic: z.string(),
        title: z.string(),
        body: z.string(),
        createdAt: IsoTime,
        readAt: nullableTime,
      }),
    ),
    reviews: z.array(
      z.object({
        reviewId: z.string(),
        eventId: z.string(),
        rating: z.number().int(),
        text: z.string().nullable(),
        createdAt: IsoTime,
        updatedAt: IsoTime,
      }),
    ),
    support: z.array(
      z.object({
        questionId: z.string(),
        bookingId: z.string().nullable(),
        subject: z.string(),
        message: z.string(),
        status: z.string(),
        answer: z.string().nullable(),
        answeredAt: nullableTime,
        createdAt: IsoTime,
      }),
    ),
    apiKeys: z.array(
      z.object({
        apiKeyId: z.string(),
        name: z.string(),
        prefix: z.string(),
        quotaPerHour: z.number().int(),
        createdAt: IsoTime,
        revokedAt: nullableTime,
      }),
    ),
  })
  .openapi('PersonalDataExport');

export const AccountErased = z
  .object({
    erased: z.literal(true),
    userId: z
      .string()
      .openapi({ description: 'Now a pseudonym: the bookings and payments kept for accounting point to it' }),
  })
  .openapi('AccountErased');
