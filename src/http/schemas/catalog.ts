import { z } from '@hono/zod-openapi';
import { MAX_SHOWS_PER_ITEM, parseSort } from '../../db/queries/catalog-search.js';
import { eventCategories } from '../../db/schema/catalog.js';
import { GeoLocation } from './admin.js';
import { DateOrTime, IsoTime, Money, pathId, queryParam } from './common.js';

/** Largest page a listing serves: enough for a screen, small enough to answer fast. */
export const MAX_PAGE_SIZE = 100;
const MAX_PAGE = 10_000;
export const DEFAULT_PAGE_SIZE = 20;
/** The seed's own limit for `result_per_page`. */
const MAX_RESULT_PER_PAGE = 30;

const CityParam = z.string().trim().min(1).max(100);

export const EventIdParam = z.object({ eventId: pathId('eventId', 'classic-night') });
export const VenueIdParam = z.object({ venueId: pathId('venueId', '2b0c6c1e-8f1a-4a55-9d57-1f1f0f6c1a20') });

const DateRange = {
  from: queryParam(
    'from',
    DateOrTime.optional(),
    'Only shows starting at or after this (a date means its start, UTC)',
    '2030-01-01',
  ),
  to: queryParam('to', DateOrTime.optional(), 'Only shows starting at or before this (a date means its end, UTC)'),
};

export const EventsQuery = z.object({
  city: queryParam('city', CityParam.optional(), 'A city id (see /api/cities)', 'berlin'),
  category: queryParam('category', z.enum(eventCategories).optional(), 'The kind of event'),
  q: queryParam(
    'q',
    z.string().max(200).optional(),
    'Words to find in the title, performers, genre, description or venue names; each word also matches as a prefix',
    'beeth',
  ),
  ...DateRange,
  spellCheck: queryParam(
    'spellCheck',
    z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true'),
    'true: q also finds words spelt nearly alike (pg_trgm), and didYouMean suggests a spelling when few events match as typed',
    'true',
  ),
  near: queryParam(
    'near',
    z
      .string()
      .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'must be <latitude>,<longitude> in degrees')
      .transform((text) => {
        const [latitude, longitude] = text.split(',').map(Number) as [number, number];
        return { latitude, longitude };
      })
      .refine((p) => Math.abs(p.latitude) <= 90 && Math.abs(p.longitude) <= 180, {
        message: 'latitude must be -90..90 and longitude -180..180',
      })
      .optional(),
    'A place as <latitude>,<longitude> (WGS 84 degrees): only venues with coordinates, each item with distanceKm from here',
    '52.52,13.405',
  ),
  radiusKm: queryParam(
    'radiusKm',
    z.coerce.number().positive().max(20_000).optional(),
    'With near: only shows at venues at most this many km away (great-circle)',
    '10',
  ),
  postalCode: queryParam(
    'postalCode',
    z
      .string()
      .trim()
      .min(1)
      .max(20)
      .regex(/^[\p{L}\p{N} -]+$/u, 'letters, digits, spaces and "-" only')
      .optional(),
    "Only venues whose postal code is this or starts with it (spaces and case don't matter)",
    'SE1',
  ),
  sort: queryParam(
    'sort',
    z
      .string()
      .max(100)
      .superRefine((text, ctx) => {
        const parsed = parseSort(text);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
      })
      .optional(),
    'Keys relevance (only with q; the default then), date (next show; the default otherwise), name, rating, ' +
      'popularity (seats booked), distance (only with near), separated by commas; a following asc or desc sets ' +
      'the direction of the keys before it: name,asc · date,desc · distance,asc · name,date,asc · name,asc,date,desc',
    'name,date,asc',
  ),
  order: queryParam(
    'order',
    z.enum(['asc', 'desc']).optional(),
    'The direction of sort keys that do not give their own (else each key’s natural one)',
  ),
  page: queryParam('page', z.coerce.number().int().min(1).max(MAX_PAGE).default(1), '1-based page number'),
  pageSize: queryParam(
    'pageSize',
    z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    `Items per page, at most ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
  ),
  resultPerPage: queryParam(
    'resultPerPage',
    z.coerce.number().int().min(1).max(MAX_RESULT_PER_PAGE).optional(),
    `The seed's name for pageSize, at most ${MAX_RESULT_PER_PAGE}; give one or the other`,
  ),
});

export const EventDetailsQuery = z.object({
  city: queryParam('city', CityParam.optional(), 'Only shows in this city (a city id)', 'berlin'),
});

export const VenuesQuery = z.object({
  city: queryParam('city', CityParam.optional(), 'Only venues in this city (a city id)', 'berlin'),
});

export const VenueDetailsQuery = z.object(DateRange);

const City = z.object({ cityId: z.string(), name: z.string() }).openapi('City');

export const CityList = z.array(City).openapi('CityList');

const Category = z.enum(eventCategories);

/** The venue's zone, beside every show time: clients write the time on the venue's clock. */
export const TimeZone = z.string().openapi({
  description: "The venue's IANA time zone; show times are shown on its clock",
  example: 'Europe/Berlin',
});

