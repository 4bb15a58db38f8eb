/**
 * `npm run bench:outbox`: how fast the notification dispatcher drains a big on-sale. Inserts
 * BENCH_FACTS `booking.confirmed` facts (default 5,000) for bookings of BENCH_USERS customers into
 * a fresh embedded PostgreSQL database (or BENCH_DATABASE_URL), with two organizer webhooks
 * subscribed, then times one dispatcher with the server's consumers (inbox, delivery planner,
 * loyalty) until nothing is pending, and prints facts/s. Nothing is sent: the delivery worker
 * does not run.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLoyaltyConsumer } from '../../src/commerce/index.js';
import { loadEnv } from '../../src/config/env.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { deliveryPlanner, inboxConsumer } from '../../src/notifications/index.js';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.js';

const FACTS = Number(process.env.BENCH_FACTS ?? 5000);
const USERS = Number(process.env.BENCH_USERS ?? 1000);
const SHOWS = Number(process.env.BENCH_SHOWS ?? 3);

async function main() {
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-bench-outbox-'));
  // mkdtemp makes the folder 0700; as root, PostgreSQL runs as another user who must be able to enter it.
  chmodSync(dataDir, 0o755);
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
  const pg = await ensureDatabaseUrl(env, log);
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 10 });
    try {
      const run = randomUUID().slice(0, 8);
      await seed(database, run);
      const dispatcher = createOutboxDispatcher({
        db: database.db,
        log,
        consumers: [inboxConsumer, deliveryPlanner, createLoyaltyConsumer()],
        pollMs: 60_000,
      });
      const started = performance.now();
      let dispatched = 0;
      // runOnce stops early after a failed batch; go on until the outbox is empty.
      while (dispatched < FACTS) {
        const n = await dispatcher.runOnce();
        if (n === 0 && (await pending(database, run)) === 0) break;
        dispatched += n;
      }
      const seconds = (performance.now() - started) / 1000;
      const [written] = await database.sql<{ notifications: number; deliveries: number; entries: number }[]>`
        select (select count(*)::int from notifications) as notifications,
          (select count(*)::int from deliveries) as deliveries,
          (select count(*)::int from loyalty_ledger) as entries`;
      console.log(`outbox bench: ${FACTS} booking.confirmed facts, ${USERS} customers, ${SHOWS} shows, 2 webhooks`);
      console.log(
        `  drained in ${seconds.toFixed(2)}s: ${Math.round(FACTS / seconds)} facts/s ` +
          `(${written!.notifications} notifications, ${written!.deliveries} deliveries, ${written!.entries} loyalty entries)`,
      );
    } finally {
      await database.close();
    }
  } finally {
    await pg.stop();
    if (!process.env.BENCH_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pending(database: Database, run: string): Promise<number> {
  const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from outbox
    where dispatched_at is null and event_key like ${`booking.confirmed:${run}-%`}`;
  return row!.n;
}

/** A venue, SHOWS shows, USERS customers, FACTS paid bookings and their facts, two webhooks. */
async function seed({ sql }: Database, run: string): Promise<void> {
  const layout = { sections: [{ name: 'Floor', kind: 'general', capacity: 100_000, category: 'regular' }] };
  await sql`insert into cities (id, name) values ('benchville', 'Benchville') on conflict do nothing`;
  await sql`insert into venues (id, name, city_id) values (${`venue-${run}`}, 'Bench Arena', 'benchville')`;
  await sql`insert into halls (id, venue_id, name, layout, capacity)
    values (${`hall-${run}`}, ${`venue-${run}`}, 'Main', ${JSON.stringify(layout)}::text::jsonb, 100000)`;
  await sql`insert into events (id, title, category) values (${`event-${run}`}, 'The Big On-Sale', 'concert')`;
  await sql`insert into shows (id, event_id, hall_id, starts_at, ends_at, currency, prices, cancellation_policy, created_at)
    select ${`show-${run}-`} || s, ${`event-${run}`}, ${`hall-${run}`}, now() + interval '7 days' + s * interval '1 day',
      now() + interval '7 days 2 hours' + s * interval '1 day', 'EUR',
      '[{"category":"regular","price":4500}]'::jsonb, '{"rules":[{"hoursBefore":0,"refundPercent":100}]}'::jsonb, now()
    from generate_series(1, ${SHOWS}) s`;
  await sql`insert into users (id, email, name, password_hash)
    select gen_random_uuid(), ${`bench-${run}-`} || u || '@example.com', 'Customer ' || u, 'x'
    from generate_series(1, ${USERS}) u`;
  await sql`create temporary table bench_users as
    select id, row_number() over (order by id) - 1 as n from users where email like ${`bench-${run}-%`}`;
  await sql`insert into payments (id, user_id, show_id, hold_id, booking_id, amount, subtotal, currency, method, status)
    select ${`pay-${run}-`} || i, u.id, ${`show-${run}-`} || (i % ${SHOWS} + 1), ${`hold-${run}-`} || i,
      ${`${run}-`} || i, 9000, 9000, 'EUR', 'card', 'succeeded'
    from generate_series(1, ${FACTS}) i join bench_users u on u.n = i % ${USERS}`;
  await sql`insert into bookings (id, show_id, user_id, hold_id, status, seats, quantity, subtotal, total, currency,
      payment_id, created_at)
    select booking_id, show_id, user_id, hold_id, 'confirmed', '[]'::jsonb, 2, 9000, 9000, 'EUR', id, now()
    from payments where id like ${`pay-${run}-%`}`;
  const [admin] = await sql<{ id: string }[]>`select id from bench_users limit 1`;
  await sql`insert into webhooks (id, url, secret, topics, created_by) values
    (${randomUUID()}, 'http://127.0.0.1:9/all', 'whsec_bench', '[]'::jsonb, ${admin!.id}),
    (${randomUUID()}, 'http://127.0.0.1:9/bookings', 'whsec_bench', '["booking.confirmed"]'::jsonb, ${admin!.id})`;
  await sql`insert into outbox (event_key, topic, user_id, show_id, payload)
    select 'booking.confirmed:' || b.id, 'booking.confirmed', b.user_id, b.show_id,
      jsonb_build_object('bookingId', b.id, 'showId', b.show_id, 'userId', b.user_id, 'holdId', b.hold_id,
        'total', b.total, 'currency', b.currency, 'seats', '[]'::jsonb, 'gaSection', 'Floor', 'quantity', b.quantity)
    from bookings b where b.payment_id like ${`pay-${run}-%`} order by b.id`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
