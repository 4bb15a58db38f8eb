import { describe, expect, it } from 'vitest';
import { MIN, SEC, T0, gaLayout, mixedLayout, reservedLayout, rules, showInput, startShow } from './helpers.js';

const hold = (holdId: string, extra: Record<string, unknown>, now = T0) =>
  ({ type: 'HOLD', holdId, userId: 'u1', now, ...extra }) as const;

describe('HOLD validation', () => {
  const show = () => startShow(showInput(reservedLayout));

  it.each([
    ['neither seats nor quantity', {}],
    ['both seats and quantity', { seats: ['A-1'], quantity: 1 }],
    ['an empty seat list', { seats: [] }],
    ['a zero quantity', { quantity: 0 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['an unknown category', { quantity: 1, category: 'vip' }],
    ['an unknown section', { quantity: 1, section: 'Gallery' }],
    ['a hold id reserved for waitlist offers', { quantity: 1, holdId: 'offer-e1' }],
  ])('refuses %s with validation_failed', (_, extra) => {
    const s = show();
    expect(s.send(hold('h1', extra))).toEqual([
      expect.objectContaining({ type: 'hold.rejected', code: 'validation_failed' }),
    ]);
    expect(s.context().holds).toEqual({});
  });

  it('lists duplicate seat ids', () => {
    const [out] = show().send(hold('h1', { seats: ['A-1', 'A-2', 'A-1'] }));
    expect(out).toEqual({
      type: 'hold.rejected',
      holdId: 'h1',
      code: 'validation_failed',
      detail: 'duplicate seats: A-1',
    });
  });

  it('lists unknown seat ids', () => {
    const [out] = show().send(hold('h1', { seats: ['A-1', 'Z-9', 'A-7'] }));
    expect(out).toEqual({ type: 'hold.rejected', holdId: 'h1', code: 'unknown_seats', detail: 'Z-9,A-7' });
  });

  it('refuses more than maxSeatsPerOrder seats or places', () => {
    const s = show();
    expect(s.send(hold('h1', { quantity: rules.maxSeatsPerOrder + 1 }))[0]).toMatchObject({ code: 'too_many_seats' });
    const seats = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-8', 'D-1', 'D-2', 'D-3'];
    expect(s.send(hold('h2', { seats }))[0]).toMatchObject({ code: 'too_many_seats' });
    expect(s.send(hold('h3', { seats: seats.slice(0, 10) }))[0]).toMatchObject({ type: 'hold.placed', quantity: 10 });
  });

  it('refuses a holdId used by a live hold or by a booking', () => {
    const s = show();
    s.send(hold('h1', { seats: ['A-1'] }));
    expect(s.send(hold('h1', { seats: ['A-2'] }))[0]).toMatchObject({ code: 'duplicate_id' });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    expect(s.send(hold('h1', { seats: ['A-2'] }))[0]).toMatchObject({ code: 'duplicate_id' });
  });
});

describe('HOLD by seats', () => {
  it('holds all requested seats with the sum of their prices and the configured times', () => {
    const s = startShow(showInput(reservedLayout));
    const out = s.send(hold('h1', { seats: ['A-1', 'C-2'] }));
    expect(out).toEqual([
      {
        type: 'hold.placed',
        holdId: 'h1',
        userId: 'u1',
        total: 8000,
        createdAt: T0,
        expiresAt: T0 + rules.holdTtlMs,
        deadlineAt: T0 + rules.holdTtlMs + rules.holdGraceMs,
        entryId: null,
        seats: ['A-1', 'C-2'],
        ga: null,
        quantity: 2,
      },
    ]);
    expect(s.context().rows).toEqual(['h.....', '......', '.h......', '........']);
  });

  it('is all or nothing: one booked seat refuses with seats_taken, one held seat with held_by_others', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('h1', { seats: ['A-1'] }));
    expect(s.send(hold('h2', { seats: ['A-2', 'A-1'] }))[0]).toEqual({
      type: 'hold.rejected',
      holdId: 'h2',
      code: 'held_by_others',
      detail: 'A-1',
    });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    s.send(hold('h3', { seats: ['A-3'] }));
    expect(s.send(hold('h4', { seats: ['A-2', 'A-3', 'A-1'] }))[0]).toEqual({
      type: 'hold.rejected',
      holdId: 'h4',
      code: 'seats_taken',
      detail: 'A-1',
    });
    expect(s.context().rows[0]).toBe('b.h...');
  });
});

