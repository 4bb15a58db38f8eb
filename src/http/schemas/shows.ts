import { z } from '@hono/zod-openapi';
import { TimeZone } from './catalog.js';
import { IsoTime, Money } from './common.js';

export const ShowDetails = z
  .object({
    showId: z.string(),
    eventId: z.string(),
    title: z.string(),
    category: z.string(),
    startsAt: IsoTime,
    endsAt: IsoTime,
    timeZone: TimeZone,
    venue: z.object({ venueId: z.string(), name: z.string(), address: z.string(), timeZone: TimeZone }),
    hall: z.object({ hallId: z.string(), name: z.string() }),
    city: z.object({ cityId: z.string(), name: z.string() }),
    seating: z.enum(['reserved', 'general', 'mixed']),
    state: z.string().openapi({ example: 'onSale.available' }),
    capacity: z.number().int(),
    available: z.number().int(),
    held: z.number().int(),
    booked: z.number().int(),
    waitlistLength: z.number().int(),
    categories: z.array(z.object({ category: z.string(), price: Money, available: z.number().int() })),
    salesOpenAt: IsoTime.nullable(),
    salesCloseAt: IsoTime.nullable(),
    holdTtlSeconds: z.number().int(),
    /** Shown before a hold so the customer is not surprised at checkout. */
    feePerTicket: Money,
    cancellationPolicy: z.object({
      rules: z.array(z.object({ hoursBefore: z.number(), refundPercent: z.number().int() })),
    }),
  })
  .openapi('ShowDetails');

export const SeatMap = z
  .object({
    showId: z.string(),
    seats: z.array(
      z.object({
        seatId: z.string(),
        section: z.string(),
        row: z.string(),
        number: z.number().int(),
        category: z.string(),
        price: Money,
        status: z.enum(['available', 'held', 'booked']),
      }),
    ),
    sections: z.array(
      z.object({
        section: z.string(),
        kind: z.enum(['reserved', 'general']),
        category: z.string(),
        capacity: z.number().int(),
        available: z.number().int(),
      }),
    ),
  })
  .openapi('SeatMap');
