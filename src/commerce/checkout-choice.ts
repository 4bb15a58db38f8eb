import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { holdCheckouts } from '../db/schema/index.js';

/** What a customer chose at checkout for one hold: the code (as the quote spelled it) and points. */
export interface CheckoutChoice {
  promoCode: string | null;
  points: number;
}

export const NO_CHOICE: CheckoutChoice = { promoCode: null, points: 0 };

/**
 * Keeps the choice a quote was just given for, so a reload or another device prices the hold as
 * the customer last saw it. Only successful quotes are kept: a refused code never replaces the one
 * that applies.
 */
export async function saveCheckoutChoice(
  db: Executor,
  holdId: string,
  userId: string,
  choice: CheckoutChoice,
): Promise<void> {
  await db
    .insert(holdCheckouts)
    .values({ holdId, userId, promoCode: choice.promoCode, points: choice.points })
    .onConflictDoUpdate({
      target: holdCheckouts.holdId,
      set: { promoCode: choice.promoCode, points: choice.points, updatedAt: sql`now()` },
      // A hold id belongs to one customer; nobody else's quote may overwrite their choice.
      setWhere: eq(holdCheckouts.userId, userId),
    });
}

/** The customer's last quoted choice for a hold, or none. */
export async function checkoutChoice(db: Executor, holdId: string, userId: string): Promise<CheckoutChoice> {
  const [row] = await db
    .select({ promoCode: holdCheckouts.promoCode, points: holdCheckouts.points })
    .from(holdCheckouts)
    .where(and(eq(holdCheckouts.holdId, holdId), eq(holdCheckouts.userId, userId)))
    .limit(1);
  return row ?? NO_CHOICE;
}

/**
 * Deletes the choices last quoted more than `keepHours` ago (the database's clock, which wrote
 * them); returns how many. A choice only matters while its hold lives.
 */
export async function pruneCheckoutChoices(db: Executor, keepHours: number): Promise<number> {
  const rows = await db
    .delete(holdCheckouts)
    .where(sql`${holdCheckouts.updatedAt} < now() - make_interval(hours => ${keepHours})`)
    .returning({ holdId: holdCheckouts.holdId });
  return rows.length;
}
