import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { createCluster, gridLayout, registerUsers, seatIdsOf, waitFor, type Cluster } from './harness.js';
import { checkHistory, startLoad } from './history.js';

const NODES = ['node-1', 'node-2', 'node-3'];

let tdb: TestDatabase;
let cluster: Cluster;
beforeAll(async () => {
  tdb = await createTestDatabase();
  cluster = createCluster(tdb.url);
  await Promise.all(NODES.map((id) => cluster.start(id)));
  await cluster.waitForMembers(NODES);
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

describe('rolling restart', () => {
  it('restarts every node one by one under load with no failure but retryable 503s', async () => {
    const layout = gridLayout(20, 20);
    // Several shows, so every node owns some and every restart moves live shows.
    const showIds = await Promise.all(
      Array.from({ length: 3 }, () => insertShow(tdb.db, { layout, prices: [{ category: 'regular', price: 2500 }] })),
    );
    const tokens = await registerUsers(cluster.node('node-1').url, 6);
    // Clients use the nodes that are up, as a load balancer would after a node is taken out of it.
    const up = new Set(NODES);
    const targets = () => [...up].map((id) => cluster.node(id).url);
    const loads = showIds.map((showId) =>
      startLoad({ showId, tokens, seatIds: seatIdsOf(layout), clients: 2, pauseMs: 100, targets }),
    );
    const booked = () => loads.reduce((n, l) => n + l.history.bookings.size, 0);
    await waitFor(() => booked() >= 5, 30_000, 'the first bookings');

    const stopMs: number[] = [];
    for (const id of NODES) {
      up.delete(id);
      const stoppedAt = Date.now();
      // A clean leave ends the process by itself, even while peers keep forwarding to it.
      expect(await cluster.node(id).stop()).toEqual({ code: 0, signal: null });
      stopMs.push(Date.now() - stoppedAt);
      await cluster.waitForMembers(NODES.filter((n) => n !== id));
      const before = booked();
      await waitFor(() => booked() >= before + 3, 30_000, `bookings while ${id} is down`);
      await cluster.start(id);
      await cluster.waitForMembers(NODES);
      up.add(id);
      const after = booked();
      await waitFor(() => booked() >= after + 3, 30_000, `bookings after ${id} is back`);
    }
    const histories = await Promise.all(loads.map((l) => l.stop()));

    const retried = histories.reduce((n, h) => n + h.retried503, 0);
    console.log(`rolling restart: ${booked()} bookings, ${retried} retried 503s, stops took ${stopMs.join(', ')} ms`);
    for (const [i, history] of histories.entries()) {
      expect(history.unexpected).toEqual([]);
      expect(history.connectionErrors).toEqual([]);
      expect(await checkHistory(tdb.sql, showIds[i]!, history, cluster.node('node-1').url)).toEqual([]);
    }
  }, 180_000);
});
