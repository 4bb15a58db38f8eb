import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteLanes, type WriteLanes } from '../../../src/db/show-storage/write-lanes.js';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';

// A full collection on demand, to see what the lanes still hold after their writes have answered.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('write lanes', () => {
  let tdb: TestDatabase;
  let lanes: WriteLanes;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    lanes = createWriteLanes(tdb.sql, 1);
  });
  afterAll(async () => {
    lanes?.close();
    await tdb?.close();
  });

  it('keep nothing of a write once it has answered', async () => {
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i++) {
      refs.push(
        new WeakRef(
          await lanes.run('show-1', async (sql) => {
            await sql`select 1`;
            return { answer: new Array(1000).fill(i) };
          }),
        ),
      );
    }
    // The soak found a lane holding every write's result: each one raced a promise that lived as
    // long as the lane, and each race left a reaction on it.
    for (let i = 0; i < 3 && refs.some((r) => r.deref()); i++) {
      await new Promise((r) => setTimeout(r, 10));
      gc();
    }
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  it('fail every write in flight when the connection is lost, and the next write gets a fresh one', async () => {
    // A client of its own: the write queued behind the lost one stays pending inside postgres.js,
    // which would hold the shared client's end() for its whole timeout.
    const own = postgres(tdb.url, { max: 2, onnotice: () => {} });
    const ownLanes = createWriteLanes(own, 1);
    try {
      const pidOf = () =>
        ownLanes.run('show-1', async (sql) => (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid);
      const before = await pidOf();
      const started = performance.now();
      const slow = ownLanes.run('show-1', (sql) => sql`select pg_sleep(10)`);
      const behind = ownLanes.run('show-1', (sql) => sql`select 2`);
      await new Promise((r) => setTimeout(r, 200));
      await tdb.sql`select pg_terminate_backend(${before})`;
      await expect(slow).rejects.toThrow();
      await expect(behind).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(5000);
      expect(await pidOf()).not.toBe(before);
    } finally {
      ownLanes.close();
      await own.end({ timeout: 0 });
    }
  });
});
