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
