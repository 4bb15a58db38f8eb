import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { normalizeEmail } from '../../db/queries/users.js';
import type { AppEnv } from '../app-env.js';
import { clientKey } from '../client-ip.js';
import { rateLimited, type LimitState } from '../errors.js';
import { setHeaders, take } from './rate-limit.js';

const MINUTE = 60;
const ACCOUNT_WINDOW = 15 * MINUTE;

export interface LoginLimits {
  /** Every login per client (IPv4 address or IPv6 /64) per minute: each one costs an argon2 hash. */
  attemptsPerMinute: number;
  /** Failed logins per client per minute; one more blocks the client for `blockSeconds`. */
  failuresPerMinute: number;
  blockSeconds: number;
  /** Failed logins per account per 15 minutes from anywhere; one more blocks the account for `accountBlockSeconds`. */
  accountFailures: number;
  accountBlockSeconds: number;
  trustProxy: boolean;
}

const stateOf = (res: RateLimiterRes, limit: number, windowSeconds: number): LimitState => ({
  limit,
  remaining: res.remainingPoints,
  resetInMs: res.msBeforeNext,
  windowSeconds,
});

/** The account a login names, as accounts are keyed; null when the body has no usable email. */
async function accountOf(c: Context<AppEnv>): Promise<string | null> {
  // Hono keeps the parsed body, so the route's validator reads the same one.
  const body: unknown = await c.req.json().catch(() => null);
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === 'string' && email.length <= 254 ? normalizeEmail(email) : null;
}

/**
 * Brute-force and cost protection for sign-in, three budgets:
 * - every login per client, successful ones too (an attacker signing in to an account of their own
 *   in a loop still makes the server hash passwords);
 * - failed logins per client: one more blocks the client for `blockSeconds`, correct password or
 *   not (else a blocked attacker would still learn when a guess is right);
 * - failed logins per account, from any address, so guesses spread over many addresses are counted
 *   too. The account then refuses logins for `accountBlockSeconds`: its owner waits, the guesser
 *   gets no more tries.
 * Failures are counted before the password is checked and refunded when the login did not fail, so
 * a burst of parallel guesses cannot slip past the count while the first ones are being verified.
 * A successful login does not clear earlier failures: an attacker could otherwise reset the count
 * by signing in to an account of their own.
 */
export function limitLogins(opts: LoginLimits): MiddlewareHandler<AppEnv> {
  const attempts = new RateLimiterMemory({
    keyPrefix: 'login-attempts',
    points: opts.attemptsPerMinute,
    duration: MINUTE,
  });
  const failures = new RateLimiterMemory({
    keyPrefix: 'login-failures',
    points: opts.failuresPerMinute,
    duration: MINUTE,
    blockDuration: opts.blockSeconds,
  });
  const accountFailures = new RateLimiterMemory({
    keyPrefix: 'login-account-failures',
    points: opts.accountFailures,
    duration: ACCOUNT_WINDOW,
    blockDuration: opts.accountBlockSeconds,
  });
  return async function limitLoginsMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    const client = clientKey(c, opts.trustProxy);
    const attempt = await take(attempts, client);
    if (!attempt.allowed) {
      throw rateLimited(stateOf(attempt.res, opts.attemptsPerMinute, MINUTE), 'Too many sign-ins from this address');
    }
    const failure = await take(failures, client);
    if (!failure.allowed) {
      throw rateLimited(
        stateOf(failure.res, opts.failuresPerMinute, MINUTE),
        'Too many failed sign-ins from this address',
      );
    }
    const account = await accountOf(c);
    if (account !== null) {
      const perAccount = await take(accountFailures, account);
      if (!perAccount.allowed) {
        await failures.reward(client);
        throw rateLimited(
          stateOf(perAccount.res, opts.accountFailures, ACCOUNT_WINDOW),
          'Too many failed sign-ins for this account; try again later',
        );
      }
    }
    setHeaders(c, stateOf(failure.res, opts.failuresPerMinute, MINUTE));
    await next();
    if (c.res.status !== 401) {
      await failures.reward(client);
      if (account !== null) await accountFailures.reward(account);
    }
  };
}
