import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import { createRouter } from '../router.js';
import { Health, Readiness } from '../schemas/ops.js';

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: 'The process is alive',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: Health } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['ops'],
  summary: 'The database answers, the migrations are applied and this node is in the ring',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Readiness } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: Readiness } } },
  },
});

export function opsRoutes({ sql, log, placement }: Pick<AppDeps, 'sql' | 'log' | 'placement'>) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => {
      const checks = {
        database: false,
        migrations: false,
        ring: !placement || (placement.healthy() && placement.members().some((m) => m.nodeId === placement.nodeId)),
      };
      try {
        const [row] = await sql<{ migrations: string | null }[]>`
          select to_regclass('drizzle.__drizzle_migrations')::text as migrations`;
        checks.database = true;
        if (row?.migrations) {
          const [count] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
          checks.migrations = (count?.n ?? 0) > 0;
        }
      } catch (err) {
        log.warn({ err }, 'readiness check failed');
      }
      const ready = checks.database && checks.migrations && checks.ring;
      return ready
        ? c.json({ status: 'ready' as const, checks }, 200)
        : c.json({ status: 'not_ready' as const, checks }, 503);
    });
}
