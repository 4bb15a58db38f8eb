import { eq, sql } from 'drizzle-orm';
import { gatewayTransactions, loyaltyLedger, payments, shows } from '../../src/db/schema/index.js';
import type { TestApp } from './harness.js';

/** Helpers shared by the quote, promo, loyalty and payment-record suites. */

export async function setFeePerTicket(t: TestApp, showId: string, fee: number): Promise<void> {
  await t.tdb.db.update(shows).set({ feePerTicket: fee }).where(eq(shows.id, showId));
}

/** Gives a member points (in EUR unless said) through an `adjust` entry, as support staff would. */
export async function grantPoints(t: TestApp, userId: string, points: number, currency = 'EUR'): Promise<void> {
  await t.tdb.db.insert(loyaltyLedger).values({
    id: `adjust:${userId}:${Date.now()}:${Math.random()}`,
    userId,
    delta: points,
    currency,
    kind: 'adjust',
    note: 'test grant',
  });
}

export async function balanceOf(t: TestApp, userId: string): Promise<number> {
  const [row] = await t.tdb.db
    .select({ n: sql<number>`coalesce(sum(${loyaltyLedger.delta}), 0)::int` })
    .from(loyaltyLedger)
    .where(eq(loyaltyLedger.userId, userId));
  return row?.n ?? 0;
}

/** Every charge the test gateway recorded, by payment id (the charge's idempotency key). */
export async function chargesOf(t: TestApp, paymentIds?: string[]) {
  const rows = await t.tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.kind, 'charge'));
  return paymentIds ? rows.filter((r) => paymentIds.includes(r.idempotencyKey)) : rows;
}

export async function paymentsOfHold(t: TestApp, holdId: string) {
  return t.tdb.db.select().from(payments).where(eq(payments.holdId, holdId));
}

export async function createPromo(t: TestApp, body: Record<string, unknown>): Promise<{ promoId: string; code: string }> {
  const res = await t.call('POST', '/api/admin/promos', { token: await t.adminToken(), body });
  if (res.status !== 201) throw new Error(`promo create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
