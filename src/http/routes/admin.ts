import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import { createEvent, createShow, createVenue } from '../../db/queries/catalog.js';
import type { AppDeps } from '../app-env.js';
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
import { bearer, problems } from '../schemas/common.js';

const adminOnly = requireAdmin();

const createVenueRoute = createRoute({
  method: 'post',
  path: '/api/admin/venues',
  tags: ['admin'],
  summary: 'Create a venue with its halls and their seat layouts',
  security: bearer,
  middleware: [adminOnly],
  request: { body: { required: true, content: { 'application/json': { schema: CreateVenueRequest } } } },
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
  request: { body: { required: true, content: { 'application/json': { schema: CreateEventRequest } } } },
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
  request: { body: { required: true, content: { 'application/json': { schema: CreateShowRequest } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ShowCreated } } },
    ...problems(400, 401, 403, 404, 422),
  },
});

export function adminRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(createVenueRoute, async (c) => {
      const input = c.req.valid('json');
      const venue = await createVenue(db, input);
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'venue.create',
        targetType: 'venue',
        targetId: venue.venueId,
        details: { name: input.name, city: input.city },
      });
      return c.json(venue, 201);
    })
    .openapi(createEventRoute, async (c) => {
      const input = c.req.valid('json');
      const event = await createEvent(db, input);
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'event.create',
        targetType: 'event',
        targetId: event.eventId,
        details: { title: input.title, category: input.category },
      });
      return c.json(event, 201);
    })
    .openapi(createShowRoute, async (c) => {
      const input = c.req.valid('json');
      const show = await createShow(db, input);
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'show.create',
        targetType: 'show',
        targetId: show.showId,
        details: { eventId: input.eventId, hallId: input.hallId, startsAt: input.startsAt.toISOString() },
      });
      return c.json(show, 201);
    });
}
