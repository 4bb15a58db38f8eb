import { describe, expect, it } from 'vitest';
import type { ShowLayout } from '../../../src/actors/show/types.js';
import { MIN, SEC, T0, gaLayout, only, rules, showInput, startShow } from './helpers.js';

/** Row A: 4 premium seats, row B: 4 regular seats. */
const small: ShowLayout = {
  sections: [
    {
      name: 'Hall',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 4, category: 'premium' },
        { row: 'B', seats: 4, category: 'regular' },
      ],
    },
  ],
  categories: [
    { category: 'premium', price: 5000 },
    { category: 'regular', price: 3000 },
  ],
  currency: 'EUR',
};

/** A show where every seat is held: A-1..2 by hA1, A-3..4 by hA2, B-1..2 by hB1, B-3..4 by hB2 (all user u0). */
function fullShow() {
  const s = startShow(showInput(small));
  s.send({ type: 'HOLD', holdId: 'hA1', userId: 'u0', seats: ['A-1', 'A-2'], now: T0 });
  s.send({ type: 'HOLD', holdId: 'hA2', userId: 'u0', seats: ['A-3', 'A-4'], now: T0 });
  s.send({ type: 'HOLD', holdId: 'hB1', userId: 'u0', seats: ['B-1', 'B-2'], now: T0 });
  s.send({ type: 'HOLD', holdId: 'hB2', userId: 'u0', seats: ['B-3', 'B-4'], now: T0 });
  return s;
}

const join = (
  entryId: string,
  userId: string,
  quantity: number,
  extra: { category?: string; section?: string } = {},
  now = T0,
) => ({ type: 'JOIN_WAITLIST', entryId, userId, quantity, now, ...extra }) as const;
const release = (holdId: string, userId = 'u0', now = T0) => ({ type: 'RELEASE', holdId, userId, now }) as const;
const pay = (s: ReturnType<typeof startShow>, holdId: string, userId: string, bookingId: string, now = T0) => {
  s.send({ type: 'BEGIN_PAYMENT', holdId, userId, paymentId: `p-${holdId}`, now });
  return s.send({ type: 'CONFIRM', holdId, bookingId, paymentId: `p-${holdId}`, now });
};

describe('JOIN_WAITLIST', () => {
  it('appends with a position and a maximum wait', () => {
    const s = fullShow();
    expect(s.send(join('e1', 'u1', 2))).toEqual([
      {
        type: 'waitlist.joined',
        entryId: 'e1',
        userId: 'u1',
        quantity: 2,
        category: null,
        section: null,
        position: 1,
        joinedAt: T0,
        expiresAt: T0 + rules.waitlistMaxWaitMs,
      },
    ]);
    expect(s.send(join('e2', 'u2', 1, { category: 'regular' }, T0 + SEC))[0]).toMatchObject({
      category: 'regular',
      position: 2,
      expiresAt: T0 + SEC + rules.waitlistMaxWaitMs,
    });
    expect(s.context().waitlist.map((w) => [w.entryId, w.status, w.category])).toEqual([
      ['e1', 'waiting', null],
      ['e2', 'waiting', 'regular'],
    ]);
  });

  it('refuses bad requests, a second entry for a user, reused ids, and waits that make no sense', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2));
    const code = (e: Parameters<typeof s.send>[0]) => {
      const [out] = s.send(e);
      return out?.type === 'waitlist.rejected' ? out.code : out?.type;
    };
    expect(code(join('x', 'u2', 0))).toBe('validation_failed');
    expect(code(join('x', 'u2', 2.5))).toBe('validation_failed');
    expect(code(join('x', 'u2', 1, { category: 'vip' }))).toBe('validation_failed');
    expect(code(join('x', 'u2', 1, { section: 'Roof' }))).toBe('validation_failed');
    expect(code(join('x', 'u2', rules.maxSeatsPerOrder + 1))).toBe('too_many_seats');
    expect(code(join('x', 'u2', 5, { category: 'premium' }))).toBe('sold_out');
    expect(code(join('e1', 'u2', 1))).toBe('duplicate_id');
    s.send(release('hA1'));
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'offer-e1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'offer-e1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    // e1 is fulfilled and gone, but its offer id lives on in a booking: the entry id cannot be reused.
    expect(code(join('e1', 'u2', 1))).toBe('duplicate_id');
    s.send(join('e2', 'u3', 2));
    expect(code(join('e9', 'u3', 1))).toBe('already_waiting');
    expect(s.context().waitlist.map((w) => w.entryId)).toEqual(['e2']);
  });

  it('tells the customer to hold instead when a hold would succeed now', () => {
    const s = startShow(showInput(small));
    expect(s.send(join('e1', 'u1', 2))[0]).toEqual({
      type: 'waitlist.rejected',
      entryId: 'e1',
      code: 'seats_available',
    });
  });

  it('refuses with sold_out when booked seats leave too few that could ever free up', () => {
    const s = fullShow();
    pay(s, 'hA1', 'u0', 'b1');
    expect(s.send(join('e1', 'u1', 3, { category: 'premium' }))[0]).toMatchObject({ code: 'sold_out' });
    expect(s.send(join('e2', 'u2', 2, { category: 'premium' }))[0]).toMatchObject({ type: 'waitlist.joined' });
  });

  it('is refused when not on sale', () => {
    const s = startShow(showInput(small, { salesOpenAt: T0 + MIN }));
    expect(s.send(join('e1', 'u1', 1))[0]).toMatchObject({ code: 'sales_closed' });
  });
});

