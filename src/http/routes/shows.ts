import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { HallLayout } from '../../db/schema/catalog.js';
import { getShowDetails } from '../../db/queries/catalog.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { problems, ShowIdParam } from '../schemas/common.js';
import { SeatMap, ShowDetails } from '../schemas/shows.js';
import type { ShowCurrencies } from '../show-currencies.js';
import type { SeatFeeds } from '../streams/seat-feed.js';
import { PendingUpdates } from '../streams/pending-updates.js';
import { createStreamSlots } from '../streams/stream-slots.js';
import { availabilityView } from '../availability-view.js';
import { clientIp } from '../client-ip.js';

// A comment line every so often keeps proxies from closing a quiet stream.
const HEARTBEAT_MS = 15_000;
/** When a client over its stream limit may try again: streams end when people leave a page. */
const STREAM_RETRY_AFTER_SECONDS = 10;

const getShow = createRoute({
  method: 'get',
  path: '/api/shows/{showId}',
  tags: ['shows'],
  summary: 'A show with live availability',
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'The show', content: { 'application/json': { schema: ShowDetails } } },
    ...problems(404),
  },
});

const getSeats = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/seats',
  tags: ['shows'],
  summary: 'The seat map with each seat’s status',
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'Seat map', content: { 'application/json': { schema: SeatMap } } },
    ...problems(404),
  },
});

const stream = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/stream',
  tags: ['shows'],
  summary: 'Server-Sent Events: `availability` (the summary) and `seats` (changed seats and sections)',
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...problems(404, 429),
  },
});

function seatingOf(layout: HallLayout): 'reserved' | 'general' | 'mixed' {
  const kinds = new Set(layout.sections.map((s) => s.kind));
  return kinds.size > 1 ? 'mixed' : kinds.has('general') ? 'general' : 'reserved';
}

export function showRoutes({
  db,
  runtime,
  env,
  feeds,
  currencies,
}: Pick<AppDeps, 'db' | 'runtime' | 'env'> & { feeds: SeatFeeds; currencies: ShowCurrencies }) {
  const streamSlots = createStreamSlots(env.STREAMS_PER_IP);
  return createRouter()
    .openapi(getShow, async (c) => {
      const { showId } = c.req.valid('param');
      const details = await getShowDetails(db, showId);
      if (!details) throw new ApiError('not_found', 404, `Show ${showId} not found`);
      const { show, event, hall, venue, city } = details;
      const summary = await runtime.summary(showId);
      return c.json(
        {
          ...availabilityView(summary, show.currency),
          eventId: event.id,
          title: event.title,
          category: event.category,
          startsAt: show.startsAt.toISOString(),
          endsAt: show.endsAt.toISOString(),
          timeZone: venue.timeZone,
          venue: { venueId: venue.id, name: venue.name, address: venue.address, timeZone: venue.timeZone },
          hall: { hallId: hall.id, name: hall.name },
          city: { cityId: city.id, name: city.name },
          seating: seatingOf(hall.layout),
          salesOpenAt: show.salesOpenAt?.toISOString() ?? null,
          salesCloseAt: show.salesCloseAt?.toISOString() ?? null,
          holdTtlSeconds: show.holdTtlSeconds ?? env.HOLD_TTL_SECONDS,
          feePerTicket: { amount: show.feePerTicket, currency: show.currency },
          cancellationPolicy: show.cancellationPolicy,
        },
        200,
      );
    })
    .openapi(getSeats, async (c) => {
      const { showId } = c.req.valid('param');
      const [map, details] = await Promise.all([runtime.seatMap(showId), getShowDetails(db, showId)]);
      if (!details) throw new ApiError('not_found', 404, `Show ${showId} not found`);
      const currency = details.show.currency;
      return c.json(
        {
          showId: map.showId,
          seats: map.seats.map((s) => ({ ...s, price: { amount: s.price, currency } })),
          sections: map.sections,
        },
        200,
      );
    })
    .openapi(stream, async (c) => {
      const { showId } = c.req.valid('param');
      // Resolving these first turns an unknown show into a 404 rather than an empty stream.
      const currency = await currencies.of(showId);
      const first = availabilityView(await runtime.summary(showId), currency);
      const release = streamSlots.acquire(clientIp(c, env.TRUST_PROXY === 'on'));
      if (!release) {
        throw new ApiError(
          'rate_limited',
          429,
          `At most ${env.STREAMS_PER_IP} seat streams may be open from one address; close one and retry in ${STREAM_RETRY_AFTER_SECONDS} s`,
          { headers: { 'retry-after': String(STREAM_RETRY_AFTER_SECONDS) } },
        );
      }
      return streamSSE(c, async (sse) => {
        // Collapsed to the latest state while a write is under way, so a client that stops reading
        // holds at most one entry per seat here, not every change since it stopped.
        const pending = new PendingUpdates();
        let wake: (() => void) | null = null;
        const leave = feeds.join(showId, (m) => {
          pending.add(m);
          wake?.();
        });
        const heartbeat = setInterval(() => {
          pending.add({ type: 'heartbeat' });
          wake?.();
        }, HEARTBEAT_MS);
        let closed = false;
        sse.onAbort(() => {
          closed = true;
          wake?.();
        });
        try {
          await sse.writeSSE({ event: 'availability', data: JSON.stringify(first) });
          while (!closed) {
            if (pending.isEmpty) {
              await new Promise<void>((resolve) => (wake = resolve));
              wake = null;
              continue;
            }
            for (const next of pending.take()) {
              if (next.type === 'heartbeat') await sse.write(': heartbeat\n\n');
              else if (next.type === 'availability')
                await sse.writeSSE({
                  event: 'availability',
                  data: JSON.stringify(availabilityView(next.summary, currency)),
                });
              else
                await sse.writeSSE({
                  event: 'seats',
                  data: JSON.stringify({ seats: next.seats, sections: next.sections }),
                });
            }
          }
        } finally {
          clearInterval(heartbeat);
          leave();
          release();
        }
      });
    });
}
