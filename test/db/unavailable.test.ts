import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql as raw } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/** Real errors from a real PostgreSQL and a real driver, not hand-made objects. */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the work to fail');
}

describe('isDatabaseUnavailable', () => {
  it('is true when nothing listens where the database should be', async () => {
    const port = await findFreePort();
    const gone = openDatabase(`postgres://nobody:secret@127.0.0.1:${port}/nothing`, { max: 1 });
    try {
      const err = await errorOf(() => gone.db.execute(raw`select 1`));
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await gone.close();
    }
  });

  it('is true when the server ends the session (an administrator or a shutdown)', async () => {
    const victim = openDatabase(tdb.url, { max: 1 });
    try {
      const [row] = await victim.sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const pid = row!.pid;
      const sleeping = errorOf(() => victim.sql`select pg_sleep(2)`);
      await new Promise((r) => setTimeout(r, 200));
      await tdb.sql`select pg_terminate_backend(${pid})`;
      expect(isDatabaseUnavailable(await sleeping)).toBe(true);
    } finally {
      // The pool would wait out its 5 s grace for the killed session's query to finish.
      await victim.sql.end({ timeout: 0 });
    }
  });

  it('is false for a mistake in the query itself, also when drizzle wraps it', async () => {
    const syntax = await errorOf(() => tdb.sql`select from where`);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const wrapped = await errorOf(() => tdb.db.execute(raw`select 1 / 0`));
    expect(isDatabaseUnavailable(wrapped)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