const ListedShow = z
  .object({
    showId: z.string(),
    startsAt: IsoTime,
    timeZone: TimeZone,
    venue: z.object({ venueId: z.string(), name: z.string(), postalCode: z.string() }),
    city: City,
    distanceKm: z.number().nullable().openapi({ description: 'With near: km to this show’s venue; else null' }),
    state: z.string().nullable().openapi({ description: "The show actor's published state; null until it first ran" }),
    categories: z.array(
      z.object({
        category: z.string(),
        price: Money,
        capacity: z.number().int(),
        available: z.number().int().openapi({ description: 'Seats left, as the show last published them' }),
        status: z.enum(['available', 'almost_full', 'full']).openapi({
          description: 'full: none left; almost_full: at most ALMOST_FULL_PERCENT (default 10) % of the category left',
        }),
      }),
    ),
  })
  .openapi('ListedShow');

export const EventListItem = z
  .object({
    eventId: z.string(),
    title: z.string(),
    category: Category,
    genre: z.string().nullable(),
    language: z.string().nullable(),
    durationMinutes: z.number().int().nullable(),
    rating: z.string().nullable().openapi({ description: 'Age or content rating label, e.g. PG-13' }),
    cities: z.array(City).openapi({ description: 'Cities of the upcoming shows that passed the filters' }),
    nextShowAt: IsoTime.nullable(),
    availableSeats: z
      .number()
      .int()
      .openapi({ description: 'Seats left over those shows, as their actors last published them' }),
    showCount: z.number().int(),
    bookedSeats: z.number().int().openapi({ description: 'Seats booked over those shows (what popularity sorts by)' }),
    relevance: z.number().nullable().openapi({ description: 'Search rank when q was given, else null' }),
    distanceKm: z
      .number()
      .nullable()
      .openapi({ description: 'With near: km (to the metre) to the nearest venue of those shows; else null' }),
    shows: z.array(ListedShow).openapi({
      description: `The soonest ${MAX_SHOWS_PER_ITEM} of those shows (showCount counts them all)`,
    }),
  })
  .openapi('EventListItem');

export const EventList = z
  .object({
    items: z.array(EventListItem),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().openapi({ description: 'Events matching the filters, over all pages' }),
    didYouMean: z.string().nullable().openapi({
      description:
        'With spellCheck=true, when fewer than 3 events matched q as typed: the nearest spelling in the catalog',
    }),
  })
  .openapi('EventList');

const VenueRef = z.object({
  venueId: z.string(),
  name: z.string(),
  address: z.string(),
  postalCode: z.string().openapi({ description: 'Empty when the venue has none on record' }),
  location: GeoLocation.nullable(),
  timeZone: TimeZone,
});

export const EventShow = z
  .object({
    showId: z.string(),
    startsAt: IsoTime,
    endsAt: IsoTime,
    timeZone: TimeZone,
    venue: VenueRef,
    hall: z.object({ hallId: z.string(), name: z.string() }),
    city: City,
    state: z
      .string()
      .nullable()
      .openapi({ description: "The show actor's state (e.g. onSale.available); null until it first ran" }),
    salesOpenAt: IsoTime.nullable(),
    capacity: z.number().int(),
    availableSeats: z.number().int(),
    prices: z.array(z.object({ category: z.string(), price: Money })),
  })
  .openapi('EventShow');

export const EventDetails = z
  .object({
    eventId: z.string(),
    title: z.string(),
    category: Category,
    description: z.string(),
    genre: z.string().nullable(),
    language: z.string().nullable(),
    durationMinutes: z.number().int().nullable(),
    rating: z.string().nullable(),
    performers: z.array(z.string()),
    details: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'What the kind of event needs: a film’s director, a train’s route and stops...' }),
    reviewAverage: z
      .number()
      .nullable()
      .openapi({ description: 'Mean review rating, one decimal; null without reviews' }),
    reviewCount: z.number().int(),
    cities: z.array(City),
    nextShowAt: IsoTime.nullable(),
    availableSeats: z.number().int(),
    shows: z.array(EventShow).openapi({ description: 'Upcoming shows, soonest first' }),
  })
  .openapi('EventDetails');

const HallSummary = z.object({ hallId: z.string(), name: z.string(), capacity: z.number().int() });

export const VenueSummary = VenueRef.extend({
  city: City,
  halls: z.array(HallSummary),
  upcomingShows: z.number().int(),
}).openapi('VenueSummary');

export const VenueList = z.array(VenueSummary).openapi('VenueList');

export const VenueDetails = VenueRef.extend({
  city: City,
  halls: z.array(
    HallSummary.extend({
      seating: z.enum(['reserved', 'general', 'mixed']),
      sections: z.array(
        z.object({
          name: z.string(),
          kind: z.enum(['reserved', 'general']),
          capacity: z.number().int(),
          categories: z.array(z.string()),
        }),
      ),
      shows: z.array(
        z.object({
          showId: z.string(),
          eventId: z.string(),
          title: z.string(),
          category: Category,
          startsAt: IsoTime,
          endsAt: IsoTime,
          timeZone: TimeZone,
          state: z.string().nullable(),
          availableSeats: z.number().int(),
        }),
      ),
    }),
  ),
}).openapi('VenueDetails');
