import { createRoute } from '@hono/zod-openapi';
import type { NotificationRow } from '../../db/schema/index.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../notifications/inbox-queries.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { NotificationList, NotificationParams, NotificationsQuery } from '../schemas/notifications.js';

const list = createRoute({
  method: 'get',
  path: '/api/me/notifications',
  tags: ['notifications'],
  summary: 'Your notifications, newest first, and how many are unread',
  security: bearer,
  middleware: [requireUser()],
  request: { query: NotificationsQuery },
  responses: {
    200: { description: 'Notifications', content: { 'application/json': { schema: NotificationList } } },
    ...problems(400, 401),
  },
});

const read = createRoute({
  method: 'post',
  path: '/api/me/notifications/{notificationId}/read',
  tags: ['notifications'],
  summary: 'Mark one notification read',
  security: bearer,
  middleware: [requireUser()],
  request: { params: NotificationParams },
  responses: { 204: { description: 'Marked read' }, ...problems(400, 401, 404) },
});

const readAll = createRoute({
  method: 'post',
  path: '/api/me/notifications/read-all',
  tags: ['notifications'],
  summary: 'Mark all your notifications read',
  security: bearer,
  middleware: [requireUser()],
  responses: { 204: { description: 'All marked read' }, ...problems(401) },
});

function view(n: NotificationRow) {
  return {
    notificationId: n.id,
    topic: n.topic,
    title: n.title,
    body: n.body,
    data: n.data,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export function notificationRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(list, async (c) => {
      const { unreadOnly, limit, before } = c.req.valid('query');
      const page = await listNotifications(db, userOf(c).userId, {
        unreadOnly,
        limit,
        before: before ? new Date(before) : undefined,
      });
      return c.json({ items: page.items.map(view), unread: page.unread }, 200);
    })
    .openapi(read, async (c) => {
      // Someone else's notification answers like a missing one.
      if (!(await markNotificationRead(db, userOf(c).userId, c.req.valid('param').notificationId))) {
        throw new ApiError('not_found', 404, 'No such notification');
      }
      return c.body(null, 204);
    })
    .openapi(readAll, async (c) => {
      await markAllNotificationsRead(db, userOf(c).userId);
      return c.body(null, 204);
    });
}
