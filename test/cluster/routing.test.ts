import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import {
  call,
  clusterView,
  createCluster,
  forwardedHeaders,
  goodCard,
  ownerOf,
  registerUsers,
  sleep,
  type Cluster,
  type NodeProcess,
} from './harness.js';
import { collectSse } from '../setup/sse.js';

let tdb: TestDatabase;
let cluster: Cluster;
let nodes: NodeProcess[];
beforeAll(async () => {
  tdb = await createTestDatabase();
  cluster = createCluster(tdb.url);
  nodes = await Promise.all(['node-1', 'node-2', 'node-3'].map((id) => cluster.start(id)));
  await cluster.waitForMembers(['node-1', 'node-2', 'node-3']);
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

/** The owner and the two other nodes, as every node agrees. */
async function roles(showId: string) {
  const seen = await Promise.all(nodes.map((n) => ownerOf(n.url, showId)));
  expect(new Set(seen).size).toBe(1);
  const owner = nodes.find((n) => n.nodeId === seen[0])!;
  const [other, third] = nodes.filter((n) => n !== owner) as [NodeProcess, NodeProcess];
  return { owner, other, third };
}

describe('a 3-node cluster', () => {
  it('serves every request for a show on its owner, whichever node receives it', async () => {
    const showIds = await Promise.all(Array.from({ length: 12 }, () => insertShow(tdb.db, { layout: smallLayout })));
    const owners = new Set<string>();
    for (const showId of showIds) {
      const { owner } = await roles(showId);
      owners.add(owner.nodeId);
      for (const node of nodes) {
        for (const path of [`/api/shows/${showId}`, `/api/shows/${showId}/seats`]) {
          const res = await call(node.url, 'GET', path);
          expect(res.status).toBe(200);
          expect(res.headers.get('x-served-by')).toBe(owner.nodeId);
        }
      }
    }
    // Twelve random shows over three nodes: one owner of all twelve would be a 1 in 177,147 chance.
    expect(owners.size).toBeGreaterThan(1);
    const view = await clusterView(nodes[0]!.url);
    const hosted = view.nodes.reduce((n, m) => n + m.shows, 0);
    expect(view.nodes).toHaveLength(3);
    expect(hosted).toBeGreaterThan(0);
  });

  it('holds, confirms and cancels through non-owners, on the owner’s actor', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner, other, third } = await roles(showId);
    const [token] = await registerUsers(other.url, 1);

    const hold = await call(other.url, 'POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1'] } });
    expect(hold.status).toBe(201);
    expect(hold.headers.get('x-served-by')).toBe(owner.nodeId);
    const seen = await call(third.url, 'GET', `/api/shows/${showId}/holds/${hold.body.holdId}`, { token });
    expect(seen.status).toBe(200);
    const booked = await call(third.url, 'POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);
    expect(booked.headers.get('x-served-by')).toBe(owner.nodeId);
    expect((await call(owner.url, 'GET', `/api/shows/${showId}`)).body).toMatchObject({ booked: 1, available: 9 });

    // DELETE /api/bookings/:id names no show: the node looks it up and forwards. A non-owner that
    // tried to cancel itself would find no actor it may host and answer 503.
    const cancelled = await call(other.url, 'DELETE', `/api/bookings/${booked.body.bookingId}`, { token });
    expect(cancelled.status).toBe(200);
    expect((await call(owner.url, 'GET', `/api/shows/${showId}`)).body).toMatchObject({ booked: 0, available: 10 });
  });

  it('answers a forwarded request that lands on a non-owner with a retryable 503, never a second hop', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner, other } = await roles(showId);
    const path = `/api/shows/${showId}`;
    const res = await call(other.url, 'GET', path, { headers: forwardedHeaders('GET', path) });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('not_owner');
    expect(res.headers.get('retry-after')).toBeTruthy();
    const direct = await call(owner.url, 'GET', path, { headers: forwardedHeaders('GET', path) });
    expect(direct.status).toBe(200);
  });

  it('refuses a request that says it was forwarded unless a node signed it, and keeps operations behind the token', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner } = await roles(showId);
    const [token] = await registerUsers(owner.url, 1);
    const path = `/api/shows/${showId}/holds`;
    const body = { seats: ['A-1'] };
    const attempts: Record<string, Record<string, string>> = {
      unsigned: { 'x-forwarded-by': 'node-x', 'x-showtime-client-ip': '203.0.113.9' },
      "another request's signature": {
        ...forwardedHeaders('POST', path, body),
        'x-showtime-signature': forwardedHeaders('GET', path)['x-showtime-signature']!,
      },
      'another body': forwardedHeaders('POST', path, { seats: ['A-2'] }),
      'another client address': { ...forwardedHeaders('POST', path, body), 'x-showtime-client-ip': '203.0.113.9' },
    };
    for (const [what, headers] of Object.entries(attempts)) {
      const res = await call(owner.url, 'POST', path, { token, body, headers });
      expect(res.status, what).toBe(401);
      expect(res.body.code, what).toBe('invalid_forward_signature');
    }
    const signed = await call(owner.url, 'POST', path, { token, body, headers: forwardedHeaders('POST', path, body) });
    expect(signed.status).toBe(201);

    for (const opsPath of ['/metrics', '/api/cluster', `/api/cluster/owner/${showId}`]) {
      expect((await call(owner.url, 'GET', opsPath)).status, opsPath).toBe(401);
      expect((await call(owner.url, 'GET', opsPath, { token })).status, opsPath).toBe(401);
    }
    expect(await ownerOf(owner.url, showId)).toBe(owner.nodeId);
  });

  it('passes a waitlist long poll through a non-owner and answers it when the owner offers seats', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner, other, third } = await roles(showId);
    const [holder, waiter] = await registerUsers(other.url, 2);
    const all = ['A', 'B'].flatMap((row) => [1, 2, 3, 4, 5].map((n) => `${row}-${n}`));
    const hold = await call(other.url, 'POST', `/api/shows/${showId}/holds`, { token: holder, body: { seats: all } });
    expect(hold.status).toBe(201);
    const joined = await call(third.url, 'POST', `/api/shows/${showId}/waitlist`, {
      token: waiter,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);

    const started = Date.now();
    const polling = call(third.url, 'GET', `/api/shows/${showId}/waitlist/${joined.body.entryId}?waitSeconds=20`, {
      token: waiter,
      timeoutMs: 30_000,
    });
    await sleep(300);
    const released = await call(other.url, 'DELETE', `/api/shows/${showId}/holds/${hold.body.holdId}`, {
      token: holder,
    });
    expect(released.status).toBe(204);
    const answer = await polling;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-served-by')).toBe(owner.nodeId);
    expect(answer.body).toMatchObject({ status: 'offered', offer: { seats: expect.any(Array) } });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('streams server-sent events from the owner through a non-owner', async () => {
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner, other, third } = await roles(showId);
    const [token] = await registerUsers(third.url, 1);
    const res = await fetch(`${other.url}/api/shows/${showId}/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-served-by')).toBe(owner.nodeId);
    const reading = collectSse(res, (events) => events.some((e) => e.event === 'seats'), 15_000);
    await sleep(300);
    const hold = await call(third.url, 'POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['B-2'] } });
    expect(hold.status).toBe(201);
    const events = await reading;
    expect(events[0]).toMatchObject({ event: 'availability', data: { available: 10 } });
    expect(events.find((e) => e.event === 'seats')?.data.seats).toEqual([{ seatId: 'B-2', status: 'held' }]);
  });

  it('runs admin show commands on the owner, and removes an event whose shows live on several nodes', async () => {
    const login = await call(nodes[0]!.url, 'POST', '/api/auth/login', {
      body: { email: 'admin@example.com', password: 'admin-password' },
    });
    const token = login.body.token as string;
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const { owner, other, third } = await roles(showId);
    const patched = await call(other.url, 'PATCH', `/api/admin/shows/${showId}`, {
      token,
      body: { prices: { regular: { amount: 1234, currency: 'EUR' } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('x-served-by')).toBe(owner.nodeId);
    const [customer] = await registerUsers(third.url, 1);
    const hold = await call(third.url, 'POST', `/api/shows/${showId}/holds`, {
      token: customer,
      body: { seats: ['B-1'] },
    });
    expect(hold.body.total).toEqual({ amount: 1234, currency: 'EUR' });
    const cancelled = await call(third.url, 'POST', `/api/admin/shows/${showId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.get('x-served-by')).toBe(owner.nodeId);

    const showIds = await Promise.all(Array.from({ length: 6 }, () => insertShow(tdb.db, { layout: smallLayout })));
    const eventId = `event-${showIds[0]}`;
    await tdb.db.execute(sql`update shows set event_id = ${eventId} where id in ${showIds}`);
    const owners = new Set(await Promise.all(showIds.map((id) => ownerOf(nodes[0]!.url, id))));
    expect(owners.size).toBeGreaterThan(1);
    const removed = await call(nodes[0]!.url, 'DELETE', `/api/admin/events/${eventId}`, { token });
    expect(removed.body).toEqual({ eventId, showsRemoved: 6, showsCancelled: 0 });
    for (const id of showIds) expect((await call(nodes[1]!.url, 'GET', `/api/shows/${id}`)).status).toBe(404);
  });
});
