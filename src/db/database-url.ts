import postgres from 'postgres';
import type { Env } from '../config/env.js';
import { startEmbeddedPostgres, type EmbeddedLog } from './embedded/index.js';

export interface DatabaseLocation {
  url: string;
  /** True when the URL points at the embedded PostgreSQL this process started or adopted. */
  embedded: boolean;
  /** Stops the embedded PostgreSQL; a no-op for an external DATABASE_URL. Call it after the app closed its pools. */
  stop(): Promise<void>;
}

/** The application's database inside the embedded cluster (beside `postgres`). */
export const EMBEDDED_DATABASE = 'showtime';

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL kept in DATA_DIR, with a `showtime`
 * database created on first use. Migrations are the caller's next step (see migrate.ts).
 */
export async function ensureDatabaseUrl(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>,
  log: EmbeddedLog,
): Promise<DatabaseLocation> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log });
  try {
    const url = await ensureDatabase(server.url, EMBEDDED_DATABASE);
    return { url, embedded: true, stop: server.stop };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Creates the database if missing and returns its URL (same server and credentials as adminUrl). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await sql`select 1 as found from pg_database where datname = ${name}`;
    if (!found) {
      await sql.unsafe(`create database ${quoteIdentifier(name)}`).catch((err: unknown) => {
        // Another process created it in the meantime: 42P04, or 23505 when both raced on the catalog.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      });
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