describe('HOLD by quantity (best available)', () => {
  it('takes adjacent seats in the front row closest to its centre', () => {
    const s = startShow(showInput(reservedLayout));
    expect(s.send(hold('h1', { quantity: 2 }))[0]).toMatchObject({ seats: ['A-3', 'A-4'] });
    expect(s.send(hold('h2', { quantity: 3 }))[0]).toMatchObject({ seats: ['B-2', 'B-3', 'B-4'] });
    // A-1..2 and A-5..6 are equally far from the centre: the tie goes left.
    expect(s.send(hold('h3', { quantity: 2 }))[0]).toMatchObject({ seats: ['A-1', 'A-2'] });
  });

  it('falls back to the first free seats of the category when no row has a long enough run', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('x', { seats: ['A-3', 'B-3', 'B-5'] }));
    // Runs left: A-1..2, A-4..6, B-1..2, B-4, B-6: no run of 4 in premium.
    expect(s.send(hold('h1', { quantity: 4, category: 'premium' }))[0]).toMatchObject({
      seats: ['A-1', 'A-2', 'A-4', 'A-5'],
    });
  });

  it('tries categories best first and never mixes them', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('x', { userId: 'u0', seats: ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'B-1', 'B-2', 'B-3'] }));
    // Three premium seats left: a hold of 4 goes to regular, a hold of 3 to premium.
    expect(s.send(hold('h1', { quantity: 4 }))[0]).toMatchObject({ seats: ['C-3', 'C-4', 'C-5', 'C-6'], total: 12000 });
    expect(s.send(hold('h2', { quantity: 3 }))[0]).toMatchObject({ seats: ['B-4', 'B-5', 'B-6'], total: 15000 });
  });

  it('keeps to the named category or section', () => {
    const s = startShow(showInput(mixedLayout));
    expect(s.send(hold('h1', { quantity: 2, category: 'regular' }))[0]).toMatchObject({ seats: ['L-2', 'L-3'] });
    expect(s.send(hold('h2', { quantity: 2, section: 'Back' }))[0]).toMatchObject({
      seats: [],
      ga: { section: 'Back', quantity: 2 },
      total: 8000,
    });
    expect(s.send(hold('h3', { quantity: 3, section: 'Pit' }))[0]).toMatchObject({
      ga: { section: 'Pit', quantity: 3 },
      quantity: 3,
    });
    expect(s.send(hold('h4', { quantity: 1, section: 'Pit', category: 'premium' }))[0]).toMatchObject({
      code: 'validation_failed',
    });
  });

  it('uses a general-admission section of the category when its rows have no room together', () => {
    const s = startShow(showInput(mixedLayout));
    // Row L has 5 regular seats, Back has 3 regular places: 3 adjacent fit in L first.
    expect(s.send(hold('h1', { quantity: 3, category: 'regular' }))[0]).toMatchObject({ seats: ['L-2', 'L-3', 'L-4'] });
    expect(s.send(hold('h2', { quantity: 2, category: 'regular' }))[0]).toMatchObject({
      ga: { section: 'Back', quantity: 2 },
    });
    expect(s.send(hold('h3', { quantity: 2, category: 'regular' }))[0]).toMatchObject({ seats: ['L-1', 'L-5'] });
  });

  it('answers held_by_others when held seats could still free up, sold_out when too many are booked', () => {
    const s = startShow(showInput(gaLayout));
    s.send(hold('h1', { quantity: 6 }));
    s.send(hold('h2', { userId: 'u2', quantity: 3 }));
    expect(s.send(hold('h3', { quantity: 2 }))[0]).toMatchObject({ code: 'held_by_others' });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    expect(s.send(hold('h4', { quantity: 4 }))[0]).toMatchObject({ code: 'held_by_others' });
    expect(s.send(hold('h5', { quantity: 5 }))[0]).toMatchObject({ code: 'sold_out' });
    expect(s.send(hold('h6', { quantity: 1 }))[0]).toMatchObject({
      type: 'hold.placed',
      ga: { section: 'Floor', quantity: 1 },
    });
  });
});

