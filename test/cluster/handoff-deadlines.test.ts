import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHashRing } from '../../src/actors/placement/index.js';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { call, createCluster, registerUsers, sleep, waitFor, type Cluster } from './harness.js';

const GRACE_MS = 1000;
// Seats come back when the owner's timer fires; this much later allows for a busy machine, and is
// less than the delay a deadline restarted at the handoff would add (the show moves 4.5 s in or later).
const LATE_MS = 3500;
const BOTH = ['node-1', 'node-2'];

let tdb: TestDatabase;
let cluster: Cluster;
let token: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  cluster = createCluster(tdb.url, { HOLD_GRACE_SECONDS: String(GRACE_MS / 1000) });
  await Promise.all(BOTH.map((id) => cluster.start(id)));
  await cluster.waitForMembers(BOTH);
  token = (await registerUsers(cluster.node('node-1').url, 1))[0]!;
});
afterAll(async () => {
  await cluster?.close();
  await tdb?.close();
});

/** A new show that `nodeId` owns when both nodes are members (placement ignores URLs). */
async function showOwnedBy(nodeId: string, holdTtlSeconds: number): Promise<string> {
  const ring = createHashRing(BOTH.map((id) => ({ nodeId: id, url: '' })));
  let id: string;
  do id = `show-${randomUUID()}`;
  while (ring.owner(id)!.nodeId !== nodeId);
  return insertShow(tdb.db, { id, layout: smallLayout, holdTtlSeconds });
}

async function placeHold(url: string, showId: string) {
  const res = await call(url, 'POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1', 'A-2'] } });
  expect(res.status).toBe(201);
  const expiresAt = Date.parse(res.body.expiresAt);
  return { holdId: res.body.holdId as string, expiresAt, deadline: expiresAt + GRACE_MS };
}

/** Polls the show through `url` until the hold's seats are free again; returns when that was seen. */
async function seatsBackAt(url: string, showId: string): Promise<number> {
  let at = 0;
  await waitFor(
    async () => {
      const res = await call(url, 'GET', `/api/shows/${showId}`);
      if (res.status === 200 && res.body.held === 0) at = Date.now();
      return at > 0;
    },
    30_000,
    'the held seats to come back',
  );
  return at;
}

/** The hold's row says expired (it is written just after the actor applies the expiry) at its original time. */
async function expectExpiredAsPlaced(holdId: string, expiresAt: number): Promise<void> {
  const row = async () =>
    (
      await tdb.sql<{ status: string; expires_ms: number }[]>`
        select status, (extract(epoch from expires_at) * 1000)::float8 as expires_ms from holds where id = ${holdId}`
    )[0]!;
  await waitFor(async () => (await row()).status !== 'held', 5000, 'the expiry to be written');
  expect(await row()).toEqual({ status: 'expired', expires_ms: expiresAt });
}

describe('handoff keeps deadlines', () => {
  it('expires a hold at its original time after its node leaves and another takes the show', async () => {
    const showId = await showOwnedBy('node-1', 8);
    const hold = await placeHold(cluster.node('node-1').url, showId);
    // Leave a few seconds in: a deadline restarted at the handoff would fall due visibly later.
    await sleep(4500);
    expect(await cluster.node('node-1').stop()).toEqual({ code: 0, signal: null });
    const b = cluster.node('node-2');
    await cluster.waitForMembers(['node-2']);

    const show = await call(b.url, 'GET', `/api/shows/${showId}`);
    expect(show.headers.get('x-served-by')).toBe('node-2');
    expect(show.body.held).toBe(2);
    const seen = await call(b.url, 'GET', `/api/shows/${showId}/holds/${hold.holdId}`, { token });
    expect(seen.body).toMatchObject({ status: 'held', expiresAt: new Date(hold.expiresAt).toISOString() });
    expect(Date.now()).toBeLessThan(hold.deadline);

    const back = await seatsBackAt(b.url, showId);
    expect(back).toBeGreaterThanOrEqual(hold.deadline);
    expect(back).toBeLessThan(hold.deadline + LATE_MS);
    await expectExpiredAsPlaced(hold.holdId, hold.expiresAt);
  }, 90_000);

  it('expires a hold at its original time after a joining node takes its show over', async () => {
    // node-1 is down: node-2 owns everything until node-1 joins and takes back its share.
    const showId = await showOwnedBy('node-1', 16);
    const b = cluster.node('node-2');
    const hold = await placeHold(b.url, showId);
    await sleep(4500);
    const a = await cluster.start('node-1');
    await cluster.waitForMembers(BOTH);

    // The joining node must have taken the show while the hold was still running, or this proves nothing.
    expect(Date.now(), 'node-1 joined too late to test the handoff').toBeLessThan(hold.deadline - 1000);
    const show = await call(b.url, 'GET', `/api/shows/${showId}`);
    expect(show.headers.get('x-served-by')).toBe('node-1');
    expect(show.body.held).toBe(2);
    const [owner] = await tdb.sql<{ owner_node: string; epoch: number }[]>`
      select owner_node, epoch from show_owners where show_id = ${showId}`;
    expect(owner!.owner_node).toBe('node-1');
    expect(owner!.epoch).toBeGreaterThan(1);

    const back = await seatsBackAt(a.url, showId);
    expect(back).toBeGreaterThanOrEqual(hold.deadline);
    expect(back).toBeLessThan(hold.deadline + LATE_MS);
    await expectExpiredAsPlaced(hold.holdId, hold.expiresAt);
  }, 90_000);
});
