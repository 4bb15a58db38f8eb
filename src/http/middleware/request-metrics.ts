import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from '../../observability/metrics.js';
import type { AppEnv } from '../app-env.js';

/**
 * Times every request into the latency histogram, labelled by the matched route pattern (never the
 * raw path: ids in it would make a new series per show, hold and booking).
 */
export function requestMetrics(metrics: Pick<Metrics, 'observeRequest'>): MiddlewareHandler<AppEnv> {
  return async function requestMetricsMiddleware(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      // After next() the route index points at the handler that answered.
      metrics.observeRequest(
        c.req.method,
        routePath(c) || 'unmatched',
        c.res.status,
        (performance.now() - started) / 1000,
      );
    }
  };
}
