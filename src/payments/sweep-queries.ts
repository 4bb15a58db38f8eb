import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { payments, refunds, type PaymentRow } from '../db/schema/index.js';
import type { RefundRow } from './ledger.js';

/** Capped exponential backoff: the wait after `tries` earlier tries, as SQL over the row's own count. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

function nextTry(now: number, backoff: Backoff, tries: ReturnType<typeof sql>) {
  return sql`${new Date(now).toISOString()}::timestamptz
    + make_interval(secs => least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, ${tries})) / 1000)`;
}

/**
 * Pending payments old enough to be stuck whose next check is due, oldest first. Not locked: the
 * caller keeps the ones of shows it owns and claims those with `claimStalePayments`.
 */
export async function listStalePayments(
  db: Executor,
  opts: { createdBefore: number; now: number; limit: number },
): Promise<{ id: string; showId: string }[]> {
  return db
    .select({ id: payments.id, showId: payments.showId })
    .from(payments)
    .where(
      sql`${payments.status} = 'pending' and ${payments.createdAt} <= ${new Date(opts.createdBefore).toISOString()}::timestamptz
        and (${payments.nextSweepAt} is null or ${payments.nextSweepAt} <= ${new Date(opts.now).toISOString()}::timestamptz)`,
    )
    .orderBy(payments.createdAt)
    .limit(opts.limit);
}

/**
 * Takes the listed payments for one check each: rows another node is checking right now are
 * skipped (SKIP LOCKED), and each claimed row's next check is pushed out by the backoff in the same
 * statement, so no other sweeper takes it before then even after this one commits.
 */
export async function claimStalePayments(
  db: Executor,
  ids: string[],
  opts: { now: number; backoff: Backoff },
): Promise<PaymentRow[]> {
  if (ids.length === 0) return [];
  const now = new Date(opts.now).toISOString();
  return db
    .update(payments)
    .set({
      sweepChecks: sql`${payments.sweepChecks} + 1`,
      nextSweepAt: nextTry(opts.now, opts.backoff, sql`${payments.sweepChecks}`),
    })
    .where(
      sql`${payments.id} in (
        select id from ${payments}
        where ${inArray(payments.id, ids)}
          and status = 'pending'
          and (next_sweep_at is null or next_sweep_at <= ${now}::timestamptz)
        for update skip locked)`,
    )
    .returning();
}

/**
 * Claims pending refunds whose next try is due and whose cancellation is durable (or that refund a
 * charge no booking took), oldest due first; each claimed row's next try is pushed out by the
 * backoff at once, so a refund the gateway keeps failing is tried less and less often, by one node
 * at a time.
 */
export async function claimDueRefunds(
  db: Executor,
  opts: { now: number; limit: number; backoff: Backoff },
): Promise<RefundRow[]> {
  const now = new Date(opts.now).toISOString();
  return db
    .update(refunds)
    .set({
      attempts: sql`${refunds.attempts} + 1`,
      nextAttemptAt: nextTry(opts.now, opts.backoff, sql`${refunds.attempts}`),
    })
    .where(
      sql`${refunds.id} in (
        select r.id from ${refunds} r
        left join bookings b on b.id = r.booking_id
        where r.status = 'pending' and r.next_attempt_at <= ${now}::timestamptz
          and (r.booking_id is null or b.status = 'cancelled')
        order by r.next_attempt_at
        limit ${opts.limit}
        for update of r skip locked)`,
    )
    .returning();
}
