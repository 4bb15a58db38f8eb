import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Auth, AuthUser, Session } from '../auth/types.js';
import { ApiError } from '../errors.js';
import { requestHeader } from '../request-headers.js';

/**
 * Reads a bearer token when one is sent. A bad token (forged, expired, revoked) leaves the request
 * anonymous: public routes still answer (a stale token must not lock anyone out of login), and routes
 * that need a user refuse it with 401 saying why.
 */
export function authenticate(auth: Auth): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const header = requestHeader(c, 'authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const session = match?.[1] ? await auth.verify(match[1]) : null;
      if (session) {
        c.set('session', session);
        c.set('user', session.user);
      } else {
        c.set(
          'tokenProblem',
          match ? 'The token is invalid, expired or revoked' : 'Send Authorization: Bearer <token>',
        );
      }
    }
    await next();
  };
}

function unauthorized(c: Context<AppEnv>): ApiError {
  return new ApiError(
    'unauthorized',
    401,
    c.get('tokenProblem') ?? 'Sign in first: send Authorization: Bearer <token>',
    {
      headers: { 'www-authenticate': 'Bearer' },
    },
  );
}

/** Refuses anonymous calls; run after authenticate. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUserMiddleware(c, next) {
    if (!c.get('user')) throw unauthorized(c);
    await next();
  };
}

/** Refuses anyone but admins; run after authenticate. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdminMiddleware(c, next) {
    const user = c.get('user');
    if (!user) throw unauthorized(c);
    if (user.role !== 'admin') throw new ApiError('forbidden', 403, 'Admins only');
    await next();
  };
}

/** The signed-in user of a route behind requireUser. */
export function userOf(c: Context<AppEnv>): AuthUser {
  const user = c.get('user');
  if (!user) throw unauthorized(c);
  return user;
}

export function sessionOf(c: Context<AppEnv>): Session {
  const session = c.get('session');
  if (!session) throw unauthorized(c);
  return session;
}
