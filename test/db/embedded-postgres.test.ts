import { spawn, spawnSync } from 'node:child_process';
import { access, chmod, cp, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relocatedClusterDir } from '../../src/db/embedded/cluster-location.js';
import { startEmbeddedPostgres, type EmbeddedLog } from '../../src/db/embedded/index.js';
import { sweepOrphanClusters } from '../../src/db/embedded/orphan-clusters.js';
import { locatePlatformBinaries } from '../../src/db/embedded/platform-binaries.js';
import { resolveRunAs } from '../../src/db/embedded/postgres-user.js';
import { isAlive, postmasterPidPath, readPostmasterPid } from '../../src/db/embedded/postmaster-pid.js';
import { stopPostmaster } from '../../src/db/embedded/postmaster-process.js';
import { ensureRunnableBinaries } from '../../src/db/embedded/runnable-binaries.js';
import { silentLog } from '../../src/db/embedded/types.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/start-embedded.ts', import.meta.url));
const isRoot = process.getuid?.() === 0;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A temp data dir the postgres user can enter (mkdtemp makes it 0700). */
async function openDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'showtime-embedded-test-'));
  await chmod(dir, 0o755);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Stops whatever postmaster still runs on the cluster, so a failed test leaves no server behind. */
function stopLeftovers(clusterDir: string): void {
  cleanups.push(async () => {
    const pidFile = await readPostmasterPid(clusterDir).catch(() => null);
    if (pidFile) await stopPostmaster(pidFile.pid);
  });
}

