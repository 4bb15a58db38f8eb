import { randomUUID } from 'node:crypto';
import { notifications } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { renderMessage } from './messages.js';
import { showLabel } from './show-label.js';

/** Puts each fact that concerns a user in that user's inbox (GET /api/me/notifications). */
export const inboxConsumer: OutboxConsumer = {
  name: 'inbox',
  async consume(tx, event) {
    if (!event.userId) return;
    const message = renderMessage(event.topic, event.payload, await showLabel(tx, event.showId));
    await tx
      .insert(notifications)
      .values({
        id: randomUUID(),
        userId: event.userId,
        outboxId: event.id,
        topic: event.topic,
        title: message.title,
        body: message.body,
        data: event.payload,
        createdAt: event.createdAt,
      })
      .onConflictDoNothing();
  },
};
