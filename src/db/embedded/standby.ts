import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { fastRecoverySync, handOver, takeBaseBackup } from './base-backup.js';
import { readCredentials, writeCredentials } from './credentials.js';
import { clusterPlace, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { isAlive, isPostgresProcess, readPostmasterPid } from './postmaster-pid.js';
import { stopPostmaster, waitForExit } from './postmaster-process.js';
import type { EmbeddedLog } from './types.js';

/** The standby's application_name on the primary, and the name of the slot that keeps WAL for it. */
export const STANDBY_NAME = 'showtime_standby';

export interface StartStandbyOptions {
  /** The data dir of the running primary (for its pg-credentials.json). */
  primaryDataDir: string;
  /** The standby's own data dir; a standby left there by an earlier run is replaced. */
  dataDir: string;
  log: EmbeddedLog;
}

/** Settings the standby's copy of postgresql.auto.conf carries; the next copy rewrites them. */
const STANDBY_SETTINGS = ['primary_conninfo', 'primary_slot_name', 'default_transaction_read_only'];

/**
 * Makes a streaming standby of a running embedded primary and starts it: a replication slot on the
 * primary (so it keeps every WAL file the standby has not received), an online base backup into the
 * standby's data dir, standby.signal and primary_conninfo, then a postmaster on a port of its own.
 * The standby says `default_transaction_read_only = on`: postgres.js judges target_session_attrs=
 * read-write by that setting alone (a PostgreSQL 14+ hot standby reports it off), so without it the
 * nodes would open sessions on the standby. promoteStandby turns it off again.
 * Call makeSynchronous afterwards, once the standby streams.
 */
export async function startStandby(primary: EmbeddedPostgres, opts: StartStandbyOptions): Promise<EmbeddedPostgres> {
  const credentials = await readCredentials(opts.primaryDataDir);
  if (!credentials) throw new Error(`No pg-credentials.json in ${opts.primaryDataDir}: is the primary embedded?`);
  const place = await clusterPlace(opts.dataDir, opts.log);
  await stopLeftover(place.clusterDir);
  await rm(place.clusterDir, { recursive: true, force: true });

  await withSql(primary.url, async (sql) => {
    await sql`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ${STANDBY_NAME}`;
    await sql`select pg_create_physical_replication_slot(${STANDBY_NAME}, true)`;
  });
  opts.log.info(`Copying the primary (${primary.clusterDir}) to the standby in ${place.clusterDir}`);
  await takeBaseBackup({
    url: primary.url,
    clusterDir: primary.clusterDir,
    targetDir: place.clusterDir,
    label: STANDBY_NAME,
    runAs: null,
  });
  const conninfo = [
    'host=127.0.0.1',
    `port=${primary.port}`,
    `user=${conninfoValue(credentials.user)}`,
    `password=${conninfoValue(credentials.password)}`,
    `application_name=${STANDBY_NAME}`,
  ].join(' ');
  await rewriteAutoConf(place.clusterDir, {
    primary_conninfo: conninfo,
    primary_slot_name: STANDBY_NAME,
    default_transaction_read_only: 'on',
  });
  await writeFile(path.join(place.clusterDir, 'standby.signal'), '', { mode: 0o600 });
  if (place.runAs) await handOver(place.clusterDir, place.runAs);
  await writeCredentials(opts.dataDir, credentials);
  return startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log, settings: fastRecoverySync() });
}

/**
 * Waits until the standby streams, then makes the primary wait for it on every commit
 * (synchronous_standby_names; synchronous_commit is already on): from here on, a commit the
 * primary acknowledges is on the standby's disk too, so failing over loses nothing acknowledged.
 */
