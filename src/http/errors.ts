import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { NotOwnerError, OverloadedError, ShowNotFoundError } from '../actors/runtime/types.js';
import { CatalogError } from '../db/queries/catalog-errors.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { AppEnv } from './app-env.js';

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type handlers throw; `problemJson` turns it into an RFC 9457 body. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } & Record<string, unknown> = {},
  ) {
    super(detail ?? code);
    this.name = 'ApiError';
  }
}

const titles: Record<string, string> = {
  validation_failed: 'The request is not valid',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  too_many_seats: 'Too many seats in one order',
  seats_taken: 'A requested seat is already booked',
  held_by_others: 'Seats are held by someone else',
  sold_out: 'Sold out',
  waitlist_active: 'Freed seats are reserved for people on the waitlist',
  hold_expired: 'The hold has expired',
  hold_not_found: 'Hold not found',
  hold_paying: 'A payment for this hold is in progress',
  payment_declined: 'The payment was declined',
  payment_in_progress: 'A payment for this hold is in progress',
  sales_closed: 'Sales are closed',
  rate_limited: 'Too many requests',
  overloaded: 'The server is busy, retry shortly',
  email_taken: 'The email is already registered',
  invalid_credentials: 'Email or password is wrong',
  cancellation_window_closed: 'The booking can no longer be cancelled',
  show_ended: 'The show is over',
  show_cancelled: 'The show is cancelled',
  sales_already_open: 'Sales have already opened',
  hall_in_use: 'A show uses this hall',
  venue_in_use: 'The venue has upcoming shows',
  idempotency_key_reused: 'The Idempotency-Key was used for another request',
  invalid_api_key: 'The API key is unknown or revoked',
  too_many_api_keys: 'Too many API keys',
  internal_error: 'Internal error',
  unsupported_media_type: 'Send the body as application/json',
  payload_too_large: 'The request body is too large',
  queue_required: 'Join the waiting room first',
  room_not_open: 'The waiting room is not open',
  room_ended: 'The waiting room has ended',
  room_not_found: 'The show has no waiting room',
  ticket_not_found: 'Queue ticket not found',
};

export function problemBody(err: ApiError) {
  const { headers: _headers, ...extra } = err.extra;
  return {
    type: `https://showtime.example/problems/${err.code.replace(/_/g, '-')}`,
    title: titles[err.code] ?? err.code.replace(/_/g, ' '),
    status: err.status,
    detail: err.detail ?? titles[err.code] ?? err.code,
    code: err.code,
    ...extra,
  };
}

/** Writes an ApiError as application/problem+json. */
export function problemJson(c: Context<AppEnv>, err: ApiError): Response {
  for (const [name, value] of Object.entries(err.extra.headers ?? {})) c.header(name, value);
  return c.body(JSON.stringify(problemBody(err)), err.status, { 'content-type': 'application/problem+json' });
}

export interface LimitState {
  /** The limit of the window that applies. */
  limit: number;
  remaining: number;
  /** Until the window resets, or a block ends. */
  resetInMs: number;
  /** The window's length, for RateLimit-Policy. */
  windowSeconds: number;
}

/**
 * The RateLimit headers of the IETF httpapi draft (the widely used "draft-6" form), sent with every
 * answer of a limited route, so clients can slow down before they are refused.
 */
export function rateLimitHeaders(state: LimitState): Record<string, string> {
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(Math.max(0, state.remaining)),
    'ratelimit-reset': String(Math.max(0, Math.ceil(state.resetInMs / 1000))),
    'ratelimit-policy': `${state.limit};w=${state.windowSeconds}`,
  };
}

/** 429 rate_limited with Retry-After in whole seconds (at least 1) and the RateLimit headers. */
export function rateLimited(state: LimitState, detail: string): ApiError {
  const retryAfter = Math.max(1, Math.ceil(state.resetInMs / 1000));
  return new ApiError('rate_limited', 429, `${detail}; retry in ${retryAfter} s`, {
    headers: { 'retry-after': String(retryAfter), ...rateLimitHeaders({ ...state, remaining: 0 }) },
  });
}

/** PostgreSQL restarts in seconds; a client retrying sooner only adds load while it recovers. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

const httpCodes: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Maps anything a handler throws to the one error shape; unknown errors never leak their message. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof NotOwnerError) {
    return new ApiError('not_owner', 503, 'Another node owns this show and it could not be reached; retry shortly', {
      headers: { 'retry-after': '1' },
    });
  }
  if (err instanceof OverloadedError) {
    const retryAfter = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
    return new ApiError('overloaded', 503, 'The show is busy; retry shortly', {
      headers: { 'retry-after': retryAfter },
    });
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError('database_unavailable', 503, 'The database is unavailable; retry shortly', {
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  if (err instanceof ShowNotFoundError) return new ApiError('not_found', 404, `Show ${err.showId} not found`);
  if (err instanceof CatalogError) {
    return err.code === 'not_found'
      ? new ApiError('not_found', 404, err.detail)
      : new ApiError('validation_failed', 422, err.detail);
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's JSON validator throws 400 for a body that is not JSON; the media-type gate throws 415.
    const code = httpCodes[err.status] ?? 'bad_request';
    return new ApiError(code, err.status as ContentfulStatusCode, err.message || undefined);
  }
  return null;
}

/** app.onError: known errors map to their problem; the rest are logged with the request id and hidden. */
export function createErrorHandler(fallbackLog: Logger) {
  return function handleError(err: Error, c: Context<AppEnv>): Response {
    const known = toApiError(err);
    if (known) return problemJson(c, known);
    const requestId = c.get('requestId') ?? 'unknown';
    (c.get('log') ?? fallbackLog).error({ err, requestId }, 'unhandled error');
    return problemJson(
      c,
      new ApiError('internal_error', 500, `Internal error; quote request id ${requestId}`, { requestId }),
    );
  };
}

/** app.notFound: unknown paths get the same problem shape as everything else. */
export function handleNotFound(c: Context<AppEnv>): Response {
  return problemJson(c, new ApiError('not_found', 404, `No route for ${c.req.method} ${c.req.path}`));
}