describe('seats per customer', () => {
  const capped = () => startShow(showInput(reservedLayout, { rules: { ...rules, maxSeatsPerCustomer: 5 } }));
  const join = (entryId: string, userId: string, quantity: number) =>
    ({ type: 'JOIN_WAITLIST', entryId, userId, quantity, now: T0 }) as const;

  it('caps the seats one customer holds at once across holds; others are not affected', () => {
    const s = capped();
    expect(s.send(hold('h1', { seats: ['A-1', 'A-2', 'A-3'] }))[0]).toMatchObject({ type: 'hold.placed' });
    expect(s.send(hold('h2', { quantity: 3 }))[0]).toEqual({
      type: 'hold.rejected',
      holdId: 'h2',
      code: 'seat_limit_reached',
      detail: 'you hold or wait for 3 seats of this show; at most 5 at once',
    });
    expect(s.send(hold('h3', { quantity: 2 }))[0]).toMatchObject({ type: 'hold.placed' });
    expect(s.send(hold('h4', { userId: 'u2', quantity: 5 }))[0]).toMatchObject({ type: 'hold.placed' });
    // Released seats and booked seats no longer count; paying ones still do.
    s.send({ type: 'RELEASE', holdId: 'h3', userId: 'u1', now: T0 });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send(hold('h5', { quantity: 3 }))[0]).toMatchObject({ code: 'seat_limit_reached' });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    expect(s.send(hold('h6', { quantity: 5 }))[0]).toMatchObject({ type: 'hold.placed' });
    // An expired hold frees its share too.
    expect(s.send(hold('h7', { quantity: 1 }, T0 + 10 * MIN)).at(-1)).toMatchObject({ type: 'hold.placed' });
  });

  it('counts a waiting place toward the cap, and the cap toward joining', () => {
    const s = capped();
    // Every premium seat is held by others, so a customer wanting premium seats waits for them.
    const others = [
      ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'],
      ['A-6', 'B-1', 'B-2', 'B-3', 'B-4'],
      ['B-5', 'B-6'],
    ];
    others.forEach((seats, i) => s.send(hold(`other${i}`, { userId: `u${i + 5}`, seats })));
    const wait = (entryId: string, quantity: number) => ({ ...join(entryId, 'u1', quantity), category: 'premium' });
    expect(s.send(wait('e1', 4))[0]).toMatchObject({ type: 'waitlist.joined' });
    expect(s.send(hold('h1', { quantity: 2, category: 'regular' }))[0]).toMatchObject({ code: 'seat_limit_reached' });
    expect(s.send(hold('h2', { quantity: 1, category: 'regular' }))[0]).toMatchObject({ type: 'hold.placed' });
    s.send({ type: 'LEAVE_WAITLIST', entryId: 'e1', userId: 'u1', now: T0 });
    expect(s.send(wait('e2', 5))[0]).toMatchObject({ type: 'waitlist.rejected', code: 'seat_limit_reached' });
    expect(s.send(wait('e3', 4))[0]).toMatchObject({ type: 'waitlist.joined' });
  });

  it('defaults to maxSeatsPerOrder when the show has no cap of its own', () => {
    const s = startShow(showInput(reservedLayout));
    expect(s.send(hold('h1', { quantity: rules.maxSeatsPerOrder }))[0]).toMatchObject({ type: 'hold.placed' });
    expect(s.send(hold('h2', { quantity: 1 }))[0]).toMatchObject({ code: 'seat_limit_reached' });
  });
});

