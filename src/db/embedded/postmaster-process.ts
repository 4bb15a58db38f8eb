import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { binaryPath } from './platform-binaries.js';
import { isAlive, isPostgresProcess, readPostmasterPid } from './postmaster-pid.js';
import type { EmbeddedLog, RunAs } from './types.js';

export interface SpawnPostmasterOptions {
  nativeDir: string;
  clusterDir: string;
  port: number;
  settings: Record<string, string>;
  runAs: RunAs | null;
  log: EmbeddedLog;
  timeoutMs: number;
}

export type SpawnResult =
  | { ok: true; pid: number }
  | { ok: false; reason: 'port_in_use' | 'failed'; message: string };

const POLL_MS = 50;
const TAIL_LINES = 40;

/**
 * Starts a postmaster in its own process group, so Ctrl-C in a terminal reaches only Node, which
 * then stops PostgreSQL after the app. Resolves once it accepts connections. The child is unref'd:
 * PostgreSQL outlives a killed Node process on purpose, and the next start adopts it.
 */
export async function spawnPostmaster(opts: SpawnPostmasterOptions): Promise<SpawnResult> {
  const args = ['-D', opts.clusterDir, '-p', String(opts.port), '-h', '127.0.0.1', '-k', ''];
  for (const [name, value] of Object.entries(opts.settings)) args.push('-c', `${name}=${value}`);

  const child = spawn(binaryPath(opts.nativeDir, 'postgres'), args, {
    cwd: '/',
    detached: true,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
  });
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      opts.log.debug(`postgres: ${line}`);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  let exit: string | null = null;
  let spawnError: Error | null = null;
  child.on('error', (err) => (spawnError = err));
  child.on('exit', (code, signal) => (exit = signal ?? `exit ${code}`));

  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== null || spawnError !== null || child.pid === undefined) {
      // Give the pipes (or the spawn error) a moment to arrive: they say why.
      await sleep(POLL_MS);
      if (spawnError) return { ok: false, reason: 'failed', message: `Could not run postgres: ${(spawnError as Error).message}` };
      const output = tail.join('\n');
      const portInUse = /could not bind|address already in use/i.test(output);
      return {
        ok: false,
        reason: portInUse ? 'port_in_use' : 'failed',
        message: `PostgreSQL stopped during startup (${exit ?? 'no pid'}):\n${output}`,
      };
    }
    const pidFile = await readPostmasterPid(opts.clusterDir).catch(() => null);
    if (pidFile?.pid === child.pid && acceptsConnections(pidFile.status)) {
      child.unref();
      (child.stdout as Socket).unref();
      (child.stderr as Socket).unref();
      return { ok: true, pid: child.pid };
    }
    await sleep(POLL_MS);
  }
  if (child.pid !== undefined) await stopPostmaster(child.pid);
  return {
    ok: false,
    reason: 'failed',
    message: `PostgreSQL did not accept connections within ${opts.timeoutMs} ms:\n${tail.join('\n')}`,
  };
}

/**
 * Waits for a postmaster we did not start (left by a killed owner) to finish starting or
 * recovering. Returns false if it goes away or shuts down instead.
 */
export async function waitForAdoptable(clusterDir: string, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid)) {
    const pidFile = await readPostmasterPid(clusterDir).catch(() => null);
    if (pidFile?.pid !== pid || pidFile.status === 'stopping') return false;
    if (acceptsConnections(pidFile.status)) return true;
    await sleep(POLL_MS);
  }
  return false;
}

/**
 * Fast shutdown (SIGINT: running transactions are rolled back, the data is flushed) and waits until
 * the postmaster has exited; escalates to an immediate shutdown if it hangs.
 */
export async function stopPostmaster(pid: number, timeoutMs = 60_000): Promise<void> {
  if (!isAlive(pid) || !isPostgresProcess(pid)) return;
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, timeoutMs)) return;
  signal(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) return;
  throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
}

/** Waits until the process is gone; false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/** 'standby': a hot standby, which serves read-only sessions while it replays the primary's WAL. */
function acceptsConnections(status: string | undefined): boolean {
  return status === 'ready' || status === 'standby';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
