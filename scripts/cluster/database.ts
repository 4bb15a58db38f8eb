import { ensureDatabaseUrl, type DatabaseLocation } from '../../src/db/database-url.js';
import type { EmbeddedLog } from '../../src/db/embedded/index.js';
import { migrate } from '../../src/db/migrate.js';

export const dataDir = () => process.env.DATA_DIR || './.data-cluster';

/**
 * The one PostgreSQL every node shares: DATABASE_URL, or an embedded server kept in DATA_DIR
 * (default ./.data-cluster, apart from `npm start`'s ./.data). Migrated once here, so the nodes
 * start on a ready schema.
 */
export async function startDatabase(log: EmbeddedLog, dir = dataDir()): Promise<DatabaseLocation> {
  const pg = await ensureDatabaseUrl({ DATABASE_URL: process.env.DATABASE_URL || undefined, DATA_DIR: dir }, log);
  try {
    await migrate(pg.url);
    return pg;
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
