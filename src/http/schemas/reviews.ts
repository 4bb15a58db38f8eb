import { z } from '@hono/zod-openapi';
import { MAX_PAGE_SIZE } from './catalog.js';
import { IsoTime } from './common.js';

export const REVIEW_TEXT_MAX = 2000;

export const ReviewRequest = z
  .object({
    rating: z.number().int().min(1).max(5).openapi({ description: 'Stars, 1 to 5', example: 4 }),
    text: z
      .string()
      .max(REVIEW_TEXT_MAX)
      .optional()
      .openapi({ description: `Up to ${REVIEW_TEXT_MAX} characters; left out, the review has no text`, example: 'Loved it' }),
  })
  .openapi('ReviewRequest');

export const Review = z
  .object({
    reviewId: z.string(),
    userName: z.string(),
    rating: z.number().int(),
    text: z.string().nullable(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('Review');

export const ReviewListQuery = z.object({
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1)
    .openapi({ param: { name: 'page', in: 'query' }, description: '1-based page number' }),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(20)
    .openapi({ param: { name: 'pageSize', in: 'query' }, description: `Reviews per page, at most ${MAX_PAGE_SIZE}` }),
});

export const ReviewList = z
  .object({
    items: z.array(Review).openapi({ description: 'Newest first' }),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    average: z.number().nullable().openapi({ description: 'Mean rating, one decimal; null without reviews', example: 4.3 }),
    count: z.number().int().openapi({ description: 'Reviews of the event' }),
  })
  .openapi('ReviewList');
