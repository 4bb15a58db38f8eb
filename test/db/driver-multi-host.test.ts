import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * postgres.js with a multi-host URL (the cluster's primary and standby) lets a connection try the
 * next host when it fails while connecting. Upstream it judged "connecting" by the pool's queue, in
 * which a new connection stays until its first query has answered: a first query whose server died
 * never settled, and the request (or the show's activation) behind it waited forever, the db-failover
 * test's hang. patches/postgres+3.4.9.patch tries the next host only before the first query is
 * sent; these tests fail on the unpatched driver.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

/** The test server listed twice, as the cluster lists primary and standby. */
function multiHostUrl(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username}:${u.password}@${u.host},${u.host}${u.pathname}?target_session_attrs=read-write`;
}

type Settled = { resolved: unknown } | { rejected: { code?: string; message: string } } | 'waiting';

function settle(query: Promise<unknown>): () => Settled {
  let state: Settled = 'waiting';
  query.then(
    (rows) => (state = { resolved: rows }),
    (err: { code?: string; message: string }) => (state = { rejected: err }),
  );
  return () => state;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

/** Ends the session running the query marked `tag` once it runs, as a server dying under it would. */
async function terminateSessionRunning(tag: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const ended = await tdb.sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where state = 'active' and query like ${`%${tag}%`} and pid <> pg_backend_pid()`;
    if (ended.length === 1) return;
    await sleep(20);
  }
  throw new Error(`no session ran ${tag}`);
}

describe('postgres.js on a multi-host URL (patched)', () => {
  it("fails a new connection's first query when the server ends the session under it", async () => {
    const sql = postgres(multiHostUrl(tdb.url), { max: 1, onnotice: () => {} });
    try {
      const first = settle(sql.unsafe('select pg_sleep(5) /* first-query */'));
      await terminateSessionRunning('first-query');
      await until(() => first() !== 'waiting', 3_000);
      expect(first()).toMatchObject({ rejected: { code: 'CONNECTION_CLOSED' } });

      // The pool's next query gets a session of its own, and its own answer.
      const [row] = await sql<{ n: number }[]>`select 42 as n`;
      expect(row!.n).toBe(42);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it("neither answers a lost query with the next session's nor fails the next with the lost error", async () => {
    const sql = postgres(multiHostUrl(tdb.url), { max: 1, onnotice: () => {} });
    try {
      const lost = settle(sql.unsafe('select pg_sleep(5) /* lost-query */'));
      await terminateSessionRunning('lost-query');
      // Upstream, the next session's first ReadyForQuery answered the lost query with no rows, as
      // though it had run, and the lost session's error failed the query that opened the next.
      const [row] = await sql<{ n: number }[]>`select 1 as n`;
      expect(row!.n).toBe(1);
      expect(lost()).toMatchObject({ rejected: { code: 'CONNECTION_CLOSED' } });
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});
