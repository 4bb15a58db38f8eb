import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { EMBEDDED_DATABASE, ensureDatabase } from '../../src/db/database-url.js';
import { startEmbeddedPostgres, type EmbeddedLog, type EmbeddedPostgres } from '../../src/db/embedded/index.js';
import { failOver, forgetStandby, makeSynchronous, multiHostUrl, startStandby } from '../../src/db/embedded/standby.js';
import { migrate } from '../../src/db/migrate.js';

export const dataDir = () => process.env.DATA_DIR || './.data-cluster';

export interface ClusterDatabase {
  /** What the nodes connect to: one server, or primary and standby with target_session_attrs=read-write. */
  url: string;
  /** Where each server listens, for people. */
  describe(): string[];
  /** Kills the primary and promotes the standby; resolves with the time that took. null: no standby. */
  failOver: (() => Promise<number>) | null;
  stop(): Promise<void>;
}

/**
 * The one PostgreSQL every node shares: DATABASE_URL, or an embedded server kept in DATA_DIR
 * (default ./.data-cluster, apart from `npm start`'s ./.data), with a synchronous standby in
 * DATA_DIR/standby when asked. Migrated once here, so the nodes start on a ready schema.
 */
export async function startDatabase(
  log: EmbeddedLog,
  dir = dataDir(),
  opts: { standby?: boolean } = {},
): Promise<ClusterDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    if (opts.standby) throw new Error('--standby makes a standby of the embedded PostgreSQL: unset DATABASE_URL');
    await migrate(external);
    return { url: external, describe: () => ['PostgreSQL: DATABASE_URL'], failOver: null, stop: async () => {} };
  }
  const primary = await startEmbeddedPostgres({ dataDir: dir, log });
  let standby: EmbeddedPostgres | null = null;
  try {
    // A run with a standby that ended without cleaning up (killed) must not leave this primary
    // waiting for a standby on every commit, or keeping WAL for one.
    await forgetStandby(primary.url);
    const url = await ensureDatabase(primary.url, EMBEDDED_DATABASE);
    await migrate(url);
    if (!opts.standby) return single(primary, url);
    standby = await startStandby(primary, { primaryDataDir: dir, dataDir: path.join(dir, 'standby'), log });
    await makeSynchronous(primary.url);
    return withStandby(primary, standby);
  } catch (err) {
    await standby?.stop();
    await primary.stop();
    throw err;
  }
}

function single(server: EmbeddedPostgres, url: string): ClusterDatabase {
  return {
    url,
    describe: () => [`PostgreSQL on 127.0.0.1:${server.port} (${server.clusterDir})`],
    failOver: null,
    stop: server.stop,
  };
}

function withStandby(primary: EmbeddedPostgres, standby: EmbeddedPostgres): ClusterDatabase {
  let promoted = false;
  return {
    url: multiHostUrl([primary, standby], EMBEDDED_DATABASE),
    describe: () =>
      promoted
        ? [`PostgreSQL: the promoted standby on 127.0.0.1:${standby.port} alone (the old primary was killed)`]
        : [
            `PostgreSQL primary on 127.0.0.1:${primary.port} (${primary.clusterDir})`,
            `PostgreSQL synchronous standby on 127.0.0.1:${standby.port} (${standby.clusterDir})`,
          ],
    failOver: async () => {
      if (promoted) throw new Error('the standby was promoted already; restart the cluster for a new one');
      const started = performance.now();
      await failOver(primary, standby);
      promoted = true;
      return performance.now() - started;
    },
    async stop() {
      // Before the standby goes: a primary left waiting for it would hang its next commits.
      if (!promoted) await forgetStandby(primary.url);
      await standby.stop();
      await primary.stop();
      if (!promoted) return;
      // The killed primary cannot follow the new timeline (that takes pg_rewind, which the package
      // does not ship): the promoted standby becomes the cluster the next run starts from.
      await rm(primary.clusterDir, { recursive: true, force: true });
      await rename(standby.clusterDir, primary.clusterDir);
    },
  };
}
