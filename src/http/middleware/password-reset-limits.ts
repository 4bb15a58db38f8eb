import type { MiddlewareHandler } from 'hono';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { normalizeEmail } from '../../db/queries/users.js';
import type { AppEnv } from '../app-env.js';
import { clientKey } from '../client-ip.js';
import { rateLimited, type LimitState } from '../errors.js';
import { setHeaders, take } from './rate-limit.js';

const MINUTE = 60;
const HOUR = 3600;

const stateOf = (res: RateLimiterRes, limit: number, windowSeconds: number): LimitState => ({
  limit,
  remaining: res.remainingPoints,
  resetInMs: res.msBeforeNext,
  windowSeconds,
});

/**
 * Reset emails asked for, per client per minute and per address per hour (from any client), so the
 * endpoint can neither flood one mailbox nor be used to probe many. Both count every request, account
 * or not: a 429 says nothing about whether the address has an account.
 */
export function limitPasswordResets(opts: {
  perClientPerMinute: number;
  perEmailPerHour: number;
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  const perClient = new RateLimiterMemory({
    keyPrefix: 'password-reset-client',
    points: opts.perClientPerMinute,
    duration: MINUTE,
  });
  const perEmail = new RateLimiterMemory({ keyPrefix: 'password-reset-email', points: opts.perEmailPerHour, duration: HOUR });
  return async function limitPasswordResetsMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    const client = await take(perClient, clientKey(c, opts.trustProxy));
    if (!client.allowed) {
      throw rateLimited(stateOf(client.res, opts.perClientPerMinute, MINUTE), 'Too many password reset requests from this address');
    }
    // Hono keeps the parsed body, so the route's validator reads the same one.
    const body: unknown = await c.req.json().catch(() => null);
    const email = (body as { email?: unknown } | null)?.email;
    if (typeof email === 'string' && email.length <= 254) {
      const address = await take(perEmail, normalizeEmail(email));
      if (!address.allowed) {
        throw rateLimited(
          stateOf(address.res, opts.perEmailPerHour, HOUR),
          'Too many password reset requests for this email address; try again later',
        );
      }
    }
    setHeaders(c, stateOf(client.res, opts.perClientPerMinute, MINUTE));
    await next();
  };
}