export async function makeSynchronous(primaryUrl: string, timeoutMs = 60_000): Promise<void> {
  await withSql(primaryUrl, async (sql) => {
    await until(timeoutMs, 'the standby to stream from the primary', async () => {
      const [row] = await sql`
        select 1 from pg_stat_replication where application_name = ${STANDBY_NAME} and state = 'streaming'`;
      return row !== undefined;
    });
    // ALTER SYSTEM rather than a -c setting: it is turned on only once the standby is there, and
    // forgetStandby resets it, so the primary never waits for a standby that does not exist.
    await sql.unsafe(`alter system set synchronous_standby_names = '"${STANDBY_NAME}"'`);
    await sql`select pg_reload_conf()`;
    await until(timeoutMs, 'the standby to become synchronous', async () => {
      const [row] = await sql`
        select 1 from pg_stat_replication where application_name = ${STANDBY_NAME} and sync_state = 'sync'`;
      return row !== undefined;
    });
  });
}

/**
 * Undoes makeSynchronous and drops the standby's slot (unless a standby is connected to it), so a
 * primary started without a standby neither blocks its commits nor keeps WAL for nobody.
 */
export async function forgetStandby(primaryUrl: string): Promise<void> {
  await withSql(primaryUrl, async (sql) => {
    const [setting] = await sql<{ value: string }[]>`select current_setting('synchronous_standby_names') as value`;
    if (setting!.value !== '') {
      await sql`alter system reset synchronous_standby_names`;
      await sql`select pg_reload_conf()`;
    }
    await sql`
      select pg_drop_replication_slot(slot_name) from pg_replication_slots
      where slot_name = ${STANDBY_NAME} and not active`;
  });
}

/**
 * Stops the primary as a crash would (SIGKILL of the postmaster: no checkpoint, no goodbye to its
 * clients) and promotes the standby, which then accepts writes on its own port.
 */
export async function failOver(primary: EmbeddedPostgres, standby: EmbeddedPostgres): Promise<void> {
  if (isAlive(primary.pid) && isPostgresProcess(primary.pid)) process.kill(primary.pid, 'SIGKILL');
  if (!(await waitForExit(primary.pid, 10_000))) throw new Error(`The primary (pid ${primary.pid}) did not die`);
  await promoteStandby(standby.url);
}

/** pg_promote (the SQL face of `pg_ctl promote`); then read-write sessions are allowed again. */
export async function promoteStandby(standbyUrl: string): Promise<void> {
  await withSql(standbyUrl, async (sql) => {
    const [promoted] = await sql<{ ok: boolean }[]>`select pg_promote(true, 60) as ok`;
    if (!promoted!.ok) throw new Error('The standby did not finish its promotion within 60 s');
    // What made it a standby goes too, the primary's password among it.
    for (const name of STANDBY_SETTINGS) await sql.unsafe(`alter system reset ${name}`);
    await sql`select pg_reload_conf()`;
  });
}

/**
 * One URL for every node: the servers in order, and target_session_attrs=read-write, so postgres.js
 * opens each session on whichever of them accepts writes (the primary, or the standby once promoted).
 */
export function multiHostUrl(servers: readonly EmbeddedPostgres[], database: string): string {
  const first = new URL(servers[0]!.url);
  const hosts = servers.map((s) => `127.0.0.1:${s.port}`).join(',');
  return `postgres://${first.username}:${first.password}@${hosts}/${encodeURIComponent(database)}?target_session_attrs=read-write`;
}

/** A postmaster an earlier run left on the standby's cluster would hold the folder; stop it first. */
async function stopLeftover(clusterDir: string): Promise<void> {
  const pidFile = await readPostmasterPid(clusterDir).catch(() => null);
  if (pidFile && isAlive(pidFile.pid) && isPostgresProcess(pidFile.pid)) await stopPostmaster(pidFile.pid);
}

async function rewriteAutoConf(clusterDir: string, settings: Record<string, string>): Promise<void> {
  const file = path.join(clusterDir, 'postgresql.auto.conf');
  const kept = (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line.trim() !== '' && !STANDBY_SETTINGS.some((name) => line.trim().startsWith(`${name} `)));
  const added = Object.entries(settings).map(([name, value]) => `${name} = '${value.replaceAll("'", "''")}'`);
  await writeFile(file, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
}

function conninfoValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function until(timeoutMs: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