describe('RELEASE', () => {
  it('frees the seats of the holder only and never reveals other holds', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('h1', { seats: ['A-1'] }));
    expect(s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u2', now: T0 })).toEqual([
      { type: 'hold.action_rejected', holdId: 'h1', action: 'RELEASE', code: 'hold_not_found' },
    ]);
    expect(s.send({ type: 'RELEASE', holdId: 'nope', userId: 'u1', now: T0 })[0]).toMatchObject({
      code: 'hold_not_found',
    });
    expect(s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u1', now: T0 })).toEqual([
      { type: 'hold.released', holdId: 'h1' },
    ]);
    expect(s.context().rows[0]).toBe('......');
    expect(s.context().holds).toEqual({});
  });

  it('refuses to release a hold that is paying', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('h1', { seats: ['A-1'] }));
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u1', now: T0 })[0]).toMatchObject({ code: 'hold_paying' });
  });
});

describe('payment', () => {
  const held = () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('h1', { seats: ['A-1', 'A-2'] }));
    return s;
  };
  const deadlineAt = T0 + rules.holdTtlMs + rules.holdGraceMs;

  it('BEGIN_PAYMENT marks the hold paying until max(deadline, now + bound)', () => {
    const s = held();
    const late = deadlineAt - 10 * SEC;
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: late })).toEqual([
      { type: 'payment.begun', holdId: 'h1', paymentId: 'p1', paymentDeadlineAt: late + rules.paymentBoundMs },
    ]);
    expect(s.context().holds.h1).toMatchObject({
      status: 'paying',
      paymentId: 'p1',
      paymentDeadlineAt: late + rules.paymentBoundMs,
    });

    const early = held();
    expect(
      early.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 })[0],
    ).toMatchObject({ paymentDeadlineAt: deadlineAt });
  });

  it('BEGIN_PAYMENT is idempotent for the same payment and refuses another one', () => {
    const s = held();
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 + SEC })).toEqual([
      { type: 'payment.begun', holdId: 'h1', paymentId: 'p1', paymentDeadlineAt: deadlineAt },
    ]);
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p2', now: T0 })[0]).toMatchObject({
      code: 'hold_paying',
    });
  });

  it('BEGIN_PAYMENT refuses strangers, unknown holds and holds past their deadline', () => {
    const s = held();
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u2', paymentId: 'p1', now: T0 })[0]).toMatchObject({
      code: 'hold_not_found',
    });
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'zz', userId: 'u1', paymentId: 'p1', now: T0 })[0]).toMatchObject({
      code: 'hold_not_found',
    });
    // The command first applies what fell due at its time: the hold expires, then the command hears so.
    expect(s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: deadlineAt })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'hold.action_rejected', holdId: 'h1', action: 'BEGIN_PAYMENT', code: 'hold_expired' },
    ]);
    expect(s.context().rows[0]).toBe('......');
  });

  it('a paying hold does not expire at its deadline, only at its payment deadline', () => {
    const s = held();
    const at = deadlineAt - SEC;
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: at });
    expect(s.send({ type: 'TICK', now: deadlineAt + MIN })).toEqual([]);
    expect(s.send({ type: 'TICK', now: at + rules.paymentBoundMs })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
    ]);
  });

  it('CONFIRM books the seats of a paying hold with the matching payment', () => {
    const s = held();
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 })[0]).toMatchObject({
      code: 'payment_mismatch',
    });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p2', now: T0 })[0]).toMatchObject({
      code: 'payment_mismatch',
    });
    expect(s.send({ type: 'CONFIRM', holdId: 'zz', bookingId: 'b1', paymentId: 'p1', now: T0 })[0]).toMatchObject({
      code: 'hold_not_found',
    });
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 + MIN })).toEqual([
      {
        type: 'booking.confirmed',
        bookingId: 'b1',
        holdId: 'h1',
        userId: 'u1',
        total: 10000,
        paymentId: 'p1',
        createdAt: T0 + MIN,
        entryId: null,
        seats: ['A-1', 'A-2'],
        ga: null,
        quantity: 2,
      },
    ]);
    expect(s.context().holds).toEqual({});
    expect(s.context().bookings.b1).toMatchObject({ holdId: 'h1', seats: [0, 1], total: 10000 });
    expect(s.context().rows[0]).toBe('bb....');
  });

  it('PAYMENT_FAILED puts the hold back to held, or expires it when its deadline has passed', () => {
    const s = held();
    expect(s.send({ type: 'PAYMENT_FAILED', holdId: 'h1', paymentId: 'p1', now: T0 })[0]).toMatchObject({
      code: 'payment_mismatch',
    });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    expect(s.send({ type: 'PAYMENT_FAILED', holdId: 'h1', paymentId: 'p1', now: T0 + MIN })).toEqual([
      { type: 'payment.failed', holdId: 'h1', paymentId: 'p1' },
    ]);
    expect(s.context().holds.h1).toMatchObject({ status: 'held', paymentId: null, paymentDeadlineAt: null });

    const late = held();
    late.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: deadlineAt - SEC });
    expect(late.send({ type: 'PAYMENT_FAILED', holdId: 'h1', paymentId: 'p1', now: deadlineAt + SEC })).toEqual([
      { type: 'payment.failed', holdId: 'h1', paymentId: 'p1' },
      { type: 'hold.expired', holdId: 'h1', entryId: null },
    ]);
    expect(late.context().rows[0]).toBe('......');
  });
});

