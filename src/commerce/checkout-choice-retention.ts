import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { createRetentionLoop, type RetentionLoop } from '../outbox/loop.js';
import { pruneCheckoutChoices } from './checkout-choice.js';

export type CheckoutChoiceRetention = RetentionLoop;

/**
 * Keeps hold_checkouts to the last `retentionHours`: every quoted hold leaves a row, and nothing
 * else deletes it once the hold has ended. The table then holds about one retention's worth of
 * quotes, so the pass scans it rather than keep an index on updated_at that every quote would have
 * to maintain. Every node may run it; deleting the same old rows twice is harmless.
 */
export function createCheckoutChoiceRetention(deps: {
  db: Db;
  log: Logger;
  retentionHours: number;
  intervalMs: number;
}): CheckoutChoiceRetention {
  return createRetentionLoop({
    ...deps,
    name: 'checkout-choice-retention',
    rows: 'checkout choices',
    prune: (hours) => pruneCheckoutChoices(deps.db, hours),
  });
}
