import { z } from '@hono/zod-openapi';
import { eventCategories } from '../../db/schema/catalog.js';
import { Id, MoneyInput } from './common.js';
import { canonicalTimeZone } from '../../format/show-time.js';

export const Name = z.string().trim().min(1).max(200);
/** A price category of a hall's seats (premium, regular, standing...). */
export const Category = z.string().trim().min(1).max(64);

const ReservedSection = z.object({
  name: Name,
  kind: z.literal('reserved'),
  rows: z
    .array(
      z.object({
        // Seat ids are `<row>-<number>`, so a row label must not contain the dash.
        row: z.string().regex(/^[A-Za-z0-9_.]{1,16}$/, 'letters, digits, _ and . only'),
        seats: z.number().int().min(1).max(500),
        category: Category,
      }),
    )
    .min(1),
});

const GeneralSection = z.object({
  name: Name,
  kind: z.literal('general'),
  capacity: z.number().int().min(1).max(100_000),
  category: Category,
});

export const HallLayout = z
  .object({
    sections: z.array(z.discriminatedUnion('kind', [ReservedSection, GeneralSection])).min(1),
    bestRows: z.enum(['front', 'middle']).optional().openapi({
      description:
        "Rows best available tries first: 'front', or 'middle' (nearest the middle of their section). Unset: 'middle' for films, 'front' otherwise",
    }),
  })
  .check((ctx) => {
    const rows = new Set<string>();
    const sections = new Set<string>();
    ctx.value.sections.forEach((section, s) => {
      if (sections.has(section.name)) {
        ctx.issues.push({
          code: 'custom',
          input: section.name,
          path: ['sections', s, 'name'],
          message: `section name ${section.name} is used twice`,
        });
      }
      sections.add(section.name);
      if (section.kind !== 'reserved') return;
      section.rows.forEach((r, i) => {
        if (rows.has(r.row)) {
          ctx.issues.push({
            code: 'custom',
            input: r.row,
            path: ['sections', s, 'rows', i, 'row'],
            message: `row ${r.row} is used twice in this hall`,
          });
        }
        rows.add(r.row);
      });
    });
  })
  .openapi('HallLayout', {
    example: {
      sections: [
        {
          name: 'Stalls',
          kind: 'reserved',
          rows: [
            { row: 'A', seats: 20, category: 'premium' },
            { row: 'B', seats: 20, category: 'regular' },
          ],
        },
        { name: 'Standing', kind: 'general', capacity: 500, category: 'standing' },
      ],
    },
  });

/** Where a venue is, in WGS 84 degrees: what near-me searches measure from. */
export const GeoLocation = z
  .object({
    latitude: z.number().min(-90).max(90).openapi({ example: 52.5097 }),
    longitude: z.number().min(-180).max(180).openapi({ example: 13.3699 }),
  })
  .openapi('GeoLocation');

export const PostalCode = z
  .string()
  .trim()
  .max(20)
  .regex(/^[\p{L}\p{N} -]*$/u, 'letters, digits, spaces and "-" only')
  .openapi({ example: '10785' });

/** An IANA zone as Intl knows it (`Europe/Berlin`); the venue's show times are set and shown on its clock. */
export const TimeZoneInput = z
  .string()
  .trim()
  .max(64)
  .refine((zone) => canonicalTimeZone(zone) !== null, 'must be an IANA time zone such as Europe/Berlin')
  .openapi({ example: 'Europe/Berlin' });

export const CreateVenueRequest = z
  .object({
    name: Name,
    city: Name.openapi({ description: 'An existing city id, or a city name (created if new)', example: 'Berlin' }),
    address: z.string().trim().max(500).optional(),
    postalCode: PostalCode.optional(),
    location: GeoLocation.optional().openapi({ description: 'Without it the venue never shows in a near search' }),
    timeZone: TimeZoneInput.optional().openapi({
      description: "Unset: the zone of the city's other venues, or UTC in a city new to the catalog",
    }),
    halls: z.array(z.object({ name: Name, layout: HallLayout })).min(1),
  })
  .openapi('CreateVenueRequest');

export const VenueCreated = z
  .object({
    venueId: z.string(),
    timeZone: z.string().openapi({ description: "The venue's IANA zone, as given or taken from its city" }),
    halls: z.array(z.object({ hallId: z.string(), name: z.string(), capacity: z.number().int() })),
  })
  .openapi('VenueCreated');

/** An event's optional fields, alike when it is created and when it is edited. */
export const eventFields = {
  description: z.string().max(10_000),
  genre: z.string().max(100),
  language: z.string().max(100),
  durationMinutes: z.number().int().min(1).max(100_000),
  rating: z.string().max(32),
};

export const CreateEventRequest = z
  .object({
    id: Id.optional(),
    title: Name,
    category: z.enum(eventCategories),
    description: eventFields.description.optional(),
    genre: eventFields.genre.optional(),
    language: eventFields.language.optional(),
    durationMinutes: eventFields.durationMinutes.optional(),
    rating: eventFields.rating.optional(),
    performers: z.array(z.string().min(1).max(200)).max(200).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('CreateEventRequest');

export const EventCreated = z.object({ eventId: z.string() }).openapi('EventCreated');

export const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const CancellationPolicy = z
  .object({
    rules: z
      .array(z.object({ hoursBefore: z.number().min(0), refundPercent: z.number().int().min(0).max(100) }))
      .max(20),
  })
  .openapi('CancellationPolicy');

export const CreateShowRequest = z
  .object({
    id: Id.optional(),
    eventId: z.string().min(1),
    hallId: z.string().min(1),
    startsAt: Instant,
    endsAt: Instant.optional(),
    prices: z.record(Category, MoneyInput).openapi({ example: { premium: { amount: 4500, currency: 'EUR' } } }),
    salesOpenAt: Instant.nullable().optional(),
    salesCloseAt: Instant.nullable().optional(),
    holdTtlSeconds: z.number().int().min(1).max(86_400).nullable().optional(),
    cancellationPolicy: CancellationPolicy.optional(),
    feePerTicket: MoneyInput.optional().openapi({ description: 'Service fee per ticket, in the prices’ currency' }),
  })
  .check((ctx) => {
    const { startsAt, endsAt, salesOpenAt, salesCloseAt } = ctx.value;
    if (endsAt && endsAt <= startsAt)
      ctx.issues.push({ code: 'custom', input: endsAt, path: ['endsAt'], message: 'must be after startsAt' });
    if (salesOpenAt && salesCloseAt && salesCloseAt <= salesOpenAt) {
      ctx.issues.push({
        code: 'custom',
        input: salesCloseAt,
        path: ['salesCloseAt'],
        message: 'must be after salesOpenAt',
      });
    }
  })
  .openapi('CreateShowRequest');

export const ShowCreated = z.object({ showId: z.string() }).openapi('ShowCreated');
