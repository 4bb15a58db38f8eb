import { and, asc, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/client.js';
import { outbox, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from './consumer.js';
import { createLoop, type Loop } from './loop.js';

/** `wake()`: something was just committed to the outbox, dispatch now rather than at the next poll. */
export interface OutboxDispatcher extends Loop {
  /** Dispatches every pending row it can claim, batch by batch; returns how many. For tests and the loop. */
  runOnce(): Promise<number>;
}

export interface OutboxDispatcherDeps {
  db: Db;
  log: Logger;
  consumers: readonly OutboxConsumer[];
  pollMs: number;
  /** Facts claimed and dispatched per transaction. */
  batchSize?: number;
  /** Called after a batch committed, so the delivery worker can start on what the consumers planned. */
  afterDispatch?(count: number): void;
  now?: () => number;
  /** First wait before a fact that failed on its own is tried again; doubles per failure up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** What one step of a pass did: facts dispatched, and whether the next step may find more. */
interface Step {
  dispatched: number;
  more: boolean;
}

/**
 * Fans each outbox row out to the consumers exactly once. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so any number of nodes can run a dispatcher on one database without taking the same row,
 * and the consumers' writes commit in the transaction that stamps `dispatched_at`: a crash before
 * the commit leaves the row pending, with nothing of it written. A batch is handed to each consumer
 * at once (`consumeBatch`), so a batch costs a handful of statements rather than a few per fact.
 *
 * A fact a consumer cannot handle fails its whole batch. The batch is then dispatched one fact per
 * transaction, and a fact that fails on its own is set aside in its row (`retry_at`): later batches
 * skip it, and it is tried alone again after a growing wait, so it neither blocks the others nor
 * drags every batch into the slow path. Nothing of it stays in memory, however many facts fail.
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps): OutboxDispatcher {
  const { db, log, consumers } = deps;
  const batchSize = deps.batchSize ?? 200;
  const now = deps.now ?? Date.now;
  const retryBaseMs = deps.retryBaseMs ?? 1000;
  const retryMaxMs = deps.retryMaxMs ?? 300_000;
  const pendingNotSetAside = and(isNull(outbox.dispatchedAt), isNull(outbox.retryAt));

  const claim = (tx: Tx, limit: number) =>
    tx
      .select()
      .from(outbox)
      .where(pendingNotSetAside)
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });

  async function consumeAll(tx: Tx, rows: OutboxRow[]) {
    for (const consumer of consumers) {
      if (consumer.consumeBatch) await consumer.consumeBatch(tx, rows);
      else for (const row of rows) await consumer.consume(tx, row);
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

  /** One batch in one transaction. */
  async function dispatchBatch(): Promise<Step> {
    try {
      const n = await db.transaction(async (tx) => {
        const rows = await claim(tx, batchSize);
        if (rows.length > 0) await consumeAll(tx, rows);
        return rows.length;
      });
      return { dispatched: n, more: n === batchSize };
    } catch (err) {
      log.warn({ err }, 'outbox batch failed; dispatching its rows one at a time');
      return dispatchSingly();
    }
  }

  /** One fact in its own transaction: 1 dispatched, 0 gone or taken by another dispatcher, 'failed'. */
  async function dispatchOne(id: number): Promise<0 | 1 | 'failed'> {
    try {
      const n = await db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(outbox)
          .where(sql`${outbox.id} = ${id} and ${outbox.dispatchedAt} is null`)
          .for('update', { skipLocked: true });
        if (rows.length > 0) await consumeAll(tx, rows);
        return rows.length;
      });
      return n > 0 ? 1 : 0;
    } catch (err) {
      // If even that write fails (the database is gone), the fact simply stays in the batches.
      const set = await setAside(id).catch((setErr: unknown) => {
        log.warn({ err: setErr, outboxId: id }, 'could not set a failing outbox row aside');
        return null;
      });
      log.error({ err, outboxId: id, ...set }, 'outbox row could not be dispatched; it stays pending');
      return 'failed';
    }
  }

  /** Counts a failure of one fact and sets its next try, doubling the wait per failure up to the cap. */
  async function setAside(id: number): Promise<{ failures: number; retryInMs: number } | null> {
    const [row] = await db
      .update(outbox)
      .set({
        failures: sql`${outbox.failures} + 1`,
        retryAt: sql`${new Date(now()).toISOString()}::timestamptz + make_interval(secs => least(${retryMaxMs}::float8, ${retryBaseMs}::float8 * power(2, ${outbox.failures})) / 1000)`,
      })
      .where(sql`${outbox.id} = ${id} and ${outbox.dispatchedAt} is null`)
      .returning({ failures: outbox.failures, retryAt: outbox.retryAt });
    return row?.retryAt ? { failures: row.failures, retryInMs: row.retryAt.getTime() - now() } : null;
  }

  /** After a failed batch: the rows it would have claimed, each in its own transaction. */
  async function dispatchSingly(): Promise<Step> {
    const ids = (await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(pendingNotSetAside)
      .orderBy(asc(outbox.id))
      .limit(batchSize)) as { id: number }[];
    let dispatched = 0;
    let settled = 0;
    for (const { id } of ids) {
      const result = await dispatchOne(id);
      if (result === 1) dispatched++;
      if (result !== 0) settled++;
    }
    // A row another dispatcher holds would be read again at once: end the pass rather than spin.
    return { dispatched, more: ids.length === batchSize && settled === ids.length };
  }

  /** The set-aside facts whose wait is over, each alone again, a batch's worth per pass. */
  async function retryFailing(): Promise<number> {
    const due = (await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), isNotNull(outbox.retryAt), lte(outbox.retryAt, new Date(now()))))
      .orderBy(asc(outbox.retryAt))
      .limit(batchSize)) as { id: number }[];
    let dispatched = 0;
    for (const { id } of due) if ((await dispatchOne(id)) === 1) dispatched++;
    return dispatched;
  }

  /**
   * The dispatcher is woken by every commit that records a fact; looking for due set-aside facts at
   * most once per this long keeps that from costing a query per wake.
   */
  const retryCheckMs = Math.min(retryBaseMs, 1000);
  let nextRetryCheckAt = 0;

  async function runOnce(): Promise<number> {
    let total = 0;
    if (now() >= nextRetryCheckAt) {
      nextRetryCheckAt = now() + retryCheckMs;
      total = await retryFailing();
      if (total > 0) deps.afterDispatch?.(total);
    }
    for (;;) {
      const step = await dispatchBatch();
      if (step.dispatched > 0) deps.afterDispatch?.(step.dispatched);
      total += step.dispatched;
      if (!step.more) return total;
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
