import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShowRuntime } from '../../../src/actors/runtime/index.js';
import { DEFAULT_SHOW_RULES } from '../../../src/config/show-rules.js';
import { createPgShowStorage, journalReader, planCommitRows } from '../../../src/db/show-storage/index.js';
import { createSmallShow, createWorld, goodCard, placeHold, silentLog, type World } from '../../payments/harness.js';
import { createTestDatabase, type TestDatabase } from '../../setup/database.js';

/*
 * Every id and time a read model row holds comes from the journal, so the rows can be rebuilt from
 * the journal alone: the asynchronous ones (holds, waitlist entries) by projecting it again, the
 * ones written with each commit (bookings, tickets) by planning them from it again.
 */

let tdb: TestDatabase;
let world: World;
let showId: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  world = createWorld(tdb.db);
  showId = await createSmallShow(tdb.db);
  // Holds that end every way, bookings with tickets, one cancelled, and a waitlist entry offered its seat.
  const released = await placeHold(world, showId, ['A-1']);
  await world.runtime.dispatch(showId, { type: 'RELEASE', holdId: released.holdId, userId: released.userId });
  for (const seats of [['A-2', 'A-3'], ['B-1'], ['B-2', 'B-3', 'B-4', 'B-5']]) {
    const hold = await placeHold(world, showId, seats);
    const paid = await world.checkout.confirm({ showId, ...hold, payment: goodCard });
    if (!paid.ok) throw new Error(`confirm failed: ${paid.code}`);
  }
  await placeHold(world, showId, ['A-1', 'A-4', 'A-5']);
  const waiter = randomUUID();
  await world.runtime.dispatch(showId, { type: 'JOIN_WAITLIST', entryId: randomUUID(), userId: waiter, quantity: 1 });
  const [booking] = await tdb.sql<
    { id: string }[]
  >`select id from bookings where show_id = ${showId} and seats ? 'B-1'`;
  await world.runtime.dispatch(showId, { type: 'CANCEL_BOOKING', bookingId: booking!.id });
  await world.runtime.readModelsCaughtUp(showId);
  await world.runtime.stop();
});
afterAll(async () => {
  await tdb.close();
});

const projected = () =>
  Promise.all([
    tdb.sql`select id, user_id, status, seats, ga_section, quantity, total, currency, expires_at, deadline_at,
        payment_id, booking_id, entry_id, created_at from holds where show_id = ${showId} order by id`,
    tdb.sql`select id, user_id, quantity, category, section, status, hold_id, joined_at, expires_at
        from waitlist_entries where show_id = ${showId} order by id`,
  ]);

describe('read models rebuilt from the journal alone', () => {
  it('projects the same holds and waitlist rows again', async () => {
    const before = await projected();
    expect(before[0].map((h) => h.status).sort()).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'held',
      'held',
      'released',
    ]);
    expect(before[1].map((e) => e.status)).toEqual(['offered']);
    await tdb.sql`delete from holds where show_id = ${showId}`;
    await tdb.sql`delete from waitlist_entries where show_id = ${showId}`;
    await tdb.sql`update show_projections set seq = 0 where show_id = ${showId}`;

    const runtime = createShowRuntime({
      storage: createPgShowStorage(tdb.db, { ticketSecret: 'test-secret' }),
      clock: world.clock,
      log: silentLog,
      nodeId: 'rebuild-test',
      rules: DEFAULT_SHOW_RULES,
    });
    await runtime.summary(showId);
    await runtime.readModelsCaughtUp(showId);
    await runtime.stop();
    const after = await projected();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual(before[1]);
  });

  it('plans the same bookings and tickets (ids and signed codes) from the journal', async () => {
    const journal = await journalReader(tdb.db).loadJournalAfter(showId, 0);
    expect(journal.every((e) => e.decisions !== null)).toBe(true);
    const rows = planCommitRows(
      showId,
      'test-secret',
      journal.map((e) => ({ event: e.event, decisions: e.decisions! })),
    );
    const bookings = await tdb.sql<{ id: string; status: string; seats: string[] }[]>`
      select id, status, seats from bookings where show_id = ${showId} order by id`;
    expect(bookings.map((b) => b.status).sort()).toEqual(['cancelled', 'confirmed', 'confirmed']);
    expect(
      rows.bookings
        .map((b) => ({ id: b.id, status: b.status, seats: b.seats }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(bookings.map((b) => ({ id: b.id, status: b.status, seats: b.seats })));
    const tickets = await tdb.sql<{ id: string; booking_id: string; seat_id: string; code: string }[]>`
      select id, booking_id, seat_id, code from tickets where show_id = ${showId} order by id`;
    expect(tickets).toHaveLength(7);
    expect([...rows.tickets].sort((a, b) => a.id.localeCompare(b.id))).toEqual(tickets);
  });
});
