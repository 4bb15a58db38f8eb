import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../app-env.js';

// An incoming id is kept only if it cannot smuggle anything into logs or headers.
const sane = /^[A-Za-z0-9._:-]{1,128}$/;

/** Tags the request with an id (the caller's if sane), a child logger, and `x-request-id` on the response. */
export function requestId(log: Logger): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && sane.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.set('log', log.child({ requestId: id }));
    c.set('user', undefined);
    c.set('session', undefined);
    c.set('tokenProblem', undefined);
    c.header('x-request-id', id);
    await next();
    c.res.headers.set('x-request-id', id);
  };
}
