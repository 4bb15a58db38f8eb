import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

export interface LoadSheddingOptions {
  lagMs(): number;
  /** Lag above which deferrable requests are refused. */
  maxLagMs: number;
  /** Counted per refusal (metrics). */
  onShed?(): void;
}

/**
 * Requests a customer can repeat a moment later without losing anything: the waiting room's joins,
 * polls and streams, and the public show, seat map and catalog reads. Holds, payments, confirmations and
 * everything an admitted customer does are never refused here.
 */
const DEFERRABLE_GET = /^\/api\/(?:events(?:\/|$)|shows\/[^/]+(?:\/(?:stream|seats|room|queue\/[^/]+(?:\/events)?))?$)/;
const JOIN = /^\/api\/shows\/[^/]+\/queue$/;

export const isDeferrable = (method: string, path: string) =>
  method === 'GET' ? DEFERRABLE_GET.test(path) : method === 'POST' && JOIN.test(path);

/**
 * Refuses deferrable requests with 503 and a spread Retry-After while the event loop lags: in the
 * rush of a big on-sale the node stays responsive for the customers who are paying, and its lease
 * (renewed from this same loop) does not lapse under a flood of polls and joins.
 */
export function loadShedding(opts: LoadSheddingOptions): MiddlewareHandler<AppEnv> {
  return async function loadSheddingMiddleware(c, next) {
    if (opts.lagMs() <= opts.maxLagMs || !isDeferrable(c.req.method, c.req.path)) return next();
    opts.onShed?.();
    // Spread the retries over 1-5 s so the refused do not all come back in the same instant.
    const retryAfter = String(1 + Math.floor(Math.random() * 5));
    throw new ApiError('overloaded', 503, 'The server is busy with the on-sale; retry in a moment', {
      headers: { 'retry-after': retryAfter },
    });
  };
}
