import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoyaltyConsumer } from '../../src/commerce/loyalty-consumer.js';
import type { OutboxRow, OutboxTopic } from '../../src/db/schema/index.js';
import { insertShow } from '../actors/runtime/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

let tdb: TestDatabase;
let showId: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  showId = await insertShow(tdb.db);
});
afterAll(async () => {
  await tdb?.close();
});

interface BookingSpec {
  key: string;
  total: number;
  status?: 'confirmed' | 'cancelled';
  pointsRedeemed?: number;
  refunded?: number;
}

/** A customer with these paid bookings; returns the booking id of each spec key. */
async function customer(specs: BookingSpec[]): Promise<{ userId: string; ids: Map<string, string> }> {
  const userId = randomUUID();
  await tdb.sql`insert into users (id, email, name, password_hash) values (${userId}, ${`${userId}@example.com`}, 'Ann', 'x')`;
  const ids = new Map<string, string>();
  for (const spec of specs) {
    const bookingId = `b-${randomUUID()}`;
    const paymentId = `p-${randomUUID()}`;
    ids.set(spec.key, bookingId);
    await tdb.sql`insert into payments (id, user_id, show_id, hold_id, booking_id, amount, currency, method, status, points_redeemed)
      values (${paymentId}, ${userId}, ${showId}, ${`h-${bookingId}`}, ${bookingId}, ${spec.total}, 'EUR', 'card', 'succeeded',
        ${spec.pointsRedeemed ?? 0})`;
    await tdb.sql`insert into bookings (id, show_id, user_id, hold_id, status, seats, quantity, subtotal, total, currency, payment_id,
        created_at, cancelled_at)
      values (${bookingId}, ${showId}, ${userId}, ${`h-${bookingId}`}, ${spec.status ?? 'confirmed'}, '[]'::jsonb, 1, ${spec.total},
        ${spec.total}, 'EUR', ${paymentId}, now(), case when ${spec.status === 'cancelled'} then now() end)`;
    if (spec.refunded) {
      await tdb.sql`insert into refunds (id, payment_id, booking_id, amount, status, reason)
        values (${`r-${bookingId}`}, ${paymentId}, ${bookingId}, ${spec.refunded}, 'succeeded', 'customer_cancelled')`;
    }
  }
  return { userId, ids };
}

let nextId = 1;
const fact = (topic: OutboxTopic, bookingId: string): OutboxRow => ({
  id: nextId++,
  eventKey: `${topic}:${bookingId}`,
  topic,
  userId: null,
  showId,
  payload: { bookingId },
  createdAt: new Date(),
  dispatchedAt: null,
  failures: 0,
  retryAt: null,
});

/** The facts, in order, as (topic, booking key) pairs. */
const script: [OutboxTopic, string][] = [
  ['booking.confirmed', 'big1'], // 600 points, bronze
  ['booking.confirmed', 'big2'], // 600 more: 1,200 earned, silver from here on
  ['booking.confirmed', 'small'], // 100 points at silver: 125
  ['booking.cancelled', 'big2'], // takes 600 back: 725 earned, bronze again
  ['booking.confirmed', 'small2'], // 100 points at bronze
  ['booking.confirmed', 'gone'], // cancelled before its confirmation was processed: nothing
  ['show.cancelled', 'withPoints'], // half refunded: half its 300 spent points come back
  ['booking.confirmed', 'big1'], // offered again: nothing new
];

const specs: BookingSpec[] = [
  { key: 'big1', total: 60_000 },
  { key: 'big2', total: 60_000 },
  { key: 'small', total: 10_000 },
  { key: 'small2', total: 10_000 },
  { key: 'gone', total: 50_000, status: 'cancelled' },
  { key: 'withPoints', total: 2_000, status: 'cancelled', pointsRedeemed: 300, refunded: 1_000 },
];

async function ledger(userId: string, ids: Map<string, string>) {
  const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
  const rows = await tdb.sql<{ id: string; delta: number; kind: string }[]>`select id, delta, kind from loyalty_ledger
    where user_id = ${userId} order by id`;
  return rows.map((r) => `${r.id.split(':')[0]}:${keyOf.get(r.id.split(':')[1]!)} ${r.kind} ${r.delta}`).sort();
}

describe('loyalty consumer', () => {
  it('writes for a batch exactly what it writes for the same facts one at a time', async () => {
    const consumer = createLoyaltyConsumer();
    const single = await customer(specs);
    for (const [topic, key] of script) await consumer.consume(tdb.db, fact(topic, single.ids.get(key)!));
    const batched = await customer(specs);
    await tdb.db.transaction((tx) => consumer.consumeBatch!(tx, script.map(([topic, key]) => fact(topic, batched.ids.get(key)!))));

    const expected = [
      'earn:big1 earn 600',
      'earn:big2 earn 600',
      'earn:small earn 125',
      'earn:small2 earn 100',
      'return:withPoints redeem_returned 150',
      'reverse:big2 earn_reversed -600',
    ];
    expect(await ledger(single.userId, single.ids)).toEqual(expected);
    expect(await ledger(batched.userId, batched.ids)).toEqual(expected);
  });
});
