import { chmod, chown, copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import type { RunAs } from './types.js';

export interface BaseBackupOptions {
  /** Superuser URL of the running cluster. */
  url: string;
  /** The running cluster's data directory, read while it serves. */
  clusterDir: string;
  /** An empty or missing folder that receives the copy. */
  targetDir: string;
  label: string;
  /** Gives the copy to PostgreSQL's unprivileged user when we are root. */
  runAs: RunAs | null;
}

export interface BaseBackup {
  startLsn: string;
  stopLsn: string;
  /** WAL segment files copied with the data (those from the start checkpoint on). */
  walSegments: number;
}

/**
 * What pg_basebackup leaves out: files the server rebuilds or that only mean something to the
 * running instance (its pid, shared memory, temporary and statistics files, replication slots).
 */
const SKIPPED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'pg_internal.init',
]);
const EMPTIED_DIRS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/**
 * An online, consistent copy of a running cluster with the binaries the npm package ships (no
 * pg_basebackup): PostgreSQL's low-level backup API on one session. pg_backup_start forces full-page
 * writes and checkpoints; the data files are copied while the server keeps writing (torn or stale
 * pages are repaired by replaying WAL); pg_backup_stop returns the backup_label that tells recovery
 * where to begin; then the WAL from that checkpoint through the stop point is copied too, so the
 * copy starts on its own and recovers to a moment after pg_backup_stop. A temporary replication
 * slot on the same session keeps the server from recycling that WAL while the files are copied.
 */
export async function takeBaseBackup(opts: BaseBackupOptions): Promise<BaseBackup> {
  await mkdir(opts.targetDir, { recursive: true, mode: 0o700 });
  const sql = postgres(opts.url, { max: 1, onnotice: () => {} });
  try {
    const session = await sql.reserve();
    try {
      await session`select pg_create_physical_replication_slot(${`showtime_backup_${process.pid}`}, true, true)`;
      const [start] = await session<{ lsn: string }[]>`select pg_backup_start(${opts.label}, true)::text as lsn`;
      await copyTree(opts.clusterDir, opts.targetDir, true);
      const [stop] = await session<{ lsn: string; labelfile: string; spcmapfile: string | null }[]>`
        select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)`;
      await writeFile(path.join(opts.targetDir, 'backup_label'), stop!.labelfile, { mode: 0o600 });
      if (stop!.spcmapfile)
        await writeFile(path.join(opts.targetDir, 'tablespace_map'), stop!.spcmapfile, { mode: 0o600 });
      const walSegments = await copyWal(opts.clusterDir, opts.targetDir, firstSegment(stop!.labelfile));
      if (opts.runAs) await handOver(opts.targetDir, opts.runAs);
      return { startLsn: start!.lsn, stopLsn: stop!.lsn, walSegments };
    } finally {
      // Ending the session drops the temporary slot; a backup left started is aborted with it.
      session.release();
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The WAL file holding the backup's start checkpoint, from the label's `START WAL LOCATION` line. */
function firstSegment(labelfile: string): string {
  const match = /^START WAL LOCATION: .* \(file ([0-9A-F]{24})\)$/m.exec(labelfile);
  if (!match) throw new Error(`pg_backup_stop returned a backup label without a start WAL file:\n${labelfile}`);
  return match[1]!;
}

/**
 * Segments from the start one on (by log and segment number, whatever the timeline), and every
 * timeline history file, which recovery needs once a standby has been promoted.
 */
async function copyWal(clusterDir: string, targetDir: string, first: string): Promise<number> {
  const source = path.join(clusterDir, 'pg_wal');
  const target = path.join(targetDir, 'pg_wal');
  let copied = 0;
  for (const name of await readdir(source)) {
    const needed = (WAL_SEGMENT.test(name) && name.slice(8) >= first.slice(8)) || name.endsWith('.history');
    if (!needed) continue;
    if (await copyIfPresent(path.join(source, name), path.join(target, name))) copied++;
  }
  return copied;
}

/** Copies a data directory as it changes: files that vanish mid-copy (a dropped table) are skipped. */
async function copyTree(source: string, target: string, top: boolean): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o700 });
  let entries;
  try {
    entries = await readdir(source, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED_DIRS.has(entry.name)) {
        await mkdir(to, { mode: 0o700 });
        if (entry.name === 'pg_wal') await mkdir(path.join(to, 'archive_status'), { mode: 0o700 });
      } else if (entry.name !== 'pgsql_tmp') {
        await copyTree(from, to, false);
      }
    } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name) && !entry.name.startsWith('pgsql_tmp')) {
      await copyIfPresent(from, to);
    }
  }
}

async function copyIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * A cluster copied from a backup is flushed to disk file by file before recovery begins (seconds
 * here); Linux's syncfs does it in one call per file system, which is as durable.
 */
export function fastRecoverySync(): Record<string, string> {
  return process.platform === 'linux' ? { recovery_init_sync_method: 'syncfs' } : {};
}

/** PostgreSQL starts only on a data directory that its user owns and nobody else may enter. */
export async function handOver(dir: string, runAs: RunAs): Promise<void> {
  await chown(dir, runAs.uid, runAs.gid);
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await handOver(full, runAs);
    else {
      await chown(full, runAs.uid, runAs.gid);
      await chmod(full, 0o600);
    }
  }
}
