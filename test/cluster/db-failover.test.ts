import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabase, type ClusterDatabase } from '../../scripts/cluster/database.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { silentLog } from '../../src/db/embedded/index.js';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createCluster, gridLayout, registerUsers, seatIdsOf, waitFor, type Cluster } from './harness.js';
import { checkHistory, startLoad } from './history.js';

// `npm run cluster -- --standby` as the script builds it: an embedded primary, a synchronous
// standby copied from it, and nodes on the multi-host URL.
let dir: string;
let database: ClusterDatabase;
let cluster: Cluster;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'showtime-db-failover-'));
  // As root, PostgreSQL runs as the postgres user, who must be able to enter the folder.
  await chmod(dir, 0o755);
  database = await startDatabase(silentLog, dir, { standby: true });
  db = openDatabase(database.url, { max: 2 });
  cluster = createCluster(database.url);
  await Promise.all(['node-1', 'node-2', 'node-3'].map((id) => cluster.start(id)));
  await cluster.waitForMembers(['node-1', 'node-2', 'node-3']);
  // Two PostgreSQL servers (one copied from the other) and three nodes: slow on a busy machine.
}, 240_000);
afterAll(async () => {
  await cluster?.close();
  await db?.close();
  await database?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('failing over to the synchronous standby', () => {
  it('keeps every acknowledged booking and sells no seat twice when the primary is killed', async () => {
    expect(database.url).toContain('target_session_attrs=read-write');
    // The primary waits for the standby on every commit: what it acknowledges, the standby has.
    const [standby] = await db.sql<{ sync_state: string }[]>`select sync_state from pg_stat_replication`;
    expect(standby?.sync_state).toBe('sync');
    const layout = gridLayout(20, 20);
    const showId = await insertShow(db.db, { layout, prices: [{ category: 'regular', price: 2500 }] });
    const nodes = cluster.running();
    const tokens = await registerUsers(nodes[0]!.url, 8);
    const load = startLoad({
      showId,
      tokens,
      seatIds: seatIdsOf(layout),
      clients: 12,
      targets: () => nodes.map((n) => n.url),
    });
    await waitFor(() => load.history.bookings.size >= 10, 60_000, 'the first bookings');

    const bookedAtKill = load.history.bookings.size;
    const killedAt = Date.now();
    const promoteMs = await database.failOver!();
    // Bookings asked for after the kill: the first of them to succeed ends the outage.
    const bookedSinceKill = () => [...load.history.bookings.values()].filter((b) => b.askedAt > killedAt);
    await waitFor(() => bookedSinceKill().length >= 10, 60_000, 'bookings after the failover');
    const history = await load.stop();
    const firstBookingMs = Math.min(...bookedSinceKill().map((b) => b.answeredAt)) - killedAt;
    console.log(
      `db failover: primary SIGKILLed and standby promoted in ${promoteMs.toFixed(0)} ms; the first booking ` +
        `asked for after the kill succeeded ${firstBookingMs} ms after it; ${history.bookings.size} bookings ` +
        `(${bookedAtKill} before the kill), ${history.retried503} retried 503s, ` +
        `${history.connectionErrors.length} requests without an answer`,
    );

    expect(history.unexpected).toEqual([]);
    // Whatever the nodes write now goes to the promoted standby: the killed primary is gone.
    const [server] = await db.sql<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
    expect(server!.recovering).toBe(false);
    await waitFor(
      async () => {
        const [row] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from holds where show_id = ${showId} and status = 'paying'`;
        return row!.n === 0;
      },
      20_000,
      'paying holds to be reconciled',
    );
    expect(await checkHistory(db.sql, showId, history, nodes[1]!.url)).toEqual([]);
  }, 180_000);
});
