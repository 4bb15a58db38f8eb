import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsageRetention } from '../../src/http/api-keys/usage-retention.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const log = pino({ level: 'silent' });
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** A usage row for the hour window `hoursAgo` hours before the current one. */
async function usage(keyId: string, hoursAgo: number): Promise<void> {
  await tdb.sql`insert into api_key_usage (key_id, window_start, count)
    values (${keyId}, date_trunc('hour', now()) - make_interval(hours => ${hoursAgo}), 5)`;
}

async function windowsOf(keyId: string): Promise<number[]> {
  const rows =
    await tdb.sql`select (extract(epoch from date_trunc('hour', now()) - window_start) / 3600)::int as hours_ago
    from api_key_usage where key_id = ${keyId} order by window_start desc`;
  return rows.map((r) => r.hours_ago as number);
}

describe('API key usage retention', () => {
  it('deletes the hour windows older than the retention and keeps the rest, the current one included', async () => {
    const keyId = randomUUID();
    for (const hoursAgo of [0, 2, 168, 169, 200]) await usage(keyId, hoursAgo);
    const retention = createUsageRetention({ db: tdb.db, log, retentionHours: 168, intervalMs: 60_000 });
    expect(await retention.runOnce()).toBe(2);
    expect(await windowsOf(keyId)).toEqual([0, 2, 168]);
    expect(await retention.runOnce()).toBe(0);
  });

  it('runs by itself on its interval once started', async () => {
    const keyId = randomUUID();
    await usage(keyId, 0);
    await usage(keyId, 3);
    const retention = createUsageRetention({ db: tdb.db, log, retentionHours: 1, intervalMs: 50 });
    retention.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await windowsOf(keyId)).length > 1) {
        if (Date.now() > deadline) throw new Error('old usage was never pruned');
        await new Promise((r) => setTimeout(r, 50));
      }
      // Windows that appear later are pruned by a later pass, without being asked.
      await usage(keyId, 5);
      while ((await windowsOf(keyId)).length > 1) {
        if (Date.now() > deadline) throw new Error('usage written later was never pruned');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await windowsOf(keyId)).toEqual([0]);
    } finally {
      await retention.stop();
    }
  });
});
