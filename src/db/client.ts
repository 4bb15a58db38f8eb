import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/** Drizzle over postgres.js; `$client` is the raw pool, for the pipelined journal writes. */
export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction or the database itself: queries take this so the caller owns the transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Opens a pooled connection; the caller closes it. */
export function openDatabase(url: string, opts: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // The default 30 s would hold requests that long when the database host is unreachable; they
    // should fail fast with 503 and be retried.
    connect_timeout: 5,
    // A query waits for a connection while the pool reconnects, one attempt per queued query, and
    // postgres.js waits up to 20 s between attempts once a few have failed: while the database is
    // down every request would hang that long. Short, bounded waits let them fail fast (503) and let
    // the node serve again within half a second of PostgreSQL coming back.
    backoff: (retries: number) => Math.min(0.02 * 2 ** retries, 0.5),
    connection: {
      application_name: 'showtime',
      // A node frozen in the middle of a write would keep the show's owner row locked, and the node
      // taking the show over would wait for it; PostgreSQL ends such a session, so failover does not.
      idle_in_transaction_session_timeout: 10_000,
    },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
