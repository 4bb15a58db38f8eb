import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../app-env.js';

/**
 * One log line per request with its outcome and duration. `log` is the process logger: its level
 * decides whether a line is built at all (load tests run at `warn`, where only 5xx lines are written).
 */
export function accessLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level = status >= 500 ? 'error' : 'info';
    if (!log.isLevelEnabled(level)) return;
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('user')?.userId,
      apiKeyId: c.get('apiKey')?.apiKeyId,
    };
    c.get('log')[level](line, 'request');
  };
}
