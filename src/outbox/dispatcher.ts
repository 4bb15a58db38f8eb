import { asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/client.js';
import { outbox, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from './consumer.js';
import { createLoop } from './loop.js';

export interface OutboxDispatcher {
  start(): void;
  stop(): Promise<void>;
  /** Something was just committed to the outbox: dispatch now rather than at the next poll. */
  wake(): void;
  /** Dispatches every pending row it can claim, batch by batch; returns how many. For tests and the loop. */
  runOnce(): Promise<number>;
}

export interface OutboxDispatcherDeps {
  db: Db;
  log: Logger;
  consumers: readonly OutboxConsumer[];
  pollMs: number;
  batchSize?: number;
  /** Called after a batch committed, so the delivery worker can start on what the consumers planned. */
  afterDispatch?(count: number): void;
}

/**
 * Fans each outbox row out to the consumers exactly once. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so any number of nodes can run a dispatcher on one database without taking the same row,
 * and the consumers' writes commit in the transaction that stamps `dispatched_at`: a crash before
 * the commit leaves the row pending, with nothing of it written.
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps): OutboxDispatcher {
  const { db, log, consumers } = deps;
  const batchSize = deps.batchSize ?? 100;

  const claim = (tx: Tx, limit: number) =>
    tx
      .select()
      .from(outbox)
      .where(isNull(outbox.dispatchedAt))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });

  async function consumeAll(tx: Tx, rows: OutboxRow[]) {
    for (const row of rows) {
      for (const consumer of consumers) await consumer.consume(tx, row);
    }
    await tx
      .update(outbox)
      .set({ dispatchedAt: sql`now()` })
      .where(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
      );
  }

  /** One batch in one transaction; returns the rows claimed (0: nothing left this node can take). */
  async function dispatchBatch(): Promise<number> {
    try {
      return await db.transaction(async (tx) => {
        const rows = await claim(tx, batchSize);
        if (rows.length > 0) await consumeAll(tx, rows);
        return rows.length;
      });
    } catch (err) {
      log.warn({ err }, 'outbox batch failed; dispatching its rows one at a time');
      return dispatchSingly();
    }
  }

  /**
   * After a failed batch: each row in its own transaction, so one row a consumer cannot handle
   * stays pending (and is logged) without holding back the others.
   */
  async function dispatchSingly(): Promise<number> {
    const ids = (await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(isNull(outbox.dispatchedAt))
      .orderBy(asc(outbox.id))
      .limit(batchSize)) as { id: number }[];
    let done = 0;
    for (const { id } of ids) {
      try {
        done += await db.transaction(async (tx) => {
          const rows = await tx
            .select()
            .from(outbox)
            .where(sql`${outbox.id} = ${id} and ${outbox.dispatchedAt} is null`)
            .for('update', { skipLocked: true });
          if (rows.length > 0) await consumeAll(tx, rows);
          return rows.length;
        });
      } catch (err) {
        log.error({ err, outboxId: id }, 'outbox row could not be dispatched; it stays pending');
      }
    }
    // Stop this pass: a row that keeps failing must not spin the loop.
    return done > 0 && done === ids.length ? done : 0;
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await dispatchBatch();
      if (n > 0) deps.afterDispatch?.(n);
      total += n;
      if (n < batchSize) return total;
    }
  }

  const loop = createLoop({
    name: 'outbox',
    intervalMs: deps.pollMs,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });

  return { start: loop.start, stop: loop.stop, wake: loop.wake, runOnce };
}
