import { z } from '@hono/zod-openapi';

export const Money = z
  .object({
    amount: z.number().int().openapi({ description: 'Minor units (cents)', example: 1499 }),
    currency: z.string().length(3).openapi({ example: 'EUR' }),
  })
  .openapi('Money');

/**
 * The most, in minor units, that one price, fee or fixed discount may be (1,000,000.00): an order of
 * many seats at that price still fits the 32-bit integer columns payments are stored in.
 */
export const MAX_AMOUNT = 100_000_000;

/** Money as clients send it (admin prices): integer minor units, ISO 4217 code. */
export const MoneyInput = z
  .object({
    amount: z.number().int().min(0).max(MAX_AMOUNT),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code, e.g. EUR'),
  })
  .openapi('MoneyInput');

export const IsoTime = z.string().openapi({ format: 'date-time', example: '2030-01-01T19:30:00.000Z' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'validation_failed' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** An id as the API hands them out: UUIDs, and the readable slugs of the demo catalog. */
export const Id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/** `Id` as a path parameter named in the OpenAPI document. */
export const pathId = (name: string, example: string) => Id.openapi({ param: { name, in: 'path' }, example });

/** A query parameter named and described in the OpenAPI document. */
export const queryParam = <T extends z.ZodType>(name: string, schema: T, description: string, example?: unknown) =>
  schema.openapi({ param: { name, in: 'query' }, description, ...(example === undefined ? {} : { example }) });

/** A calendar day (`2030-01-31`, UTC) or an instant with its offset (`2030-01-31T19:30:00Z`). */
export const DateOrTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const ShowIdParam = z.object({ showId: pathId('showId', 'concert_2025') });
export const HoldParams = z.object({
  showId: pathId('showId', 'concert_2025'),
  holdId: pathId('holdId', '6f1c2b7e-3a55-4a43-a1e2-7f0c0a7c9d11'),
});
export const EntryParams = z.object({
  showId: pathId('showId', 'concert_2025'),
  entryId: pathId('entryId', '0a9a1c44-4b38-4b2f-9d1e-14c8e7e3d6a2'),
});
export const BookingParams = z.object({ bookingId: pathId('bookingId', '8b7f3d30-1f0a-4f7b-9a57-6b3f0f0b6c21') });

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Repeat a request safely: same key and body, same answer',
    }),
});

type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof Problem } } };

const described: Record<number, string> = {
  400: 'Invalid request (validation_failed, too_many_seats)',
  401: 'Missing, forged, expired or revoked token',
  402: 'Payment declined',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  410: 'Gone (the hold expired)',
  422: 'Unprocessable (idempotency_key_reused, validation_failed)',
  429: 'rate_limited: retry after Retry-After seconds (RateLimit-* headers say the limit)',
  503: 'Overloaded: retry after Retry-After seconds',
};

/** Error responses for a route's OpenAPI entry; handlers throw ApiError rather than return these. */
export function problems<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: ProblemResponse } {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? 'Error', content: { 'application/problem+json': { schema: Problem } } },
    ]),
  ) as { [K in S[number]]: ProblemResponse };
}

export const bearer = [{ bearer: [] }];

/** A JSON request body or response of a route's OpenAPI entry: `{ description, ...json(Schema) }`. */
export const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