describe('CANCEL_BOOKING', () => {
  it('frees the seats and places of a booking', () => {
    const s = startShow(showInput(mixedLayout));
    s.send(hold('h1', { quantity: 2, section: 'Pit' }));
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    expect(s.context().ga[1]).toEqual({ held: 0, booked: 2, earmarked: 0 });
    expect(s.send({ type: 'CANCEL_BOOKING', bookingId: 'b1', now: T0 })).toEqual([
      { type: 'booking.cancelled', bookingId: 'b1', seats: [], ga: { section: 'Pit', quantity: 2 }, quantity: 2 },
    ]);
    expect(s.context().ga[1]).toEqual({ held: 0, booked: 0, earmarked: 0 });
    expect(s.send({ type: 'CANCEL_BOOKING', bookingId: 'b1', now: T0 })).toEqual([
      { type: 'booking.cancel_rejected', bookingId: 'b1', code: 'not_found' },
    ]);
  });
});

describe('TICK expiry', () => {
  it('expires a hold at its deadline (expiry plus grace), not before', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('h1', { seats: ['A-1'] }));
    s.send(hold('h2', { seats: ['A-2'] }, T0 + SEC));
    const deadline = T0 + rules.holdTtlMs + rules.holdGraceMs;
    expect(s.send({ type: 'TICK', now: T0 + rules.holdTtlMs })).toEqual([]);
    expect(s.send({ type: 'TICK', now: deadline - 1 })).toEqual([]);
    expect(s.send({ type: 'TICK', now: deadline })).toEqual([{ type: 'hold.expired', holdId: 'h1', entryId: null }]);
    expect(s.send({ type: 'TICK', now: deadline + 2 * SEC })).toEqual([
      { type: 'hold.expired', holdId: 'h2', entryId: null },
    ]);
    expect(s.context().rows[0]).toBe('......');
  });

  it('expires several due holds earliest deadline first', () => {
    const s = startShow(showInput(reservedLayout));
    s.send(hold('late', { seats: ['A-1'] }, T0 + SEC));
    s.send(hold('early', { seats: ['A-2'] }, T0));
    expect(s.send({ type: 'TICK', now: T0 + 10 * MIN }).map((o) => o.type === 'hold.expired' && o.holdId)).toEqual([
      'early',
      'late',
    ]);
  });
});
