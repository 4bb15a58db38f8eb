import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../../src/actors/show/types.js';
import { MIN, T0, gaLayout, reservedLayout, showInput, startShow } from './helpers.js';

const opensAt = T0 + 60 * MIN;
const closesAt = T0 + 120 * MIN;

/** One of every command, for checking that each state answers all of them. */
const everyCommand = (now: number): ShowEvent[] => [
  { type: 'HOLD', holdId: 'h9', userId: 'u9', quantity: 1, now },
  { type: 'RELEASE', holdId: 'h9', userId: 'u9', now },
  { type: 'BEGIN_PAYMENT', holdId: 'h9', userId: 'u9', paymentId: 'p9', now },
  { type: 'CONFIRM', holdId: 'h9', bookingId: 'b9', paymentId: 'p9', now },
  { type: 'PAYMENT_FAILED', holdId: 'h9', paymentId: 'p9', now },
  { type: 'CANCEL_BOOKING', bookingId: 'b9', now },
  { type: 'JOIN_WAITLIST', entryId: 'e9', userId: 'u9', quantity: 1, now },
  { type: 'LEAVE_WAITLIST', entryId: 'e9', userId: 'u9', now },
];

describe('sales phases', () => {
  it('starts on sale when salesOpenAt is null or already past', () => {
    expect(startShow(showInput(reservedLayout)).state()).toBe('onSale.available');
    expect(startShow(showInput(reservedLayout, { salesOpenAt: T0 - MIN })).state()).toBe('onSale.available');
    expect(startShow(showInput(reservedLayout, { salesOpenAt: T0 })).state()).toBe('onSale.available');
  });

  it('waits in scheduled until a TICK reaches salesOpenAt', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: opensAt }));
    expect(s.state()).toBe('scheduled');
    expect(s.send({ type: 'TICK', now: opensAt - 1 })).toEqual([]);
    expect(s.state()).toBe('scheduled');
    expect(s.send({ type: 'TICK', now: opensAt })).toEqual([{ type: 'sales.opened' }]);
    expect(s.state()).toBe('onSale.available');
  });

  it('opens on OPEN_SALES before salesOpenAt', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: opensAt }));
    expect(s.send({ type: 'OPEN_SALES', now: T0 })).toEqual([{ type: 'sales.opened' }]);
    expect(s.state()).toBe('onSale.available');
    expect(s.send({ type: 'OPEN_SALES', now: T0 })).toEqual([{ type: 'sales.opened' }]);
  });

  it('refuses every command while scheduled, but answers each', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: opensAt }));
    const answers = everyCommand(T0).map((e) => s.send(e));
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(answers[0]![0]).toMatchObject({ type: 'hold.rejected', code: 'sales_closed' });
    expect(answers[6]![0]).toMatchObject({ type: 'waitlist.rejected', code: 'sales_closed' });
    expect(s.state()).toBe('scheduled');
  });

  it('closes on CLOSE_SALES or at salesCloseAt; existing holds can still be paid, new ones are refused', () => {
    const s = startShow(showInput(reservedLayout, { salesCloseAt: closesAt }));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['A-1'], now: closesAt - MIN });
    expect(s.send({ type: 'TICK', now: closesAt })).toEqual([{ type: 'sales.closed' }]);
    expect(s.state()).toBe('salesClosed');
    expect(s.send({ type: 'HOLD', holdId: 'h2', userId: 'u1', seats: ['A-2'], now: closesAt })[0]).toMatchObject({
      code: 'sales_closed',
    });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: closesAt });
    expect(s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: closesAt })[0]).toMatchObject(
      { type: 'booking.confirmed' },
    );
    expect(s.send({ type: 'CLOSE_SALES', now: closesAt })).toEqual([{ type: 'sales.closed' }]);
    expect(s.send({ type: 'OPEN_SALES', now: closesAt })).toEqual([{ type: 'sales.closed' }]);

    const manual = startShow(showInput(reservedLayout));
    expect(manual.send({ type: 'CLOSE_SALES', now: T0 })).toEqual([{ type: 'sales.closed' }]);
    expect(manual.state()).toBe('salesClosed');
  });

  it('expires holds after sales closed', () => {
    const s = startShow(showInput(reservedLayout));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', seats: ['A-1'], now: T0 });
    s.send({ type: 'CLOSE_SALES', now: T0 });
    expect(s.send({ type: 'TICK', now: T0 + 10 * MIN })).toEqual([
      { type: 'hold.expired', holdId: 'h1', entryId: null },
    ]);
    expect(s.context().rows[0]).toBe('......');
  });

  it('goes straight through to salesClosed when a TICK finds both opening and closing due', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: opensAt, salesCloseAt: closesAt }));
    expect(s.send({ type: 'TICK', now: closesAt })).toEqual([{ type: 'sales.opened' }, { type: 'sales.closed' }]);
    expect(s.state()).toBe('salesClosed');
  });
});

