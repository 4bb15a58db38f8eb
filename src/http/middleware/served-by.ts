import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/** Names the node that answered a show-scoped request, so cluster routing can be seen from outside. */
export function servedBy(nodeId: string): MiddlewareHandler<AppEnv> {
  return async function servedByMiddleware(c, next) {
    c.header('x-served-by', nodeId);
    await next();
    // A forwarded response already names the owner that served it.
    if (!c.res.headers.has('x-served-by')) c.res.headers.set('x-served-by', nodeId);
  };
}
