import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { deliveries, webhooks, type DeliveryRow, type OutboxTopic, type WebhookRow } from '../db/schema/index.js';
import { newWebhookSecret } from './webhooks/signature.js';

export async function createWebhook(
  db: Executor,
  input: { url: string; topics: OutboxTopic[]; createdBy: string },
): Promise<WebhookRow> {
  const [row] = await db
    .insert(webhooks)
    .values({ id: randomUUID(), url: input.url, topics: input.topics, secret: newWebhookSecret(), createdBy: input.createdBy })
    .returning();
  return row!;
}

/** Active webhooks, newest first. */
export async function listWebhooks(db: Executor): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(eq(webhooks.active, true)).orderBy(desc(webhooks.createdAt));
}

export async function getWebhook(db: Executor, webhookId: string): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhookId));
  return row;
}

/**
 * Removes a webhook from service. The row stays (inactive) so its delivery history can still be
 * read; calls still pending for it are given up when their turn comes.
 */
export async function deactivateWebhook(db: Executor, webhookId: string): Promise<boolean> {
  const rows = await db
    .update(webhooks)
    .set({ active: false })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.active, true)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** A webhook's most recent deliveries, newest first. */
export async function listWebhookDeliveries(db: Executor, webhookId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.channel, 'webhook'), eq(deliveries.target, webhookId)))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit);
}
