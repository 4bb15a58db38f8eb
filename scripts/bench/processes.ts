import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { PROJECT_ROOT } from './config.js';

const children = new Set<ChildProcess>();

/**
 * Starts a Node process with tsx from `cwd` (a checkout: its own tsx and node_modules resolve from
 * there); BENCH_NODE_ARGS adds flags such as --cpu-prof. Killed when the bench exits, whatever happens.
 */
export function startChild(
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string; nodeArgs?: string[]; captureStdout?: boolean } = {},
): ChildProcess {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...(opts.nodeArgs ?? []), '--import', 'tsx', ...args], {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', opts.captureStdout ? 'pipe' : 'ignore', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function killChildren(): void {
  for (const c of children) c.kill('SIGKILL');
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server for ${url} exited with ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/healthz`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** "main@46a81f0+" for a checkout: folder, commit, and + when its src/ has uncommitted changes. */
export function describeCheckout(dir: string): string {
  try {
    const sha = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return `${basename(dir)}@${sha}${dirty ? '+' : ''}`;
  } catch {
    return basename(dir);
  }
}
