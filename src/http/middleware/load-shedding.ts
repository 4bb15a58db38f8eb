import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/** Why a deferrable request was refused: a bounded label for the shed counter. */
export type ShedReason = 'lag' | 'busy' | 'join_rate';

export interface LoadSheddingOptions {
  lagMs(): number;
  /** Lag above which deferrable requests are refused. */
  maxLagMs: number;
  /** Counted per refusal (metrics). */
  onShed?(reason: ShedReason): void;
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

const isJoin = (method: string, path: string) => method === 'POST' && JOIN.test(path);

function overloaded(): ApiError {
  // Spread the retries over 1-5 s so the refused do not all come back in the same instant.
  const retryAfter = String(1 + Math.floor(Math.random() * 5));
  return new ApiError('overloaded', 503, 'The server is busy with the on-sale; retry in a moment', {
    headers: { 'retry-after': retryAfter },
  });
}

/**
 * Refuses deferrable requests with 503 and a spread Retry-After while the event loop lags: the
 * backstop behind `deferrableLimits`, for a stall those bounds did not prevent (a burst of work
 * already admitted, or another process taking the CPU). Mounted before forwarding, so a lagging
 * node does not even pass requests on.
 */
export function loadShedding(opts: LoadSheddingOptions): MiddlewareHandler<AppEnv> {
  return async function loadSheddingMiddleware(c, next) {
    if (opts.lagMs() <= opts.maxLagMs || !isDeferrable(c.req.method, c.req.path)) return next();
    opts.onShed?.('lag');
    throw overloaded();
  };
}

export interface DeferrableLimitsOptions {
  /** Deferrable requests this node may be working on at once (a parked long poll is not working); 0: no bound. */
  maxInFlight: number;
  /** Waiting-room joins this node takes per second (a token bucket holding one second's worth); 0: no bound. */
  joinsPerSecond: number;
  /** Monotonic ms; tests pass their own. */
  now?: () => number;
  onShed?(reason: ShedReason): void;
}

/**
 * Bounds the deferrable work a node accepts, so it refuses before its event loop stalls rather than
 * after: the lag is seen only once the loop turns again, by when a flood of joins (about 2,000 a
 * second at a big opening) has already starved the lease heartbeat that runs on the same loop.
 * Two bounds, each answered as the lag shed answers (503 `overloaded`, spread Retry-After):
 *
 * - at most `maxInFlight` deferrable requests in progress: a backlog (CPU or database) shows as more
 *   requests in flight, and the excess is refused at the cost of a header parse;
 * - at most `joinsPerSecond` joins, as a token bucket: a join is the dearest deferrable request (a
 *   token check and a journaled write) and comes in the largest burst.
 *
 * Mounted after forwarding, before authentication: it counts the requests this node serves itself
 * (a request passed on to a show's owner is counted there), and a refusal costs no token check.
 */
export function deferrableLimits(opts: DeferrableLimitsOptions): MiddlewareHandler<AppEnv> {
  const now = opts.now ?? (() => performance.now());
  const rate = opts.joinsPerSecond;
  let inFlight = 0;
  let tokens = rate;
  let filledAt = now();

  function takeJoin(): boolean {
    const t = now();
    tokens = Math.min(rate, tokens + ((t - filledAt) * rate) / 1000);
    filledAt = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  return async function deferrableLimitsMiddleware(c, next) {
    const { method, path } = c.req;
    if (!isDeferrable(method, path)) return next();
    if (opts.maxInFlight > 0 && inFlight >= opts.maxInFlight) {
      opts.onShed?.('busy');
      throw overloaded();
    }
    if (rate > 0 && isJoin(method, path) && !takeJoin()) {
      opts.onShed?.('join_rate');
      throw overloaded();
    }
    inFlight++;
    let counted = true;
    const park = async <T>(parked: Promise<T>): Promise<T> => {
      if (counted) inFlight--;
      counted = false;
      try {
        return await parked;
      } finally {
        // Back at work, counted again even above the bound: it was admitted, it is not refused now.
        inFlight++;
        counted = true;
      }
    };
    c.set('parkDeferrable', park);
    try {
      await next();
    } finally {
      if (counted) inFlight--;
      counted = false;
    }
  };
}

/**
 * Waits on `work` (a long poll waiting for its ticket to change) without counting against the
 * in-flight bound: a parked request costs the loop nothing until it wakes.
 */
export function parked<T>(c: Context<AppEnv>, work: Promise<T>): Promise<T> {
  const park = c.get('parkDeferrable');
  return park ? park(work) : work;
}
