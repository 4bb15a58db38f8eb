import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What a running postmaster writes to `<cluster>/postmaster.pid` (see PostgreSQL's pidfile.h). */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number;
  /** 'starting', 'stopping', 'ready' or 'standby'; missing while the file is being written. */
  status: string | undefined;
}

export function postmasterPidPath(clusterDir: string): string {
  return path.join(clusterDir, 'postmaster.pid');
}

export async function readPostmasterPid(clusterDir: string): Promise<PostmasterPid | null> {
  let text: string;
  try {
    text = await readFile(postmasterPidPath(clusterDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: lines[1] ?? '', port, status: lines[7]?.trim() || undefined };
}

/**
 * Whether the process exists. A zombie counts as gone: the postmaster of a SIGKILLed owner is
 * reparented, and nobody may reap it promptly once it exits.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(pid) !== 'Z';
}

/** Whether the pid belongs to a postgres binary, so a recycled pid is never adopted or signalled. */
export function isPostgresProcess(pid: number): boolean {
  const comm = processName(pid);
  return comm === 'postgres' || comm?.endsWith('/postgres') === true;
}

function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // No procfs (macOS): ask ps.
    const result = spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : null;
  }
}

function processState(pid: number): string | null {
  try {
    // The state follows the parenthesised command name, which may itself contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    const result = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim().slice(0, 1) : null;
  }
}
