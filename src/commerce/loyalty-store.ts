import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
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

export async function pointsBalance(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${loyaltyLedger.delta}), 0)::int` })
    .from(loyaltyLedger)
    .where(eq(loyaltyLedger.userId, userId));
  return row?.points ?? 0;
}

/** Points earned (net of reversals) since `since`: what the tier is measured on. */
export async function pointsEarnedSince(db: Executor, userId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${loyaltyLedger.delta}), 0)::int` })
    .from(loyaltyLedger)
    .where(
      and(
        eq(loyaltyLedger.userId, userId),
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
