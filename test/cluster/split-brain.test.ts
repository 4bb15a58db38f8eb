import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import {
  call,
  createCluster,
  forwardedHeaders,
  gridLayout,
  ownerOf,
  registerUsers,
  sleep,
  waitFor,
  type CallResult,
  type Cluster,
  type NodeProcess,
} from './harness.js';

const NODES = ['node-1', 'node-2', 'node-3'];
const layout = gridLayout(2, 10);

let tdb: TestDatabase;
let cluster: Cluster;
let tokens: string[];
beforeAll(async () => {
  tdb = await createTestDatabase();
  // No grace: a hold's seats return exactly at its expiresAt, so the test can wait for that moment.
  cluster = createCluster(tdb.url, { HOLD_GRACE_SECONDS: '0' });
  await Promise.all(NODES.map((id) => cluster.start(id)));
  await cluster.waitForMembers(NODES);
  tokens = await registerUsers(cluster.node('node-1').url, 2);
});
beforeEach(async () => {
  await cluster.waitForMembers(NODES);
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

async function owner(showId: string): Promise<{ epoch: number; node: string }> {
  const [row] = await tdb.sql<{ epoch: number; owner_node: string }[]>`
    select epoch, owner_node from show_owners where show_id = ${showId}`;
  return { epoch: row!.epoch, node: row!.owner_node };
}

/** A request a client retries until the cluster has settled who owns the show. */
async function settled(url: string, method: string, path: string, token: string, body?: unknown): Promise<CallResult> {
  for (;;) {
    const res = await call(url, method, path, { token, body });
    if (res.status !== 503) return res;
    await sleep(100);
  }
}

/** Freezes the show's owner past its lease until the others have taken the show over. */
async function freezeOwner(showId: string): Promise<{ frozen: NodeProcess; others: NodeProcess[] }> {
  const frozen = cluster.node(await ownerOf(cluster.node('node-1').url, showId));
  const others = cluster.running().filter((n) => n !== frozen);
  frozen.signal('SIGSTOP');
  await cluster.waitForMembers(
    others.map((n) => n.nodeId),
    others,
  );
  return { frozen, others };
}

describe('split brain', () => {
  it('refuses every write of an owner that was frozen past its lease and resumed', async () => {
    const showId = await insertShow(tdb.db, { layout, holdTtlSeconds: 3 });
    const [first, second] = tokens as [string, string];
    const ownerId = await ownerOf(cluster.node('node-1').url, showId);
    const hold = await call(cluster.node(ownerId).url, 'POST', `/api/shows/${showId}/holds`, {
      token: first,
      body: { seats: ['R1-1'] },
    });
    expect(hold.status).toBe(201);
    const stale = await owner(showId);
    expect(stale.node).toBe(ownerId);

    const { frozen, others } = await freezeOwner(showId);
    // Another node takes the show (a new epoch) and sells the seat the frozen node still thinks is free.
    const taken = await settled(others[0]!.url, 'POST', `/api/shows/${showId}/holds`, second, { seats: ['R1-2'] });
    expect(taken.status).toBe(201);
    const current = await owner(showId);
    expect(current.epoch).toBeGreaterThan(stale.epoch);
    expect(current.node).not.toBe(frozen.nodeId);
    // The frozen node's timer for the first hold is now overdue: it fires the moment the node resumes.
    await waitFor(() => Date.now() > Date.parse(hold.body.expiresAt) + 300, 10_000, 'the first hold to fall due');
    await waitFor(
      async () => (await tdb.sql`select 1 from holds where id = ${hold.body.holdId} and status = 'expired'`).length > 0,
      10_000,
      'the new owner to expire the first hold',
    );

    // A request already queued on the frozen node's socket, which it must answer itself (one hop at
    // most): on its stale actor the seat is free, so only the fence can stop it.
    const [before] = await tdb.sql<{ n: number; last: number }[]>`
      select count(*)::int as n, max(seq)::int as last from show_journal
      where show_id = ${showId} and epoch <= ${stale.epoch}`;
    const queued = call(frozen.url, 'POST', `/api/shows/${showId}/holds`, {
      token: first,
      body: { seats: ['R1-2'] },
      headers: forwardedHeaders('POST', `/api/shows/${showId}/holds`, { seats: ['R1-2'] }, 'split-brain-test'),
      timeoutMs: 30_000,
    });
    await sleep(300);
    frozen.signal('SIGCONT');
    const answer = await queued;

    // The stale owner tried to write and PostgreSQL's fence refused it.
    expect(answer.status, JSON.stringify(answer.body)).not.toBe(201);
    expect([409, 503]).toContain(answer.status);
    await waitFor(
      () => frozen.lines.some((l) => l.includes(`epoch ${stale.epoch} is no longer current`)),
      10_000,
      'the resumed node to log its fenced write',
    );
    // Nothing it did after the takeover reached the journal: no new row of its epoch, and every row
    // after the old owner's last one carries a newer epoch.
    const [after] = await tdb.sql<{ n: number }[]>`
      select count(*)::int as n from show_journal where show_id = ${showId} and epoch <= ${stale.epoch}`;
    expect(after!.n).toBe(before!.n);
    const later = await tdb.sql<{ epoch: number }[]>`
      select distinct epoch from show_journal where show_id = ${showId} and seq > ${before!.last}`;
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.epoch > stale.epoch)).toBe(true);
    // The seat belongs to the one hold the current owner placed, and the expired hold kept its time.
    const onSeat = await tdb.sql<{ id: string }[]>`
      select id from holds where show_id = ${showId} and seats ? 'R1-2' and status in ('held', 'paying')`;
    expect(onSeat.map((r) => r.id)).toEqual([taken.body.holdId]);
    const [expired] = await tdb.sql<{ status: string; expires_ms: number }[]>`
      select status, (extract(epoch from expires_at) * 1000)::float8 as expires_ms from holds
      where id = ${hold.body.holdId}`;
    expect(expired!.status).toBe('expired');
    expect(expired!.expires_ms).toBe(Date.parse(hold.body.expiresAt));
  }, 90_000);

  it('serves no stale state from a node that lost its lease and rejoined', async () => {
    const showId = await insertShow(tdb.db, { layout });
    const [first, second] = tokens as [string, string];
    const ownerId = await ownerOf(cluster.node('node-1').url, showId);
    const hold = await call(cluster.node(ownerId).url, 'POST', `/api/shows/${showId}/holds`, {
      token: first,
      body: { seats: ['R2-1'] },
    });
    expect(hold.status).toBe(201);

    const { frozen, others } = await freezeOwner(showId);
    const taken = await settled(others[0]!.url, 'POST', `/api/shows/${showId}/holds`, second, { seats: ['R2-2'] });
    expect(taken.status).toBe(201);
    frozen.signal('SIGCONT');
    await cluster.waitForMembers(NODES);
    expect(await ownerOf(others[0]!.url, showId)).toBe(frozen.nodeId);

    // The show is back with the node that was frozen; it must answer from the database, not from
    // the actor it had before it lost its lease.
    for (const node of cluster.running()) {
      const res = await settled(node.url, 'GET', `/api/shows/${showId}`, first);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ held: 2, available: 18 });
    }
    const seats = await settled(frozen.url, 'GET', `/api/shows/${showId}/seats`, first);
    expect(seats.body.seats.find((s: { seatId: string }) => s.seatId === 'R2-2')).toMatchObject({ status: 'held' });
  }, 90_000);
});
