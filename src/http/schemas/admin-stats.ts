import { z } from '@hono/zod-openapi';
import { DateOrTime, Id, IsoTime, Money, queryParam } from './common.js';


export const AdminStatsQuery = z.object({
  eventId: queryParam('eventId', Id.optional(), 'Only the shows of this event', 'classic-night'),
  showId: queryParam('showId', Id.optional(), 'Only this show', 'concert_2025'),
  from: queryParam(
    'from',
    DateOrTime.optional(),
    'Only shows starting at or after this (a date means its start, UTC)',
    '2030-01-01',
  ),
  to: queryParam('to', DateOrTime.optional(), 'Only shows starting at or before this (a date means its end, UTC)'),
});

const figures = {
  bookings: z.number().int().openapi({ description: 'Confirmed bookings (cancelled ones excluded)' }),
  cancelledBookings: z.number().int(),
  revenue: z.array(Money).openapi({
    description: 'Paid for bookings minus refunds paid out, one entry per currency',
  }),
  refunds: z.array(Money).openapi({ description: 'Refunds paid out for bookings, one entry per currency' }),
  capacity: z.number().int(),
  seatsSold: z.number().int().openapi({ description: "Booked seats, as the show's actor last published them" }),
  seatsHeld: z.number().int(),
  seatsFree: z.number().int(),
  occupancy: z.number().openapi({ description: 'seatsSold / capacity, from 0 to 1', example: 0.42 }),
  activeHolds: z.number().int().openapi({ description: 'Holds held or being paid right now' }),
  waitlistLength: z.number().int().openapi({ description: 'People waiting or holding an offer' }),
  holdsPlaced: z.number().int(),
  holdsConverted: z.number().int().openapi({ description: 'Holds that became a booking' }),
  conversion: z
    .number()
    .nullable()
    .openapi({ description: 'holdsConverted / holdsPlaced, from 0 to 1; null while no hold was placed' }),
};

export const ShowStats = z
  .object({
    showId: z.string(),
    eventId: z.string(),
    title: z.string(),
    startsAt: IsoTime,
    venue: z.string(),
    city: z.string(),
    state: z.string().nullable().openapi({ description: "The actor's state; null until the show first ran" }),
    ...figures,
  })
  .openapi('ShowStats');

export const AdminStats = z
  .object({
    filter: z.object({
      eventId: z.string().nullable(),
      showId: z.string().nullable(),
      from: IsoTime.nullable(),
      to: IsoTime.nullable(),
    }),
    generatedAt: IsoTime,
    totals: z.object({ shows: z.number().int(), ...figures }).openapi('StatsTotals'),
    shows: z.array(ShowStats).openapi({ description: 'One entry per show, soonest first' }),
  })
  .openapi('AdminStats');