describe('earmarks and offers', () => {
  it('earmarks freed seats for the head and refuses other holds meanwhile', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    expect(s.send(release('hA1'))).toEqual([{ type: 'hold.released', holdId: 'hA1' }]);
    expect(s.context().rows[0]).toBe('eehh');
    expect(s.context().counts[0]).toMatchObject({ free: 0, held: 2, earmarked: 2 });
    expect(s.send({ type: 'HOLD', holdId: 'h9', userId: 'u9', seats: ['A-1'], now: T0 })[0]).toMatchObject({
      code: 'waitlist_active',
    });
    expect(
      s.send({ type: 'HOLD', holdId: 'h9', userId: 'u9', quantity: 1, category: 'regular', now: T0 })[0],
    ).toMatchObject({ code: 'waitlist_active' });
  });

  it('offers the head its quantity once enough is earmarked, as a hold with a derived id', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(release('hA1', 'u0', T0 + MIN));
    const out = s.send(release('hA2', 'u0', T0 + 2 * MIN));
    const expiresAt = T0 + 2 * MIN + rules.offerTtlMs;
    expect(out).toEqual([
      { type: 'hold.released', holdId: 'hA2' },
      {
        type: 'hold.placed',
        holdId: 'offer-e1',
        userId: 'u1',
        total: 15000,
        createdAt: T0 + 2 * MIN,
        expiresAt,
        deadlineAt: expiresAt + rules.holdGraceMs,
        entryId: 'e1',
        seats: ['A-1', 'A-2', 'A-3'],
        ga: null,
        quantity: 3,
      },
      {
        type: 'waitlist.offered',
        entryId: 'e1',
        userId: 'u1',
        holdId: 'offer-e1',
        total: 15000,
        expiresAt,
        deadlineAt: expiresAt + rules.holdGraceMs,
        seats: ['A-1', 'A-2', 'A-3'],
        ga: null,
        quantity: 3,
      },
    ]);
    // The surplus seat goes back on sale: nobody else is waiting.
    expect(s.context().rows[0]).toBe('hhh.');
    expect(s.context().waitlist[0]).toMatchObject({ status: 'offered', holdId: 'offer-e1' });
    expect(s.send({ type: 'HOLD', holdId: 'h9', userId: 'u9', seats: ['A-4'], now: T0 })[0]).toMatchObject({
      type: 'hold.placed',
    });
  });

  it('puts freed seats the head cannot use back on sale', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(release('hA1'));
    s.send(release('hB1'));
    expect(s.context().rows).toEqual(['eehh', '..hh']);
  });

  it('serves strictly in order: a later, smaller entry waits while the head is short', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(join('e2', 'u2', 1, { category: 'premium' }));
    const out = s.send(release('hA1'));
    expect(only(out, 'waitlist.offered')).toEqual([]);
    expect(s.context().rows[0]).toBe('eehh');
  });

  it('passes the surplus of one offer on to the next head', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 1, { category: 'premium' }));
    s.send(join('e2', 'u2', 1, { category: 'premium' }));
    s.send(join('e3', 'u3', 1, { category: 'regular' }));
    const out = s.send(release('hA1'));
    // Best available for one seat of row A ('ee' + 'hh') is the one nearer the centre.
    expect(only(out, 'waitlist.offered').map((o) => [o.entryId, o.seats])).toEqual([
      ['e1', ['A-2']],
      ['e2', ['A-1']],
    ]);
    expect(s.context().waitlist.map((w) => w.status)).toEqual(['offered', 'offered', 'waiting']);
  });

  it('gives a new head the free seats it can use once the head before it is served', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'regular' }));
    s.send(release('hA1'));
    s.send(release('hB1'));
    expect(s.context().rows).toEqual(['eehh', '..hh']);
    const out = s.send(release('hA2'));
    expect(only(out, 'waitlist.offered').map((o) => [o.entryId, o.seats])).toEqual([
      ['e1', ['A-1', 'A-2', 'A-3']],
      ['e2', ['B-1', 'B-2']],
    ]);
    expect(s.context().rows).toEqual(['hhh.', 'hhhh']);
  });

  it('takes a new head straight to an offer when free seats already cover it', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'regular' }));
    s.send(release('hB1'));
    expect(s.context().rows[1]).toBe('..hh');
    const out = s.send({ type: 'LEAVE_WAITLIST', entryId: 'e1', userId: 'u1', now: T0 });
    expect(out.map((o) => o.type)).toEqual(['waitlist.left', 'hold.placed', 'waitlist.offered']);
    expect(only(out, 'waitlist.offered')[0]).toMatchObject({ entryId: 'e2', seats: ['B-1', 'B-2'] });
  });

  it('never mixes categories in an offer for an entry that takes any category', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3));
    s.send(release('hA2'));
    expect(only(s.send(release('hB2')), 'waitlist.offered')).toEqual([]);
    expect(s.context().rows).toEqual(['hhee', 'hhee']);
    const out = s.send(release('hA1'));
    expect(only(out, 'waitlist.offered')[0]).toMatchObject({ seats: ['A-1', 'A-2', 'A-3'] });
    expect(s.context().rows).toEqual(['hhh.', 'hh..']);
  });

  it('serves general admission places the same way', () => {
    const s = startShow(showInput(gaLayout));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u0', quantity: 3, now: T0 });
    s.send({ type: 'HOLD', holdId: 'h2', userId: 'u0', quantity: 3, now: T0 });
    s.send({ type: 'HOLD', holdId: 'h3', userId: 'u0', quantity: 4, now: T0 });
    s.send(join('e1', 'u1', 5));
    s.send(release('h1'));
    expect(s.context().ga[0]).toEqual({ held: 7, booked: 0, earmarked: 3 });
    pay(s, 'h2', 'u0', 'b1');
    const out = s.send(release('h3'));
    expect(only(out, 'waitlist.offered')[0]).toMatchObject({
      seats: [],
      ga: { section: 'Floor', quantity: 5 },
      total: 10000,
    });
    expect(s.context().ga[0]).toEqual({ held: 5, booked: 3, earmarked: 0 });
    expect(s.context().counts[0]).toMatchObject({ free: 2, held: 5, booked: 3, earmarked: 0 });
  });
});

