import { createRoute } from '@hono/zod-openapi';
import { salesStats, statsSubjectExists } from '../../db/queries/stats.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin } from '../middleware/auth.js';
import { localReadModelsCaughtUp } from '../read-models.js';
import { createRouter } from '../router.js';
import { AdminStats, AdminStatsQuery } from '../schemas/admin-stats.js';
import { bearer, problems } from '../schemas/common.js';

const statsRoute = createRoute({
  method: 'get',
  path: '/api/admin/stats',
  tags: ['admin'],
  summary: 'Sales, revenue, occupancy, holds, waitlists and hold-to-booking conversion, per show and in total',
  description:
    'Covers the shows that pass the filters (eventId, showId, and a window on the show start time). ' +
    'Seat counts are those the show actors publish with every write; revenue is what customers paid ' +
    'for bookings minus the refunds paid out, per currency.',
  security: bearer,
  middleware: [requireAdmin()],
  request: { query: AdminStatsQuery },
  responses: {
    200: { description: 'The figures', content: { 'application/json': { schema: AdminStats } } },
    ...problems(400, 401, 403, 404),
  },
});

const DAY_MS = 86_400_000;

/** A calendar day stands for its first millisecond as a start and its last as an end (UTC). */
function bound(value: string | undefined, edge: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const start = new Date(`${value}T00:00:00.000Z`);
  return edge === 'start' ? start : new Date(start.getTime() + DAY_MS - 1);
}

export function adminStatsRoutes({ db, runtime }: Pick<AppDeps, 'db' | 'runtime'>) {
  return createRouter().openapi(statsRoute, async (c) => {
    const query = c.req.valid('query');
    const from = bound(query.from, 'start');
    const to = bound(query.to, 'end');
    if (from && to && from > to) {
      const message = 'must not be before from';
      throw new ApiError('validation_failed', 400, `to: ${message}`, { errors: [{ path: 'to', message }] });
    }
    // Hold and waitlist figures come from paced read models: those of this node's shows are brought
    // up to date first, so they agree with the seat counts; other nodes' lag by at most their pace.
    await localReadModelsCaughtUp(runtime);
    const stats = await salesStats(db, { eventId: query.eventId, showId: query.showId, from, to });
    if (stats.shows.length === 0) {
      // An empty report for a mistyped id would read as "no sales"; say the id is unknown instead.
      if (query.eventId !== undefined && !(await statsSubjectExists(db, 'event', query.eventId))) {
        throw new ApiError('not_found', 404, `Event ${query.eventId} not found`);
      }
      if (query.showId !== undefined && !(await statsSubjectExists(db, 'show', query.showId))) {
        throw new ApiError('not_found', 404, `Show ${query.showId} not found`);
      }
    }
    return c.json(
      {
        filter: {
          eventId: query.eventId ?? null,
          showId: query.showId ?? null,
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
        },
        generatedAt: new Date().toISOString(),
        ...stats,
      },
      200,
    );
  });
}
