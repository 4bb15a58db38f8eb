import { Hono } from 'hono';
import type { Metrics } from '../../observability/metrics.js';
import type { AppEnv } from '../app-env.js';

/** Prometheus scrape endpoint (text exposition format); not part of the public JSON API. */
export function metricsRoutes(metrics: Pick<Metrics, 'render' | 'contentType'>) {
  return new Hono<AppEnv>().get('/metrics', async (c) =>
    c.body(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }),
  );
}
