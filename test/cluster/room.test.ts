import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { call, createCluster, ownerOf, registerUsers, sleep, type Cluster, type NodeProcess } from './harness.js';

let tdb: TestDatabase;
let cluster: Cluster;
let nodes: NodeProcess[];
beforeAll(async () => {
  tdb = await createTestDatabase();
  cluster = createCluster(tdb.url);
  nodes = await Promise.all(['node-1', 'node-2'].map((id) => cluster.start(id)));
  await cluster.waitForMembers(['node-1', 'node-2']);
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

describe('the waiting room in a 2-node cluster', () => {
  it('is served by the show’s owner through any node, and keeps every place when its node is killed', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const ownerId = await ownerOf(nodes[0]!.url, showId);
    const owner = nodes.find((n) => n.nodeId === ownerId)!;
    const other = nodes.find((n) => n !== owner)!;

    const login = await call(other.url, 'POST', '/api/auth/login', {
      body: { email: 'admin@example.com', password: 'admin-password' },
    });
    expect(login.status).toBe(200);
    const configured = await call(other.url, 'PUT', `/api/admin/shows/${showId}/room`, {
      token: login.body.token,
      body: {
        preQueueAt: new Date(Date.now() - 1000).toISOString(),
        salesOpenAt: new Date(Date.now() + 3_600_000).toISOString(),
        method: 'fifo',
        maxActive: 10,
        admitPerMinute: 60,
      },
    });
    expect(configured.status).toBe(200);
    expect(configured.headers.get('x-served-by')).toBe(owner.nodeId);

    const [a, b, c] = await registerUsers(other.url, 3);
    const join = (token: string) => call(other.url, 'POST', `/api/shows/${showId}/queue`, { token });
    const ta = (await join(a!)).body.ticketId as string;
    const tb = (await join(b!)).body.ticketId as string;
    const polled = await call(other.url, 'GET', `/api/shows/${showId}/queue/${tb}`, { token: b });
    expect(polled.status).toBe(200);
    expect(polled.headers.get('x-served-by')).toBe(owner.nodeId);
    expect(polled.body.position).toBe(2);

    // A long poll through the non-owner answers when the place moves.
    const started = Date.now();
    const waiting = call(other.url, 'GET', `/api/shows/${showId}/queue/${tb}?waitSeconds=20`, { token: b });
    await sleep(300);
    expect((await call(other.url, 'DELETE', `/api/shows/${showId}/queue/${ta}`, { token: a })).status).toBe(204);
    const moved = await waiting;
    expect(moved.body.position).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const tc = (await join(c!)).body.ticketId as string;

    owner.signal('SIGKILL');
    await owner.exited();
    await cluster.waitForMembers([other.nodeId]);
    // The survivor rebuilds the room from its journal: same tickets, same order.
    const after = await Promise.all([
      call(other.url, 'GET', `/api/shows/${showId}/queue/${tb}`, { token: b }),
      call(other.url, 'GET', `/api/shows/${showId}/queue/${tc}`, { token: c }),
    ]);
    expect(after.map((r) => [r.status, r.headers.get('x-served-by'), r.body.position])).toEqual([
      [200, other.nodeId, 1],
      [200, other.nodeId, 2],
    ]);
    expect((await join(b!)).body.ticketId).toBe(tb);
    const hold = await call(other.url, 'POST', `/api/shows/${showId}/holds`, { token: c, body: { quantity: 1 } });
    expect(hold.status).toBe(403);
    expect(hold.body.code).toBe('queue_required');
  });
});
