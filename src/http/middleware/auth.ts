import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Auth, AuthUser, Session } from '../auth/types.js';
import { ApiError } from '../errors.js';

/**
 * Reads a bearer token when one is sent. A token that is sent but forged, expired or revoked is refused
 * everywhere (401), even on public routes, so a client learns at once that its session is gone.
 */
export function authenticate(auth: Auth): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const session = match?.[1] ? await auth.verify(match[1]) : null;
      if (!session)
        throw new ApiError('unauthorized', 401, 'The token is invalid, expired or revoked', {
          headers: { 'www-authenticate': 'Bearer' },
        });
      c.set('session', session);
      c.set('user', session.user);
    }
    await next();
  };
}

/** Refuses anonymous calls; run after authenticate. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUserMiddleware(c, next) {
    if (!c.get('user'))
      throw new ApiError('unauthorized', 401, 'Sign in first: send Authorization: Bearer <token>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    await next();
  };
}

/** Refuses anyone but admins; run after authenticate. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdminMiddleware(c, next) {
    const user = c.get('user');
    if (!user)
      throw new ApiError('unauthorized', 401, 'Sign in first: send Authorization: Bearer <token>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    if (user.role !== 'admin') throw new ApiError('forbidden', 403, 'Admins only');
    await next();
  };
}

/** The signed-in user of a route behind requireUser. */
export function userOf(c: Context<AppEnv>): AuthUser {
  const user = c.get('user');
  if (!user) throw new ApiError('unauthorized', 401, 'Sign in first');
  return user;
}

export function sessionOf(c: Context<AppEnv>): Session {
  const session = c.get('session');
  if (!session) throw new ApiError('unauthorized', 401, 'Sign in first');
  return session;
}
