import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { deliveries, users } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import type { EmailPayload, WebhookPayload } from './delivery-types.js';
import { renderMessage } from './messages.js';
import { showLabel } from './show-label.js';

/**
 * Plans what is sent outside for a fact: an email to the user it concerns, and one call per active
 * webhook subscribed to its topic. The messages are fixed here, in the dispatch transaction, so a
 * retry sends exactly what was planned; the delivery worker only sends.
 */
export const deliveryPlanner: OutboxConsumer = {
  name: 'delivery-planner',
  async consume(tx, event) {
    if (event.userId) {
      const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, event.userId));
      if (user) {
        const message = renderMessage(event.topic, event.payload, await showLabel(tx, event.showId));
        const payload: EmailPayload = {
          to: user.email,
          toName: user.name,
          subject: message.title,
          text: `Hello ${user.name},\n\n${message.body}\n\nShowtime`,
          topic: event.topic,
        };
        await tx
          .insert(deliveries)
          .values({ id: randomUUID(), outboxId: event.id, channel: 'email', target: user.email, payload: { ...payload } })
          .onConflictDoNothing();
      }
    }
    const data = { ...event.payload, ...(event.userId ? { userId: event.userId } : {}), ...(event.showId ? { showId: event.showId } : {}) };
    const payload: WebhookPayload = { topic: event.topic, createdAt: event.createdAt.toISOString(), data };
    // An empty topic list subscribes to everything.
    await tx.execute(sql`insert into deliveries (id, outbox_id, channel, target, payload)
      select gen_random_uuid()::text, ${event.id}, 'webhook', w.id, ${JSON.stringify(payload)}::text::jsonb
      from webhooks w
      where w.active and (jsonb_array_length(w.topics) = 0 or w.topics ? ${event.topic})
      on conflict do nothing`);
  },
};
