import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromo } from './commerce-fixtures.js';
import { eur, hold } from './fixtures.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await t?.close();
});

describe('the checkout choice kept on a hold', () => {
  it('a quoted code is what a later GET (a reload) prices; a refused code changes nothing', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    await createPromo(t, { code: 'Keep10', kind: 'percent', value: 10 });
    const user = await t.register();
    const holdId = await hold(t, user.token, showId, { seats: ['A-1', 'A-2'] });
    const quotePath = `/api/shows/${showId}/holds/${holdId}/quote`;

    const plain = await t.call('GET', quotePath, { token: user.token });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      promo: null,
      total: eur(8000),
      choice: { promoCode: null, points: 0 },
      dropped: null,
    });

    const applied = await t.call('POST', quotePath, { token: user.token, body: { promoCode: 'keep10' } });
    expect(applied.body).toMatchObject({ total: eur(7200), choice: { promoCode: 'KEEP10', points: 0 } });

    const refused = await t.call('POST', quotePath, { token: user.token, body: { promoCode: 'NOPE' } });
    expect(refused.status).toBe(422);
    const reloaded = await t.call('GET', quotePath, { token: user.token });
    expect(reloaded.body).toMatchObject({
      promo: { code: 'KEEP10', discount: eur(800) },
      total: eur(7200),
      dropped: null,
    });

    // Nobody else reads or prices another customer's hold.
    const other = await t.register();
    expect((await t.call('GET', quotePath, { token: other.token })).status).toBe(404);

    const paid = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
      token: user.token,
      body: { payment: goodCard, promoCode: reloaded.body.choice.promoCode, expectedTotal: reloaded.body.total },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.total).toEqual(eur(7200));
  });

  it('a kept code that stopped working is left out, named in `dropped`, and no longer kept', async () => {
    const showId = await t.createShow({ prices: { premium: 4000, regular: 2000 } });
    const promo = await createPromo(t, { code: 'Brief20', kind: 'percent', value: 20 });
    const user = await t.register();
    const holdId = await hold(t, user.token, showId, { seats: ['B-1'] });
    const quotePath = `/api/shows/${showId}/holds/${holdId}/quote`;
    await t.call('POST', quotePath, { token: user.token, body: { promoCode: 'BRIEF20' } });

    const off = await t.call('PATCH', `/api/admin/promos/${promo.promoId}`, {
      token: await t.adminToken(),
      body: { active: false },
    });
    expect(off.status).toBe(200);
    const reloaded = await t.call('GET', quotePath, { token: user.token });
    expect(reloaded.status).toBe(200);
    expect(reloaded.body).toMatchObject({
      promo: null,
      total: eur(2000),
      choice: { promoCode: null, points: 0 },
      dropped: { promoCode: 'BRIEF20', code: 'promo_invalid' },
    });
    const again = await t.call('GET', quotePath, { token: user.token });
    expect(again.body.dropped).toBeNull();
  });
});
