import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoomRuntime, roomLogic, type RoomRuntime } from '../../../src/actors/room-runtime/index.js';
import type { RoomSettings } from '../../../src/actors/room/types.js';
import { OverloadedError } from '../../../src/actors/runtime/index.js';
import { createPgRoomStorage } from '../../../src/db/room-storage/index.js';
import { roomJournal, roomOwners, roomSnapshots } from '../../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';
import { insertShow, silentLog, testRuntime } from '../runtime/fixtures.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

/** Time moves only when a test says so; the runtimes still tick on a short real interval. */
function manualClock(start = Date.UTC(2030, 0, 1, 10)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

type Clock = ReturnType<typeof manualClock>;

async function rooms(
  clock: Clock,
  shows = testRuntime(tdb.db, { clock }),
  nodeId = 'node-a',
): Promise<RoomRuntime & { shows: typeof shows }> {
  const runtime = createRoomRuntime({
    logic: roomLogic,
    storage: createPgRoomStorage(tdb.db),
    shows,
    clock,
    log: silentLog,
    nodeId,
    tickMs: 10,
    sweepMs: 60_000,
    snapshotEvery: 1000,
  });
  await runtime.start();
  return Object.assign(runtime, { shows });
}

async function stopAll(r: RoomRuntime & { shows: { stop(): Promise<void> } }) {
  await r.stop();
  await r.shows.stop();
}

const settings = (clock: Clock, over: Partial<RoomSettings> = {}): RoomSettings => ({
  preQueueAt: clock.now() - 1000,
  salesOpenAt: clock.now() + 60_000,
  method: 'randomThenFifo',
  maxActive: 1000,
  admitPerMinute: 60,
  turnMs: 10 * 60_000,
  ...over,
});

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const journalOf = (showId: string) =>
  tdb.db.select().from(roomJournal).where(eq(roomJournal.showId, showId)).orderBy(roomJournal.seq);

/** Every account's view, as a customer would poll it. */
async function viewsOf(r: RoomRuntime, showId: string, accounts: string[]) {
  const out = [];
  for (const a of accounts) {
    const ticket = await r.ticketOf(showId, a);
    const v = ticket === null ? null : await r.ticketView(showId, ticket, a);
    out.push(v && { ticket: v.ticket, status: v.status, position: v.position, turnEndsAt: v.turnEndsAt });
  }
  return out;
}

describe('room runtime', () => {
  it('journals what changed (not idle ticks) and answers a join only once it is in the journal', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock) });
    const outcomes = await r.dispatch(showId, { type: 'JOIN', accountId: randomUUID() });
    expect(outcomes.find((o) => o.type === 'queue.joined')).toMatchObject({ ticket: 1, already: false });
    const journal = await journalOf(showId);
    expect(journal.map((j) => j.event.type)).toEqual(['CONFIGURE', 'JOIN']);
    expect(journal[1]!.outcomes.map((o) => o.type)).toContain('queue.joined');
    // Ticks keep running; with the clock still, they change nothing and write nothing.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await journalOf(showId)).toHaveLength(2);
    await stopAll(r);
  });

  it('gives every place and turn back after a restart, from the snapshot or from the journal alone', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const accounts = Array.from({ length: 40 }, () => randomUUID());
    const first = await rooms(clock);
    await first.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { maxActive: 5 }) });
    await Promise.all(accounts.map((accountId) => first.dispatch(showId, { type: 'JOIN', accountId })));
    clock.advance(61_000);
    // The first tick past salesOpenAt shuffles (seeded, journaled) and admits up to maxActive.
    // Admissions show once durable.
    const before = await until('admissions', async () => {
      const views = await viewsOf(first, showId, accounts);
      return views.filter((v) => v?.status === 'admitted').length === 5 && views;
    });
    expect(before.filter((v) => v?.status === 'queued').map((v) => v!.position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 35 }, (_, i) => i + 1),
    );
    // Shuffled at opening: the first five to arrive being the five admitted is a 1 in 658,008 chance.
    const admittedTickets = before.filter((v) => v?.status === 'admitted').map((v) => v!.ticket);
    expect(admittedTickets.sort((a, b) => a - b)).not.toEqual([1, 2, 3, 4, 5]);
    expect((await journalOf(showId)).some((j) => j.event.type === 'TICK' && typeof j.event.seed === 'number')).toBe(true);
    await stopAll(first);
    const [snap] = await tdb.db.select().from(roomSnapshots).where(eq(roomSnapshots.showId, showId));
    expect(snap).toBeDefined();

    const second = await rooms(clock);
    expect(await viewsOf(second, showId, accounts)).toEqual(before);
    await stopAll(second);

    // Without the snapshot the journal alone replays to the same order (ticks carry their seeds).
    await tdb.db.delete(roomSnapshots).where(eq(roomSnapshots.showId, showId));
    const third = await rooms(clock);
    expect(await viewsOf(third, showId, accounts)).toEqual(before);
    await stopAll(third);
  });

  it('admits no faster than the rate: a burst at opening, then one per second at 60 a minute', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo', admitPerMinute: 60 }) });
    await Promise.all(Array.from({ length: 30 }, () => r.dispatch(showId, { type: 'JOIN', accountId: randomUUID() })));
    clock.advance(60_000);
    await until('the opening burst', async () => (await r.summary(showId))?.active === 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await r.summary(showId))?.active).toBe(10);
    clock.advance(3000);
    await until('three more', async () => (await r.summary(showId))?.active === 13);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await r.summary(showId))?.active).toBe(13);
    await stopAll(r);
  });

  it('keeps time during a rush of joins: the opening tick is not starved by writes in flight', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo', maxActive: 5 }) });
    let rushing = true;
    const joins: Promise<unknown>[] = [];
    const rush = (async () => {
      // Joins back to back, so some write is in flight nearly all the time.
      while (rushing) {
        for (let i = 0; i < 20; i++) joins.push(r.dispatch(showId, { type: 'JOIN', accountId: randomUUID() }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    clock.advance(60_000);
    try {
      await until('the room to open while joins keep coming', async () => (await r.summary(showId))?.state === 'admitting', 3000);
    } finally {
      rushing = false;
      await rush;
      await Promise.allSettled(joins);
    }
    await stopAll(r);
  });

  it('ends a turn when it expires and admits the next; the hold check follows', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, {
      type: 'CONFIGURE',
      settings: settings(clock, { method: 'fifo', maxActive: 1, turnMs: 60_000 }),
    });
    const [a, b] = [randomUUID(), randomUUID()];
    await r.dispatch(showId, { type: 'JOIN', accountId: a });
    await r.dispatch(showId, { type: 'JOIN', accountId: b });
    clock.advance(61_000);
    await until('a admitted', async () => (await r.ticketView(showId, 1, a))?.status === 'admitted');
    const gate = await r.admissionGate(showId);
    expect(gate?.hasLiveTurn(a, 1)).toBe(true);
    expect(gate?.hasLiveTurn(b, 2)).toBe(false);
    // Another account's ticket number is not a turn of this account.
    expect(gate?.hasLiveTurn(b, 1)).toBe(false);

    clock.advance(60_001);
    expect(gate?.hasLiveTurn(a, 1)).toBe(false);
    await until('b admitted', async () => (await r.ticketView(showId, 2, b))?.status === 'admitted');
    expect((await r.ticketView(showId, 1, a))?.status).toBe('done');
    const ended = (await journalOf(showId)).flatMap((j) => j.outcomes).find((o) => o.type === 'turn.ended');
    expect(ended).toMatchObject({ accountId: a, reason: 'expired' });
    await stopAll(r);
  });

  it('ends an admitted customer’s turn when the show confirms or releases their hold', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo', maxActive: 1 }) });
    const a = randomUUID();
    await r.dispatch(showId, { type: 'JOIN', accountId: a });
    clock.advance(61_000);
    await until('a admitted', async () => (await r.ticketView(showId, 1, a))?.status === 'admitted');
    const holdId = randomUUID();
    await r.shows.dispatch(showId, { type: 'HOLD', holdId, userId: a, seats: ['A-1'] });
    // Still admitted while the hold is open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await r.ticketView(showId, 1, a))?.status).toBe('admitted');
    await r.shows.dispatch(showId, { type: 'RELEASE', holdId, userId: a });
    await until('turn done', async () => (await r.ticketView(showId, 1, a))?.status === 'done');
    const ended = await until('turn.ended journaled', async () =>
      (await journalOf(showId)).flatMap((j) => j.outcomes).find((o) => o.type === 'turn.ended'),
    );
    expect(ended).toMatchObject({ accountId: a, reason: 'released' });
    await stopAll(r);
  });

  it('tells the queue when the show sells out', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo', maxActive: 1 }) });
    const [buyer, waiting] = [randomUUID(), randomUUID()];
    await r.dispatch(showId, { type: 'JOIN', accountId: buyer });
    await r.dispatch(showId, { type: 'JOIN', accountId: waiting });
    clock.advance(61_000);
    await until('buyer admitted', async () => (await r.ticketView(showId, 1, buyer))?.status === 'admitted');
    const holdId = randomUUID();
    const seats = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4', 'B-5'];
    await r.shows.dispatch(showId, { type: 'HOLD', holdId, userId: buyer, seats });
    await r.shows.dispatch(showId, { type: 'BEGIN_PAYMENT', holdId, userId: buyer, paymentId: 'p1' });
    await r.shows.dispatch(showId, { type: 'CONFIRM', holdId, bookingId: randomUUID(), paymentId: 'p1' });
    expect((await r.shows.summary(showId)).state).toContain('soldOut');
    await until('room sold out', async () => (await r.summary(showId))?.state === 'soldOut');
    expect(await r.ticketView(showId, 2, waiting)).toMatchObject({ status: 'soldOut', position: null });
    await stopAll(r);
  });

  it('a room taken by another node fences the old owner: its next write fails and changes nothing', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const shows = testRuntime(tdb.db, { clock });
    const old = await rooms(clock, shows, 'node-a');
    await old.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo' }) });
    await old.dispatch(showId, { type: 'JOIN', accountId: randomUUID() });
    const taker = await rooms(clock, shows, 'node-b');
    await taker.dispatch(showId, { type: 'JOIN', accountId: randomUUID() });
    await expect(old.dispatch(showId, { type: 'JOIN', accountId: randomUUID() })).rejects.toBeInstanceOf(OverloadedError);
    const [owner] = await tdb.db.select().from(roomOwners).where(eq(roomOwners.showId, showId));
    expect(owner).toMatchObject({ ownerNode: 'node-b', lastSeq: 3 });
    expect((await journalOf(showId)).map((j) => j.seq)).toEqual([1, 2, 3]);
    await old.stop();
    await stopAll(taker);
  });

  it('counts what became durable for the metrics: places, admissions and turns ended by reason', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const r = await rooms(clock);
    const before = r.stats();
    const [ada, bob] = [randomUUID(), randomUUID()];
    await r.dispatch(showId, {
      type: 'CONFIGURE',
      settings: settings(clock, { method: 'passthrough', salesOpenAt: clock.now(), turnMs: 1000 }),
    });
    await until('admitting', async () => (await r.summary(showId))?.state === 'admitting');
    for (const accountId of [ada, bob, ada]) await r.dispatch(showId, { type: 'JOIN', accountId });
    await r.dispatch(showId, { type: 'LEAVE', accountId: bob });
    clock.advance(2000);
    await until('the turn expired', async () => r.stats().turnsEnded.expired > before.turnsEnded.expired);
    const after = r.stats();
    expect(after.joins - before.joins).toBe(2);
    expect(after.admissions - before.admissions).toBe(2);
    expect(after.turnsEnded.left - before.turnsEnded.left).toBe(1);
    expect(after.turnsEnded.expired - before.turnsEnded.expired).toBe(1);
    await stopAll(r);
  });

  it('after a ring change the new owner checks holds only once it has read which shows have rooms', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const shows = testRuntime(tdb.db, { clock });
    let owner = 'node-a';
    const node = (nodeId: string) =>
      createRoomRuntime({
        logic: roomLogic,
        storage: createPgRoomStorage(tdb.db),
        shows,
        clock,
        log: silentLog,
        nodeId,
        owns: (id) => id === showId && owner === nodeId,
        tickMs: 10,
        sweepMs: 60_000,
      });
    const [a, b] = [node('node-a'), node('node-b')];
    await a.start();
    // B read the list before the room existed; its next periodic read is a minute away.
    await b.start();
    await a.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock) });
    owner = 'node-b';
    const handoffs = Promise.all([a.handoff(), b.handoff()]);
    // The first hold on the show that just moved here, before B's sweep has reread the rooms.
    const gate = await b.admissionGate(showId);
    expect(gate).not.toBeNull();
    expect(gate!.hasLiveTurn(randomUUID(), 1)).toBe(false);
    await handoffs;
    expect(b.liveRooms()).toEqual([showId]);
    await a.stop();
    await b.stop();
    await shows.stop();
  });

  it('answers 503 (OverloadedError) when the list of rooms cannot be read after a ring change', async () => {
    const clock = manualClock();
    const shows = testRuntime(tdb.db, { clock });
    const storage = createPgRoomStorage(tdb.db);
    let stall = false;
    let release = () => {};
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const r = createRoomRuntime({
      logic: roomLogic,
      storage: { ...storage, rooms: () => (stall ? stalled.then(() => []) : storage.rooms()) },
      shows,
      clock,
      log: silentLog,
      nodeId: 'node-a',
      owns: () => false,
      sweepMs: 60_000,
      listWaitMs: 50,
    });
    await r.start();
    stall = true;
    void r.handoff();
    await expect(r.admissionGate(randomUUID())).rejects.toBeInstanceOf(OverloadedError);
    release();
    await r.stop();
    await shows.stop();
  });

  it('lets an ended room go from memory once its snapshot is written; a later read rebuilds it', async () => {
    const clock = manualClock();
    const showId = await insertShow(tdb.db);
    const shows = testRuntime(tdb.db, { clock });
    const r = createRoomRuntime({
      logic: roomLogic,
      storage: createPgRoomStorage(tdb.db),
      shows,
      clock,
      log: silentLog,
      nodeId: 'node-a',
      tickMs: 10,
      sweepMs: 20,
    });
    await r.start();
    const accounts = [randomUUID(), randomUUID()];
    await r.dispatch(showId, { type: 'CONFIGURE', settings: settings(clock, { method: 'fifo' }) });
    for (const accountId of accounts) await r.dispatch(showId, { type: 'JOIN', accountId });
    await r.dispatch(showId, { type: 'END' });
    await until('ended room evicted', async () => !r.liveRooms().includes(showId));
    const [snap] = await tdb.db.select().from(roomSnapshots).where(eq(roomSnapshots.showId, showId));
    expect(snap!.seq).toBe(4);
    expect(snap!.snapshot).toMatchObject({ state: 'ended' });
    // A read comes back with the room as it ended, and the hold check still needs no token.
    expect(await r.summary(showId)).toMatchObject({ state: 'ended', queued: 2, settings: { method: 'fifo' } });
    expect(await r.ticketView(showId, 2, accounts[1]!)).toMatchObject({ ticket: 2, status: 'ended' });
    expect(await r.admissionGate(showId)).toBeNull();
    await r.stop();
    await shows.stop();
  });
});
