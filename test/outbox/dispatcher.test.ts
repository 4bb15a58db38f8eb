import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/client.js';
import type { OutboxRow } from '../../src/db/schema/index.js';
import type { OutboxConsumer } from '../../src/outbox/consumer.js';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const log = pino({ level: 'silent' });
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.sql`create table consumed (outbox_id bigint not null, consumer text not null)`;
});
afterAll(async () => {
  await tdb?.close();
});

/** Writes what it saw into a table, inside the dispatch transaction, so a rollback forgets it too. */
function recorder(name: string, fail?: (row: OutboxRow) => boolean): OutboxConsumer {
  return {
    name,
    async consume(tx: Executor, row: OutboxRow) {
      if (fail?.(row)) throw new Error(`${name} cannot handle ${row.eventKey}`);
      await tx.execute(sql`insert into consumed (outbox_id, consumer) values (${row.id}, ${name})`);
    },
  };
}

/** The same, with one set-based insert per batch. */
function batchRecorder(name: string): OutboxConsumer {
  return {
    name,
    consume: () => Promise.reject(new Error('the dispatcher must use consumeBatch')),
    async consumeBatch(tx: Executor, rows: readonly OutboxRow[]) {
      const ids = `{${rows.map((r) => r.id).join(',')}}`;
      await tx.execute(sql`insert into consumed (outbox_id, consumer) select unnest(${ids}::bigint[]), ${name}`);
    },
  };
}

async function insertFacts(prefix: string, n: number): Promise<void> {
  await tdb.sql`insert into outbox (event_key, topic, payload)
    select ${prefix} || ':' || i, 'show.updated', '{}'::jsonb from generate_series(1, ${n}) i`;
}

