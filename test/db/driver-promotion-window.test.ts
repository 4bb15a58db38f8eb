import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * Between a primary's death and its standby's promotion no listed host takes writes: the primary's
 * port refuses, the standby answers read-only. postgres.js 3.4.9 never counted the hosts a new
 * connection had tried (porsager/postgres#1174), so it went round the list for as long as that
 * lasted, and every query waiting for a connection waited with it: connect_timeout bounds one
 * attempt that hangs, not a round of attempts each refused at once. patches/postgres+3.4.9.patch
 * makes a connection try each host once per query that opens it, then fail that query, which the
 * HTTP layer answers with 503 and Retry-After. These tests fail (time out) on the unpatched driver.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** The test server's URL with `hosts` (host:port) in its place, as the cluster names primary and standby. */
function urlWithHosts(hosts: string[]): string {
  const u = new URL(tdb.url);
  return `postgres://${u.username}:${u.password}@${hosts.join(',')}${u.pathname}?target_session_attrs=read-write`;
}

/** A port nothing listens on: a primary that was killed. */
async function deadHost(): Promise<string> {
  return `127.0.0.1:${await findFreePort()}`;
}

function liveHost(): string {
  return new URL(tdb.url).host;
}

/** New sessions of the test database come up read-only, as on a standby not yet promoted. */
async function actAsStandby(on: boolean): Promise<void> {
  await tdb.sql.unsafe(
    on
      ? `alter database ${tdb.name} set default_transaction_read_only = on`
      : `alter database ${tdb.name} reset default_transaction_read_only`,
  );
}

type Settled = { ok: true } | { ok: false; err: unknown } | 'waiting';

function settle(query: Promise<unknown>): () => Settled {
  let state: Settled = 'waiting';
  query.then(
    () => (state = { ok: true }),
    (err: unknown) => (state = { ok: false, err }),
  );
  return () => state;
}

/** Waits for the query to settle, for far longer than it should take; a hang reads as 'waiting'. */
async function settledWithin(state: () => Settled, ms: number): Promise<Settled> {
  const deadline = Date.now() + ms;
  while (state() === 'waiting' && Date.now() < deadline) await sleep(20);
  return state();
}

function codeOf(s: Settled): unknown {
  return typeof s === 'object' && !s.ok ? (s.err as { code?: unknown }).code : s;
}

describe('postgres.js between a primary’s death and the promotion (patched)', () => {
  it('fails a query once every host was tried, with an error the server answers 503 for', async () => {
    await actAsStandby(true);
    const sql = postgres(urlWithHosts([await deadHost(), liveHost()]), {
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
    });
    try {
      const started = Date.now();
      const state = await settledWithin(settle(sql`select 1`), 15_000);
      expect(state).toMatchObject({ ok: false });
      if (typeof state !== 'object' || state.ok) return;
      expect(isDatabaseUnavailable(state.err)).toBe(true);
      // Well inside a client's patience and the forwarder's 20 s (it takes milliseconds when idle).
      expect(Date.now() - started).toBeLessThan(10_000);

      // The standby is promoted: the same pool's next query finds it, with no restart.
      await actAsStandby(false);
      const [row] = await sql<{ n: number }[]>`select 7 as n`;
      expect(row!.n).toBe(7);
    } finally {
      await actAsStandby(false);
      await sql.end({ timeout: 0 });
    }
  });

  it('fails a query when every host refuses, instead of going round them for ever', async () => {
    const sql = postgres(urlWithHosts([await deadHost(), await deadHost()]), {
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
    });
    try {
      const state = await settledWithin(settle(sql`select 1`), 15_000);
      expect(codeOf(state)).toBe('ECONNREFUSED');
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it('still moves past a dead first host to one that takes writes', async () => {
    const sql = postgres(urlWithHosts([await deadHost(), liveHost()]), { max: 2, onnotice: () => {} });
    try {
      const rows = await Promise.all([1, 2, 3].map((n) => sql<{ n: number }[]>`select ${n}::int as n`));
      expect(rows.map(([r]) => r!.n)).toEqual([1, 2, 3]);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});
