import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { createLoop, type Loop } from '../outbox/loop.js';
import { pruneCheckoutChoices } from './checkout-choice.js';

export interface CheckoutChoiceRetention extends Loop {
  /** Deletes the choices past retention now; returns how many. */
  runOnce(): Promise<number>;
}

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
  const { db, log, retentionHours } = deps;
  async function runOnce(): Promise<number> {
    const pruned = await pruneCheckoutChoices(db, retentionHours);
    if (pruned > 0) log.info({ pruned, retentionHours }, 'pruned old checkout choices');
    return pruned;
  }
  const loop = createLoop({
    name: 'checkout-choice-retention',
    intervalMs: deps.intervalMs,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });
  return { ...loop, runOnce };
}
