import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/client.js';
import { notifications, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { renderMessage } from './messages.js';
import { labelOf, showLabels } from './show-label.js';

/** Puts each fact that concerns a user in that user's inbox (GET /api/me/notifications). */
export const inboxConsumer: OutboxConsumer = {
  name: 'inbox',
  consume: (tx, event) => fillInboxes(tx, [event]),
  consumeBatch: fillInboxes,
};

/** One insert for the batch; the (outbox id, user) key makes a fact offered again land once. */
async function fillInboxes(tx: Executor, facts: readonly OutboxRow[]): Promise<void> {
  const personal = facts.filter((f) => f.userId);
  if (personal.length === 0) return;
  const labels = await showLabels(tx, personal);
  const rows = personal.map((fact) => {
    const message = renderMessage(fact.topic, fact.payload, labelOf(labels, fact));
    return {
      id: randomUUID(),
      userId: fact.userId!,
      outboxId: fact.id,
      topic: fact.topic,
      title: message.title,
      body: message.body,
      data: fact.payload,
      createdAt: fact.createdAt,
    };
  });
  await tx.insert(notifications).values(rows).onConflictDoNothing();
}
