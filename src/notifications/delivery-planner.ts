import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { deliveries, users, webhooks, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import type { EmailPayload, WebhookPayload } from './delivery-types.js';
import { renderMessage } from './messages.js';
import { labelOf, showLabels } from './show-label.js';

/** Rows per insert: a batch to many webhooks must stay under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 2000;

type PlannedDelivery = typeof deliveries.$inferInsert;

/**
 * Plans what is sent outside for a fact: an email to the user it concerns, and one call per active
 * webhook subscribed to its topic. The messages are fixed here, in the dispatch transaction, so a
 * retry sends exactly what was planned; the delivery worker only sends.
 */
export const deliveryPlanner: OutboxConsumer = {
  name: 'delivery-planner',
  consume: (tx, event) => planDeliveries(tx, [event]),
  consumeBatch: planDeliveries,
};

/** Users, show labels and webhooks are read once per batch, and everything planned is one insert. */
async function planDeliveries(tx: Executor, facts: readonly OutboxRow[]): Promise<void> {
  const userIds = [...new Set(facts.flatMap((f) => (f.userId ? [f.userId] : [])))];
  const [recipients, labels, hooks] = await Promise.all([
    userIds.length === 0
      ? []
      : tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, userIds)),
    showLabels(tx, facts),
    tx.select({ id: webhooks.id, topics: webhooks.topics }).from(webhooks).where(eq(webhooks.active, true)),
  ]);
  const byId = new Map(recipients.map((u) => [u.id, u]));
  const planned: PlannedDelivery[] = [];
  for (const fact of facts) {
    const user = fact.userId ? byId.get(fact.userId) : undefined;
    if (user) {
      const message = renderMessage(fact.topic, fact.payload, labelOf(labels, fact));
      const payload: EmailPayload = {
        to: user.email,
        toName: user.name,
        subject: message.title,
        text: `Hello ${user.name},\n\n${message.body}\n\nShowtime`,
        topic: fact.topic,
      };
      planned.push({ id: randomUUID(), outboxId: fact.id, channel: 'email', target: user.email, payload: { ...payload } });
    }
    // An empty topic list subscribes to everything.
    const subscribed = hooks.filter((h) => h.topics.length === 0 || h.topics.includes(fact.topic));
    if (subscribed.length === 0) continue;
    const data = { ...fact.payload, ...(fact.userId ? { userId: fact.userId } : {}), ...(fact.showId ? { showId: fact.showId } : {}) };
    const payload: WebhookPayload = { topic: fact.topic, createdAt: fact.createdAt.toISOString(), data };
    for (const hook of subscribed) {
      planned.push({ id: randomUUID(), outboxId: fact.id, channel: 'webhook', target: hook.id, payload: { ...payload } });
    }
  }
  for (let i = 0; i < planned.length; i += INSERT_CHUNK) {
    await tx
      .insert(deliveries)
      .values(planned.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing();
  }
}
