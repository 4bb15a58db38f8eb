import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionBatch } from '../../../src/actors/runtime/index.js';
import { createPgShowStorage, planProjectionRows } from '../../../src/db/show-storage/index.js';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';
import { insertShow, testRuntime, user } from './fixtures.js';

/*
 * The holds and waitlist read models are projected at most once per pace. A pace far longer than any
 * test keeps the timer out of the picture: whatever is projected here was asked for, by a reader, a
 * drain or a new owner.
 */
const PACE_MS = 10 * 60_000;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

/** The PostgreSQL storage, with every projection it writes kept for the test to look at. */
function recordingStorage() {
  const storage = createPgShowStorage(tdb.db, { ticketSecret: 'test-secret' });
  const projections: ProjectionBatch[] = [];
  const project = storage.project.bind(storage);
  storage.project = (batch) => {
    projections.push(batch);
    return project(batch);
  };
  return { storage, projections };
}

const holdRow = async (holdId: string) =>
  (await tdb.sql<{ status: string }[]>`select status from holds where id = ${holdId}`)[0]?.status ?? null;
const checkpoint = async (showId: string) =>
  Number((await tdb.sql<{ seq: string }[]>`select seq from show_projections where show_id = ${showId}`)[0]!.seq);
const lastSeq = async (showId: string) =>
  Number(
    (await tdb.sql<{ seq: string }[]>`select max(seq) as seq from show_journal where show_id = ${showId}`)[0]!.seq,
  );

describe('paced projection of the read models', () => {
  it('writes a hold placed and released within one pace as one row, in its final state', async () => {
    const showId = await insertShow(tdb.db);
    const { storage, projections } = recordingStorage();
    const runtime = testRuntime(tdb.db, { storage, projectionPaceMs: PACE_MS });
    const [ada, bob] = [user(), user()];
    // The first commit after a quiet spell is projected at once; its projection starts the pace.
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'first', userId: ada, seats: ['A-1'] });
    await runtime.readModelsCaughtUp(showId);
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'brief', userId: bob, seats: ['A-2'] });
    await runtime.dispatch(showId, { type: 'RELEASE', holdId: 'brief', userId: bob });
    expect(await holdRow('brief'), 'nothing asked for it yet, so it waits for the pace').toBeNull();

    await runtime.readModelsCaughtUp(showId);
    expect(await holdRow('brief')).toBe('released');
    expect(await checkpoint(showId)).toBe(await lastSeq(showId));
    const rows = projections.map((p) => planProjectionRows(p.entries));
    expect(rows.flatMap((r) => r.holds.filter((h) => h.id === 'brief').map((h) => h.status))).toEqual(['released']);
    expect(rows.flatMap((r) => r.hold_patches.filter((h) => h.id === 'brief'))).toEqual([]);
    await runtime.stop();
  });

  it('folds every change of one hold between two projections into one write', async () => {
    const showId = await insertShow(tdb.db);
    const { storage, projections } = recordingStorage();
    const runtime = testRuntime(tdb.db, { storage, projectionPaceMs: PACE_MS });
    const ada = user();
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'paid', userId: ada, seats: ['A-1'] });
    await runtime.readModelsCaughtUp(showId);
    const paymentId = randomUUID();
    await runtime.dispatch(showId, { type: 'BEGIN_PAYMENT', holdId: 'paid', userId: ada, paymentId });
    await runtime.dispatch(showId, { type: 'PAYMENT_FAILED', holdId: 'paid', paymentId });
    await runtime.dispatch(showId, { type: 'RELEASE', holdId: 'paid', userId: ada });
    const before = projections.length;
    await runtime.readModelsCaughtUp(showId);
    expect(projections.length - before).toBe(1);
    expect(planProjectionRows(projections.at(-1)!.entries).hold_patches).toEqual([
      { id: 'paid', status: 'released', payment_id: paymentId },
    ]);
    expect(await holdRow('paid')).toBe('released');
    await runtime.stop();
  });

  it('projects what is still pacing when the show is passivated', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db, { projectionPaceMs: PACE_MS });
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'early', userId: user(), seats: ['A-1'] });
    await runtime.readModelsCaughtUp(showId);
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'late', userId: user(), seats: ['A-2'] });
    expect(await holdRow('late')).toBeNull();
    await runtime.passivate(showId);
    expect(await holdRow('late')).toBe('held');
    expect(await checkpoint(showId)).toBe(await lastSeq(showId));
    await runtime.stop();
  });

  it('after a crash, the next owner projects from the journal what was still pacing', async () => {
    const showId = await insertShow(tdb.db);
    const first = testRuntime(tdb.db, { projectionPaceMs: PACE_MS });
    const [ada, bob] = [user(), user()];
    await first.dispatch(showId, { type: 'HOLD', holdId: 'kept', userId: ada, seats: ['A-1'] });
    await first.readModelsCaughtUp(showId);
    await first.dispatch(showId, { type: 'HOLD', holdId: 'dropped', userId: bob, seats: ['A-2'] });
    await first.dispatch(showId, { type: 'RELEASE', holdId: 'dropped', userId: bob });
    await first.dispatch(showId, { type: 'HOLD', holdId: 'unseen', userId: bob, seats: ['A-3', 'A-4'] });
    expect([await holdRow('dropped'), await holdRow('unseen')]).toEqual([null, null]);
    const projectedBefore = await checkpoint(showId);
    expect(projectedBefore).toBeLessThan(await lastSeq(showId));

    // No stop(): the first owner just disappears, as a killed process would, and another takes over.
    const second = testRuntime(tdb.db, { nodeId: 'next-owner', projectionPaceMs: PACE_MS });
    expect((await second.summary(showId)).held).toBe(3);
    await second.readModelsCaughtUp(showId);
    expect([await holdRow('kept'), await holdRow('dropped'), await holdRow('unseen')]).toEqual([
      'held',
      'released',
      'held',
    ]);
    expect(await checkpoint(showId)).toBe(await lastSeq(showId));
    await second.stop();
    // The first owner's own drain now finds its show taken: its writes are fenced, its projection moved on.
    await first.stop();
    expect(await holdRow('dropped')).toBe('released');
  });
});