describe('the end of an entry', () => {
  it('an offer that expires ends its entry and its seats go to the next head', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'premium' }, T0 + SEC));
    s.send(release('hA1', 'u0', T0 + MIN));
    const deadline = T0 + MIN + rules.offerTtlMs + rules.holdGraceMs;
    // u0's other holds expire at the same TICK: put them out of the way first.
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'hA2', userId: 'u0', paymentId: 'pA2', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'hA2', bookingId: 'bA2', paymentId: 'pA2', now: T0 });
    s.send(release('hB1'));
    s.send(release('hB2'));
    expect(s.send({ type: 'TICK', now: deadline })).toEqual([
      { type: 'hold.expired', holdId: 'offer-e1', entryId: 'e1' },
      { type: 'waitlist.ended', entryId: 'e1', reason: 'expired' },
      expect.objectContaining({ type: 'hold.placed', holdId: 'offer-e2', seats: ['A-1', 'A-2'] }),
      expect.objectContaining({ type: 'waitlist.offered', entryId: 'e2' }),
    ]);
  });

  it('a paid offer fulfils its entry', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(release('hA1'));
    const out = pay(s, 'offer-e1', 'u1', 'b1');
    expect(out).toEqual([
      expect.objectContaining({ type: 'booking.confirmed', bookingId: 'b1', entryId: 'e1', seats: ['A-1', 'A-2'] }),
      { type: 'waitlist.ended', entryId: 'e1', reason: 'fulfilled' },
    ]);
    expect(s.context().waitlist).toEqual([]);
  });

  it('a released offer ends its entry as cancelled', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(release('hA1'));
    expect(s.send(release('offer-e1', 'u1'))).toEqual([
      { type: 'hold.released', holdId: 'offer-e1' },
      { type: 'waitlist.ended', entryId: 'e1', reason: 'cancelled' },
    ]);
  });

  it('LEAVE_WAITLIST: only the entry user; an offered entry gives its seats back', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'premium' }));
    s.send(release('hA1'));
    expect(s.send({ type: 'LEAVE_WAITLIST', entryId: 'e1', userId: 'u2', now: T0 })).toEqual([
      { type: 'waitlist.leave_rejected', entryId: 'e1', code: 'not_found' },
    ]);
    const out = s.send({ type: 'LEAVE_WAITLIST', entryId: 'e1', userId: 'u1', now: T0 });
    expect(out.map((o) => o.type)).toEqual(['hold.released', 'waitlist.left', 'hold.placed', 'waitlist.offered']);
    expect(only(out, 'waitlist.offered')[0]).toMatchObject({ entryId: 'e2', seats: ['A-1', 'A-2'] });
    expect(s.send({ type: 'LEAVE_WAITLIST', entryId: 'e2', userId: 'u2', now: T0 }).map((o) => o.type)).toEqual([
      'hold.released',
      'waitlist.left',
    ]);
    expect(s.context().rows[0]).toBe('..hh');
  });

  it('LEAVE_WAITLIST of an offer that is being paid keeps the seats with the payment', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(release('hA1'));
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'offer-e1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send({ type: 'LEAVE_WAITLIST', entryId: 'e1', userId: 'u1', now: T0 })).toEqual([
      { type: 'waitlist.left', entryId: 'e1' },
    ]);
    expect(s.send({ type: 'CONFIRM', holdId: 'offer-e1', bookingId: 'b1', paymentId: 'p1', now: T0 })).toEqual([
      expect.objectContaining({ type: 'booking.confirmed', entryId: null }),
    ]);
  });

  it('a waiting entry expires after the maximum wait and its earmarks pass to the next head', () => {
    const s = startShow(showInput(small, { rules: { ...rules, waitlistMaxWaitMs: 2 * MIN } }));
    s.send({ type: 'HOLD', holdId: 'hA1', userId: 'u0', seats: ['A-1', 'A-2'], now: T0 });
    s.send({ type: 'HOLD', holdId: 'hA2', userId: 'u0', seats: ['A-3', 'A-4'], now: T0 });
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'premium' }, T0 + MIN));
    s.send(release('hA1'));
    expect(s.context().rows[0]).toBe('eehh');
    expect(s.send({ type: 'TICK', now: T0 + 2 * MIN - 1 })).toEqual([]);
    expect(s.send({ type: 'TICK', now: T0 + 2 * MIN })).toEqual([
      { type: 'waitlist.ended', entryId: 'e1', reason: 'expired' },
      expect.objectContaining({ type: 'hold.placed', holdId: 'offer-e2', seats: ['A-1', 'A-2'] }),
      expect.objectContaining({ type: 'waitlist.offered', entryId: 'e2' }),
    ]);
  });

  it('an entry that can no longer be served ends as unsatisfiable and the next head takes over', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 3, { category: 'premium' }));
    s.send(join('e2', 'u2', 2, { category: 'premium' }));
    s.send(release('hA1'));
    const out = pay(s, 'hA2', 'u0', 'b1');
    expect(out).toEqual([
      expect.objectContaining({ type: 'booking.confirmed', bookingId: 'b1' }),
      { type: 'waitlist.ended', entryId: 'e1', reason: 'unsatisfiable' },
      expect.objectContaining({ type: 'hold.placed', holdId: 'offer-e2', seats: ['A-1', 'A-2'] }),
      expect.objectContaining({ type: 'waitlist.offered', entryId: 'e2' }),
    ]);
  });

  it('closing sales ends waiting entries and frees earmarks; made offers can still be paid', () => {
    const s = fullShow();
    s.send(join('e1', 'u1', 2, { category: 'premium' }));
    s.send(join('e2', 'u2', 3, { category: 'regular' }));
    s.send(release('hA1'));
    s.send(release('hB1'));
    expect(s.context().rows).toEqual(['hhhh', 'eehh']);
    s.send(join('e3', 'u3', 1, { category: 'regular' }));
    expect(s.send({ type: 'CLOSE_SALES', now: T0 })).toEqual([
      { type: 'waitlist.ended', entryId: 'e2', reason: 'expired' },
      { type: 'waitlist.ended', entryId: 'e3', reason: 'expired' },
      { type: 'sales.closed' },
    ]);
    expect(s.context().rows).toEqual(['hhhh', '..hh']);
    expect(s.context().waitlist.map((w) => w.entryId)).toEqual(['e1']);
    expect(pay(s, 'offer-e1', 'u1', 'b1')[0]).toMatchObject({ type: 'booking.confirmed', entryId: 'e1' });
  });
});
