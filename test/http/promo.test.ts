import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuditLog, payments, promoCodes, promoRedemptions } from '../../src/db/schema/index.js';
import type { HallLayout } from '../../src/db/schema/index.js';
import { declinedCard, goodCard, startTestApp, type CallResult, type TestApp } from './harness.js';
import { chargesOf, createPromo, eventually } from './commerce-fixtures.js';
import { eur, hold } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;

function rowsLayout(rows: number, seats: number): HallLayout {
  return {
    sections: [
      {
        name: 'Hall',
        kind: 'reserved',
        rows: Array.from({ length: rows }, (_, i) => ({ row: `R${i + 1}`, seats, category: 'regular' })),
      },
    ],
  };
}

async function quote(token: string, showId: string, holdId: string, body: Record<string, unknown>) {
  return t.call('POST', `/api/shows/${showId}/holds/${holdId}/quote`, { token, body });
}

async function confirm(token: string, showId: string, holdId: string, body: Record<string, unknown>) {
  return t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, { token, body: { payment: goodCard, ...body } });
}

describe('promo codes', () => {
  it('200 parallel confirms against a code limited to 50 uses redeem it exactly 50 times', async () => {
    const showId = await t.createShow({ layout: rowsLayout(20, 10), prices: { regular: 1000 } });
    const { promoId } = await createPromo(t, { code: 'RACE50', kind: 'percent', value: 50, maxUses: 50 });
    const buyers = await Promise.all(Array.from({ length: 200 }, () => t.register()));
    const holds = await Promise.all(
      buyers.map(async (b, i) => ({
        token: b.token,
        holdId: await hold(t, b.token, showId, { seats: [`R${Math.floor(i / 10) + 1}-${(i % 10) + 1}`] }),
      })),
    );

    const answers = await Promise.all(holds.map((h) => confirm(h.token, showId, h.holdId, { promoCode: 'race50' })));
    const booked = answers.filter((a) => a.status === 201);
    const exhausted = answers.filter((a) => a.status === 409 && a.body.code === 'promo_exhausted');
    expect(booked).toHaveLength(50);
    expect(exhausted).toHaveLength(150);
    for (const b of booked) expect(b.body.total).toEqual(eur(500));

    const [counted] = await t.tdb.db
      .select({ n: sql<number>`count(*)::int` })
      .from(promoRedemptions)
      .innerJoin(payments, eq(payments.id, promoRedemptions.paymentId))
      .where(eq(promoRedemptions.promoId, promoId));
    expect(counted?.n).toBe(50);
    // The refused ones were never charged: the only charges are the 50 bookings' payments.
    const holdIds = holds.map((h) => h.holdId);
    const paid = await t.tdb.db.select().from(payments).where(inArray(payments.holdId, holdIds));
    expect(paid).toHaveLength(50);
    expect(await chargesOf(t, paid.map((p) => p.id))).toHaveLength(50);
    const listed = await t.call('GET', `/api/admin/promos/${promoId}`, { token: await t.adminToken() });
    expect(listed.body.used).toBe(50);
  }, 120_000);

  it('enforces the per-customer limit, and a declined payment gives its use back', async () => {
    const showId = await t.createShow();
    await createPromo(t, { code: 'ONCE', kind: 'fixed', value: 300, currency: 'EUR', maxUsesPerUser: 1 });
    const user = await t.register();
    const first = await hold(t, user.token, showId, { seats: ['A-1'] });
    const declined = await confirm(user.token, showId, first, { promoCode: 'ONCE', payment: declinedCard });
    expect(declined.status).toBe(402);
    const paid = await confirm(user.token, showId, first, { promoCode: 'ONCE' });
    expect(paid.status).toBe(201);
    expect(paid.body.total).toEqual(eur(2200));

    const second = await hold(t, user.token, showId, { seats: ['A-2'] });
    const again = await quote(user.token, showId, second, { promoCode: 'once' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('promo_exhausted');
    const againConfirm = await confirm(user.token, showId, second, { promoCode: 'ONCE' });
    expect(againConfirm.status).toBe(409);
    expect(againConfirm.body.code).toBe('promo_exhausted');

    const someoneElse = await t.register();
    const theirs = await hold(t, someoneElse.token, showId, { seats: ['A-3'] });
    expect((await confirm(someoneElse.token, showId, theirs, { promoCode: 'ONCE' })).status).toBe(201);
  });

  it('applies a code only inside its validity window and scope', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    const otherShow = await t.createShow();
    const now = Date.now();
    await createPromo(t, { code: 'LATER', kind: 'percent', value: 10, validFrom: new Date(now + DAY).toISOString() });
    await createPromo(t, {
      code: 'BYGONE',
      kind: 'percent',
      value: 10,
      validFrom: new Date(now - 2 * DAY).toISOString(),
      validUntil: new Date(now - DAY).toISOString(),
    });
    await createPromo(t, {
      code: 'NOWISH',
      kind: 'percent',
      value: 10,
      validFrom: new Date(now - DAY).toISOString(),
      validUntil: new Date(now + DAY).toISOString(),
    });
    const { eventId } = (await t.call('GET', `/api/shows/${otherShow}`)).body;
    await createPromo(t, { code: 'OTHEREVENT', kind: 'percent', value: 10, scope: 'event', eventId });
    await createPromo(t, { code: 'PREM25', kind: 'percent', value: 25, scope: 'category', category: 'premium' });
    await createPromo(t, { code: 'BIGFIXED', kind: 'fixed', value: 1_000_000, currency: 'EUR' });
    await createPromo(t, { code: 'POUNDS', kind: 'fixed', value: 100, currency: 'GBP' });
    const paused = await createPromo(t, { code: 'PAUSED', kind: 'percent', value: 10 });
    await t.call('PATCH', `/api/admin/promos/${paused.promoId}`, { token: await t.adminToken(), body: { active: false } });

    const user = await t.register();
    const mixed = await hold(t, user.token, showId, { seats: ['A-1', 'B-1'] });
    const regularOnly = await hold(t, user.token, showId, { seats: ['B-2'] });

    // Whatever is wrong with a code, and whether it exists at all, the answer is the same.
    const answers = [];
    for (const code of ['LATER', 'BYGONE', 'OTHEREVENT', 'POUNDS', 'PAUSED', 'NO-SUCH-CODE']) {
      const res = await quote(user.token, showId, mixed, { promoCode: code });
      expect(res.status, code).toBe(422);
      answers.push({ ...res.body, detail: res.body.detail.replace(code, '<code>') });
    }
    const notPremium = await quote(user.token, showId, regularOnly, { promoCode: 'PREM25' });
    answers.push({ ...notPremium.body, detail: notPremium.body.detail.replace('PREM25', '<code>') });
    expect(answers[0]).toMatchObject({
      status: 422,
      code: 'promo_invalid',
      detail: 'code <code> cannot be used for this order',
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    expect((await quote(user.token, showId, mixed, { promoCode: 'NOWISH' })).body.promo.discount).toEqual(eur(600));
    // Scope category: 25% of the premium line only, never of the regular seat.
    const premium = await quote(user.token, showId, mixed, { promoCode: 'PREM25' });
    expect(premium.body.promo.discount).toEqual(eur(1000));
    expect(premium.body.total).toEqual(eur(5000));
    // A fixed code never takes off more than the seats cost.
    const capped = await quote(user.token, showId, mixed, { promoCode: 'BIGFIXED' });
    expect(capped.body).toMatchObject({ promo: { discount: eur(6000) }, total: eur(0) });
  });

  it('lets admins create, list, change and remove codes, with audit entries', async () => {
    const admin = await t.adminToken();
    const customer = await t.register();
    const body = { code: 'Crud-1', kind: 'percent', value: 15, maxUses: 5, description: 'test' };
    expect((await t.call('POST', '/api/admin/promos', { token: customer.token, body })).status).toBe(403);
    expect((await t.call('POST', '/api/admin/promos', { body })).status).toBe(401);

    const created = await t.call('POST', '/api/admin/promos', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'CRUD-1', kind: 'percent', value: 15, scope: 'all', used: 0, active: true });
    const taken = await t.call('POST', '/api/admin/promos', { token: admin, body: { ...body, code: 'crud-1' } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('promo_code_taken');

    const bad = await t.call('POST', '/api/admin/promos', {
      token: admin,
      body: { code: 'BAD-1', kind: 'fixed', value: 500, scope: 'category' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['category', 'currency']);
    const overHundred = await t.call('POST', '/api/admin/promos', {
      token: admin,
      body: { code: 'BAD-2', kind: 'percent', value: 150 },
    });
    expect(overHundred.status).toBe(422);
    const noEvent = await t.call('POST', '/api/admin/promos', {
      token: admin,
      body: { code: 'BAD-3', kind: 'percent', value: 5, scope: 'event', eventId: 'no-such-event' },
    });
    expect(noEvent.status).toBe(422);

    const id = created.body.promoId as string;
    const patched = await t.call('PATCH', `/api/admin/promos/${id}`, { token: admin, body: { value: 20, maxUses: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ value: 20, maxUses: null });
    const list = await t.call('GET', '/api/admin/promos', { token: admin });
    expect(list.body.items.some((p: { promoId: string }) => p.promoId === id)).toBe(true);

    // Used once: deleting it deactivates it and keeps its history.
    const showId = await t.createShow();
    const holdId = await hold(t, customer.token, showId, { seats: ['A-4'] });
    expect((await confirm(customer.token, showId, holdId, { promoCode: 'crud-1' })).status).toBe(201);
    const removed = await t.call('DELETE', `/api/admin/promos/${id}`, { token: admin });
    expect(removed.body).toEqual({ promoId: id, outcome: 'deactivated' });
    const after = await t.call('GET', `/api/admin/promos/${id}`, { token: admin });
    expect(after.body).toMatchObject({ active: false, used: 1 });

    const unused = await createPromo(t, { code: 'UNUSED', kind: 'percent', value: 5 });
    const gone = await t.call('DELETE', `/api/admin/promos/${unused.promoId}`, { token: admin });
    expect(gone.body.outcome).toBe('deleted');
    expect((await t.call('GET', `/api/admin/promos/${unused.promoId}`, { token: admin })).status).toBe(404);

    const audit = await t.tdb.db
      .select({ action: adminAuditLog.action })
      .from(adminAuditLog)
      .where(and(eq(adminAuditLog.targetType, 'promo'), eq(adminAuditLog.targetId, id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['promo.create', 'promo.deactivate', 'promo.update']);
  });
  it('lets an admin pause or change a code whose event was removed, but not point a code at a removed event', async () => {
    const admin = await t.adminToken();
    const event = await t.call('POST', '/api/admin/events', { token: admin, body: { title: 'Gone Soon', category: 'concert' } });
    expect(event.status).toBe(201);
    const { eventId } = event.body;
    const { promoId } = await createPromo(t, { code: 'GONE-EVENT', kind: 'percent', value: 10, scope: 'event', eventId });
    expect((await t.call('DELETE', `/api/admin/events/${eventId}`, { token: admin })).status).toBe(200);

    const paused = await t.call('PATCH', `/api/admin/promos/${promoId}`, { token: admin, body: { active: false } });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, scope: 'event', eventId });
    const renamed = await t.call('PATCH', `/api/admin/promos/${promoId}`, { token: admin, body: { code: 'gone-event-2' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.code).toBe('GONE-EVENT-2');

    const other = await createPromo(t, { code: 'ANY-EVENT', kind: 'percent', value: 10 });
    const pointed = await t.call('PATCH', `/api/admin/promos/${other.promoId}`, {
      token: admin,
      body: { scope: 'event', eventId },
    });
    expect(pointed.status).toBe(422);
    expect(pointed.body.errors).toEqual([{ path: 'eventId', message: `no event ${eventId}` }]);
    const rescoped = await t.call('PATCH', `/api/admin/promos/${promoId}`, { token: admin, body: { scope: 'event' } });
    expect(rescoped.status).toBe(422);
  });
  it('removing a code while a confirm records a use of it deactivates the code instead of failing', async () => {
    const admin = await t.adminToken();
    const { promoId } = await createPromo(t, { code: 'RACE-DEL', kind: 'percent', value: 10 });
    const user = await t.register();
    let removal: Promise<CallResult> | undefined;
    await t.tdb.db.transaction(async (tx) => {
      // What confirm does: lock the code, then record a pending payment's use of it.
      await tx.select().from(promoCodes).where(eq(promoCodes.id, promoId)).for('update');
      removal = t.call('DELETE', `/api/admin/promos/${promoId}`, { token: admin });
      await eventually(async () => {
        const [waiting] = await t.tdb.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        return waiting!.n > 0 ? true : undefined;
      });
      const paymentId = randomUUID();
      await tx.insert(payments).values({
        id: paymentId,
        userId: user.userId,
        showId: 'race-show',
        holdId: randomUUID(),
        amount: 900,
        subtotal: 1000,
        discount: 100,
        promoCode: 'RACE-DEL',
        currency: 'EUR',
        method: 'card ****4242',
        status: 'pending',
      });
      await tx.insert(promoRedemptions).values({ id: randomUUID(), promoId, userId: user.userId, paymentId, discount: 100 });
    });
    const removed = await removal!;
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ promoId, outcome: 'deactivated' });
    const after = await t.call('GET', `/api/admin/promos/${promoId}`, { token: admin });
    expect(after.body).toMatchObject({ active: false, used: 1 });
  });
  it('refuses amounts and limits beyond what a payment can hold with 400, not a database error', async () => {
    const admin = await t.adminToken();
    for (const body of [
      { code: 'HUGE-FIXED', kind: 'fixed', value: 3_000_000_000, currency: 'EUR' },
      { code: 'HUGE-USES', kind: 'percent', value: 10, maxUses: 3_000_000_000 },
      { code: 'HUGE-USER', kind: 'percent', value: 10, maxUsesPerUser: 3_000_000_000 },
    ]) {
      const res = await t.call('POST', '/api/admin/promos', { token: admin, body });
      expect(res.status, body.code).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const showId = await t.createShow();
    const fee = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { feePerTicket: eur(3_000_000_000) },
    });
    expect(fee.status).toBe(400);
    const price = await t.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { prices: { regular: eur(3_000_000_000) } },
    });
    expect(price.status).toBe(400);
  });
});
