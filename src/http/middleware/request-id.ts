import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { lazyChild } from '../../observability/lazy-logger.js';
import type { AppEnv } from '../app-env.js';
import { nodeResponseOf } from '../node-response.js';
import { requestHeader } from '../request-headers.js';

// An incoming id is kept only if it cannot smuggle anything into logs or headers.
const sane = /^[A-Za-z0-9._:-]{1,128}$/;

// Ids keep the UUID shape (36 characters of hex and dashes) that log tooling and clients know:
// a random prefix per process, then a counter, so making one costs no randomness per request and
// two processes (nodes, restarts) do not repeat each other's ids.
const prefix = randomUUID().slice(0, 24);
let counter = 0;

/** A fresh request id: unique in this process, and across processes with a random prefix. */
export function nextRequestId(): string {
  counter = (counter + 1) % 0x1000000000000;
  return prefix + counter.toString(16).padStart(12, '0');
}

/** The caller's id if it is sane, else a fresh one. */
export function requestIdFor(incoming: string | undefined): string {
  return incoming !== undefined && sane.test(incoming) ? incoming : nextRequestId();
}

/** Tags the request with an id (the caller's if sane), a child logger, and `x-request-id` on the response. */
export function requestId(log: Logger): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = requestIdFor(requestHeader(c, 'x-request-id'));
    c.set('requestId', id);
    c.set('log', lazyChild(log, { requestId: id }));
    c.set('user', undefined);
    c.set('session', undefined);
    c.set('tokenProblem', undefined);
    const out = nodeResponseOf(c);
    if (out) {
      // Only a forwarded answer carries its own, and forwarding sets it to this id.
      out.setHeader('x-request-id', id);
      return next();
    }
    c.header('x-request-id', id);
    await next();
    c.res.headers.set('x-request-id', id);
  };
}
