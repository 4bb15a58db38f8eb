import { createRoute } from '@hono/zod-openapi';
import { createReview, deleteReview, eventExists, listReviews, updateReview } from '../../db/queries/reviews.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { EventIdParam } from '../schemas/catalog.js';
import { bearer, problems } from '../schemas/common.js';
import { Review, ReviewList, ReviewListQuery, ReviewRequest } from '../schemas/reviews.js';

const authed = requireUser();
const body = { required: true, content: { 'application/json': { schema: ReviewRequest } } } as const;

const postReview = createRoute({
  method: 'post',
  path: '/api/events/{eventId}/reviews',
  tags: ['reviews'],
  summary: 'Review an event once, after a show of it you held a confirmed booking for has started',
  security: bearer,
  middleware: [authed],
  request: { params: EventIdParam, body },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: Review } } },
    ...problems(400, 401, 403, 404, 409),
  },
});

const putReview = createRoute({
  method: 'put',
  path: '/api/events/{eventId}/reviews/mine',
  tags: ['reviews'],
  summary: 'Replace your review’s rating and text',
  security: bearer,
  middleware: [authed],
  request: { params: EventIdParam, body },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: Review } } },
    ...problems(400, 401, 404),
  },
});

const deleteMine = createRoute({
  method: 'delete',
  path: '/api/events/{eventId}/reviews/mine',
  tags: ['reviews'],
  summary: 'Delete your review',
  security: bearer,
  middleware: [authed],
  request: { params: EventIdParam },
  responses: {
    204: { description: 'Deleted' },
    ...problems(401, 404),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/events/{eventId}/reviews',
  tags: ['reviews'],
  summary: 'An event’s reviews, newest first, with its average rating and count',
  request: { params: EventIdParam, query: ReviewListQuery },
  responses: {
    200: { description: 'Reviews', content: { 'application/json': { schema: ReviewList } } },
    ...problems(400, 404),
  },
});

const noReview = () => new ApiError('not_found', 404, 'You have not reviewed this event');

export function reviewRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(postReview, async (c) => {
      const { eventId } = c.req.valid('param');
      const { rating, text } = c.req.valid('json');
      const result = await createReview(db, { eventId, userId: userOf(c).userId, rating, text: text ?? null }, new Date());
      if (result.ok) return c.json(result.review, 201);
      switch (result.code) {
        case 'not_found':
          throw new ApiError('not_found', 404, `Event ${eventId} not found`);
        case 'not_eligible':
          throw new ApiError(
            'not_eligible',
            403,
            'Only someone with a confirmed booking for a show of this event that has already started can review it',
          );
        case 'already_reviewed':
          throw new ApiError(
            'already_reviewed',
            409,
            `You already reviewed this event: edit it with PUT /api/events/${eventId}/reviews/mine`,
          );
      }
    })
    .openapi(putReview, async (c) => {
      const { eventId } = c.req.valid('param');
      const { rating, text } = c.req.valid('json');
      const review = await updateReview(db, { eventId, userId: userOf(c).userId, rating, text: text ?? null }, new Date());
      if (!review) throw noReview();
      return c.json(review, 200);
    })
    .openapi(deleteMine, async (c) => {
      const { eventId } = c.req.valid('param');
      if (!(await deleteReview(db, eventId, userOf(c).userId))) throw noReview();
      return c.body(null, 204);
    })
    .openapi(listRoute, async (c) => {
      const { eventId } = c.req.valid('param');
      const { page, pageSize } = c.req.valid('query');
      if (!(await eventExists(db, eventId))) throw new ApiError('not_found', 404, `Event ${eventId} not found`);
      return c.json({ ...(await listReviews(db, eventId, { page, pageSize })), page, pageSize }, 200);
    });
}
