import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * A reserved connection (a show's write lane) or a transaction whose session ends goes back to the
 * pool, which opens a new session on it for other queries. Upstream, a query sent afterwards through
 * the reservation or the transaction still ran on that connection: in someone else's session, out of
 * turn (the db-failover test found a show's commit waiting there for a minute, its show's answers
 * with it). patches/postgres+3.4.9.patch fails such a query instead; these tests fail on the
 * unpatched driver.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

async function endSession(sql: postgres.Sql | postgres.ReservedSql | postgres.TransactionSql): Promise<void> {
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  await tdb.sql`select pg_terminate_backend(${row!.pid})`;
  // Until the driver has seen the session end.
  await sleep(200);
}

async function failureOf(query: Promise<unknown>): Promise<{ code?: string } | 'answered'> {
  return query.then(
    () => 'answered' as const,
    (err: { code?: string }) => err,
  );
}

describe('postgres.js when a reserved or transaction session ends (patched)', () => {
  it("fails a reservation's later query instead of running it in the pool's next session", async () => {
    const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      const reserved = await sql.reserve();
      await endSession(reserved);
      // The pool's only connection serves a new session now.
      const [row] = await sql<{ n: number }[]>`select 1 as n`;
      expect(row!.n).toBe(1);

      expect(await failureOf(reserved`select 2`)).toMatchObject({ code: 'CONNECTION_CLOSED' });
      reserved.release();
      const [after] = await sql<{ n: number }[]>`select 3 as n`;
      expect(after!.n).toBe(3);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it("fails a transaction's query sent after its session ended", async () => {
    const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      let late: { code?: string } | 'answered' | null = null;
      const transaction = sql.begin(async (tx) => {
        await endSession(tx);
        await sql`select 1`;
        late = await failureOf(tx`select 2`);
      });
      await expect(transaction).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
      await expect.poll(() => late).toMatchObject({ code: 'CONNECTION_CLOSED' });
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});
