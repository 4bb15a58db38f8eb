import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { OutboxRow, OutboxTopic } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { renderMessage } from './messages.js';
import { isAccountTopic } from './topics.js';
import { labelOf, showLabels } from './show-label.js';

/** Puts each fact that concerns a user in that user's inbox (GET /api/me/notifications). */
export const inboxConsumer: OutboxConsumer = {
  name: 'inbox',
  consume: (tx, event) => fillInboxes(tx, [event]),
  consumeBatch: fillInboxes,
};

/** One insert for the batch; the (outbox id, user) key makes a fact offered again land once. */
async function fillInboxes(tx: Executor, facts: readonly OutboxRow[]): Promise<void> {
  // Account facts (the verification and reset links) are emailed only.
  const personal = facts.filter(
    (f): f is OutboxRow & { topic: OutboxTopic } => !!f.userId && !isAccountTopic(f.topic),
  );
  if (personal.length === 0) return;
  const labels = await showLabels(tx, personal);
  const rows = personal.map((fact) => {
    const message = renderMessage(fact.topic, fact.payload, labelOf(labels, fact));
    return {
      user_id: fact.userId,
      outbox_id: fact.id,
      topic: fact.topic,
      title: message.title,
      body: message.body,
      data: fact.payload,
      created_at: fact.createdAt.toISOString(),
    };
  });
  // One JSON parameter rather than seven per row: cheaper to build and bind, and no parameter limit.
  await tx.execute(sql`insert into notifications (id, user_id, outbox_id, topic, title, body, data, created_at)
    select gen_random_uuid()::text, n.user_id, n.outbox_id, n.topic, n.title, n.body, n.data, n.created_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
      as n(user_id uuid, outbox_id bigint, topic text, title text, body text, data jsonb, created_at timestamptz)
    on conflict do nothing`);
}
