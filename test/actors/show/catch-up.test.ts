import { describe, expect, it } from 'vitest';
import type { ShowLayout } from '../../../src/actors/show/types.js';
import { MIN, SEC, T0, only, reservedLayout, rules, showInput, startShow } from './helpers.js';

/*
 * A command whose `now` is past a deadline is handled as if a TICK at `now` had come first, with no
 * TICK sent: these are the cases the runtime used to cover by sending one itself.
 */

/** When a hold placed at T0 really ends: its lifetime plus the server's grace. */
const deadlineAt = T0 + rules.holdTtlMs + rules.holdGraceMs;

function heldA1() {
  const s = startShow(showInput(reservedLayout));
  s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['A-1'], now: T0 });
  return s;
}

describe('a command applies what fell due at its time first', () => {
  it('HOLD takes a seat whose hold has run out, without a TICK', () => {
    const s = heldA1();
    expect(s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', seats: ['A-1'], now: deadlineAt - 1 })).toEqual([
      { type: 'hold.rejected', holdId: 'h2', code: 'held_by_others', detail: 'A-1' },
    ]);
    const out = s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', seats: ['A-1'], now: deadlineAt });
    expect(out.map((o) => o.type)).toEqual(['hold.expired', 'hold.placed']);
    expect(out[0]).toEqual({ type: 'hold.expired', holdId: 'h1', entryId: null });
    expect(Object.keys(s.context().holds)).toEqual(['h2']);
    expect(s.context().rows[0]).toBe('h.....');
  });

  it('BEGIN_PAYMENT of a hold past its deadline is refused as expired', () => {
    const s = heldA1();
    expect(
      s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: deadlineAt + MIN }),
    ).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'hold.action_rejected', holdId: 'h1', action: 'BEGIN_PAYMENT', code: 'hold_expired' },
    ]);
    expect(s.context().holds).toEqual({});
    expect(s.context().rows[0]).toBe('......');
  });

  it('a stranger asking about a hold that just ran out still hears hold_not_found', () => {
    const s = heldA1();
    expect(
      only(s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u2', now: deadlineAt }), 'hold.action_rejected'),
    ).toEqual([{ type: 'hold.action_rejected', holdId: 'h1', action: 'RELEASE', code: 'hold_not_found' }]);
  });

  it('RELEASE of a hold past its deadline says it expired', () => {
    const s = heldA1();
    expect(s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u1', now: deadlineAt })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'hold.action_rejected', holdId: 'h1', action: 'RELEASE', code: 'hold_expired' },
    ]);
  });

  it('CONFIRM of a hold past its deadline (not paying) is refused as expired and books nothing', () => {
    const s = heldA1();
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: deadlineAt })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'hold.action_rejected', holdId: 'h1', action: 'CONFIRM', code: 'hold_expired' },
    ]);
    expect(s.context().bookings).toEqual({});
  });

  it('CONFIRM of a paying hold past its payment deadline is refused as expired', () => {
    const s = heldA1();
    const [begun] = only(
      s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: deadlineAt - MIN }),
      'payment.begun',
    );
    const paidLate = begun!.paymentDeadlineAt;
    // Before the payment deadline a paying hold outlives its own deadline and can be booked...
    expect(paidLate).toBeGreaterThan(deadlineAt);
    const early = heldA1();
    early.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: deadlineAt - MIN });
    expect(
      only(
        early.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: paidLate - 1 }),
        'booking.confirmed',
      ),
    ).toHaveLength(1);
    // ...at it, it is gone.
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: paidLate })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'hold.action_rejected', holdId: 'h1', action: 'CONFIRM', code: 'hold_expired' },
    ]);
  });

  it('HOLD after salesCloseAt is refused with sales_closed and closes sales', () => {
    const closesAt = T0 + 10 * MIN;
    const s = startShow(showInput(reservedLayout, { salesCloseAt: closesAt }));
    expect(
      only(s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 1, now: closesAt - 1 }), 'hold.placed'),
    ).toHaveLength(1);
    expect(s.send({ type: 'HOLD', holdId: 'h2', userId: 'u1', quantity: 1, now: closesAt })).toEqual([
      { type: 'sales.closed' },
      { type: 'hold.rejected', holdId: 'h2', code: 'sales_closed' },
    ]);
    expect(s.state()).toBe('salesClosed');
  });

  it('HOLD after salesOpenAt is placed in a show still marked scheduled', () => {
    const opensAt = T0 + 10 * MIN;
    const s = startShow(showInput(reservedLayout, { salesOpenAt: opensAt }));
    expect(s.send({ type: 'HOLD', holdId: 'h0', userId: 'u1', quantity: 1, now: opensAt - 1 })).toEqual([
      { type: 'hold.rejected', holdId: 'h0', code: 'sales_closed' },
    ]);
    const out = s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 1, now: opensAt });
    expect(out.map((o) => o.type)).toEqual(['sales.opened', 'hold.placed']);
    expect(s.state()).toBe('onSale.available');
  });

  it('OPEN_SALES in a window that has already closed opens and closes at once', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: T0 + 60 * MIN, salesCloseAt: T0 + 30 * MIN }));
    expect(s.send({ type: 'OPEN_SALES', now: T0 + 40 * MIN })).toEqual([
      { type: 'sales.opened' },
      { type: 'sales.closed' },
    ]);
    expect(s.state()).toBe('salesClosed');
  });

  it('an admin edit after sales closed applies the closing first, then reopens', () => {
    const closesAt = T0 + 10 * MIN;
    const s = startShow(showInput(reservedLayout, { salesCloseAt: closesAt }));
    const out = s.send({ type: 'UPDATE_SHOW', salesCloseAt: closesAt + 60 * MIN, now: closesAt + MIN });
    expect(out.map((o) => o.type)).toEqual(['sales.closed', 'show.updated', 'sales.opened']);
    expect(s.state()).toBe('onSale.available');
  });
});

