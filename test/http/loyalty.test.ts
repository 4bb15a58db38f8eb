import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyLedger } from '../../src/db/schema/index.js';
import { declinedCard, goodCard, startTestApp, type TestApp } from './harness.js';
import { balanceOf, eventually, grantPoints } from './commerce-fixtures.js';
import { hold } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

async function loyalty(token: string) {
  const res = await t.call('GET', '/api/me/loyalty', { token });
  expect(res.status).toBe(200);
  return res.body;
}

async function kinds(userId: string) {
  const rows = await t.tdb.db.select().from(loyaltyLedger).where(eq(loyaltyLedger.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.id.split(':')[0], r.delta]));
}

describe('loyalty', () => {
  it('earns on booking, redeems at checkout, and reverses on cancellation (through the outbox dispatcher)', async () => {
    const showId = await t.createShow({ prices: { premium: 6150, regular: 3000 } });
    const user = await t.register();
    expect(await loyalty(user.token)).toMatchObject({
      points: 0,
      tier: 'bronze',
      nextTier: { tier: 'silver', pointsNeeded: 1000 },
      earnRate: 1,
      availableDiscounts: [],
      ledger: [],
    });

    // 2 x 61.50 = 123.00 paid: 123 points.
    const first = await hold(t, user.token, showId, { seats: ['A-1', 'A-2'] });
    const booked = await t.call('POST', `/api/shows/${showId}/holds/${first}/confirm`, {
      token: user.token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);
    // The show is a week ahead: the booking can be refunded (in part) until 2 h before it, the
    // default policy's last refund, and so its points wait until then.
    const earned = await eventually(async () => {
      const l = await loyalty(user.token);
      return l.pendingPoints === 123 && l.ledger.length === 1 ? l : undefined;
    });
    expect(earned).toMatchObject({ currency: 'EUR', points: 0, availableDiscounts: [] });
    const startsAt = Date.parse((await t.call('GET', `/api/shows/${showId}`)).body.startsAt);
    expect(earned.ledger).toEqual([
      expect.objectContaining({
        entryId: `earn:${booked.body.bookingId}`,
        delta: 123,
        kind: 'earn',
        bookingId: booked.body.bookingId,
        availableAt: new Date(startsAt - 2 * 3_600_000).toISOString(),
      }),
    ]);

    // Pending points cannot be spent; 100 granted ones can, on a 30.00 seat: 29.00 paid, which earns 29 more.
    const second = await hold(t, user.token, showId, { seats: ['B-1'] });
    const confirm = () =>
      t.call('POST', `/api/shows/${showId}/holds/${second}/confirm`, {
        token: user.token,
        body: { payment: goodCard, points: 100 },
      });
    const early = await confirm();
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('insufficient_points');
    await grantPoints(t, user.userId, 100);
    const spent = await confirm();
    expect(spent.status).toBe(201);
    expect(spent.body.total.amount).toBe(2900);
    await eventually(async () => ((await balanceOf(t, user.userId)) === 123 + 100 - 100 + 29 ? true : undefined));
    const afterSpend = await loyalty(user.token);
    expect(afterSpend.ledger.find((e: { kind: string }) => e.kind === 'redeem')).toMatchObject({
      delta: -100,
      bookingId: spent.body.bookingId,
    });

    // Cancelled a week ahead: full refund, so the 29 earned go and the 100 spent come back.
    const cancelled = await t.call('DELETE', `/api/bookings/${spent.body.bookingId}`, { token: user.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund.amount).toBe(2900);
    await eventually(async () => ((await balanceOf(t, user.userId)) === 123 + 100 ? true : undefined));
    const entries = await kinds(user.userId);
    expect(entries).toMatchObject({ earn: expect.any(Number), redeem: -100, reverse: -29, return: 100 });
    const final = await loyalty(user.token);
    expect(final).toMatchObject({ points: 100, pendingPoints: 123 });
    expect(final.ledger.map((e: { kind: string }) => e.kind).sort()).toEqual(
      ['adjust', 'earn', 'earn', 'earn_reversed', 'redeem', 'redeem_returned'].sort(),
    );
  });

  it('gives back points in proportion to a partial refund', async () => {
    // Starts in 24 h: inside the default policy's 50% window.
    const showId = await t.createShow({ startsAt: new Date(Date.now() + 24 * 3_600_000) });
    const user = await t.register();
    await grantPoints(t, user.userId, 1000);
    const holdId = await hold(t, user.token, showId, { seats: ['B-1', 'B-2'] });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: user.token,
      body: { payment: goodCard, points: 1000 },
    });
    expect(paid.body.total.amount).toBe(4000);
    await eventually(async () => ((await kinds(user.userId)).earn === 40 ? true : undefined));
    const cancelled = await t.call('DELETE', `/api/bookings/${paid.body.bookingId}`, { token: user.token });
    expect(cancelled.body.refund.amount).toBe(2000);
    await eventually(async () => ((await kinds(user.userId)).return !== undefined ? true : undefined));
    expect(await kinds(user.userId)).toMatchObject({ earn: 40, reverse: -40, redeem: -1000, return: 500 });
    expect(await balanceOf(t, user.userId)).toBe(500);
  });

  it('reverses earnings and returns every spent point when the show is cancelled', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    await grantPoints(t, user.userId, 250);
    const holdId = await hold(t, user.token, showId, { seats: ['A-1', 'A-2'] });
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: user.token,
      body: { payment: goodCard, points: 250 },
    });
    expect(paid.body.total.amount).toBe(4750);
    await eventually(async () => ((await kinds(user.userId)).earn === 47 ? true : undefined));
    const cancelled = await t.call('POST', `/api/admin/shows/${showId}/cancel`, { token: await t.adminToken() });
    expect(cancelled.status).toBe(200);
    await eventually(async () => ((await kinds(user.userId)).return !== undefined ? true : undefined));
    expect(await kinds(user.userId)).toMatchObject({ earn: 47, reverse: -47, redeem: -250, return: 250 });
    expect(await balanceOf(t, user.userId)).toBe(250);
  });

  it('spends one balance once when two confirms race for it', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    await grantPoints(t, user.userId, 500);
    const a = await hold(t, user.token, showId, { seats: ['A-1'] });
    const b = await hold(t, user.token, showId, { seats: ['A-2'] });
    const answers = await Promise.all(
      [a, b].map((holdId) =>
        t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
          token: user.token,
          body: { payment: goodCard, points: 400 },
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(answers.find((r) => r.status === 422)?.body.code).toBe('insufficient_points');
    const ledger = await t.tdb.db.select().from(loyaltyLedger).where(eq(loyaltyLedger.userId, user.userId));
    expect(ledger.filter((e) => e.kind === 'redeem').map((e) => e.delta)).toEqual([-400]);
    expect(ledger.filter((e) => e.kind !== 'earn').reduce((s, e) => s + e.delta, 0)).toBe(100);
  });

  it('gives points back when the payment is declined, in the same change', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    await grantPoints(t, user.userId, 300);
    const holdId = await hold(t, user.token, showId, { seats: ['A-3'] });
    const declined = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: user.token,
      body: { payment: declinedCard, points: 300 },
    });
    expect(declined.status).toBe(402);
    expect(await balanceOf(t, user.userId)).toBe(300);
    expect(await kinds(user.userId)).toMatchObject({ redeem: -300, release: 300 });
    const retried = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: user.token,
      body: { payment: goodCard, points: 300 },
    });
    expect(retried.status).toBe(201);
    expect(retried.body.total.amount).toBe(2200);
  });

  it('keeps points in the currency they were earned in, pending while their booking can be refunded', async () => {
    // The repro: book 25,000.00 INR, try to take about 250.00 EUR off a euro show, cancel.
    const rupees = await t.createShow({ currency: 'INR', prices: { premium: 1_250_000 } });
    const euros = await t.createShow();
    const user = await t.register();
    const first = await hold(t, user.token, rupees, { seats: ['A-1', 'A-2'] });
    const booked = await t.call('POST', `/api/shows/${rupees}/holds/${first}/confirm`, {
      token: user.token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);
    const inr = await eventually(async () => {
      const res = await t.call('GET', '/api/me/loyalty?currency=INR', { token: user.token });
      return res.body.pendingPoints === 25_000 ? res.body : undefined;
    });
    expect(inr).toMatchObject({ currency: 'INR', points: 0, balances: [{ currency: 'INR', points: 0, pendingPoints: 25_000 }] });
    const eur = await t.call('GET', '/api/me/loyalty?currency=EUR', { token: user.token });
    expect(eur.body).toMatchObject({ currency: 'EUR', points: 0, pendingPoints: 0 });

    const second = await hold(t, user.token, euros, { seats: ['B-1'] });
    for (const points of [25_000, 1]) {
      const quoted = await t.call('POST', `/api/shows/${euros}/holds/${second}/quote`, {
        token: user.token,
        body: { points },
      });
      expect(quoted.status).toBe(422);
      expect(quoted.body.code).toBe('insufficient_points');
    }

    const cancelled = await t.call('DELETE', `/api/bookings/${booked.body.bookingId}`, { token: user.token });
    expect(cancelled.body.refund.amount).toBe(2_500_000);
    await eventually(async () => ((await kinds(user.userId)).reverse === -25_000 ? true : undefined));
    const after = await t.call('GET', '/api/me/loyalty?currency=INR', { token: user.token });
    expect(after.body).toMatchObject({ points: 0, pendingPoints: 0 });
    expect(await balanceOf(t, user.userId)).toBe(0);
  });

  it('never takes a balance below zero: points already spent are taken back only as far as it goes', async () => {
    // Starts within 2 h: past the default policy's last refund, so its 50 points count at once.
    const soon = await t.createShow({ startsAt: new Date(Date.now() + 3_600_000) });
    const later = await t.createShow();
    const user = await t.register();
    const first = await hold(t, user.token, soon, { seats: ['A-1', 'A-2'] });
    const booked = await t.call('POST', `/api/shows/${soon}/holds/${first}/confirm`, {
      token: user.token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);
    await eventually(async () => ((await loyalty(user.token)).points === 50 ? true : undefined));
    const second = await hold(t, user.token, later, { seats: ['A-1'] });
    const spent = await t.call('POST', `/api/shows/${later}/holds/${second}/confirm`, {
      token: user.token,
      body: { payment: goodCard, points: 30 },
    });
    expect(spent.status).toBe(201);

    // The show is called off: its bookings are refunded in full, past any policy.
    const admin = await t.adminToken();
    expect((await t.call('POST', `/api/admin/shows/${soon}/cancel`, { token: admin })).status).toBe(200);
    await eventually(async () => ((await kinds(user.userId)).reverse !== undefined ? true : undefined));
    const entries = await kinds(user.userId);
    expect(entries).toMatchObject({ earn: 24, redeem: -30, reverse: -20 });
    const standing = await loyalty(user.token);
    expect(standing).toMatchObject({ points: 0, pendingPoints: 24 });
  });
});
