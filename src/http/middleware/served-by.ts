import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { nodeResponseOf } from '../node-response.js';

/** Names the node that answered a show-scoped request, so cluster routing can be seen from outside. */
export function servedBy(nodeId: string): MiddlewareHandler<AppEnv> {
  return async function servedByMiddleware(c, next) {
    const out = nodeResponseOf(c);
    if (out) {
      // A forwarded response's own x-served-by (the owner) wins over this default when written.
      out.setHeader('x-served-by', nodeId);
      return next();
    }
    c.header('x-served-by', nodeId);
    await next();
    // A forwarded response already names the owner that served it.
    if (!c.res.headers.has('x-served-by')) c.res.headers.set('x-served-by', nodeId);
  };
}
