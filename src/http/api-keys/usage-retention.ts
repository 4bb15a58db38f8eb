import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { pruneApiKeyUsage } from '../../db/queries/api-keys.js';
import { createRetentionLoop, type RetentionLoop } from '../../outbox/loop.js';

export type UsageRetention = RetentionLoop;

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
  return createRetentionLoop({
    ...deps,
    name: 'api-key-usage-retention',
    rows: 'API key usage windows',
    prune: (hours) => pruneApiKeyUsage(deps.db, hours),
  });
}
