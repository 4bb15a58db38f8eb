import { describe, expect, it } from 'vitest';
import { holdLines, type PriceLine } from '../../src/commerce/hold-lines.js';
import { priceOrder, type PricingInput } from '../../src/commerce/pricing.js';
import { checkPromo, promoDiscount, type PromoTerms } from '../../src/commerce/promo-rules.js';
import type { SectionDef } from '../../src/actors/show/types.js';

const sections: SectionDef[] = [
  {
    name: 'Stalls',
    kind: 'reserved',
    rows: [
      { row: 'A', seats: 4, category: 'premium' },
      { row: '1B', seats: 4, category: 'regular' },
    ],
  },
  { name: 'Pit', kind: 'general', capacity: 50, category: 'standing' },
];
const prices = [
  { category: 'regular', price: 2000 },
  { category: 'premium', price: 4000 },
  { category: 'standing', price: 1500 },
];

const promo = (over: Partial<PromoTerms>): PromoTerms => ({
  code: 'X',
  kind: 'percent',
  value: 10,
  currency: null,
  scope: 'all',
  eventId: null,
  category: null,
  active: true,
  validFrom: null,
  validUntil: null,
  ...over,
});

const lines: PriceLine[] = [
  { category: 'premium', unitPrice: 4000, quantity: 1, amount: 4000 },
  { category: 'regular', unitPrice: 1999, quantity: 1, amount: 1999 },
];
const base: PricingInput = {
  lines,
  currency: 'EUR',
  eventId: 'ev',
  feePerTicket: 100,
  now: 1_000,
  promo: null,
  points: { requested: 0, balance: 0 },
};

describe('hold lines', () => {
  it('splits seats and standing places by category, best first, matching the hold total', () => {
    const result = holdLines({ seats: ['1B-1', 'A-2', 'A-3'], gaSection: null, quantity: 3, total: 10_000 }, sections, prices);
    expect(result).toEqual({
      ok: true,
      lines: [
        { category: 'premium', unitPrice: 4000, quantity: 2, amount: 8000 },
        { category: 'regular', unitPrice: 2000, quantity: 1, amount: 2000 },
      ],
    });
    const standing = holdLines({ seats: [], gaSection: 'Pit', quantity: 3, total: 4500 }, sections, prices);
    expect(standing).toEqual({ ok: true, lines: [{ category: 'standing', unitPrice: 1500, quantity: 3, amount: 4500 }] });
  });

  it('keeps the price a hold was placed at after a price change, or refuses when it cannot be known', () => {
    const oneCategory = holdLines({ seats: ['A-1', 'A-2'], gaSection: null, quantity: 2, total: 7000 }, sections, prices);
    expect(oneCategory).toEqual({
      ok: true,
      lines: [{ category: 'premium', unitPrice: 3500, quantity: 2, amount: 7000 }],
    });
    const mixed = holdLines({ seats: ['A-1', '1B-1'], gaSection: null, quantity: 2, total: 5000 }, sections, prices);
    expect(mixed.ok).toBe(false);
    expect(holdLines({ seats: ['Z-1'], gaSection: null, quantity: 1, total: 1 }, sections, prices).ok).toBe(false);
  });
});

describe('promo rules', () => {
  it('rounds percent discounts down and caps fixed ones at the eligible amount', () => {
    expect(promoDiscount({ kind: 'percent', value: 15 }, 1999)).toBe(299);
    expect(promoDiscount({ kind: 'percent', value: 100 }, 1999)).toBe(1999);
    expect(promoDiscount({ kind: 'fixed', value: 500 }, 1999)).toBe(500);
    expect(promoDiscount({ kind: 'fixed', value: 5000 }, 1999)).toBe(1999);
  });

  it('checks the window at its edges (from inclusive, until exclusive), scope and currency', () => {
    const ctx = { now: 1_000, eventId: 'ev', currency: 'EUR', lines };
    expect(checkPromo(promo({ validFrom: 1_000 }), ctx).ok).toBe(true);
    expect(checkPromo(promo({ validFrom: 1_001 }), ctx).ok).toBe(false);
    expect(checkPromo(promo({ validUntil: 1_001 }), ctx).ok).toBe(true);
    expect(checkPromo(promo({ validUntil: 1_000 }), ctx).ok).toBe(false);
    expect(checkPromo(promo({ active: false }), ctx).ok).toBe(false);
    expect(checkPromo(promo({ scope: 'event', eventId: 'ev' }), ctx)).toEqual({ ok: true, eligible: 5999 });
    expect(checkPromo(promo({ scope: 'event', eventId: 'other' }), ctx).ok).toBe(false);
    expect(checkPromo(promo({ scope: 'category', category: 'regular' }), ctx)).toEqual({ ok: true, eligible: 1999 });
    expect(checkPromo(promo({ scope: 'category', category: 'standing' }), ctx).ok).toBe(false);
    expect(checkPromo(promo({ kind: 'fixed', value: 1, currency: 'GBP' }), ctx).ok).toBe(false);
  });
});

describe('priceOrder', () => {
  it('takes the promo, then points, off the seats only, and adds fees', () => {
    const result = priceOrder({ ...base, promo: promo({ value: 10 }), points: { requested: 300, balance: 1000 } });
    expect(result).toEqual({
      ok: true,
      priced: {
        lines,
        subtotal: 5999,
        promo: { code: 'X', discount: 599 },
        points: { redeemed: 300, discount: 300 },
        fees: 200,
        discount: 899,
        total: 5300,
      },
    });
  });

  it('never spends points on fees or below zero, and refuses more points than the balance', () => {
    const all = priceOrder({ ...base, promo: promo({ value: 50 }), points: { requested: 9000, balance: 9000 } });
    expect(all.ok && all.priced).toMatchObject({ points: { redeemed: 3000 }, fees: 200, total: 200 });
    const free = priceOrder({ ...base, feePerTicket: 0, promo: promo({ value: 100 }) });
    expect(free.ok && free.priced.total).toBe(0);
    expect(priceOrder({ ...base, points: { requested: 11, balance: 10 } })).toMatchObject({
      ok: false,
      code: 'insufficient_points',
    });
  });
});
