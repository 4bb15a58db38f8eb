import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createdEvent, createdShow, createdVenue } from '../../db/queries/admin-created.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import { createEvent, createShow, createVenue } from '../../db/queries/catalog.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { idempotent } from '../idempotency.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import {
  CreateEventRequest,
  CreateShowRequest,
  CreateVenueRequest,
  EventCreated,
  ShowCreated,
  VenueCreated,
} from '../schemas/admin.js';
import { bearer, IdempotencyHeader, problems } from '../schemas/common.js';

const adminOnly = requireAdmin();

const createVenueRoute = createRoute({
  method: 'post',
  path: '/api/admin/venues',
  tags: ['admin'],
  summary: 'Create a venue with its halls and their seat layouts',
  security: bearer,
  middleware: [adminOnly],
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: CreateVenueRequest } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: VenueCreated } } },
    ...problems(400, 401, 403, 422),
  },
});

const createEventRoute = createRoute({
  method: 'post',
  path: '/api/admin/events',
  tags: ['admin'],
  summary: 'Create an event (a film, concert, match, train service...)',
  security: bearer,
  middleware: [adminOnly],
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: CreateEventRequest } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: EventCreated } } },
    ...problems(400, 401, 403, 422),
  },
});

const createShowRoute = createRoute({
  method: 'post',
  path: '/api/admin/shows',
  tags: ['admin'],
  summary: 'Schedule a show of an event in a hall; every category of the hall needs a price',
  security: bearer,
  middleware: [adminOnly],
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: CreateShowRequest } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ShowCreated } } },
    ...problems(400, 401, 403, 404, 422),
  },
});

function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return (err as { code?: string } | null)?.code === '23505' || cause?.code === '23505';
}

/**
 * Creates at most one item per Idempotency-Key (a double-clicked form, a retried request). The item
 * gets the key's resource id unless the body names one, so a repeat that finds no stored answer (the
 * first attempt still running, or crashed after its insert) finds the item itself: either before
 * trying, or when its insert meets the first one's row.
 */
async function createOnce<T extends object>(
  c: Context<AppEnv>,
  deps: Pick<AppDeps, 'db' | 'env'>,
  body: { id?: string | undefined },
  steps: { create: (id: string | undefined) => Promise<T>; find: (id: string) => Promise<T | null> },
): Promise<T> {
  const key = c.req.header('idempotency-key');
  const result = await idempotent(
    deps.db,
    {
      userId: userOf(c).userId,
      key,
      scope: `POST ${c.req.path}`,
      body,
      retentionMs: deps.env.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
    },
    async (resourceId, retried) => {
      if (key === undefined) return { status: 201, body: await steps.create(body.id) };
      const id = body.id ?? resourceId;
      // Only an id this key chose (or a repeat of this key) may be taken as already made by it.
      const ours = retried || body.id === undefined;
      const made = retried ? await steps.find(id) : null;
      if (made) return { status: 201, body: made };
      try {
        return { status: 201, body: await steps.create(id) };
      } catch (err) {
        const raced = ours && (isUniqueViolation(err) || retried) ? await steps.find(id) : null;
        if (raced) return { status: 201, body: raced };
        throw err;
      }
    },
  );
  return result.body;
}

export function adminRoutes(deps: Pick<AppDeps, 'db' | 'env'>) {
  const { db } = deps;
  return createRouter()
    .openapi(createVenueRoute, async (c) => {
      const input = c.req.valid('json');
      const venue = await createOnce(
        c,
        deps,
        {},
        {
          create: async (id) => {
            const made = await createVenue(db, { ...input, id });
            await recordAdminAction(db, {
              adminUserId: userOf(c).userId,
              action: 'venue.create',
              targetType: 'venue',
              targetId: made.venueId,
              details: { name: input.name, city: input.city },
            });
            return made;
          },
          find: (id) => createdVenue(db, id),
        },
      );
      return c.json(venue, 201);
    })
    .openapi(createEventRoute, async (c) => {
      const input = c.req.valid('json');
      const event = await createOnce(c, deps, input, {
        create: async (id) => {
          const made = await createEvent(db, { ...input, id });
          await recordAdminAction(db, {
            adminUserId: userOf(c).userId,
            action: 'event.create',
            targetType: 'event',
            targetId: made.eventId,
            details: { title: input.title, category: input.category },
          });
          return made;
        },
        find: (id) => createdEvent(db, id),
      });
      return c.json(event, 201);
    })
    .openapi(createShowRoute, async (c) => {
      const input = c.req.valid('json');
      const show = await createOnce(c, deps, input, {
        create: async (id) => {
          const made = await createShow(db, { ...input, id });
          await recordAdminAction(db, {
            adminUserId: userOf(c).userId,
            action: 'show.create',
            targetType: 'show',
            targetId: made.showId,
            details: { eventId: input.eventId, hallId: input.hallId, startsAt: input.startsAt.toISOString() },
          });
          return made;
        },
        find: (id) => createdShow(db, id),
      });
      return c.json(show, 201);
    });
}
