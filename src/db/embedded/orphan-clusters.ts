import { lstat, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, isPostgresProcess, readPostmasterPid } from './postmaster-pid.js';
import type { EmbeddedLog, RunAs } from './types.js';

const RELOCATED = /^showtime-pgdata-[0-9a-f]{12}$/;

/** Records which data dir a cluster kept in /var/tmp belongs to, so it can be swept once that dir is gone. */
export async function recordSource(clusterDir: string, dataDir: string): Promise<void> {
  // Exclusive create after removal: never write through a link someone planted in /var/tmp.
  await rm(sourceFile(clusterDir), { force: true });
  await writeFile(sourceFile(clusterDir), `${dataDir}\n`, { mode: 0o644, flag: 'wx' });
}

/**
 * Removes clusters kept in /var/tmp whose data dir no longer exists: its pg-credentials.json went
 * with it, so nothing can log in to them any more, and temp data dirs (tests, benchmarks) would
 * otherwise leave one behind per run. A cluster with a running postmaster is never touched.
 */
export async function sweepOrphanClusters(root: string, runAs: RunAs, log: EmbeddedLog): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!RELOCATED.test(name)) continue;
    const clusterDir = path.join(root, name);
    const dataDir = await readSource(clusterDir);
    if (dataDir === null || (await exists(dataDir))) continue;
    const folder = await lstat(clusterDir).catch(() => null);
    if (!folder?.isDirectory() || folder.uid !== runAs.uid) continue;
    const pidFile = await readPostmasterPid(clusterDir).catch(() => null);
    if (pidFile && isAlive(pidFile.pid) && isPostgresProcess(pidFile.pid)) continue;
    log.info(`Removing ${clusterDir}: the PostgreSQL data of ${dataDir}, which no longer exists`);
    await rm(clusterDir, { recursive: true, force: true });
    await rm(`${clusterDir}.init`, { recursive: true, force: true });
    await rm(sourceFile(clusterDir), { force: true });
  }
}

function sourceFile(clusterDir: string): string {
  return `${clusterDir}.source`;
}

// Only a record we wrote ourselves counts: anyone can create files in /var/tmp.
async function readSource(clusterDir: string): Promise<string | null> {
  try {
    const file = sourceFile(clusterDir);
    if ((await lstat(file)).uid !== process.getuid?.()) return null;
    const dataDir = (await readFile(file, 'utf8')).trim();
    return path.isAbsolute(dataDir) ? dataDir : null;
  } catch {
    return null;
  }
}

async function exists(dir: string): Promise<boolean> {
  try {
    await stat(dir);
    return true;
  } catch (err) {
    // Only a definite "not there" counts; an unreadable or unmounted path is left alone.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
