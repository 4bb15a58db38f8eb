import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as applyMigrations } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** ./migrations at the project root, wherever the process was started from. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

// Any constant will do as long as nothing else in the database takes the same advisory lock.
const MIGRATION_LOCK_KEY = 0x5_4a_0e_e7;

/**
 * Applies the pending drizzle-kit migrations. Several processes starting at once serialise on a
 * PostgreSQL advisory lock held by a dedicated connection, so each migration runs exactly once.
 * Given a URL it opens and closes its own connection; given a pool (max >= 2) it borrows one
 * connection from it for the lock.
 */
export async function migrate(target: string | postgres.Sql, opts: { migrationsFolder?: string } = {}): Promise<void> {
  const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
  if (typeof target === 'string') {
    // One connection serves both the lock and the migrations: the lock is per session.
    const sql = postgres(target, { max: 1, onnotice: () => {}, connection: { application_name: 'showtime-migrate' } });
    try {
      await whileLocked(sql, () => applyMigrations(drizzle(sql), { migrationsFolder }));
    } finally {
      await sql.end({ timeout: 5 });
    }
    return;
  }
  if (target.options.max < 2) {
    throw new Error('migrate() needs a pool of at least 2 connections: one holds the lock while another migrates');
  }
  const lockConnection = await target.reserve();
  try {
    await whileLocked(lockConnection, () => applyMigrations(drizzle(target), { migrationsFolder }));
  } finally {
    lockConnection.release();
  }
}

async function whileLocked(lockConnection: postgres.Sql, work: () => Promise<void>): Promise<void> {
  await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
  try {
    await work();
  } finally {
    await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  }
}
