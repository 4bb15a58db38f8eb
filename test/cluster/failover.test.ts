import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import {
  call,
  createCluster,
  gridLayout,
  LEASE_MS,
  ownerOf,
  registerUsers,
  seatIdsOf,
  waitFor,
  type Cluster,
} from './harness.js';
import { checkHistory, startLoad } from './history.js';

let tdb: TestDatabase;
let cluster: Cluster;
beforeAll(async () => {
  tdb = await createTestDatabase();
  cluster = createCluster(tdb.url);
  await Promise.all(['node-1', 'node-2', 'node-3'].map((id) => cluster.start(id)));
  await cluster.waitForMembers(['node-1', 'node-2', 'node-3']);
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

describe('failover under load', () => {
  it('loses nothing a client was told and sells no seat twice when the owner is killed', async () => {
    const layout = gridLayout(20, 20);
    const showId = await insertShow(tdb.db, { layout, prices: [{ category: 'regular', price: 2500 }] });
    const all = cluster.running();
    const ownerId = await ownerOf(all[0]!.url, showId);
    const owner = cluster.node(ownerId);
    const survivors = all.filter((n) => n !== owner);
    const tokens = await registerUsers(survivors[0]!.url, 8);

    const load = startLoad({
      showId,
      tokens,
      seatIds: seatIdsOf(layout),
      clients: 12,
      targets: () => all.map((n) => n.url),
    });
    await waitFor(() => load.history.bookings.size >= 10, 30_000, 'the first bookings');

    owner.signal('SIGKILL');
    const killedAt = Date.now();
    await owner.exited();
    // The first answer for the show that another node served: the failover time.
    let failoverMs = NaN;
    await waitFor(
      async () => {
        const res = await call(survivors[0]!.url, 'GET', `/api/shows/${showId}`).catch(() => null);
        const servedBy = res?.headers.get('x-served-by');
        if (res?.status !== 200 || !servedBy || servedBy === ownerId) return false;
        failoverMs = Date.now() - killedAt;
        return true;
      },
      LEASE_MS + 15_000,
      'another node to serve the show',
    );
    const bookedBefore = load.history.bookings.size;
    await waitFor(() => load.history.bookings.size >= bookedBefore + 10, 30_000, 'bookings after the failover');
    const history = await load.stop();
    console.log(
      `failover: show served by another node ${failoverMs} ms after SIGKILL (lease ${LEASE_MS} ms); ` +
        `${history.bookings.size} bookings, ${history.retried503} retried 503s, ` +
        `${history.connectionErrors.length} requests to the dead node`,
    );

    expect(failoverMs).toBeLessThan(LEASE_MS + 5_000);
    expect(history.unexpected).toEqual([]);
    // Holds left paying by the kill are settled by the new owner before the rows are compared.
    await waitFor(
      async () => {
        const [row] = await tdb.sql<{ n: number }[]>`
          select count(*)::int as n from holds where show_id = ${showId} and status = 'paying'`;
        return row!.n === 0;
      },
      20_000,
      'paying holds to be reconciled',
    );
    expect(await checkHistory(tdb.sql, showId, history, survivors[1]!.url)).toEqual([]);
    // The new owner took the show with a new epoch; the dead node's journal rows all came before it.
    const [owners] = await tdb.sql<{ epoch: number; owner_node: string }[]>`
      select epoch, owner_node from show_owners where show_id = ${showId}`;
    expect(owners!.owner_node).not.toBe(ownerId);
    expect(owners!.epoch).toBeGreaterThan(1);
  }, 120_000);
});
