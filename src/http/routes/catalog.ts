import { createRoute } from '@hono/zod-openapi';
import {
  getEventDetails,
  getVenueDetails,
  listCities,
  listVenues,
  parseSort,
  searchEvents,
  searchTerms,
  type SortTerm,
} from '../../db/queries/catalog-search.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import {
  CityList,
  DEFAULT_PAGE_SIZE,
  EventDetails,
  EventDetailsQuery,
  EventIdParam,
  EventList,
  EventsQuery,
  VenueDetails,
  VenueDetailsQuery,
  VenueIdParam,
  VenueList,
  VenuesQuery,
} from '../schemas/catalog.js';
import { problems } from '../schemas/common.js';

const listCitiesRoute = createRoute({
  method: 'get',
  path: '/api/cities',
  tags: ['catalog'],
  summary: 'Every city with venues',
  responses: {
    200: { description: 'Cities by name', content: { 'application/json': { schema: CityList } } },
  },
});

const listEventsRoute = createRoute({
  method: 'get',
  path: '/api/events',
  tags: ['catalog'],
  summary: 'What is on: events with upcoming shows, filtered, searched, sorted and paged',
  description:
    'An event is listed when at least one of its upcoming shows passes the city and date filters; ' +
    'nextShowAt, availableSeats, bookedSeats and cities cover those shows. `q` is full-text: every word ' +
    'must match (as a prefix) the title, performers, genre, description or the name of a venue of those shows.',
  request: { query: EventsQuery },
  responses: {
    200: { description: 'One page of events', content: { 'application/json': { schema: EventList } } },
    ...problems(400),
  },
});

const getEventRoute = createRoute({
  method: 'get',
  path: '/api/events/{eventId}',
  tags: ['catalog'],
  summary: 'An event with its upcoming shows, their venues and seats left',
  request: { params: EventIdParam, query: EventDetailsQuery },
  responses: {
    200: { description: 'The event', content: { 'application/json': { schema: EventDetails } } },
    ...problems(400, 404),
  },
});

const listVenuesRoute = createRoute({
  method: 'get',
  path: '/api/venues',
  tags: ['catalog'],
  summary: 'Venues with their halls, optionally in one city',
  request: { query: VenuesQuery },
  responses: {
    200: { description: 'Venues by name', content: { 'application/json': { schema: VenueList } } },
    ...problems(400),
  },
});

const getVenueRoute = createRoute({
  method: 'get',
  path: '/api/venues/{venueId}',
  tags: ['catalog'],
  summary: "A venue, its halls and sections, and each hall's upcoming shows",
  request: { params: VenueIdParam, query: VenueDetailsQuery },
  responses: {
    200: { description: 'The venue', content: { 'application/json': { schema: VenueDetails } } },
    ...problems(400, 404),
  },
});

const DAY_MS = 86_400_000;

/** A calendar day stands for its first millisecond as a start and its last as an end (UTC). */
function rangeBound(value: string | undefined, edge: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const start = new Date(`${value}T00:00:00.000Z`);
  return edge === 'start' ? start : new Date(start.getTime() + DAY_MS - 1);
}

function invalidQuery(path: string, message: string): ApiError {
  return new ApiError('validation_failed', 400, `${path}: ${message}`, { errors: [{ path, message }] });
}

/** The schema has already checked the spelling; this only turns it into terms. */
function sortTerms(text: string): SortTerm[] {
  const parsed = parseSort(text);
  if (!parsed.ok) throw invalidQuery('sort', parsed.message);
  return parsed.terms;
}

function dateRange(query: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const from = rangeBound(query.from, 'start');
  const to = rangeBound(query.to, 'end');
  if (from && to && from > to) {
    throw invalidQuery('to', 'must not be before from');
  }
  return { from, to };
}

/** Browsing needs no token: the cinema-site path from cities to a show's seat map starts here. */
export function catalogRoutes({ db, env }: Pick<AppDeps, 'db' | 'env'>) {
  return createRouter()
    .openapi(listCitiesRoute, async (c) => c.json(await listCities(db), 200))
    .openapi(listEventsRoute, async (c) => {
      const query = c.req.valid('query');
      const sort = query.sort === undefined ? undefined : sortTerms(query.sort);
      if (sort?.some((t) => t.key === 'relevance') && searchTerms(query.q).length === 0) {
        throw invalidQuery('sort', 'relevance needs words in q');
      }
      if (sort?.some((t) => t.key === 'distance') && !query.near) throw invalidQuery('sort', 'distance needs near');
      if (query.radiusKm !== undefined && !query.near) throw invalidQuery('radiusKm', 'radiusKm needs near');
      if (query.pageSize !== undefined && query.resultPerPage !== undefined && query.pageSize !== query.resultPerPage) {
        throw invalidQuery('resultPerPage', 'give pageSize or resultPerPage, not both');
      }
      const pageSize = query.resultPerPage ?? query.pageSize ?? DEFAULT_PAGE_SIZE;
      const { items, total, didYouMean } = await searchEvents(db, {
        now: new Date(),
        city: query.city,
        category: query.category,
        q: query.q,
        ...dateRange(query),
        near: query.near,
        radiusKm: query.radiusKm,
        postalCode: query.postalCode,
        spellCheck: query.spellCheck,
        almostFullPercent: env.ALMOST_FULL_PERCENT,
        sort,
        order: query.order,
        page: query.page,
        pageSize,
      });
      return c.json({ items, page: query.page, pageSize, total, didYouMean }, 200);
    })
    .openapi(getEventRoute, async (c) => {
      const { eventId } = c.req.valid('param');
      const { city } = c.req.valid('query');
      const event = await getEventDetails(db, eventId, { now: new Date(), city });
      if (!event) throw new ApiError('not_found', 404, `Event ${eventId} not found`);
      return c.json(event, 200);
    })
    .openapi(listVenuesRoute, async (c) => {
      const { city } = c.req.valid('query');
      return c.json(await listVenues(db, { now: new Date(), city }), 200);
    })
    .openapi(getVenueRoute, async (c) => {
      const { venueId } = c.req.valid('param');
      const venue = await getVenueDetails(db, venueId, { now: new Date(), ...dateRange(c.req.valid('query')) });
      if (!venue) throw new ApiError('not_found', 404, `Venue ${venueId} not found`);
      return c.json(venue, 200);
    });
}