async function query<T extends object>(url: string, run: (sql: postgres.Sql) => Promise<T[]>): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function recordingLog(): EmbeddedLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(m), warn: (m) => lines.push(m) };
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  let clusterDir: string;

  beforeAll(async () => {
    dataDir = await openDataDir();
    clusterDir = path.join(dataDir, 'pg');
    stopLeftovers(clusterDir);
  });

  it('adopts the postmaster left running by an owner killed with SIGKILL, keeping its data', async () => {
    const child = spawn('npx', ['tsx', fixture, dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let childErr = '';
    child.stderr.on('data', (chunk: Buffer) => (childErr += chunk.toString()));
    const childExit = new Promise((resolve) => child.on('exit', resolve));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.on('exit', () => reject(new Error(`fixture exited early: ${childErr}`)));
    });
    const owner = JSON.parse(firstLine) as { url: string; pid: number };

    await query(owner.url, async (sql) => {
      await sql`create table survivor (note text)`;
      return sql`insert into survivor values ('written before the crash')`;
    });
    process.kill(owner.pid, 'SIGKILL');
    await childExit;

    const orphan = await readPostmasterPid(clusterDir);
    expect(orphan && isAlive(orphan.pid)).toBe(true);

    const adopted = await startEmbeddedPostgres({ dataDir, durable: false });
    expect(adopted.adopted).toBe(true);
    expect(adopted.url).toBe(owner.url);
    expect(await query(adopted.url, (sql) => sql`select note from survivor`)).toEqual([
      { note: 'written before the crash' },
    ]);

    await adopted.stop();
    expect(isAlive(orphan!.pid)).toBe(false);

    const restarted = await startEmbeddedPostgres({ dataDir, durable: false });
    try {
      expect(restarted.adopted).toBe(false);
      expect(await query(restarted.url, (sql) => sql`select note from survivor`)).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  }, 90_000);

  it('removes a postmaster.pid whose pid is alive but not PostgreSQL, then starts', async () => {
    await writeFile(postmasterPidPath(clusterDir), `${process.pid}\n${clusterDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
    const pg = await startEmbeddedPostgres({ dataDir, durable: false });
    try {
      expect(pg.adopted).toBe(false);
      expect(await query(pg.url, (sql) => sql`select note from survivor`)).toHaveLength(1);
    } finally {
      await pg.stop();
    }
  });

  it('removes a postmaster.pid whose pid is dead, then starts', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    expect(isAlive(deadPid)).toBe(false);
    await writeFile(postmasterPidPath(clusterDir), `${deadPid}\n${clusterDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
    const pg = await startEmbeddedPostgres({ dataDir, durable: false });
    try {
      expect(pg.adopted).toBe(false);
      expect(await query(pg.url, (sql) => sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await pg.stop();
    }
  });

  it('keeps the random password in pg-credentials.json, readable by its owner only', async () => {
    const file = path.join(dataDir, 'pg-credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const pg = await startEmbeddedPostgres({ dataDir, durable: false });
    try {
      const wrong = new URL(pg.url);
      wrong.password = 'not-the-password';
      await expect(query(wrong.toString(), (sql) => sql`select 1`)).rejects.toThrow(/password authentication failed/);
    } finally {
      await pg.stop();
    }
  });

  it('surfaces why PostgreSQL failed to start', async () => {
    await expect(
      startEmbeddedPostgres({ dataDir, durable: false, settings: { shared_buffers: 'plenty' } }),
    ).rejects.toThrow(/Could not start the embedded PostgreSQL[\s\S]*shared_buffers/);
    expect(await readPostmasterPid(clusterDir)).toBeNull();
  });

  it('refuses a cluster whose password file is gone, saying what to do', async () => {
    const file = path.join(dataDir, 'pg-credentials.json');
    await rename(file, `${file}.away`);
    try {
      await expect(startEmbeddedPostgres({ dataDir, durable: false })).rejects.toThrow(/password is unknown/);
    } finally {
      await rename(`${file}.away`, file);
    }
  });

  it.runIf(isRoot)('keeps the cluster in /var/tmp when the postgres user cannot enter the data dir', async () => {
    const closed = await mkdtemp(path.join(os.tmpdir(), 'showtime-closed-'));
    const relocated = relocatedClusterDir(closed);
    cleanups.push(() => rm(closed, { recursive: true, force: true }));
    cleanups.push(() => rm(relocated, { recursive: true, force: true }));
    stopLeftovers(relocated);

    const log = recordingLog();
    const pg = await startEmbeddedPostgres({ dataDir: closed, durable: false, log });
    try {
      expect(pg.clusterDir).toBe(relocated);
      expect(log.lines.some((line) => line.includes(relocated) && line.includes('cannot enter'))).toBe(true);
      expect(await query(pg.url, (sql) => sql`select 1 as one`)).toEqual([{ one: 1 }]);
      await expect(access(path.join(closed, 'pg'))).rejects.toThrow();

      // Once its data dir is gone the cluster is swept, but never while it runs.
      await rm(closed, { recursive: true, force: true });
      await sweepOrphanClusters('/var/tmp', resolveRunAs(silentLog)!, silentLog);
      await access(relocated);
    } finally {
      await pg.stop();
    }
    await sweepOrphanClusters('/var/tmp', resolveRunAs(silentLog)!, silentLog);
    await expect(access(relocated)).rejects.toThrow();
  });

  it.runIf(isRoot)('copies the binaries to /var/tmp when the postgres user cannot run them in place', async () => {
    const real = await locatePlatformBinaries();
    const closed = await mkdtemp(path.join(os.tmpdir(), 'showtime-closed-bin-'));
    cleanups.push(() => rm(closed, { recursive: true, force: true }));
    const nativeDir = path.join(closed, 'native');
    await cp(real.nativeDir, nativeDir, { recursive: true, verbatimSymlinks: true });
    const version = `test-${process.pid}-${Date.now()}`;
    const shared = path.join('/var/tmp', `showtime-pg-${version}-${os.platform()}-${os.arch()}`);
    cleanups.push(() => rm(shared, { recursive: true, force: true }));

    const runAs = resolveRunAs(silentLog)!;
    const log = recordingLog();
    const usable = await ensureRunnableBinaries({ ...real, version, nativeDir }, runAs, log);
    expect(usable).toBe(shared);
    const version1 = spawnSync(path.join(usable, 'bin', 'postgres'), ['--version'], {
      uid: runAs.uid,
      gid: runAs.gid,
      cwd: '/',
      encoding: 'utf8',
    });
    expect(version1.stdout).toContain('PostgreSQL');

    // A second start reuses the finished copy.
    expect(await ensureRunnableBinaries({ ...real, version, nativeDir }, runAs, log)).toBe(shared);
    expect(log.lines.filter((line) => line.startsWith('Copying'))).toHaveLength(1);
  });
});
