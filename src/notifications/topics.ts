import type { AccountTopic, OutboxTopic } from '../db/schema/index.js';

/** Every topic, for validation (webhook subscriptions) and documentation. */
export const OUTBOX_TOPICS = [
  'booking.confirmed',
  'booking.cancelled',
  'refund.succeeded',
  'waitlist.offered',
  'hold.expiring',
  'show.cancelled',
  'show.updated',
] as const satisfies readonly OutboxTopic[];

/** Facts about the account itself (its verification and reset links): emailed only. */
export function isAccountTopic(topic: OutboxTopic | AccountTopic): topic is AccountTopic {
  return topic.startsWith('account.');
}
