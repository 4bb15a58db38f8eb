import { createRoute } from '@hono/zod-openapi';
import { listAdminActions } from '../../db/queries/audit.js';
import type { AppDeps } from '../app-env.js';
import { requireAdmin } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { AuditLog, AuditQuery, PAGE_SIZE } from '../schemas/support.js';

const listRoute = createRoute({
  method: 'get',
  path: '/api/admin/audit',
  tags: ['admin'],
  summary: 'What admins changed (catalog, check-ins, support answers), newest first',
  security: bearer,
  middleware: [requireAdmin()],
  request: { query: AuditQuery },
  responses: {
    200: { description: 'Audit entries', content: { 'application/json': { schema: AuditLog } } },
    ...problems(400, 401, 403),
  },
});

export function auditRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter().openapi(listRoute, async (c) => {
    const { action, page } = c.req.valid('query');
    const { entries, total } = await listAdminActions(db, { action, page, pageSize: PAGE_SIZE });
    return c.json(
      {
        entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
        page,
        pageSize: PAGE_SIZE,
        total,
      },
      200,
    );
  });
}
