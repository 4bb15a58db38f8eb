import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { readMigrationFiles } from 'drizzle-orm/migrator';
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
      await whileLocked(sql, async () => {
        await assertKnownHistory(sql, migrationsFolder);
        await applyMigrations(drizzle(sql), { migrationsFolder });
      });
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
    await whileLocked(lockConnection, async () => {
      await assertKnownHistory(target, migrationsFolder);
      await applyMigrations(drizzle(target), { migrationsFolder });
    });
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

/**
 * Refuses a database whose applied migrations are not all in this code's migrations folder: applying
 * ours on top would fail half-way with "relation already exists", which says nothing useful.
 */
async function assertKnownHistory(sql: postgres.Sql, migrationsFolder: string): Promise<void> {
  const [table] = await sql<
    { name: string | null }[]
  >`select to_regclass('drizzle.__drizzle_migrations')::text as name`;
  if (!table?.name) return;
  const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations`;
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.hash));
  const foreign = applied.filter((row) => !known.has(row.hash));
  if (foreign.length > 0) {
    throw new Error(
      `the database was migrated by ${foreign.length} migration${foreign.length === 1 ? '' : 's'} this code does not ` +
        'have (an older or newer ' +
        'version of the project, or a regenerated migration): point DATABASE_URL at the matching database, ' +
        'or start from an empty one (for the embedded PostgreSQL, delete DATA_DIR)',
    );
  }
}
