import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { pruneApiKeyUsage } from '../../db/queries/api-keys.js';
import { createLoop, type Loop } from '../../outbox/loop.js';

export interface UsageRetention extends Loop {
  /** Deletes the usage windows past retention now; returns how many. */
  runOnce(): Promise<number>;
}

/**
 * Keeps api_key_usage to the last `retentionHours`: the meter adds a row per key per hour, and
 * without pruning the table grows for as long as keys are used. Every node may run it; deleting
 * the same old rows twice is harmless.
 */
export function createUsageRetention(deps: {
  db: Db;
  log: Logger;
  retentionHours: number;
  intervalMs: number;
}): UsageRetention {
  const { db, log, retentionHours } = deps;
  async function runOnce(): Promise<number> {
    const pruned = await pruneApiKeyUsage(db, retentionHours);
    if (pruned > 0) log.info({ pruned, retentionHours }, 'pruned old API key usage windows');
    return pruned;
  }
  const loop = createLoop({
    name: 'api-key-usage-retention',
    intervalMs: deps.intervalMs,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });
  return { ...loop, runOnce };
}
