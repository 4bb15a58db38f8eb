import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';
import { holds, showJournal, showOwners } from '../../../src/db/schema/index.js';
import { OverloadedError, ShowNotFoundError, type ShowCommand } from '../../../src/actors/runtime/index.js';
import type { ShowOutcome } from '../../../src/actors/show/types.js';
import { DEFAULT_SHOW_RULES } from '../../../src/config/show-rules.js';
import { insertShow, testRuntime, user } from './fixtures.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const placed = (outcomes: ShowOutcome[]) => outcomes.find((o) => o.type === 'hold.placed');
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

describe('show runtime', () => {
  it('answers only after the decision is in the journal; the holds read model follows it', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    const holdId = randomUUID();
    const outcomes = await runtime.dispatch(showId, { type: 'HOLD', holdId, userId: user(), seats: ['A-1', 'A-2'] });
    expect(placed(outcomes)).toMatchObject({ holdId, seats: ['A-1', 'A-2'] });
    const journal = await tdb.db.select().from(showJournal).where(eq(showJournal.showId, showId));
    expect(journal.map((j) => j.event.type)).toEqual(['HOLD']);
    expect(journal[0]!.decisions!.map((d) => d.type)).toEqual(['hold.placed']);
    await runtime.readModelsCaughtUp(showId);
    const [row] = await tdb.db.select().from(holds).where(eq(holds.id, holdId));
    expect(row).toMatchObject({ status: 'held', seats: ['A-1', 'A-2'], total: 10000 });
    await runtime.stop();
  });

  it('groups concurrent commands into few commits and sells each seat once', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    await runtime.summary(showId);
    const before = runtime.stats().batches;
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        runtime.dispatch(showId, { type: 'HOLD', holdId: randomUUID(), userId: user(), quantity: 1 }),
      ),
    );
    const seats = results.flatMap((r) => placed(r)?.seats ?? []);
    expect(seats).toHaveLength(10);
    expect(new Set(seats).size).toBe(10);
    expect(runtime.stats().batches - before).toBeLessThan(20);
    const [journal] = await tdb.sql<{ count: string }[]>`select count(*) from show_journal where show_id = ${showId}`;
    // Refusals change nothing, so only the ten placed holds are journaled.
    expect(Number(journal!.count)).toBe(10);
    await runtime.stop();
  });

  it('rebuilds a show after a crash with every hold and its deadline as they were', async () => {
    const showId = await insertShow(tdb.db);
    const first = testRuntime(tdb.db, { snapshotEvery: 3 });
    for (let i = 0; i < 7; i++) {
      await first.dispatch(showId, { type: 'HOLD', holdId: `h${i}`, userId: user(), quantity: 1 });
    }
    const live = (await first.inspect(showId)) as { context: unknown };
    // No stop(): the first runtime just disappears, as a killed process would.
    const second = testRuntime(tdb.db, { nodeId: 'other-node' });
    const rebuilt = (await second.inspect(showId)) as { context: unknown };
    expect(rebuilt.context).toEqual(live.context);
    await second.stop();
  });

  it('fences a stale owner: its next write fails and it drops the actor', async () => {
    const showId = await insertShow(tdb.db);
    const a = testRuntime(tdb.db, { nodeId: 'a' });
    const b = testRuntime(tdb.db, { nodeId: 'b' });
    await a.dispatch(showId, { type: 'HOLD', holdId: 'a1', userId: user(), seats: ['A-1'] });
    await b.dispatch(showId, { type: 'HOLD', holdId: 'b1', userId: user(), seats: ['A-2'] });
    await expect(
      a.dispatch(showId, { type: 'HOLD', holdId: 'a2', userId: user(), seats: ['A-3'] }),
    ).rejects.toBeInstanceOf(OverloadedError);
    expect(a.liveShows()).not.toContain(showId);
    const journal = await tdb.db.select().from(showJournal).where(eq(showJournal.showId, showId));
    expect(journal.map((j) => (j.event as { holdId?: string }).holdId)).toEqual(['a1', 'b1']);
    const [owner] = await tdb.db.select().from(showOwners).where(eq(showOwners.showId, showId));
    expect(owner!.ownerNode).toBe('b');
    await b.stop();
  });

  it('fails every waiting request when a write fails, and rebuilds without the lost decision', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'ok', userId: user(), seats: ['A-1'] });
    // A row already at the next seq makes the next append violate the journal's key.
    await tdb.sql`insert into show_journal (show_id, seq, epoch, event)
      values (${showId}, 2, 0, ${JSON.stringify({ type: 'TICK', now: Date.now() })}::jsonb)`;
    await expect(
      runtime.dispatch(showId, { type: 'HOLD', holdId: 'lost', userId: user(), seats: ['A-2'] }),
    ).rejects.toBeInstanceOf(OverloadedError);
    const again = await runtime.dispatch(showId, { type: 'HOLD', holdId: 'retry', userId: user(), seats: ['A-2'] });
    expect(placed(again)?.seats).toEqual(['A-2']);
    await runtime.readModelsCaughtUp(showId);
    const rows = await tdb.db.select({ id: holds.id }).from(holds).where(eq(holds.showId, showId));
    expect(rows.map((r) => r.id).sort()).toEqual(['ok', 'retry']);
    await runtime.stop();
  });

  it('expires a hold on its own timer and writes it down', async () => {
    const showId = await insertShow(tdb.db, { holdTtlSeconds: 1 });
    const runtime = testRuntime(tdb.db, {
      rules: { ...DEFAULT_SHOW_RULES, holdGraceSeconds: 0 },
    });
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'short', userId: user(), seats: ['A-1'] });
    await expect
      .poll(async () => (await tdb.db.select().from(holds).where(eq(holds.id, 'short')))[0]?.status, {
        timeout: 5000,
      })
      .toBe('expired');
    expect((await runtime.summary(showId)).held).toBe(0);
    // Nobody sent a command: the host's own timer sent the TICK that expired it.
    const journal = await tdb.db.select().from(showJournal).where(eq(showJournal.showId, showId));
    expect(journal.map((j) => j.event.type)).toEqual(['HOLD', 'TICK']);
    await runtime.stop();
  });

  it('writes down what a command caught up with, as a committed TICK would, and replays it without one', async () => {
    const showId = await insertShow(tdb.db, { holdTtlSeconds: 60 });
    let now = Date.now();
    const clock = { now: () => now };
    const rules = { ...DEFAULT_SHOW_RULES, holdGraceSeconds: 0 };
    const runtime = testRuntime(tdb.db, { clock, rules });
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'lapsing', userId: user(), seats: ['A-1'] });
    // The hold's timer is a real minute away, so only the next command can notice the clock jumping past it.
    now += 61_000;
    const out = await runtime.dispatch(showId, { type: 'HOLD', holdId: 'taker', userId: user(), seats: ['A-1'] });
    expect(out.map((o) => o.type)).toEqual(['hold.expired', 'hold.placed']);

    const journal = await tdb.db.select().from(showJournal).where(eq(showJournal.showId, showId));
    expect(journal.map((j) => j.event.type)).toEqual(['HOLD', 'HOLD']);
    await runtime.readModelsCaughtUp(showId);
    const rows = await tdb.db
      .select({ id: holds.id, status: holds.status })
      .from(holds)
      .where(eq(holds.showId, showId));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ lapsing: 'expired', taker: 'held' });
    const [stats] = await tdb.sql<{ held: number; available: number }[]>`
      select held, available from show_stats where show_id = ${showId}`;
    expect(stats).toEqual({ held: 1, available: 9 });

    const live = (await runtime.inspect(showId)) as { context: unknown };
    // No stop(): another node rebuilds from the journal alone, which has no TICK in it.
    const other = testRuntime(tdb.db, { nodeId: 'replayer', clock, rules });
    const rebuilt = (await other.inspect(showId)) as { context: unknown };
    expect(rebuilt.context).toEqual(live.context);
    await other.stop();
    await runtime.stop();
  });

  it('wakes a passivated show when its deadline falls due', async () => {
    const showId = await insertShow(tdb.db, { holdTtlSeconds: 1 });
    const runtime = testRuntime(tdb.db, {
      rules: { ...DEFAULT_SHOW_RULES, holdGraceSeconds: 0 },
    });
    await runtime.start();
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'sleeper', userId: user(), seats: ['B-1'] });
    await runtime.passivate(showId);
    expect(runtime.liveShows()).not.toContain(showId);
    await expect
      .poll(async () => (await tdb.db.select().from(holds).where(eq(holds.id, 'sleeper')))[0]?.status, {
        timeout: 5000,
      })
      .toBe('expired');
    await runtime.stop();
  });

  it('serves a command that arrives while the show is being passivated, after the snapshot', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'before', userId: user(), seats: ['A-1'] });
    const passivating = runtime.passivate(showId);
    const during = runtime.dispatch(showId, { type: 'HOLD', holdId: 'during', userId: user(), seats: ['A-2'] });
    await passivating;
    expect(placed(await during)?.seats).toEqual(['A-2']);
    const [owner] = await tdb.db.select().from(showOwners).where(eq(showOwners.showId, showId));
    // Activated once, then once more after the passivation finished: no write was fenced on the way.
    expect(owner!.epoch).toBe(2);
    await runtime.stop();
  });

  it('applies what fell due before a command, even when no timer has fired', async () => {
    // Wide enough apart that a busy machine still places the second hold before sales close.
    const salesCloseAt = Date.now() + 5000;
    const showId = await insertShow(tdb.db, { salesCloseAt: new Date(salesCloseAt) });
    const first = testRuntime(tdb.db, { rules: { ...DEFAULT_SHOW_RULES, holdGraceSeconds: 0, holdTtlSeconds: 1 } });
    await first.dispatch(showId, { type: 'HOLD', holdId: 'gone-soon', userId: user(), seats: ['A-1'] });
    const heldAt = Date.now();
    // Nobody hosts the show (and no sweep runs) while the hold falls due.
    await first.passivate(showId);
    await sleepUntil(heldAt + 1100);
    const second = testRuntime(tdb.db, { nodeId: 'second' });
    const again = await second.dispatch(showId, { type: 'HOLD', holdId: 'after', userId: user(), seats: ['A-1'] });
    expect(Date.now(), 'the machine was too slow to place the hold before sales closed').toBeLessThan(salesCloseAt);
    expect(placed(again)?.seats).toEqual(['A-1']);
    await second.passivate(showId);
    await sleepUntil(salesCloseAt + 100);
    const late = await second.dispatch(showId, { type: 'HOLD', holdId: 'too-late', userId: user(), seats: ['A-2'] });
    expect(late.find((o) => o.type === 'hold.rejected')).toMatchObject({ code: 'sales_closed' });
    await second.stop();
  });

  it('drops only the show whose machine throws, and keeps the command that broke it out of the journal', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    await runtime.dispatch(showId, { type: 'HOLD', holdId: 'fine', userId: user(), seats: ['A-1'] });
    // The edge validates input, so only a bug could send this; the machine then throws.
    const poison = { type: 'HOLD', holdId: null, userId: user(), seats: ['A-2'] } as unknown as ShowCommand;
    await expect(runtime.dispatch(showId, poison)).rejects.toBeInstanceOf(OverloadedError);
    expect(runtime.liveShows()).not.toContain(showId);
    const after = await runtime.dispatch(showId, { type: 'HOLD', holdId: 'next', userId: user(), seats: ['A-2'] });
    expect(placed(after)?.seats).toEqual(['A-2']);
    const journal = await tdb.db.select().from(showJournal).where(eq(showJournal.showId, showId));
    expect(journal.map((j) => (j.event as { holdId?: string }).holdId)).toEqual(['fine', 'next']);
    await runtime.stop();
  });

  it('loads a journal written before decisions were kept (version 1), deciding its commands once', async () => {
    const showId = await insertShow(tdb.db);
    const first = testRuntime(tdb.db);
    await first.summary(showId);
    await first.stop();
    // Rows as the previous release wrote them: the command alone; its read models were written with it.
    const [u1, u2] = [user(), user()];
    const now = Date.now();
    const v1 = [
      { type: 'HOLD', holdId: 'old-1', userId: u1, seats: ['A-1', 'A-2'], now },
      { type: 'HOLD', holdId: 'old-2', userId: u2, seats: ['A-3'], now: now + 1 },
      { type: 'RELEASE', holdId: 'old-1', userId: u1, now: now + 2 },
    ];
    for (const [i, event] of v1.entries()) {
      await tdb.sql`insert into show_journal (show_id, seq, epoch, event)
        values (${showId}, ${i + 1}, 1, ${JSON.stringify(event)}::jsonb)`;
    }
    await tdb.sql`update show_projections set seq = 3 where show_id = ${showId}`;

    const runtime = testRuntime(tdb.db);
    expect((await runtime.summary(showId)).held).toBe(1);
    const seats = Object.fromEntries((await runtime.seatMap(showId)).seats.map((x) => [x.seatId, x.status]));
    expect([seats['A-1'], seats['A-2'], seats['A-3']]).toEqual(['available', 'available', 'held']);
    const again = await runtime.dispatch(showId, { type: 'HOLD', holdId: 'new-1', userId: user(), seats: ['A-1'] });
    expect(placed(again)?.seats).toEqual(['A-1']);
    const journal = await tdb.sql<{ seq: string; version: number; decisions: unknown }[]>`
      select seq, version, decisions from show_journal where show_id = ${showId} order by seq`;
    expect(journal.map((j) => j.version)).toEqual([1, 1, 1, 2]);
    expect(journal[3]!.decisions).toMatchObject([{ type: 'hold.placed', holdId: 'new-1', seats: ['A-1'] }]);
    await runtime.stop();
  });

  it("tells a live hold's owner and status, the same as liveHold, and null once it has ended", async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db);
    const [ada, holdId] = [user(), randomUUID()];
    await runtime.dispatch(showId, { type: 'HOLD', holdId, userId: ada, seats: ['A-1'] });
    expect(await runtime.liveHoldStatus(showId, holdId)).toEqual({ userId: ada, status: 'held' });
    await runtime.dispatch(showId, { type: 'BEGIN_PAYMENT', holdId, userId: ada, paymentId: randomUUID() });
    const paying = await runtime.liveHoldStatus(showId, holdId);
    expect(paying).toEqual({ userId: ada, status: 'paying' });
    expect(await runtime.liveHold(showId, holdId)).toMatchObject(paying!);
    expect(await runtime.liveHoldStatus(showId, randomUUID())).toBeNull();
    expect(await runtime.liveHoldStatus(showId, 'toString')).toBeNull();
    expect(await runtime.liveHoldStatus('no-such-show', holdId)).toBeNull();
    const other = randomUUID();
    await runtime.dispatch(showId, { type: 'HOLD', holdId: other, userId: ada, seats: ['A-2'] });
    await runtime.dispatch(showId, { type: 'RELEASE', holdId: other, userId: ada });
    expect(await runtime.liveHoldStatus(showId, other)).toBeNull();
    await runtime.stop();
  });

  it('answers an unknown show with ShowNotFoundError', async () => {
    const runtime = testRuntime(tdb.db);
    await expect(runtime.summary('no-such-show')).rejects.toBeInstanceOf(ShowNotFoundError);
    await runtime.stop();
  });

  it('refuses work beyond the queue limit instead of growing without bound', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db, { queueLimit: 5 });
    await runtime.summary(showId);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        runtime.dispatch(showId, { type: 'HOLD', holdId: randomUUID(), userId: user(), quantity: 1 }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof OverloadedError)).toBe(true);
    await runtime.stop();
  });
});

describe('stored documents', () => {
  it('keeps snapshots, journal events and stats as JSON documents, not JSON strings', async () => {
    const showId = await insertShow(tdb.db);
    const runtime = testRuntime(tdb.db, { snapshotEvery: 1 });
    await runtime.dispatch(showId, { type: 'HOLD', holdId: randomUUID(), userId: user(), seats: ['A-1'] });
    await runtime.readModelsCaughtUp(showId);
    const [row] = await tdb.sql<{ snapshot: string; event: string; categories: string; seats: string }[]>`
      select jsonb_typeof(s.snapshot) as snapshot, jsonb_typeof(j.event) as event,
        jsonb_typeof(t.categories) as categories, jsonb_typeof(h.seats) as seats
      from show_snapshots s join show_journal j using (show_id) join show_stats t using (show_id)
        join holds h using (show_id)
      where s.show_id = ${showId}`;
    expect(row).toEqual({ snapshot: 'object', event: 'object', categories: 'array', seats: 'array' });
    await runtime.stop();
  });
});
