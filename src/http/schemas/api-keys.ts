import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

export const CreateApiKeyRequest = z
  .object({ name: z.string().trim().min(1).max(100).openapi({ example: 'My seat-map widget' }) })
  .openapi('CreateApiKeyRequest');

const keyFields = {
  apiKeyId: z.uuid(),
  prefix: z
    .string()
    .openapi({ description: 'The first characters of the key, to tell keys apart', example: 'stk_Q2x9aB1c' }),
  name: z.string(),
  quotaPerHour: z.number().int().openapi({ description: 'Requests per hour before 429 rate_limited' }),
  createdAt: IsoTime,
};

export const CreatedApiKey = z
  .object({
    ...keyFields,
    key: z.string().openapi({
      description: 'Send as X-Api-Key. Shown only now: only its SHA-256 is stored',
      example: 'stk_Q2x9aB1cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4',
    }),
  })
  .openapi('CreatedApiKey');

export const ApiKeyView = z
  .object({
    ...keyFields,
    usedThisHour: z.number().int().openapi({ description: 'Requests counted in the current clock hour (UTC)' }),
  })
  .openapi('ApiKey');

export const ApiKeyList = z.array(ApiKeyView).openapi('ApiKeyList');

export const ApiKeyParams = z.object({
  apiKeyId: z
    .uuid()
    .openapi({ param: { name: 'apiKeyId', in: 'path' }, example: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }),
});

export const SetApiKeyQuotaRequest = z
  .object({ quotaPerHour: z.number().int().min(1).max(10_000_000).openapi({ example: 5000 }) })
  .openapi('SetApiKeyQuotaRequest');

export const AdminApiKeyView = z
  .object({
    ...keyFields,
    userId: z.uuid().openapi({ description: 'The developer who owns the key' }),
    revokedAt: IsoTime.nullable(),
    usedThisHour: z.number().int().openapi({ description: 'Requests counted in the current clock hour (UTC)' }),
  })
  .openapi('AdminApiKey');

export const AdminApiKeyList = z.array(AdminApiKeyView).openapi('AdminApiKeyList');

export const AdminApiKeysQuery = z.object({
  userId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'userId', in: 'query' }, description: "Only this developer's keys" }),
});
