import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTransactions, holds, loyaltyLedger, payments, users } from '../../src/db/schema/index.js';
import { insertPayment, upsertPendingRefund } from '../../src/payments/ledger.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { createSmallShow, createWorld, goodCard, placeHold, type World } from './harness.js';

let tdb: TestDatabase;
let world: World;
beforeAll(async () => {
  tdb = await createTestDatabase();
  world = createWorld(tdb.db);
  await world.runtime.start();
});
afterAll(async () => {
  await world?.runtime.stop();
  await tdb?.close();
});

/** Spending points locks the member's account row, which needs a real user. */
async function member(): Promise<ReturnType<typeof randomUUID>> {
  const id = randomUUID();
  await tdb.db.insert(users).values({ id, email: `${id}@example.com`, name: 'Member', passwordHash: 'x' });
  return id;
}
async function grant(userId: string, points: number) {
  await tdb.db.insert(loyaltyLedger).values({ id: `adjust:${randomUUID()}`, userId, delta: points, currency: 'EUR', kind: 'adjust' });
}
async function ledgerOf(userId: string) {
  const rows = await tdb.db.select().from(loyaltyLedger).where(eq(loyaltyLedger.userId, userId));
  return Object.fromEntries(rows.filter((r) => r.kind !== 'adjust').map((r) => [r.id.split(':')[0], r.delta]));
}
async function chargesOf(paymentId: string) {
  return tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.idempotencyKey, paymentId));
}

describe('checkout with discounts', () => {
  it('reconcile books a free payment left paying by a crash, without the gateway', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['B-1']);
    const paymentId = randomUUID();
    await insertPayment(tdb.db, {
      id: paymentId,
      userId: hold.userId,
      showId,
      holdId: hold.holdId,
      amount: 0,
      subtotal: 3000,
      discount: 3000,
      fees: 0,
      promoCode: 'FREE',
      pointsRedeemed: 0,
      currency: 'EUR',
      method: 'card ****4242',
    });
    await world.runtime.dispatch(showId, { type: 'BEGIN_PAYMENT', ...hold, paymentId });

    const report = await world.checkout.reconcile(showId);
    expect(report.holds).toMatchObject({ confirmed: 1 });
    const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment).toMatchObject({ status: 'captured', bookingId: expect.any(String) });
    expect(await chargesOf(paymentId)).toEqual([]);
  });

  it('gives points back when reconcile abandons a payment that never reached the gateway', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-1'], await member());
    await grant(hold.userId, 700);
    world.faults.chargeFails = 'before';
    try {
      const first = await world.checkout.confirm({ showId, ...hold, payment: goodCard, terms: { points: 700 } });
      expect(first).toMatchObject({ ok: false, code: 'payment_in_progress' });
    } finally {
      delete world.faults.chargeFails;
    }
    expect(await ledgerOf(hold.userId)).toEqual({ redeem: -700 });
    await world.checkout.reconcile(showId);
    expect(await ledgerOf(hold.userId)).toEqual({ redeem: -700, release: 700 });

    const paid = await world.checkout.confirm({ showId, ...hold, payment: goodCard, terms: { points: 700 } });
    expect(paid.ok).toBe(true);
    await world.runtime.readModelsCaughtUp(showId);
    const [row] = await tdb.db.select().from(holds).where(eq(holds.id, hold.holdId));
    expect(row?.status).toBe('confirmed');
    const charged = await tdb.db.select().from(payments).where(eq(payments.holdId, hold.holdId));
    const mine = charged.find((p) => p.status === 'captured')!;
    expect(mine.amount).toBe(5000 - 700);
    expect((await chargesOf(mine.id)).map((c) => c.amount)).toEqual([4300]);
  });

  it('gives points back when an unused charge is refunded', async () => {
    const showId = await createSmallShow(tdb.db);
    const hold = await placeHold(world, showId, ['A-2']);
    const paymentId = randomUUID();
    await insertPayment(tdb.db, {
      id: paymentId,
      userId: hold.userId,
      showId,
      holdId: hold.holdId,
      amount: 4000,
      subtotal: 5000,
      discount: 1000,
      fees: 0,
      promoCode: null,
      pointsRedeemed: 1000,
      currency: 'EUR',
      method: 'card ****4242',
    });
    await tdb.db
      .insert(loyaltyLedger)
      .values({ id: `redeem:${paymentId}`, userId: hold.userId, delta: -1000, currency: 'EUR', kind: 'redeem', paymentId });
    const charge = await world.gateway.charge({
      idempotencyKey: paymentId,
      amount: 4000,
      currency: 'EUR',
      method: goodCard,
    });
    expect(charge.status).toBe('succeeded');
    await upsertPendingRefund(tdb.db, {
      id: `refund-${paymentId}`,
      paymentId,
      bookingId: null,
      amount: 4000,
      reason: 'confirm_rejected',
    });

    await world.checkout.retryPendingRefunds();
    const [payment] = await tdb.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment?.status).toBe('voided');
    expect(await ledgerOf(hold.userId)).toEqual({ redeem: -1000, release: 1000 });
  });
});
