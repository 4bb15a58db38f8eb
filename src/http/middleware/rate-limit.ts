import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppEnv } from '../app-env.js';
import { clientKey } from '../client-ip.js';
import { rateLimited, rateLimitHeaders, type LimitState } from '../errors.js';

const MINUTE = 60;

function stateOf(res: RateLimiterRes, limit: number): LimitState {
  return { limit, remaining: res.remainingPoints, resetInMs: res.msBeforeNext, windowSeconds: MINUTE };
}

/** Consumes one point; the limiter's answer either way (a memory limiter has no store to fail). */
export async function take(limiter: RateLimiterMemory, key: string): Promise<{ allowed: boolean; res: RateLimiterRes }> {
  try {
    return { allowed: true, res: await limiter.consume(key) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, res: err };
    throw err;
  }
}

export function setHeaders(c: Context<AppEnv>, state: LimitState): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(state))) c.header(name, value);
}

/** At most `perMinute` requests per client IP per minute (registration: each one hashes a password). */
export function limitPerIp(opts: { perMinute: number; trustProxy: boolean; what: string }): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiterMemory({ keyPrefix: `ip-${opts.what}`, points: opts.perMinute, duration: MINUTE });
  return async function limitPerIpMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    const { allowed, res } = await take(limiter, clientKey(c, opts.trustProxy));
    if (!allowed) throw rateLimited(stateOf(res, opts.perMinute), `Too many ${opts.what} requests from this address`);
    setHeaders(c, stateOf(res, opts.perMinute));
    await next();
  };
}

/**
 * At most `perMinute` POSTs per signed-in user per minute, over every path this middleware is
 * mounted on (hold placements and waitlist joins share one budget). Runs after authentication on the
 * node that serves the request: in a cluster a show request is forwarded to its owner before
 * authentication, so it is counted once, by the owner, whatever headers the client sends. The
 * counts live in this process, so each node limits on its own.
 */
export function limitPerUser(opts: { perMinute: number; what: string }): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiterMemory({ keyPrefix: `user-${opts.what}`, points: opts.perMinute, duration: MINUTE });
  return async function limitPerUserMiddleware(c, next) {
    const user = c.get('user');
    // Anonymous requests are refused by the route itself.
    if (c.req.method !== 'POST' || !user) return next();
    const { allowed, res } = await take(limiter, user.userId);
    if (!allowed) throw rateLimited(stateOf(res, opts.perMinute), `Too many ${opts.what} requests; slow down`);
    setHeaders(c, stateOf(res, opts.perMinute));
    await next();
  };
}

/** One budget of `limitRequests`: requests per minute per key (null: this budget does not apply). */
export interface RequestBudget {
  what: string;
  perMinute: number;
  key: (c: Context<AppEnv>) => string | null;
}

/**
 * Several per-minute budgets over one route and method (for example per user, per hold and per
 * client IP): a request is refused with 429 when any of them is spent. Runs after authentication,
 * on the node that serves the request. In-memory, so each node limits on its own.
 */
export function limitRequests(opts: { method: string; budgets: RequestBudget[] }): MiddlewareHandler<AppEnv> {
  const limiters = opts.budgets.map((budget, i) => ({
    budget,
    limiter: new RateLimiterMemory({
      keyPrefix: `budget-${budget.what}-${i}`,
      points: budget.perMinute,
      duration: MINUTE,
    }),
  }));
  return async function limitRequestsMiddleware(c, next) {
    if (c.req.method !== opts.method) return next();
    let tightest: LimitState | null = null;
    for (const { budget, limiter } of limiters) {
      const key = budget.key(c);
      if (key === null) continue;
      const { allowed, res } = await take(limiter, key);
      const state = stateOf(res, budget.perMinute);
      if (!allowed) throw rateLimited(state, `Too many ${budget.what} requests; slow down`);
      if (tightest === null || state.remaining < tightest.remaining) tightest = state;
    }
    if (tightest) setHeaders(c, tightest);
    await next();
  };
}
