import { spawnSync } from 'node:child_process';
import { chmod, cp, lstat, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { binaryPath, type PlatformBinaries } from './platform-binaries.js';
import type { EmbeddedLog, RunAs } from './types.js';

const COMPLETE_MARKER = '.showtime-copy-complete';

/**
 * Returns a native/ folder whose binaries `runAs` can execute. When we are root and the package sits
 * under a folder the postgres user cannot enter (a clone in /root), the folder is copied once to
 * /var/tmp and used from there.
 */
export async function ensureRunnableBinaries(
  binaries: PlatformBinaries,
  runAs: RunAs | null,
  log: EmbeddedLog,
): Promise<string> {
  if (!runAs) return binaries.nativeDir;
  const inPlace = probe(binaries.nativeDir, runAs);
  if (inPlace.ok) return binaries.nativeDir;

  const shared = path.join('/var/tmp', `showtime-pg-${binaries.version}-${os.platform()}-${os.arch()}`);
  if (!(await isTrustedCopy(shared))) {
    log.info(`Copying PostgreSQL binaries to ${shared}: user ${runAs.name} cannot run them in place (${inPlace.reason})`);
    await copyNative(binaries.nativeDir, shared);
  }
  const copied = probe(shared, runAs);
  if (!copied.ok) {
    throw new Error(
      `User ${runAs.name} cannot run PostgreSQL from ${binaries.nativeDir} (${inPlace.reason}) nor from the copy in ` +
        `${shared} (${copied.reason}). Set DATABASE_URL to a PostgreSQL server, or run as a non-root user.`,
    );
  }
  return shared;
}

type Probe = { ok: true } | { ok: false; reason: string };

/** Runs `postgres --version` as the unprivileged user: the only reliable test of reachability. */
function probe(nativeDir: string, runAs: RunAs): Probe {
  const result = spawnSync(binaryPath(nativeDir, 'postgres'), ['--version'], {
    uid: runAs.uid,
    gid: runAs.gid,
    cwd: '/',
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code ?? result.error.message };
  }
  if (result.status !== 0 || !result.stdout.includes('PostgreSQL')) {
    return { ok: false, reason: `exit ${result.status}: ${result.stderr.trim() || result.stdout.trim()}` };
  }
  return { ok: true };
}

// /var/tmp is writable by everyone: only a copy we made ourselves (owned by us, marked complete) is run.
async function isTrustedCopy(dir: string): Promise<boolean> {
  try {
    const [folder, marker] = await Promise.all([lstat(dir), lstat(path.join(dir, COMPLETE_MARKER))]);
    return folder.isDirectory() && folder.uid === process.getuid?.() && marker.uid === folder.uid;
  } catch {
    return false;
  }
}

async function copyNative(source: string, target: string): Promise<void> {
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    await cp(source, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await openUp(staging);
    await writeFile(path.join(staging, COMPLETE_MARKER), new Date().toISOString());
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (err) {
    // A concurrent start may have finished the same copy first; its result is as good as ours.
    if (!(await isTrustedCopy(target))) throw err;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Folders 755 and files world-readable, keeping execute bits, so the postgres user can use them. */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openUp(full);
    else if (entry.isFile()) await chmod(full, ((await lstat(full)).mode & 0o777) | 0o444);
  }
}
