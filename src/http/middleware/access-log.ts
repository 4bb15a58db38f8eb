import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/** One log line per request with its outcome and duration. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('user')?.userId,
      apiKeyId: c.get('apiKey')?.apiKeyId,
    };
    if (status >= 500) c.get('log').error(line, 'request');
    else c.get('log').info(line, 'request');
  };
}
