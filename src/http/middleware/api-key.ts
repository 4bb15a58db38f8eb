import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.js';
import { meterApiKey } from '../../db/queries/api-keys.js';
import { hashKey } from '../api-keys/secret.js';
import type { AppEnv } from '../app-env.js';
import { ApiError, rateLimited, rateLimitHeaders } from '../errors.js';
import { requestHeader } from '../request-headers.js';

export const API_KEY_HEADER = 'x-api-key';
const HOUR_SECONDS = 3600;
// Issued keys are about 50 characters; anything far longer is not one and is not worth hashing.
const MAX_KEY_LENGTH = 200;

const invalidKey = () => new ApiError('invalid_api_key', 401, 'The X-Api-Key is unknown or revoked');

/**
 * A third-party developer's app identifies itself with `X-Api-Key`: the key is metered against its
 * hourly quota in PostgreSQL, so the quota holds across every node. It does not sign anyone in
 * (a bearer token still does that). Requests without the header pass untouched. Mounted after the
 * forwarding to a show's owner, so a forwarded request is counted once, by the owner.
 */
export function apiKeyGate(opts: { db: Db; enforceQuota: boolean }): MiddlewareHandler<AppEnv> {
  return async function apiKeyGateMiddleware(c, next) {
    const key = requestHeader(c, API_KEY_HEADER)?.trim();
    if (key === undefined) return next();
    if (key === '' || key.length > MAX_KEY_LENGTH) throw invalidKey();
    const metered = await meterApiKey(opts.db, hashKey(key));
    if (!metered.ok) throw invalidKey();
    const state = {
      limit: metered.quotaPerHour,
      remaining: metered.quotaPerHour - metered.used,
      resetInMs: metered.resetInMs,
      windowSeconds: HOUR_SECONDS,
    };
    if (opts.enforceQuota && metered.used > metered.quotaPerHour) {
      throw rateLimited(state, 'This API key has used its hourly quota');
    }
    c.set('apiKey', { apiKeyId: metered.keyId, ownerId: metered.userId });
    for (const [name, value] of Object.entries(rateLimitHeaders(state))) c.header(name, value);
    await next();
  };
}
