import type { OutboxTopic } from '../db/schema/index.js';

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
