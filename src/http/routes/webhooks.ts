import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import type { DeliveryRow, OutboxTopic, WebhookRow } from '../../db/schema/index.js';
import {
  createWebhook,
  deactivateWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
} from '../../notifications/webhook-queries.js';
import { checkWebhookUrl } from '../../notifications/webhooks/address-policy.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import {
  CreatedWebhook,
  CreateWebhookRequest,
  DeliveriesQuery,
  WebhookDeliveries,
  WebhookList,
  WebhookParams,
} from '../schemas/webhooks.js';

const create = createRoute({
  method: 'post',
  path: '/api/admin/webhooks',
  tags: ['admin', 'webhooks'],
  summary: 'Register a webhook: signed POSTs of the chosen topics (the secret is shown only here)',
  security: bearer,
  middleware: [requireAdmin()],
  request: { body: { required: true, content: { 'application/json': { schema: CreateWebhookRequest } } } },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: CreatedWebhook } } },
    ...problems(400, 401, 403),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/admin/webhooks',
  tags: ['admin', 'webhooks'],
  summary: 'Active webhooks, newest first',
  security: bearer,
  middleware: [requireAdmin()],
  responses: {
    200: { description: 'Webhooks', content: { 'application/json': { schema: WebhookList } } },
    ...problems(401, 403),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/admin/webhooks/{webhookId}',
  tags: ['admin', 'webhooks'],
  summary: 'Remove a webhook; calls not yet made are dropped, its delivery history stays readable',
  security: bearer,
  middleware: [requireAdmin()],
  request: { params: WebhookParams },
  responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404) },
});

const deliveriesOf = createRoute({
  method: 'get',
  path: '/api/admin/webhooks/{webhookId}/deliveries',
  tags: ['admin', 'webhooks'],
  summary: "A webhook's recent calls: status, attempts, last error, next try",
  security: bearer,
  middleware: [requireAdmin()],
  request: { params: WebhookParams, query: DeliveriesQuery },
  responses: {
    200: { description: 'Deliveries', content: { 'application/json': { schema: WebhookDeliveries } } },
    ...problems(400, 401, 403, 404),
  },
});

function view(w: WebhookRow) {
  return { webhookId: w.id, url: w.url, topics: w.topics, active: w.active, createdAt: w.createdAt.toISOString() };
}

/**
 * What the sender records is already only the kind of failure; rows written before it did may hold
 * what the network said (internal addresses, resolver messages), so anything else reads as generic.
 */
const SHOWN_ERROR = /^(HTTP \d{3}|timeout after \d+ ms|connection failed|address not allowed|webhook removed|send failed)$/;

function deliveryView(d: DeliveryRow) {
  return {
    deliveryId: d.id,
    topic: d.payload.topic as OutboxTopic,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError === null || SHOWN_ERROR.test(d.lastError) ? d.lastError : 'delivery failed',
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

export function webhookRoutes({ db, env }: Pick<AppDeps, 'db' | 'env'>) {
  return createRouter()
    .openapi(create, async (c) => {
      const { url, topics } = c.req.valid('json');
      const adminUserId = userOf(c).userId;
      // The server calls this URL from inside its network: it must not be pointed at that network.
      const check = await checkWebhookUrl(url, { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'on' });
      if (!check.ok) {
        throw new ApiError('validation_failed', 400, `The webhook URL is not allowed: ${check.reason}`, {
          errors: [{ path: 'url', message: check.reason }],
        });
      }
      const hook = await db.transaction(async (tx) => {
        const row = await createWebhook(tx, { url, topics: [...new Set(topics ?? [])], createdBy: adminUserId });
        await recordAdminAction(tx, {
          adminUserId,
          action: 'webhook.create',
          targetType: 'webhook',
          targetId: row.id,
          details: { url: row.url, topics: row.topics },
        });
        return row;
      });
      return c.json({ ...view(hook), secret: hook.secret }, 201);
    })
    .openapi(list, async (c) => {
      return c.json({ webhooks: (await listWebhooks(db)).map(view) }, 200);
    })
    .openapi(remove, async (c) => {
      const { webhookId } = c.req.valid('param');
      const adminUserId = userOf(c).userId;
      const removed = await db.transaction(async (tx) => {
        const done = await deactivateWebhook(tx, webhookId);
        if (done) {
          await recordAdminAction(tx, { adminUserId, action: 'webhook.delete', targetType: 'webhook', targetId: webhookId });
        }
        return done;
      });
      if (!removed) throw new ApiError('not_found', 404, 'No such webhook');
      return c.body(null, 204);
    })
    .openapi(deliveriesOf, async (c) => {
      const { webhookId } = c.req.valid('param');
      if (!(await getWebhook(db, webhookId))) throw new ApiError('not_found', 404, 'No such webhook');
      const rows = await listWebhookDeliveries(db, webhookId, c.req.valid('query').limit);
      return c.json({ deliveries: rows.map(deliveryView) }, 200);
    });
}
