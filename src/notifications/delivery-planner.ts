import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { users, webhooks, type DeliveryChannel, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import type { EmailPayload, WebhookPayload } from './delivery-types.js';
import { renderMessage } from './messages.js';
import { labelOf, showLabels } from './show-label.js';

interface PlannedDelivery {
  outbox_id: number;
  channel: DeliveryChannel;
  target: string;
  payload: object;
}

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
      planned.push({ outbox_id: fact.id, channel: 'email', target: user.email, payload });
    }
    // An empty topic list subscribes to everything.
    const subscribed = hooks.filter((h) => h.topics.length === 0 || h.topics.includes(fact.topic));
    if (subscribed.length === 0) continue;
    const data = { ...fact.payload, ...(fact.userId ? { userId: fact.userId } : {}), ...(fact.showId ? { showId: fact.showId } : {}) };
    const payload: WebhookPayload = { topic: fact.topic, createdAt: fact.createdAt.toISOString(), data };
    for (const hook of subscribed) {
      planned.push({ outbox_id: fact.id, channel: 'webhook', target: hook.id, payload });
    }
  }
  if (planned.length === 0) return;
  // One JSON parameter rather than five per row: cheaper to build and bind, and no parameter limit.
  await tx.execute(sql`insert into deliveries (id, outbox_id, channel, target, payload)
    select gen_random_uuid()::text, d.outbox_id, d.channel, d.target, d.payload
    from jsonb_to_recordset(${JSON.stringify(planned)}::text::jsonb)
      as d(outbox_id bigint, channel text, target text, payload jsonb)
    on conflict do nothing`);
}
