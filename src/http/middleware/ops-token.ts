import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requestHeader } from '../request-headers.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * With OPS_TOKEN set, the operations endpoints (metrics, cluster membership, show owners) answer
 * only `Authorization: Bearer <OPS_TOKEN>`: they name nodes, their addresses and the load of each,
 * which is for monitoring, not for anyone who can reach the port. Unset, they stay open. Compared as
 * hashes, in constant time, so the answer's timing tells nothing about the token.
 */
export function requireOpsToken(token: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = token === undefined ? undefined : digest(token);
  return async function requireOpsTokenMiddleware(c, next) {
    if (expected === undefined) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(requestHeader(c, 'authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new ApiError('unauthorized', 401, 'Send Authorization: Bearer <OPS_TOKEN>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    await next();
  };
}
