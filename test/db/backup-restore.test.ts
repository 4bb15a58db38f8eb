import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { EMBEDDED_DATABASE, ensureDatabase } from '../../src/db/database-url.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded/index.js';
import { migrate } from '../../src/db/migrate.js';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createCluster, gridLayout, registerUsers, seatIdsOf, waitFor, type Cluster } from '../cluster/harness.js';
import { checkHistory, startLoad, type History } from '../cluster/history.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run backup|restore -- <dir>` as a person runs them, on the embedded PostgreSQL of dataDir. */
function runScript(script: 'backup' | 'restore', dir: string, dataDir: string) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/db/${script}.ts`, dir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

let dir: string;
let live: EmbeddedPostgres;
let db: Database;
let cluster: Cluster;
const clusters: Cluster[] = [];
const servers: EmbeddedPostgres[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'showtime-backup-'));
  // As root, PostgreSQL runs as the postgres user, who must be able to enter the folder.
  await chmod(dir, 0o755);
  live = await startEmbeddedPostgres({ dataDir: path.join(dir, 'live') });
  servers.push(live);
  const url = await ensureDatabase(live.url, EMBEDDED_DATABASE);
  await migrate(url);
  db = openDatabase(url, { max: 2 });
  cluster = createCluster(url);
  clusters.push(cluster);
  await cluster.start('node-1');
}, 180_000);
afterAll(async () => {
  for (const c of clusters) await c.close();
  await db?.close();
  for (const s of servers) await s.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What clients had been told at one moment: every later state must still hold it. */
function copyOf(history: History): History {
  return { ...history, holds: new Map(history.holds), bookings: new Map(history.bookings) };
}

describe('npm run backup and npm run restore', () => {
  it('restore a backup taken during a burst of bookings into a consistent server', async () => {
    const layout = gridLayout(20, 20);
    const showId = await insertShow(db.db, { layout, prices: [{ category: 'regular', price: 2500 }] });
    const node = cluster.node('node-1');
    const tokens = await registerUsers(node.url, 6);
    const load = startLoad({ showId, tokens, seatIds: seatIdsOf(layout), clients: 8, targets: () => [node.url] });
    await waitFor(() => load.history.bookings.size >= 10, 30_000, 'the first bookings');

    const toldBefore = copyOf(load.history);
    const backupDir = path.join(dir, 'backup');
    const backup = await runScript('backup', backupDir, path.join(dir, 'live'));
    const bookedDuring = load.history.bookings.size - toldBefore.bookings.size;
    const history = await load.stop();
    expect(backup.code, backup.output).toBe(0);
    // The copy was taken while bookings were being committed, not on a quiet database.
    expect(bookedDuring).toBeGreaterThan(0);

    // The server must be stopped before a restore replaces its cluster.
    const refused = await runScript('restore', backupDir, path.join(dir, 'live'));
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/stop the server first/);

    const restoredDir = path.join(dir, 'restored');
    const restore = await runScript('restore', backupDir, restoredDir);
    expect(restore.code, restore.output).toBe(0);

    const restored = await startEmbeddedPostgres({ dataDir: restoredDir });
    servers.push(restored);
    const url = await ensureDatabase(restored.url, EMBEDDED_DATABASE);
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      const [kept] = await sql<{ n: number }[]>`
        select count(*)::int as n from bookings where show_id = ${showId} and status = 'confirmed'`;
      console.log(
        `backup during a burst: ${toldBefore.bookings.size} bookings before it, ${bookedDuring} while it ran ` +
          `(${history.bookings.size} in all); the restored database has ${kept!.n}`,
      );
      expect(kept!.n).toBeGreaterThanOrEqual(toldBefore.bookings.size);

      const withoutTickets = await sql<{ id: string; seats: number; tickets: number }[]>`
        select b.id, jsonb_array_length(b.seats)::int as seats, count(t.id)::int as tickets
        from bookings b left join tickets t on t.booking_id = b.id
        where b.show_id = ${showId} and b.status = 'confirmed'
        group by b.id having count(t.id) <> jsonb_array_length(b.seats)`;
      expect(withoutTickets).toEqual([]);

      // A node on the restored database serves the show, rebuilt from what the backup holds.
      const after = createCluster(url);
      clusters.push(after);
      const restoredNode = await after.start('restored-1');
      // It takes the show over once the lease of node-1 (which the backup recorded) has lapsed.
      await waitFor(
        async () => (await fetch(`${restoredNode.url}/api/shows/${showId}`)).status === 200,
        30_000,
        'the restored node to serve the show',
      );
      // The backup caught some holds mid-payment: the new owner reconciles them with the gateway when
      // it rebuilds the show (booking or freeing their seats). Holds are a read model projected after
      // each commit, so the rows can be compared with the show only once that is done and projected.
      await waitFor(
        async () => {
          const [state] = await sql<{ behind: boolean; paying: number }[]>`
            select p.seq < o.last_seq as behind,
              (select count(*)::int from holds h where h.show_id = o.show_id and h.status = 'paying') as paying
            from show_projections p join show_owners o using (show_id) where show_id = ${showId}`;
          return state?.behind === false && state.paying === 0;
        },
        30_000,
        'the restored node to settle the payments the backup caught mid-way, and project them',
      );
      // Everything clients were told before the backup began is there, no seat is sold twice, and
      // the rebuilt show's counts match the rows and add up to its capacity.
      expect(await checkHistory(sql, showId, toldBefore, restoredNode.url)).toEqual([]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }, 180_000);
});
