import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded/index.js';
import {
  forgetStandby,
  makeSynchronous,
  multiHostUrl,
  STANDBY_NAME,
  startStandby,
} from '../../src/db/embedded/standby.js';

let dir: string;
let primary: EmbeddedPostgres;
let standby: EmbeddedPostgres;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'showtime-standby-'));
  // As root, PostgreSQL runs as the postgres user, who must be able to enter the folder.
  await chmod(dir, 0o755);
  primary = await startEmbeddedPostgres({ dataDir: dir });
  standby = await startStandby(primary, { primaryDataDir: dir, dataDir: path.join(dir, 'standby'), log: silentLog });
  await makeSynchronous(primary.url);
}, 180_000);
afterAll(async () => {
  await standby?.stop();
  await primary?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('the embedded standby', () => {
  it('streams synchronously and is never chosen for read-write sessions, even when listed first', async () => {
    const [replication] = await withSql(
      primary.url,
      (sql) => sql<{ sync_state: string }[]>`
        select sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`,
    );
    expect(replication?.sync_state).toBe('sync');
    // postgres.js decides read-write from default_transaction_read_only alone, which a hot standby
    // reports off unless told otherwise: the standby must say it is read-only.
    const url = multiHostUrl([standby, primary], 'postgres');
    const [session] = await withSql(
      url,
      (sql) => sql<{ port: number; recovering: boolean }[]>`
        select inet_server_port() as port, pg_is_in_recovery() as recovering`,
    );
    expect(session).toEqual({ port: primary.port, recovering: false });
  });

  it('lets a primary whose standby is gone commit again once the standby is forgotten', async () => {
    await standby.stop();
    // Synchronous replication with no standby: a commit waits for ever.
    const waiting = postgres(primary.url, { max: 1, onnotice: () => {} });
    const stuck = await Promise.race([
      waiting`create table waits_for_the_standby (x int)`.then(
        () => 'committed',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 1500)),
    ]);
    await waiting.end({ timeout: 0 });
    expect(stuck).toBe('waiting');
    await forgetStandby(primary.url);
    await withSql(primary.url, async (sql) => {
      await sql`create table commits_alone (x int)`;
      const slots = await sql`select 1 from pg_replication_slots where slot_name = ${STANDBY_NAME}`;
      expect(slots).toHaveLength(0);
      expect((await sql`select current_setting('synchronous_standby_names') as names`)[0]!.names).toBe('');
    });
  });
});
