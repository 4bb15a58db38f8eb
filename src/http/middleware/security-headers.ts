import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { nodeResponseOf } from '../node-response.js';

/**
 * What Hono's `secureHeaders({ xFrameOptions: 'DENY' })` sends (test/http/security.test.ts compares
 * the two), computed once: every response carries these unless it sets its own (the web pages and
 * /docs send their own Content-Security-Policy and Referrer-Policy).
 */
export const SECURITY_HEADERS: readonly (readonly [name: string, value: string])[] = Object.freeze([
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
] as const);

/**
 * The security headers on every response, without overwriting a response's own. On a node:http
 * response they are set once before the handler runs (see nodeResponseOf); otherwise they are added
 * to the finished Response, as Hono's secureHeaders does, which also drops X-Powered-By.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeadersMiddleware(c, next) {
    const out = nodeResponseOf(c);
    if (out) {
      for (const [name, value] of SECURITY_HEADERS) out.setHeader(name, value);
      return next();
    }
    await next();
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_HEADERS) if (!headers.has(name)) headers.set(name, value);
    headers.delete('X-Powered-By');
  };
}
