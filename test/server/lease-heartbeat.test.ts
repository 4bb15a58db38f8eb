import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { insertShow, silentLog, smallLayout } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

let tdb: TestDatabase;
let server: RunningServer | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
  const env = loadEnv({
    DATABASE_URL: tdb.url,
    HOST: '127.0.0.1',
    SEED: 'none',
    LOG_LEVEL: 'silent',
    // A short lease, so a heartbeat held up for 2 s is a lapsed lease.
    LEASE_SECONDS: '1.5',
    HEARTBEAT_MS: '100',
  });
  server = await startServer(env, silentLog, { passwordCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
});
afterAll(async () => {
  await server?.stop();
  await tdb?.close();
});

describe('the lease heartbeat', () => {
  it('renews while request queries fill the connection pool, so a lone node keeps its shows', async () => {
    const showId = await insertShow(tdb.db, {
      layout: smallLayout,
      prices: [
        { category: 'premium', price: 4000 },
        { category: 'regular', price: 2000 },
      ],
    });
    const live = server!;
    await live.runtime.seatMap(showId);
    // Every connection of the request pool busy, and more queries queued behind them.
    // (postgres.js sends a query when it is awaited, or at once with execute().)
    const busy = Array.from({ length: 30 }, () => live.database.sql`select pg_sleep(2.5)`.execute());
    try {
      await new Promise((r) => setTimeout(r, 2000));
      // The seat map of a live show is served from memory, once the node knows it still owns it.
      await expect(live.runtime.seatMap(showId)).resolves.toMatchObject({ showId });
    } finally {
      await Promise.allSettled(busy);
    }
  });
});
