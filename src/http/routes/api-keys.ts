import { createRoute } from '@hono/zod-openapi';
import {
  countActiveApiKeys,
  findApiKey,
  insertApiKey,
  listActiveApiKeys,
  listAllApiKeys,
  revokeApiKey,
  setApiKeyQuota,
} from '../../db/queries/api-keys.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import type { ApiKeyRow } from '../../db/schema/api-keys.js';
import { issueKey } from '../api-keys/secret.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import {
  AdminApiKeyList,
  AdminApiKeysQuery,
  AdminApiKeyView,
  ApiKeyList,
  ApiKeyParams,
  CreateApiKeyRequest,
  CreatedApiKey,
  SetApiKeyQuotaRequest,
} from '../schemas/api-keys.js';
import { bearer, problems } from '../schemas/common.js';

// Enough for any developer's apps and environments; a ceiling so nobody mints keys to multiply quotas.
export const MAX_ACTIVE_KEYS_PER_USER = 20;

const create = createRoute({
  method: 'post',
  path: '/api/me/api-keys',
  tags: ['api keys'],
  summary: 'Create an API key for a third-party app (the key is shown once)',
  security: bearer,
  middleware: [requireUser()],
  request: { body: { required: true, content: { 'application/json': { schema: CreateApiKeyRequest } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CreatedApiKey } } },
    ...problems(400, 401, 409),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/me/api-keys',
  tags: ['api keys'],
  summary: 'Your live API keys with their usage this hour',
  security: bearer,
  middleware: [requireUser()],
  responses: {
    200: { description: 'Your keys, oldest first', content: { 'application/json': { schema: ApiKeyList } } },
    ...problems(401),
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/me/api-keys/{apiKeyId}',
  tags: ['api keys'],
  summary: 'Revoke one of your API keys; requests with it get 401 invalid_api_key at once',
  security: bearer,
  middleware: [requireUser()],
  request: { params: ApiKeyParams },
  responses: { 204: { description: 'Revoked' }, ...problems(400, 401, 404) },
});

// The newest keys are the ones an admin looks for; a filter by user finds the rest.
const ADMIN_LIST_LIMIT = 500;

const adminList = createRoute({
  method: 'get',
  path: '/api/admin/api-keys',
  tags: ['admin', 'api keys'],
  summary: `Every API key (revoked too), newest first, at most ${ADMIN_LIST_LIMIT}, with usage this hour`,
  security: bearer,
  middleware: [requireAdmin()],
  request: { query: AdminApiKeysQuery },
  responses: {
    200: { description: 'Keys', content: { 'application/json': { schema: AdminApiKeyList } } },
    ...problems(400, 401, 403),
  },
});

const setQuota = createRoute({
  method: 'patch',
  path: '/api/admin/api-keys/{apiKeyId}',
  tags: ['admin', 'api keys'],
  summary: "Change an API key's hourly quota",
  security: bearer,
  middleware: [requireAdmin()],
  request: {
    params: ApiKeyParams,
    body: { required: true, content: { 'application/json': { schema: SetApiKeyQuotaRequest } } },
  },
  responses: {
    200: { description: 'The key', content: { 'application/json': { schema: AdminApiKeyView } } },
    ...problems(400, 401, 403, 404),
  },
});

const common = (row: ApiKeyRow) => ({
  apiKeyId: row.id,
  prefix: row.prefix,
  name: row.name,
  quotaPerHour: row.quotaPerHour,
  createdAt: row.createdAt.toISOString(),
});

const adminView = (row: ApiKeyRow & { usedThisHour: number }) => ({
  ...common(row),
  userId: row.userId,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  usedThisHour: row.usedThisHour,
});

/** Developers' API keys: their own under /api/me, quotas for admins. */
export function apiKeyRoutes({ db, env }: Pick<AppDeps, 'db' | 'env'>) {
  return createRouter()
    .openapi(create, async (c) => {
      const user = userOf(c);
      // A check before the insert, not a constraint: two racing creations may end one over the cap.
      if ((await countActiveApiKeys(db, user.userId)) >= MAX_ACTIVE_KEYS_PER_USER) {
        throw new ApiError('too_many_api_keys', 409, `At most ${MAX_ACTIVE_KEYS_PER_USER} live keys; revoke one first`);
      }
      const issued = issueKey();
      const row = await insertApiKey(db, {
        id: issued.apiKeyId,
        keyHash: issued.keyHash,
        prefix: issued.prefix,
        name: c.req.valid('json').name,
        userId: user.userId,
        quotaPerHour: env.API_KEY_QUOTA_PER_HOUR,
      });
      return c.json({ ...common(row), key: issued.key }, 201);
    })
    .openapi(list, async (c) => {
      const rows = await listActiveApiKeys(db, userOf(c).userId);
      return c.json(
        rows.map((row) => ({ ...common(row), usedThisHour: row.usedThisHour })),
        200,
      );
    })
    .openapi(revoke, async (c) => {
      const { apiKeyId } = c.req.valid('param');
      if (!(await revokeApiKey(db, userOf(c).userId, apiKeyId))) {
        throw new ApiError('not_found', 404, `No live API key ${apiKeyId} of yours`);
      }
      return c.body(null, 204);
    })
    .openapi(adminList, async (c) => {
      const rows = await listAllApiKeys(db, { userId: c.req.valid('query').userId, limit: ADMIN_LIST_LIMIT });
      return c.json(rows.map(adminView), 200);
    })
    .openapi(setQuota, async (c) => {
      const { apiKeyId } = c.req.valid('param');
      const { quotaPerHour } = c.req.valid('json');
      const updated = await db.transaction(async (tx) => {
        if (!(await setApiKeyQuota(tx, apiKeyId, quotaPerHour))) return false;
        await recordAdminAction(tx, {
          adminUserId: userOf(c).userId,
          action: 'api_key.set_quota',
          targetType: 'api_key',
          targetId: apiKeyId,
          details: { quotaPerHour },
        });
        return true;
      });
      const row = updated ? await findApiKey(db, apiKeyId) : null;
      if (!row) throw new ApiError('not_found', 404, `No API key ${apiKeyId}`);
      return c.json(adminView(row), 200);
    });
}