describe('onSale substates', () => {
  it('is available while something is free, allHeld when only holds are left, soldOut when all is booked', () => {
    const s = startShow(showInput(gaLayout));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 6, now: T0 });
    expect(s.state()).toBe('onSale.available');
    s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 4, now: T0 });
    expect(s.state()).toBe('onSale.allHeld');
    for (const [holdId, userId] of [
      ['h1', 'u1'],
      ['h2', 'u2'],
    ] as const) {
      s.send({ type: 'BEGIN_PAYMENT', holdId, userId, paymentId: `p-${holdId}`, now: T0 });
      s.send({ type: 'CONFIRM', holdId, bookingId: `b-${holdId}`, paymentId: `p-${holdId}`, now: T0 });
    }
    expect(s.state()).toBe('onSale.soldOut');
    s.send({ type: 'CANCEL_BOOKING', bookingId: 'b-h2', now: T0 });
    expect(s.state()).toBe('onSale.available');
  });

  it('counts earmarked places as held, not available', () => {
    const s = startShow(showInput(gaLayout));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 6, now: T0 });
    s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 4, now: T0 });
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u3', quantity: 5, now: T0 });
    s.send({ type: 'RELEASE', holdId: 'h2', userId: 'u2', now: T0 });
    expect(s.context().counts[0]).toMatchObject({ free: 0, held: 6, earmarked: 4 });
    expect(s.state()).toBe('onSale.allHeld');
  });
});

describe('CANCEL_SHOW', () => {
  it('releases holds, ends entries, lists bookings to refund, and then refuses everything while still answering', () => {
    const s = startShow(showInput(gaLayout));
    s.send({ type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 4, now: T0 });
    s.send({ type: 'BEGIN_PAYMENT', holdId: 'h1', userId: 'u1', paymentId: 'p1', now: T0 });
    s.send({ type: 'CONFIRM', holdId: 'h1', bookingId: 'b1', paymentId: 'p1', now: T0 });
    s.send({ type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 6, now: T0 });
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u3', quantity: 2, now: T0 });
    expect(s.send({ type: 'CANCEL_SHOW', now: T0 })).toEqual([
      { type: 'waitlist.ended', entryId: 'e1', reason: 'cancelled' },
      { type: 'show.cancelled', bookingIds: ['b1'], holdIds: ['h2'], entryIds: ['e1'] },
    ]);
    expect(s.state()).toBe('cancelled');
    expect(s.context()).toMatchObject({ holds: {}, bookings: {}, waitlist: [] });
    expect(s.context().counts[0]).toMatchObject({ free: 10, held: 0, booked: 0, earmarked: 0 });

    const answers = everyCommand(T0).map((e) => s.send(e));
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(answers[0]![0]).toMatchObject({ code: 'sales_closed' });
    expect(s.send({ type: 'CANCEL_SHOW', now: T0 })).toEqual([
      { type: 'show.cancelled', bookingIds: [], holdIds: [], entryIds: [] },
    ]);
    expect(s.send({ type: 'OPEN_SALES', now: T0 })[0]).toMatchObject({ type: 'show.cancelled' });
    expect(s.send({ type: 'TICK', now: T0 + 99 * MIN })).toEqual([]);
    expect(s.state()).toBe('cancelled');
  });

  it('is reachable from scheduled and salesClosed', () => {
    const scheduled = startShow(showInput(reservedLayout, { salesOpenAt: opensAt }));
    scheduled.send({ type: 'CANCEL_SHOW', now: T0 });
    expect(scheduled.state()).toBe('cancelled');
    const closed = startShow(showInput(reservedLayout));
    closed.send({ type: 'CLOSE_SALES', now: T0 });
    closed.send({ type: 'CANCEL_SHOW', now: T0 });
    expect(closed.state()).toBe('cancelled');
  });
});
