import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../../src/actors/show/deadlines.js';
import { describeHold, seatMap, stateString, summarize } from '../../../src/actors/show/views.js';
import { MIN, SEC, T0, mixedLayout, rules, showInput, startShow } from './helpers.js';

/** Mixed show: K-1..2 held by u1, two Pit places booked, the other premium seats held and a waiter earmarking one. */
function busyShow() {
  const s = startShow(showInput(mixedLayout));
  s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['K-1', 'K-2'], now: T0 });
  s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 2, section: 'Pit', now: T0 });
  s.send({ type: 'BEGIN_PAYMENT', holdId: 'h2', userId: 'u2', paymentId: 'p2', now: T0 });
  s.send({ type: 'CONFIRM', holdId: 'h2', bookingId: 'b2', paymentId: 'p2', now: T0 });
  s.send({ type: 'HOLD', holdId: 'h3', userId: 'u3', seats: ['K-3'], now: T0 });
  s.send({ type: 'HOLD', holdId: 'h4', userId: 'u4', seats: ['K-4'], now: T0 });
  s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u5', quantity: 2, category: 'premium', now: T0 });
  s.send({ type: 'RELEASE', holdId: 'h4', userId: 'u4', now: T0 });
  return s;
}

describe('stateString', () => {
  it('turns nested state values into dotted strings', () => {
    expect(stateString('scheduled')).toBe('scheduled');
    expect(stateString({ onSale: 'available' })).toBe('onSale.available');
    expect(stateString({ a: { b: 'c' } })).toBe('a.b.c');
  });
});

describe('summarize', () => {
  it('reports capacity, free, held (with earmarked), booked and active waiters per show and category', () => {
    const s = busyShow();
    expect(s.context().rows).toEqual(['hhhe', '.....']);
    expect(summarize(s.context(), s.state())).toEqual({
      showId: 'show-1',
      state: 'onSale.available',
      capacity: 18,
      available: 12,
      held: 4,
      booked: 2,
      waitlistLength: 1,
      categories: [
        { category: 'premium', price: 7000, available: 0 },
        { category: 'regular', price: 4000, available: 8 },
        { category: 'standing', price: 2500, available: 4 },
      ],
    });
  });
});

describe('seatMap', () => {
  it('shows earmarked seats as held and counts what is available per section', () => {
    const s = busyShow();
    const map = seatMap(s.context());
    expect(map.seats.map((seat) => `${seat.seatId}:${seat.status}`).slice(0, 5)).toEqual([
      'K-1:held',
      'K-2:held',
      'K-3:held',
      'K-4:held',
      'L-1:available',
    ]);
    expect(map.seats[4]).toEqual({
      seatId: 'L-1',
      section: 'Balcony',
      row: 'L',
      number: 1,
      category: 'regular',
      price: 4000,
      status: 'available',
    });
    expect(map.sections).toEqual([
      { section: 'Balcony', kind: 'reserved', category: 'premium', capacity: 9, available: 5 },
      { section: 'Pit', kind: 'general', category: 'standing', capacity: 6, available: 4 },
      { section: 'Back', kind: 'general', category: 'regular', capacity: 3, available: 3 },
    ]);
  });
});

describe('describeHold', () => {
  it('names the seats of a live hold and returns null for anything else', () => {
    const s = busyShow();
    expect(describeHold(s.context(), 'h1')).toEqual({
      holdId: 'h1',
      userId: 'u1',
      total: 14000,
      createdAt: T0,
      expiresAt: T0 + rules.holdTtlMs,
      deadlineAt: T0 + rules.holdTtlMs + rules.holdGraceMs,
      status: 'held',
      paymentId: null,
      paymentDeadlineAt: null,
      entryId: null,
      seats: ['K-1', 'K-2'],
      ga: null,
      quantity: 2,
    });
    expect(describeHold(s.context(), 'h2')).toBeNull();
    expect(describeHold(s.context(), 'toString')).toBeNull();
  });
});

describe('nextDeadline', () => {
  it('is salesOpenAt while scheduled', () => {
    const s = startShow(showInput(mixedLayout, { salesOpenAt: T0 + MIN, salesCloseAt: T0 + 9 * MIN }));
    expect(nextDeadline(s.context(), stateValue(s))).toBe(T0 + MIN);
  });

  it('is the earliest of holds, payment bounds, waiting entries and salesCloseAt while on sale', () => {
    const s = startShow(showInput(mixedLayout, { salesCloseAt: T0 + 60 * MIN }));
    const value = () => stateValue(s);
    expect(nextDeadline(s.context(), value())).toBe(T0 + 60 * MIN);
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 6, section: 'Pit', now: T0 + 10 * SEC });
    s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 4, category: 'premium', now: T0 });
    const h2Deadline = T0 + rules.holdTtlMs + rules.holdGraceMs;
    expect(nextDeadline(s.context(), value())).toBe(h2Deadline);
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h2', userId: 'u2', paymentId: 'p', now: h2Deadline - SEC });
    expect(nextDeadline(s.context(), value())).toBe(h2Deadline + 10 * SEC);
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u3', quantity: 6, category: 'standing', now: T0 });
    expect(nextDeadline(s.context(), value())).toBe(h2Deadline + 10 * SEC);
    s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u1', now: T0 + 20 * SEC });
    // h1 gave its places to e1 as an offer: the offer's deadline now counts, the entry's wait does not.
    expect(nextDeadline(s.context(), value())).toBe(T0 + 20 * SEC + rules.offerTtlMs + rules.holdGraceMs);
    s.send({ type: 'RELEASE', holdId: 'offer-e1', userId: 'u3', now: T0 + 30 * SEC });
    expect(nextDeadline(s.context(), value())).toBe(h2Deadline - SEC + rules.paymentBoundMs);
  });

  it('includes the end of a waiting entry', () => {
    const s = startShow(showInput(mixedLayout, { rules: { ...rules, waitlistMaxWaitMs: MIN } }));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 6, section: 'Pit', now: T0 });
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u2', quantity: 6, section: 'Pit', now: T0 + SEC });
    expect(nextDeadline(s.context(), stateValue(s))).toBe(T0 + SEC + MIN);
  });

  it('counts only holds once sales closed, and nothing once cancelled', () => {
    const s = startShow(showInput(mixedLayout, { salesCloseAt: T0 + 60 * MIN }));
    s.send({ type: 'CLOSE_SALES', now: T0 });
    expect(nextDeadline(s.context(), stateValue(s))).toBeNull();
    s.send({ type: 'CANCEL_SHOW', now: T0 });
    expect(nextDeadline(s.context(), stateValue(s))).toBeNull();
  });
});

function stateValue(s: ReturnType<typeof startShow>): unknown {
  return (s.persisted() as unknown as { value: unknown }).value;
}
