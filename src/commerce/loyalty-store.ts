import { and, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import {
  loyaltyAccounts,
  loyaltyLedger,
  payments,
  type LoyaltyEntryKind,
  type LoyaltyLedgerRow,
} from '../db/schema/index.js';

/**
 * Creates the member's account on first use and locks it until the transaction ends. Every spend
 * of points takes this lock first, so two spends of one balance run one after the other.
 */
export async function lockLoyaltyAccount(tx: Executor, userId: string): Promise<void> {
  await tx.insert(loyaltyAccounts).values({ userId }).onConflictDoNothing();
  await tx.select({ userId: loyaltyAccounts.userId }).from(loyaltyAccounts).where(eq(loyaltyAccounts.userId, userId)).for('update');
}

/** A member's points in one currency at `now`: those that can be spent, and those that count later. */
export async function pointsBalance(
  db: Executor,
  userId: string,
  currency: string,
  now: Date,
): Promise<{ available: number; pending: number }> {
  const [row] = await db
    .select({
      available: sql<number>`coalesce(sum(${loyaltyLedger.delta}) filter (where ${or(
        isNull(loyaltyLedger.availableAt),
        lte(loyaltyLedger.availableAt, now),
      )}), 0)::int`,
      pending: sql<number>`coalesce(sum(${loyaltyLedger.delta}) filter (where ${gt(loyaltyLedger.availableAt, now)}), 0)::int`,
    })
    .from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.userId, userId), eq(loyaltyLedger.currency, currency)));
  return { available: row?.available ?? 0, pending: row?.pending ?? 0 };
}

/** The currencies a member has ledger entries in, the most recently used first. */
export async function loyaltyCurrencies(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ currency: loyaltyLedger.currency })
    .from(loyaltyLedger)
    .where(eq(loyaltyLedger.userId, userId))
    .groupBy(loyaltyLedger.currency)
    .orderBy(desc(sql`max(${loyaltyLedger.createdAt})`));
  return rows.map((r) => r.currency);
}

/** Points earned (net of reversals) in one currency since `since`: what the tier is measured on. */
export async function pointsEarnedSince(db: Executor, userId: string, currency: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${loyaltyLedger.delta}), 0)::int` })
    .from(loyaltyLedger)
    .where(
      and(
        eq(loyaltyLedger.userId, userId),
        eq(loyaltyLedger.currency, currency),
        inArray(loyaltyLedger.kind, ['earn', 'earn_reversed']),
        gte(loyaltyLedger.createdAt, since),
      ),
    );
  return row?.points ?? 0;
}

export interface LedgerEntry {
  /** The change's idempotency key, e.g. `earn:<bookingId>`. */
  id: string;
  userId: string;
  delta: number;
  currency: string;
  /** When the points count; null or absent: at once. */
  availableAt?: Date | null;
  kind: LoyaltyEntryKind;
  bookingId?: string | null;
  paymentId?: string | null;
  note?: string;
}

/** Records a change once: a second entry with the same id is ignored. Returns whether it was new. */
export async function addLedgerEntry(db: Executor, entry: LedgerEntry): Promise<boolean> {
  const inserted = await db
    .insert(loyaltyLedger)
    .values({
      id: entry.id,
      userId: entry.userId,
      delta: entry.delta,
      currency: entry.currency,
      availableAt: entry.availableAt ?? null,
      kind: entry.kind,
      bookingId: entry.bookingId ?? null,
      paymentId: entry.paymentId ?? null,
      note: entry.note ?? '',
    })
    .onConflictDoNothing({ target: loyaltyLedger.id })
    .returning({ id: loyaltyLedger.id });
  return inserted.length > 0;
}

export async function getLedgerEntry(db: Executor, id: string): Promise<LoyaltyLedgerRow | undefined> {
  const rows = await db.select().from(loyaltyLedger).where(eq(loyaltyLedger.id, id)).limit(1);
  return rows[0];
}

/**
 * Newest first. A spend is recorded against its payment before any booking exists; the booking
 * it became is filled in from the payment.
 */
export async function listLedger(db: Executor, userId: string, limit: number): Promise<LoyaltyLedgerRow[]> {
  const rows = await db
    .select({ entry: loyaltyLedger, paidBooking: payments.bookingId })
    .from(loyaltyLedger)
    .leftJoin(payments, eq(payments.id, loyaltyLedger.paymentId))
    .where(eq(loyaltyLedger.userId, userId))
    .orderBy(desc(loyaltyLedger.createdAt), desc(loyaltyLedger.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.entry, bookingId: r.entry.bookingId ?? r.paidBooking }));
}