describe('the waitlist catches up before a command', () => {
  /** One row of two seats, so a single hold fills the show. */
  const pair: ShowLayout = {
    sections: [{ name: 'Hall', kind: 'reserved', rows: [{ row: 'A', seats: 2, category: 'any' }] }],
    categories: [{ category: 'any', price: 1000 }],
    currency: 'EUR',
  };

  it('a waitlist entry whose wait ran out is not offered the seats a command frees', () => {
    // Holds outlive waits here, so the only deadline that passes is the entry's.
    const s = startShow(showInput(pair, { rules: { ...rules, holdTtlMs: 2 * rules.waitlistMaxWaitMs } }));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['A-1', 'A-2'], now: T0 });
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u2', quantity: 2, now: T0 });
    const out = s.send({ type: 'RELEASE', holdId: 'h1', userId: 'u1', now: T0 + rules.waitlistMaxWaitMs + SEC });
    expect(out).toEqual([
      { type: 'waitlist.ended', entryId: 'e1', reason: 'expired' },
      { type: 'hold.released', holdId: 'h1' },
    ]);
    expect(s.context().waitlist).toEqual([]);
    expect(s.context().rows[0]).toBe('..');
  });

  it('seats freed by a hold that ran out go to the head of the queue before the command is judged', () => {
    const s = startShow(showInput(pair));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['A-1', 'A-2'], now: T0 });
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u2', quantity: 2, now: T0 });
    const out = s.send({ type: 'HOLD', holdId: 'h2', userId: 'u3', seats: ['A-1'], now: deadlineAt });
    expect(out.map((o) => o.type)).toEqual(['hold.expired', 'hold.placed', 'waitlist.offered', 'hold.rejected']);
    expect(only(out, 'waitlist.offered')[0]).toMatchObject({ entryId: 'e1', userId: 'u2', seats: ['A-1', 'A-2'] });
    expect(only(out, 'hold.rejected')[0]).toMatchObject({ holdId: 'h2', code: 'held_by_others' });
  });
});
