import { journalReader } from '../../../src/db/show-storage/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShowHistory } from '../../../src/actors/runtime/history.js';
import type { ShowContext } from '../../../src/actors/show/types.js';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';
import { insertShow, testRuntime, user } from './fixtures.js';

// Users are uuids in the read models.
const u = Object.fromEntries(['u1', 'u2', 'u3', 'u4', 'u5', 'u9'].map((name) => [name, user()])) as Record<
  string,
  string
>;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const seatsOf = (s: { changes: { seats: { seatId: string; from: string; to: string }[] } }) =>
  s.changes.seats.map((c) => `${c.seatId}:${c.from}${c.to}`);

/**
 * Ten seats (A premium, B regular): two holds, a release, a refusal, the show filled to allHeld, a
 * waitlist entry, and a release that turns into an offer for it. Returns the runtime, still live.
 */
async function playScenario(opts: { snapshotEvery?: number } = {}) {
  const showId = await insertShow(tdb.db);
  const runtime = testRuntime(tdb.db, opts);
  const send = (cmd: Parameters<typeof runtime.dispatch>[1]) => runtime.dispatch(showId, cmd);
  // Hold and entry ids are unique across the database's read models, so every run gets its own.
  const ids = Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'e1'].map((n) => [n, `${n}-${showId}`])) as Record<
    'h1' | 'h2' | 'h3' | 'h4' | 'e1',
    string
  >;
  await send({ type: 'HOLD', holdId: ids.h1, userId: u.u1!, seats: ['A-1', 'A-2'] });
  await send({ type: 'HOLD', holdId: ids.h2, userId: u.u2!, quantity: 3, category: 'regular' });
  await send({ type: 'RELEASE', holdId: ids.h1, userId: u.u1! });
  // Refused (no such seat): changes nothing, so it is not journaled and has no step.
  await send({ type: 'HOLD', holdId: 'refused', userId: u.u9!, seats: ['Z-9'] });
  await send({ type: 'HOLD', holdId: ids.h3, userId: u.u3!, seats: ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'] });
  await send({ type: 'HOLD', holdId: ids.h4, userId: u.u4!, quantity: 2, category: 'regular' });
  await send({ type: 'JOIN_WAITLIST', entryId: ids.e1, userId: u.u5!, quantity: 2, category: 'premium' });
  await send({ type: 'RELEASE', holdId: ids.h3, userId: u.u3! });
  return { showId, runtime, ids };
}

describe('show history', () => {
  it('replays the journal into ordered steps with their states and what each changed', async () => {
    const { showId, runtime, ids } = await playScenario();
    const history = await loadShowHistory(journalReader(tdb.db), showId, { limit: 50 });
    expect(history).not.toBeNull();
    const steps = history!.steps;
    expect(steps.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(steps.map((s) => s.event.type)).toEqual([
      'HOLD',
      'HOLD',
      'RELEASE',
      'HOLD',
      'HOLD',
      'JOIN_WAITLIST',
      'RELEASE',
    ]);
    expect(steps.map((s) => (s.event as { holdId?: string }).holdId ?? null)).not.toContain('refused');
    expect(steps.map((s) => s.state)).toEqual([
      'onSale.available',
      'onSale.available',
      'onSale.available',
      'onSale.available',
      'onSale.allHeld',
      'onSale.allHeld',
      'onSale.available',
    ]);
    expect(steps[4]!.stateBefore).toBe('onSale.available');

    const [first, second, release] = steps;
    expect(first!.changes.holdsAdded).toMatchObject([
      { holdId: ids.h1, userId: u.u1!, seats: ['A-1', 'A-2'], quantity: 2 },
    ]);
    expect(first!.changes.counts).toEqual({ available: -2, held: 2, earmarked: 0, booked: 0, waitlist: 0 });
    expect(seatsOf(first!)).toEqual(['A-1:.h', 'A-2:.h']);
    expect(second!.changes.holdsAdded).toMatchObject([{ holdId: ids.h2, quantity: 3 }]);
    expect(second!.changes.holdsAdded[0]!.seats.every((seat) => seat.startsWith('B-'))).toBe(true);
    expect(release!.changes.holdsRemoved).toEqual([{ holdId: ids.h1, userId: u.u1!, reason: 'released' }]);
    expect(release!.changes.holdsAdded).toEqual([]);
    expect(seatsOf(release!)).toEqual(['A-1:h.', 'A-2:h.']);
    expect(release!.totals).toEqual({ available: 7, held: 3, earmarked: 0, booked: 0, waitlist: 0 });

    const join = steps[5]!;
    expect(join.changes.waitlistAdded).toMatchObject([{ entryId: ids.e1, userId: u.u5!, position: 1, quantity: 2 }]);
    expect(join.changes.counts.waitlist).toBe(1);

    // Freed premium seats go to the head of the queue as an offer; the rest are free again.
    const offer = steps[6]!;
    expect(offer.changes.holdsRemoved).toEqual([{ holdId: ids.h3, userId: u.u3!, reason: 'released' }]);
    expect(offer.changes.holdsAdded).toHaveLength(1);
    expect(offer.changes.holdsAdded[0]).toMatchObject({ userId: u.u5!, entryId: ids.e1, quantity: 2 });
    expect(offer.changes.waitlistChanged).toEqual([{ entryId: ids.e1, from: 'waiting', to: 'offered' }]);
    expect(offer.outcomes.map((o) => o.type)).toEqual(['hold.released', 'hold.placed', 'waitlist.offered']);
    expect(offer.totals.available).toBe(3);

    // The replay ends exactly where the live actor stands.
    const live = (await runtime.inspect(showId)) as { context: ShowContext };
    expect(history!.end.rows).toEqual(live.context.rows);
    expect(history!.end.state).toBe('onSale.available');
    expect(history!.lastSeq).toBe(7);
    expect(history!.truncated).toBe(false);
    await runtime.stop();
  });

  it('describes only the last `limit` steps, diffed against the step before them', async () => {
    const { showId, runtime } = await playScenario();
    const history = await loadShowHistory(journalReader(tdb.db), showId, { limit: 2 });
    expect(history!.steps.map((s) => s.seq)).toEqual([6, 7]);
    expect(history!.steps[0]!.stateBefore).toBe('onSale.allHeld');
    expect(history!.steps[0]!.changes.holdsAdded).toEqual([]);
    await runtime.stop();
  });

  it('reaches back past a recent snapshot by replaying from the show’s creation', async () => {
    const { showId, runtime } = await playScenario({ snapshotEvery: 2 });
    await runtime.passivate(showId);
    const [snap] = await tdb.sql<{ seq: string }[]>`select seq from show_snapshots where show_id = ${showId}`;
    expect(Number(snap!.seq)).toBe(7);

    const history = await loadShowHistory(journalReader(tdb.db), showId, { limit: 4 });
    expect(history!.base).toEqual({ kind: 'genesis', seq: 0 });
    expect(history!.steps.map((s) => s.seq)).toEqual([4, 5, 6, 7]);
    expect(history!.steps.map((s) => s.state)).toEqual([
      'onSale.available',
      'onSale.allHeld',
      'onSale.allHeld',
      'onSale.available',
    ]);
    expect(history!.truncated).toBe(false);

    // Without the genesis replay only the steps after the snapshot are known: none here.
    const bounded = await loadShowHistory(journalReader(tdb.db), showId, { limit: 4, maxGenesisReplay: 0 });
    expect(bounded!.base).toEqual({ kind: 'snapshot', seq: 7 });
    expect(bounded!.steps).toEqual([]);
    expect(bounded!.truncated).toBe(true);
    expect(bounded!.end.state).toBe('onSale.available');
    await runtime.stop();
  });

  it('trusts the snapshot over a replay that does not pass through it', async () => {
    const { showId, runtime } = await playScenario({ snapshotEvery: 5 });
    await runtime.stop();
    // A snapshot the journal does not lead to (its counts altered): replaying from creation cannot
    // reproduce it, so the replay must not be used.
    await tdb.sql`update show_snapshots
      set snapshot = jsonb_set(snapshot, '{context,counts,0,booked}', '99'::jsonb) where show_id = ${showId}`;
    const [snap] = await tdb.sql<{ seq: string }[]>`select seq from show_snapshots where show_id = ${showId}`;
    const history = await loadShowHistory(journalReader(tdb.db), showId, { limit: 50 });
    expect(history!.base).toEqual({ kind: 'snapshot', seq: Number(snap!.seq) });
    expect(history!.truncated).toBe(true);
    expect(history!.steps.every((s) => s.seq > Number(snap!.seq))).toBe(true);
  });

  it('shows a hold that ran out as ended by the command that caught up with it', async () => {
    const showId = await insertShow(tdb.db, { holdTtlSeconds: 60 });
    let now = Date.now();
    const runtime = testRuntime(tdb.db, { clock: { now: () => now } });
    const [lapsing, taker] = [`lapsing-${showId}`, `taker-${showId}`];
    await runtime.dispatch(showId, { type: 'HOLD', holdId: lapsing, userId: u.u1!, seats: ['A-1'] });
    now += 10 * 60_000;
    await runtime.dispatch(showId, { type: 'HOLD', holdId: taker, userId: u.u2!, seats: ['A-1'] });
    const history = await loadShowHistory(journalReader(tdb.db), showId, { limit: 10 });
    const last = history!.steps.at(-1)!;
    expect(history!.steps.map((s) => s.event.type)).toEqual(['HOLD', 'HOLD']);
    expect(last.changes.holdsRemoved).toEqual([{ holdId: lapsing, userId: u.u1!, reason: 'expired' }]);
    expect(last.changes.holdsAdded).toMatchObject([{ holdId: taker, seats: ['A-1'] }]);
    await runtime.stop();
  });

  it('is null for a show whose actor was never created', async () => {
    const showId = await insertShow(tdb.db);
    expect(await loadShowHistory(journalReader(tdb.db), showId, { limit: 10 })).toBeNull();
  });
});
