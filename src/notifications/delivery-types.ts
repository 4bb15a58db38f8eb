import type { AccountTopic, OutboxTopic } from '../db/schema/index.js';

/** A planned email (deliveries.payload of channel `email`). */
export interface EmailPayload {
  to: string;
  toName: string;
  subject: string;
  text: string;
  topic: OutboxTopic | AccountTopic;
}

/** A planned webhook call (deliveries.payload of channel `webhook`); the body adds the delivery id. */
export interface WebhookPayload {
  topic: OutboxTopic;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * What one attempt came to. `error` is recorded where admins read it; `detail` (what the network
 * said) only goes to the server's log. `permanent`: retrying cannot help (the webhook was removed).
 */
export type SendResult = { ok: true } | { ok: false; error: string; detail?: string; permanent?: boolean };