describe('outbox dispatcher', () => {
  it('two dispatchers on one database hand every fact to every consumer exactly once', async () => {
    const prefix = `race-${randomUUID()}`;
    await insertFacts(prefix, 600);
    const consumers = [recorder('a'), recorder('b'), batchRecorder('c')];
    const one = createOutboxDispatcher({ db: tdb.db, log, consumers, pollMs: 1000, batchSize: 25 });
    const two = createOutboxDispatcher({ db: tdb.db, log, consumers, pollMs: 1000, batchSize: 25 });
    const [n1, n2] = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(n1 + n2).toBe(600);
    // Both did part of the work: the race was real.
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(0);

    const [stats] =
      await tdb.sql`select count(*)::int as total, count(distinct (c.outbox_id, c.consumer))::int as distinct_pairs
      from consumed c join outbox o on o.id = c.outbox_id where o.event_key like ${prefix + ':%'}`;
    expect(stats).toEqual({ total: 1800, distinct_pairs: 1800 });
    const [left] =
      await tdb.sql`select count(*)::int as n from outbox where event_key like ${prefix + ':%'} and dispatched_at is null`;
    expect(left!.n).toBe(0);
  });

  it('leaves a fact a consumer cannot handle pending, with nothing of it written, and dispatches the rest', async () => {
    const prefix = `poison-${randomUUID()}`;
    await insertFacts(prefix, 5);
    const poison = `${prefix}:3`;
    const dispatcher = createOutboxDispatcher({
      db: tdb.db,
      log,
      consumers: [recorder('first'), recorder('second', (row) => row.eventKey === poison)],
      pollMs: 1000,
    });
    await dispatcher.runOnce();
    const rows = await tdb.sql`select o.event_key, o.dispatched_at is not null as done,
        (select count(*)::int from consumed c where c.outbox_id = o.id) as consumed
      from outbox o where o.event_key like ${prefix + ':%'} order by o.id`;
    expect(rows.map((r) => [r.event_key, r.done, r.consumed])).toEqual([
      [`${prefix}:1`, true, 2],
      [`${prefix}:2`, true, 2],
      [poison, false, 0],
      [`${prefix}:4`, true, 2],
      [`${prefix}:5`, true, 2],
    ]);
  });

  it('in batch mode, sets a poisonous fact aside, dispatches the rest in batches, and retries it alone after a wait', async () => {
    // Facts earlier tests left pending would be counted here too.
    await tdb.sql`update outbox set dispatched_at = now() where dispatched_at is null`;
    const prefix = `batch-poison-${randomUUID()}`;
    await insertFacts(prefix, 30);
    const poison = `${prefix}:7`;
    let poisoned = true;
    const batches: number[] = [];
    const recorded = batchRecorder('batch');
    const poisonable: OutboxConsumer = {
      ...recorded,
      async consumeBatch(tx, rows) {
        batches.push(rows.length);
        if (poisoned && rows.some((r) => r.eventKey === poison)) throw new Error(`cannot handle ${poison}`);
        await recorded.consumeBatch!(tx, rows);
      },
    };
    let clock = 1_000_000;
    const dispatcher = createOutboxDispatcher({
      db: tdb.db,
      log,
      consumers: [poisonable],
      pollMs: 1000,
      batchSize: 10,
      now: () => clock,
      retryBaseMs: 5000,
    });
    const state = () => tdb.sql`select o.event_key, o.dispatched_at is not null as done,
        (select count(*)::int from consumed c where c.outbox_id = o.id) as consumed
      from outbox o where o.event_key like ${prefix + ':%'} order by o.id`;

    expect(await dispatcher.runOnce()).toBe(29);
    const rows = await state();
    expect(rows.filter((r) => r.event_key !== poison).every((r) => r.done && r.consumed === 1)).toBe(true);
    expect(rows.find((r) => r.event_key === poison)).toMatchObject({ done: false, consumed: 0 });
    // The failed batch of ten went one by one; the batches after it did not include the poison.
    expect(batches).toEqual([10, ...Array(10).fill(1), 10, 10]);

    // Before its wait is over the poison is not tried again, and new facts still go in one batch.
    batches.length = 0;
    await insertFacts(`${prefix}-later`, 5);
    expect(await dispatcher.runOnce()).toBe(5);
    expect(batches).toEqual([5]);

    // Once the wait is over it is tried alone again, and goes through when it can.
    batches.length = 0;
    poisoned = false;
    clock += 5000;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(batches).toEqual([1]);
    expect((await state()).find((r) => r.event_key === poison)).toMatchObject({ done: true, consumed: 1 });
  });

  it('keeps set-aside facts in their rows, not in memory: another dispatcher waits for them too, whatever their number', async () => {
    await tdb.sql`update outbox set dispatched_at = now() where dispatched_at is null`;
    const prefix = `set-aside-${randomUUID()}`;
    await insertFacts(prefix, 40);
    let poisoned = true;
    const isPoison = (row: OutboxRow) =>
      poisoned && row.eventKey.startsWith(`${prefix}:`) && Number(row.eventKey.split(':')[1]) % 2 === 0;
    const batches: OutboxRow[][] = [];
    const consumer: OutboxConsumer = {
      name: 'set-aside',
      async consume(tx, row) {
        if (isPoison(row)) throw new Error(`cannot handle ${row.eventKey}`);
        await tx.execute(sql`insert into consumed (outbox_id, consumer) values (${row.id}, 'set-aside')`);
      },
      async consumeBatch(tx, rows) {
        batches.push([...rows]);
        for (const row of rows) await this.consume(tx, row);
      },
    };
    let clock = 2_000_000;
    const options = {
      db: tdb.db,
      log,
      consumers: [consumer],
      pollMs: 1000,
      batchSize: 10,
      now: () => clock,
      retryBaseMs: 5000,
    };
    expect(await createOutboxDispatcher(options).runOnce()).toBe(20);
    const setAside =
      await tdb.sql`select failures, (extract(epoch from retry_at) * 1000)::float8 as retry_at from outbox
      where event_key like ${prefix + ':%'} and dispatched_at is null`;
    expect(setAside).toHaveLength(20);
    expect(setAside.every((r) => r.failures === 1 && r.retry_at === clock + 5000)).toBe(true);

    // A dispatcher that never saw them fail (another node, or this one restarted) skips them until their time.
    batches.length = 0;
    const fresh = createOutboxDispatcher(options);
    await insertFacts(`${prefix}-later`, 3);
    expect(await fresh.runOnce()).toBe(3);
    expect(batches.map((b) => b.length)).toEqual([3]);

    // Still failing when due: the wait doubles.
    clock += 5000;
    expect(await fresh.runOnce()).toBe(0);
    const [again] = await tdb.sql`select failures, (extract(epoch from retry_at) * 1000)::float8 as retry_at
      from outbox where event_key = ${prefix + ':2'}`;
    expect(again).toEqual({ failures: 2, retry_at: clock + 10_000 });

    poisoned = false;
    clock += 10_000;
    // Due set-aside facts are taken a batch at a time, and looked for at most once a second.
    expect(await fresh.runOnce()).toBe(10);
    expect(await fresh.runOnce()).toBe(0);
    clock += 1000;
    expect(await fresh.runOnce()).toBe(10);
    const [left] =
      await tdb.sql`select count(*)::int as n from outbox where event_key like ${prefix + ':%'} and dispatched_at is null`;
    expect(left!.n).toBe(0);
  });

  it('wakes at once when told, long before its poll interval', async () => {
    const prefix = `wake-${randomUUID()}`;
    const dispatcher = createOutboxDispatcher({ db: tdb.db, log, consumers: [recorder('w')], pollMs: 60_000 });
    dispatcher.start();
    try {
      // Let the first pass run empty, so only the wake can pick up what comes next.
      await new Promise((r) => setTimeout(r, 300));
      await insertFacts(prefix, 1);
      dispatcher.wake();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [row] = await tdb.sql`select dispatched_at from outbox where event_key = ${prefix + ':1'}`;
        if (row?.dispatched_at) break;
        if (Date.now() > deadline) throw new Error('not dispatched after wake');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await dispatcher.stop();
    }
  });
});
