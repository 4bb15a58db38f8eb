import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';
import { Topic } from './notifications.js';

export const CreateWebhookRequest = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'an http or https URL' })
      .max(2000)
      .openapi({ example: 'https://example.com/hooks/showtime' }),
    topics: z
      .array(Topic)
      .max(20)
      .optional()
      .openapi({ description: 'Topics to receive; omitted or empty: every topic' }),
  })
  .openapi('CreateWebhookRequest');

export const WebhookParams = z.object({
  webhookId: z.uuid().openapi({ param: { name: 'webhookId', in: 'path' } }),
});

export const DeliveriesQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'At most this many, newest first' }),
});

export const Webhook = z
  .object({
    webhookId: z.string(),
    url: z.string(),
    topics: z.array(Topic).openapi({ description: 'Empty: every topic' }),
    active: z.boolean(),
    createdAt: IsoTime,
  })
  .openapi('Webhook');

export const CreatedWebhook = Webhook.extend({
  secret: z.string().openapi({
    description:
      'Signing secret (Standard Webhooks, whsec_...). Shown only in this response: verify webhook-signature with it',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('CreatedWebhook');

export const WebhookList = z.object({ webhooks: z.array(Webhook) }).openapi('WebhookList');

export const WebhookDelivery = z
  .object({
    deliveryId: z.string().openapi({ description: 'Also the webhook-id header and the body id of every attempt' }),
    topic: Topic,
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: IsoTime.nullable().openapi({ description: 'When a pending delivery is tried next' }),
    sentAt: IsoTime.nullable(),
    createdAt: IsoTime,
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveries = z.object({ deliveries: z.array(WebhookDelivery) }).openapi('WebhookDeliveries');
