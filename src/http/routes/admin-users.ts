import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import { ROLE_CHANGE_ACTION, setUserRole } from '../../db/queries/sessions.js';
import { findUserById } from '../../db/queries/users.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { RoleChange, UserIdParam, UserRole } from '../schemas/admin-users.js';
import { bearer, problems } from '../schemas/common.js';

const setRole = createRoute({
  method: 'post',
  path: '/api/admin/users/{userId}/role',
  tags: ['admin'],
  summary:
    'Make an account admin or customer (audited). Admins not made here, other than ADMIN_EMAIL, are demoted at start',
  security: bearer,
  middleware: [requireAdmin()],
  request: {
    params: UserIdParam,
    body: { required: true, content: { 'application/json': { schema: RoleChange } } },
  },
  responses: {
    200: { description: 'The role now', content: { 'application/json': { schema: UserRole } } },
    ...problems(400, 401, 403, 404, 409),
  },
});

export function adminUserRoutes({ db, auth }: Pick<AppDeps, 'db' | 'auth'>) {
  return createRouter().openapi(setRole, async (c) => {
    const { userId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const adminUserId = userOf(c).userId;
    // An admin demoting themselves could leave nobody to undo it but a restart.
    if (userId === adminUserId)
      throw new ApiError('cannot_change_own_role', 409, 'Another admin must change your role');
    const row = await db.transaction(async (tx) => {
      const before = await findUserById(tx, userId);
      if (!before) return null;
      const after = await setUserRole(tx, userId, role);
      await recordAdminAction(tx, {
        adminUserId,
        action: ROLE_CHANGE_ACTION,
        targetType: 'user',
        targetId: userId,
        details: { role, previous: before.role },
      });
      return after;
    });
    if (!row) throw new ApiError('not_found', 404, 'No such user');
    // Other nodes see the new role within their account cache time (AUTH_CACHE_SECONDS).
    auth.forget(userId);
    return c.json({ userId: row.id, email: row.email, role: row.role }, 200);
  });
}
