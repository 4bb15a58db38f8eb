import { z } from '@hono/zod-openapi';
import { eventCategories } from '../../db/schema/catalog.js';
import {
  CancellationPolicy,
  Category,
  eventFields,
  GeoLocation,
  HallLayout,
  Instant,
  Name,
  PostalCode,
  TimeZoneInput,
} from './admin.js';
import { EventDetails } from './catalog.js';
import { IsoTime, Money, MoneyInput, pathId } from './common.js';

export const EventIdParam = z.object({ eventId: pathId('eventId', 'aurora-skies') });
export const VenueIdParam = z.object({ venueId: pathId('venueId', '3f1e0c7a-2b8d-4c55-9a0e-5d1f2e3a4b6c') });
export const HallParams = z.object({
  venueId: pathId('venueId', '3f1e0c7a-2b8d-4c55-9a0e-5d1f2e3a4b6c'),
  hallId: pathId('hallId', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
});

const nonEmpty = (value: object) => Object.values(value).some((v) => v !== undefined);
const somethingToChange = { message: 'give at least one field to change' };

export const UpdateShowRequest = z
  .strictObject({
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    prices: z
      .record(Category, MoneyInput)
      .optional()
      .openapi({ description: 'New prices of existing categories; categories left out keep theirs' }),
    salesOpenAt: Instant.nullable().optional(),
    salesCloseAt: Instant.nullable().optional(),
    holdTtlSeconds: z.number().int().min(1).max(86_400).optional(),
    feePerTicket: MoneyInput.optional(),
    cancellationPolicy: CancellationPolicy.optional(),
  })
  .refine(nonEmpty, somethingToChange)
  .openapi('UpdateShowRequest', {
    example: { prices: { premium: { amount: 5500, currency: 'EUR' } }, salesCloseAt: '2030-01-01T18:00:00Z' },
  });

export const AdminShow = z
  .object({
    showId: z.string(),
    eventId: z.string(),
    hallId: z.string(),
    state: z.string().openapi({ example: 'onSale.available' }),
    startsAt: IsoTime,
    endsAt: IsoTime,
    prices: z.array(z.object({ category: z.string(), price: Money })),
    salesOpenAt: IsoTime.nullable(),
    salesCloseAt: IsoTime.nullable(),
    holdTtlSeconds: z.number().int(),
    feePerTicket: Money,
    cancellationPolicy: CancellationPolicy,
    notified: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Bookings told about a change of time (one notification each)' }),
  })
  .openapi('AdminShow');

export const ShowCancelReport = z
  .object({
    showId: z.string(),
    state: z.literal('cancelled'),
    bookingsCancelled: z.number().int(),
    refunds: z.object({ succeeded: z.number().int(), pending: z.number().int(), failed: z.number().int() }),
  })
  .openapi('ShowCancelReport');

export const UpdateEventRequest = z
  .strictObject({
    title: Name.optional(),
    category: z.enum(eventCategories).optional(),
    description: eventFields.description.optional(),
    genre: eventFields.genre.nullable().optional(),
    language: eventFields.language.nullable().optional(),
    durationMinutes: eventFields.durationMinutes.nullable().optional(),
    rating: eventFields.rating.nullable().optional(),
    performers: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "The kind's own fields (release date, route, stops...); replaces the old set" }),
  })
  .refine(nonEmpty, somethingToChange)
  .openapi('UpdateEventRequest');

/** The event's own fields, as the public catalog shows them, without its shows and reviews. */
export const AdminEvent = EventDetails.pick({
  eventId: true,
  title: true,
  category: true,
  description: true,
  genre: true,
  language: true,
  durationMinutes: true,
  rating: true,
  performers: true,
  details: true,
}).openapi('AdminEvent');

export const EventRemoved = z
  .object({
    eventId: z.string(),
    showsRemoved: z.number().int().openapi({ description: 'Upcoming shows with nothing sold: removed' }),
    showsCancelled: z.number().int().openapi({ description: 'Upcoming shows with bookings: cancelled and refunded' }),
  })
  .openapi('EventRemoved');

export const UpdateVenueRequest = z
  .strictObject({
    name: Name.optional(),
    address: z.string().trim().max(500).optional(),
    city: Name.optional().openapi({ description: 'An existing city id, or a city name (created if new)' }),
    postalCode: PostalCode.optional(),
    location: GeoLocation.nullable().optional().openapi({ description: 'null removes the coordinates' }),
    timeZone: TimeZoneInput.optional().openapi({
      description: 'Scheduled shows keep their instant, so their local time moves with the zone',
    }),
  })
  .refine(nonEmpty, somethingToChange)
  .openapi('UpdateVenueRequest');

export const AdminVenue = z
  .object({
    venueId: z.string(),
    name: z.string(),
    address: z.string(),
    cityId: z.string(),
    postalCode: z.string(),
    location: GeoLocation.nullable(),
    timeZone: z.string(),
  })
  .openapi('AdminVenue');

export const UpdateHallRequest = z
  .strictObject({
    name: Name.optional(),
    layout: HallLayout.optional().openapi({ description: 'Only while no show uses the hall' }),
  })
  .refine(nonEmpty, somethingToChange)
  .openapi('UpdateHallRequest');

export const AdminHall = z
  .object({ hallId: z.string(), venueId: z.string(), name: z.string(), capacity: z.number().int(), layout: HallLayout })
  .openapi('AdminHall');
