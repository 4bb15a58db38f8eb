import { chmod, cp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { fastRecoverySync, handOver, takeBaseBackup } from './base-backup.js';
import { isCluster } from './cluster-location.js';
import { credentialsPath, readCredentials, writeCredentials } from './credentials.js';
import { clusterPlace, startEmbeddedPostgres } from './embedded-postgres.js';
import { isAlive, isPostgresProcess, readPostmasterPid } from './postmaster-pid.js';
import type { EmbeddedLog } from './types.js';

/** `<backup>/backup.json`, written last: a folder without it is not a finished backup. */
export interface BackupManifest {
  format: 1;
  takenAt: string;
  /** WAL positions of pg_backup_start and pg_backup_stop: the restored server recovers past the second. */
  startLsn: string;
  stopLsn: string;
  walSegments: number;
}

const MANIFEST = 'backup.json';
const CLUSTER = 'pg';

/**
 * A consistent copy of the embedded cluster of `dataDir`, taken while it serves: the running
 * postmaster is used as it is (or started for the copy and stopped after). The backup holds the
 * whole cluster (every database, the roles) with the WAL that makes it consistent, and the
 * superuser's password file, since the restored cluster keeps its roles and passwords.
 */
export async function backupEmbedded(opts: {
  dataDir: string;
  targetDir: string;
  log: EmbeddedLog;
}): Promise<BackupManifest> {
  const targetDir = path.resolve(opts.targetDir);
  if ((await readdir(targetDir).catch(() => [])).length > 0) {
    throw new Error(`${targetDir} is not empty: give a new folder for the backup`);
  }
  const server = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log });
  try {
    const credentials = await readCredentials(path.resolve(opts.dataDir));
    if (!credentials) throw new Error(`No ${credentialsPath(opts.dataDir)} beside the cluster`);
    const takenAt = new Date().toISOString();
    const copy = await takeBaseBackup({
      url: server.url,
      clusterDir: server.clusterDir,
      targetDir: path.join(targetDir, CLUSTER),
      label: `showtime backup ${takenAt}`,
      runAs: null,
    });
    await writeCredentials(targetDir, credentials);
    const manifest: BackupManifest = { format: 1, takenAt, ...copy };
    await writeFile(path.join(targetDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    if (!server.adopted) await server.stop();
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  clusterDir: string;
  /** Where the cluster that was replaced went, if there was one. */
  setAside: string | null;
}

/**
 * Puts a backup in place as the embedded cluster of `dataDir` and starts it once, so PostgreSQL
 * replays the backup's WAL now and the next start is an ordinary one. The server must be stopped;
 * a cluster already there is renamed aside, not deleted.
 */
export async function restoreEmbedded(opts: {
  backupDir: string;
  dataDir: string;
  log: EmbeddedLog;
}): Promise<RestoreResult> {
  const backupDir = path.resolve(opts.backupDir);
  const dataDir = path.resolve(opts.dataDir);
  const manifest = await readManifest(backupDir);
  const credentials = await readCredentials(backupDir);
  if (!credentials) throw new Error(`${backupDir} has no pg-credentials.json: it is not a complete backup`);

  const place = await clusterPlace(dataDir, opts.log);
  const running = await readPostmasterPid(place.clusterDir).catch(() => null);
  if (running && isAlive(running.pid) && isPostgresProcess(running.pid)) {
    throw new Error(`PostgreSQL (pid ${running.pid}) is running on ${place.clusterDir}: stop the server first`);
  }
  let setAside: string | null = null;
  if (await isCluster(place.clusterDir)) {
    const suffix = `.before-restore-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
    setAside = `${place.clusterDir}${suffix}`;
    opts.log.info(`Moving the current cluster aside to ${setAside}`);
    await rename(place.clusterDir, setAside);
    // Its password goes with it: the restored cluster has the backup's.
    await cp(credentialsPath(dataDir), `${credentialsPath(dataDir)}${suffix}`).catch(() => {});
  }
  const staging = `${place.clusterDir}.restoring`;
  await rm(staging, { recursive: true, force: true });
  await cp(path.join(backupDir, CLUSTER), staging, { recursive: true });
  if (place.runAs) await handOver(staging, place.runAs);
  else await chmod(staging, 0o700);
  await writeCredentials(dataDir, credentials);
  await rename(staging, place.clusterDir);

  const server = await startEmbeddedPostgres({ dataDir, log: opts.log, settings: fastRecoverySync() });
  try {
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      await sql`select count(*) from pg_database`;
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await server.stop();
  }
  return { manifest, clusterDir: place.clusterDir, setAside };
}

async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(backupDir, MANIFEST), 'utf8');
  } catch {
    throw new Error(`${backupDir} has no ${MANIFEST}: it is not a finished backup made by npm run backup`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 1) throw new Error(`${backupDir}: unknown backup format ${String(manifest.format)}`);
  await stat(path.join(backupDir, CLUSTER, 'backup_label'));
  return manifest;
}
