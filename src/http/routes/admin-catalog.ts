import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import {
  getLiveEvent,
  removeEvent,
  removeVenue,
  updateEvent,
  updateHall,
  updateVenue,
  upcomingShowIdsOfEvent,
} from '../../db/queries/catalog-admin.js';
import type { EventRow } from '../../db/schema/index.js';
import { ApiError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import {
  AdminEvent,
  AdminHall,
  AdminVenue,
  EventIdParam,
  EventRemoved,
  HallParams,
  UpdateEventRequest,
  UpdateHallRequest,
  UpdateVenueRequest,
  VenueIdParam,
} from '../schemas/admin-edits.js';
import { bearer, json, problems } from '../schemas/common.js';
import { removeOrCancelAnywhere, type ShowOpsDeps } from './admin-show-ops.js';
import { clientIp } from '../client-ip.js';

const adminOnly = requireAdmin();

const updateEventRoute = createRoute({
  method: 'patch',
  path: '/api/admin/events/{eventId}',
  tags: ['admin'],
  summary:
    'Change an event: title, description, genre, language, duration, rating, performers, category and its fields',
  security: bearer,
  middleware: [adminOnly],
  request: { params: EventIdParam, body: { required: true, ...json(UpdateEventRequest) } },
  responses: { 200: { description: 'The event', ...json(AdminEvent) }, ...problems(400, 401, 403, 404, 422) },
});

const deleteEventRoute = createRoute({
  method: 'delete',
  path: '/api/admin/events/{eventId}',
  tags: ['admin'],
  summary:
    'Remove an event: each upcoming show is removed (nothing sold) or cancelled with refunds; the event leaves the catalog and search',
  security: bearer,
  middleware: [adminOnly],
  request: { params: EventIdParam },
  responses: { 200: { description: 'Removed', ...json(EventRemoved) }, ...problems(401, 403, 404, 503) },
});

const updateVenueRoute = createRoute({
  method: 'patch',
  path: '/api/admin/venues/{venueId}',
  tags: ['admin'],
  summary: 'Change a venue’s name, address, city, postal code or location',
  security: bearer,
  middleware: [adminOnly],
  request: { params: VenueIdParam, body: { required: true, ...json(UpdateVenueRequest) } },
  responses: { 200: { description: 'The venue', ...json(AdminVenue) }, ...problems(400, 401, 403, 404, 422) },
});

const updateHallRoute = createRoute({
  method: 'patch',
  path: '/api/admin/venues/{venueId}/halls/{hallId}',
  tags: ['admin'],
  summary: 'Rename a hall, or replace its seat layout while no show uses it (else 409 hall_in_use)',
  security: bearer,
  middleware: [adminOnly],
  request: { params: HallParams, body: { required: true, ...json(UpdateHallRequest) } },
  responses: { 200: { description: 'The hall', ...json(AdminHall) }, ...problems(400, 401, 403, 404, 409, 422) },
});

const deleteVenueRoute = createRoute({
  method: 'delete',
  path: '/api/admin/venues/{venueId}',
  tags: ['admin'],
  summary: 'Remove a venue; 409 venue_in_use while an upcoming show there is still on (cancel or remove it first)',
  security: bearer,
  middleware: [adminOnly],
  request: { params: VenueIdParam },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
});

function eventView(e: EventRow) {
  return {
    eventId: e.id,
    title: e.title,
    category: e.category,
    description: e.description,
    genre: e.genre,
    language: e.language,
    durationMinutes: e.durationMinutes,
    rating: e.rating,
    performers: e.performers,
    details: e.details,
  };
}

const notFound = (what: string, id: string) => new ApiError('not_found', 404, `${what} ${id} not found`);

export function adminCatalogRoutes(deps: ShowOpsDeps) {
  const { db } = deps;
  return createRouter()
    .openapi(updateEventRoute, async (c) => {
      const { eventId } = c.req.valid('param');
      const body = c.req.valid('json');
      const event = await updateEvent(db, eventId, body);
      if (!event) throw notFound('Event', eventId);
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'event.update',
        targetType: 'event',
        targetId: eventId,
        details: { changes: body },
      });
      return c.json(eventView(event), 200);
    })
    .openapi(deleteEventRoute, async (c) => {
      const { eventId } = c.req.valid('param');
      if (!(await getLiveEvent(db, eventId))) throw notFound('Event', eventId);
      const caller = {
        adminUserId: userOf(c).userId,
        authorization: c.req.header('authorization'),
        clientIp: clientIp(c, deps.env.TRUST_PROXY === 'on'),
      };
      let showsRemoved = 0;
      let showsCancelled = 0;
      // One show at a time: each is a command to its actor, possibly on another node, and a failure
      // part way leaves the rest for a retry, which applies the same rule to what is left.
      for (const showId of await upcomingShowIdsOfEvent(db, eventId, new Date())) {
        const removal = await removeOrCancelAnywhere(deps, showId, caller);
        if (removal.removed) showsRemoved++;
        else showsCancelled++;
      }
      await removeEvent(db, eventId, new Date());
      await recordAdminAction(db, {
        adminUserId: caller.adminUserId,
        action: 'event.delete',
        targetType: 'event',
        targetId: eventId,
        details: { showsRemoved, showsCancelled },
      });
      return c.json({ eventId, showsRemoved, showsCancelled }, 200);
    })
    .openapi(updateVenueRoute, async (c) => {
      const { venueId } = c.req.valid('param');
      const body = c.req.valid('json');
      const venue = await updateVenue(db, venueId, body);
      if (!venue) throw notFound('Venue', venueId);
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'venue.update',
        targetType: 'venue',
        targetId: venueId,
        details: { changes: body },
      });
      const location =
        venue.latitude === null || venue.longitude === null
          ? null
          : { latitude: venue.latitude, longitude: venue.longitude };
      return c.json(
        {
          venueId: venue.id,
          name: venue.name,
          address: venue.address,
          cityId: venue.cityId,
          postalCode: venue.postalCode,
          location,
          timeZone: venue.timeZone,
        },
        200,
      );
    })
    .openapi(updateHallRoute, async (c) => {
      const { venueId, hallId } = c.req.valid('param');
      const body = c.req.valid('json');
      const result = await updateHall(db, venueId, hallId, body);
      if (!result.ok) {
        if (result.code === 'hall_in_use')
          throw new ApiError('hall_in_use', 409, 'A show uses this hall; its layout can no longer change');
        throw notFound('Hall', hallId);
      }
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'hall.update',
        targetType: 'hall',
        targetId: hallId,
        details: { venueId, name: body.name, layoutChanged: body.layout !== undefined },
      });
      const { hall } = result;
      return c.json(
        { hallId: hall.id, venueId: hall.venueId, name: hall.name, capacity: hall.capacity, layout: hall.layout },
        200,
      );
    })
    .openapi(deleteVenueRoute, async (c) => {
      const { venueId } = c.req.valid('param');
      const result = await removeVenue(db, venueId, new Date());
      if (!result.ok) {
        if (result.code === 'venue_in_use') {
          throw new ApiError(
            'venue_in_use',
            409,
            'Upcoming shows at this venue are still on; cancel or remove them first',
            {
              showIds: result.showIds,
            },
          );
        }
        throw notFound('Venue', venueId);
      }
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'venue.delete',
        targetType: 'venue',
        targetId: venueId,
      });
      return c.body(null, 204);
    });
}
