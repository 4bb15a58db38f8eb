import { createRoute, z } from '@hono/zod-openapi';
import type { Metrics } from '../../observability/metrics.js';
import { createRouter } from '../router.js';

const scrape = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['ops'],
  summary: 'Prometheus scrape endpoint (text exposition format); expose it only to monitoring',
  responses: {
    200: {
      description: 'Every metric of this node',
      content: { 'text/plain': { schema: z.string().openapi({ example: 'showtime_live_shows 3' }) } },
    },
  },
});

/** Prometheus scrape endpoint (text exposition format); not part of the public JSON API. */
export function metricsRoutes(metrics: Pick<Metrics, 'render' | 'contentType'>) {
  return createRouter().openapi(scrape, async (c) =>
    // Prometheus's own content type (it carries the exposition format version) wins over text/plain.
    c.text(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }),
  );
}
