import { createRoute, z } from '@hono/zod-openapi';
import type { Metrics } from '../../observability/metrics.js';
import { requireOpsToken } from '../middleware/ops-token.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';

const scrape = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['ops'],
  summary:
    'Prometheus scrape endpoint (text exposition format); expose it only to monitoring. With OPS_TOKEN set, send it as a bearer token',
  security: bearer,
  responses: {
    200: {
      description: 'Every metric of this node',
      content: { 'text/plain': { schema: z.string().openapi({ example: 'showtime_live_shows 3' }) } },
    },
    ...problems(401),
  },
});

/** Prometheus scrape endpoint (text exposition format); not part of the public JSON API. */
export function metricsRoutes(metrics: Pick<Metrics, 'render' | 'contentType'>, opsToken: string | undefined) {
  return createRouter().openapi({ ...scrape, middleware: [requireOpsToken(opsToken)] }, async (c) =>
    // Prometheus's own content type (it carries the exposition format version) wins over text/plain.
    c.text(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }),
  );
}
