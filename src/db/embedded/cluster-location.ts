import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { recordSource, sweepOrphanClusters } from './orphan-clusters.js';
import type { EmbeddedLog, RunAs } from './types.js';

const RELOCATION_ROOT = '/var/tmp';

/** True when the folder holds an initialised cluster (initdb writes PG_VERSION). */
export async function isCluster(dir: string): Promise<boolean> {
  try {
    await access(path.join(dir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Picks the folder for the cluster: `<dataDir>/pg`, or, when we are root and the postgres user
 * cannot enter dataDir (a clone under /root), a folder of its own in /var/tmp named after dataDir,
 * so later starts from the same dataDir find it again.
 */
export async function locateCluster(dataDir: string, runAs: RunAs | null, log: EmbeddedLog): Promise<string> {
  const inPlace = path.join(dataDir, 'pg');
  if (!runAs) {
    await mkdir(dataDir, { recursive: true });
    return inPlace;
  }
  // Before creating dataDir: a cluster left from an earlier dataDir at the same path goes too.
  await sweepOrphanClusters(RELOCATION_ROOT, runAs, log);
  await mkdir(dataDir, { recursive: true });

  const reachable = canEnter(dataDir, runAs);
  if (await isCluster(inPlace)) {
    if (reachable) return inPlace;
    throw new Error(
      `The PostgreSQL cluster in ${inPlace} is out of reach of user ${runAs.name}: a parent folder of ${dataDir} ` +
        `is closed to other users. Open the parent folders (chmod o+x), point DATA_DIR elsewhere, or set DATABASE_URL.`,
    );
  }
  const relocated = relocatedClusterDir(dataDir);
  await checkOwner(relocated, runAs);
  if (!reachable || (await isCluster(relocated))) {
    log.info(
      `PostgreSQL data for ${dataDir} is kept in ${relocated}: user ${runAs.name} (PostgreSQL refuses to run as ` +
        `root) cannot enter ${dataDir}, which or whose parent folder is closed to other users`,
    );
    await recordSource(relocated, dataDir);
    return relocated;
  }
  return inPlace;
}

export function relocatedClusterDir(dataDir: string): string {
  const digest = createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(RELOCATION_ROOT, `showtime-pgdata-${digest}`);
}

/** Asks the kernel rather than reading modes, so ACLs and odd mounts are judged right. */
function canEnter(dir: string, runAs: RunAs): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], {
    uid: runAs.uid,
    gid: runAs.gid,
    cwd: '/',
    stdio: 'ignore',
    timeout: 10_000,
  });
  return !result.error && result.status === 0;
}

// /var/tmp is writable by everyone: never run a cluster someone else prepared there.
async function checkOwner(dir: string, runAs: RunAs): Promise<void> {
  const info = await lstat(dir).catch(() => null);
  if (info && (!info.isDirectory() || info.uid !== runAs.uid)) {
    throw new Error(
      `${dir} exists but is not a folder owned by ${runAs.name}; remove it, point DATA_DIR elsewhere, or set DATABASE_URL.`,
    );
  }
}
