import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../../src/actors/show/deadlines.js';
import { MIN, T0, only, reservedLayout, restoreShow, showInput, startShow } from './helpers.js';

const hold = (holdId: string, seats: string[], now: number) =>
  ({ type: 'HOLD', holdId, userId: 'u1', seats, now }) as const;

describe('UPDATE_SHOW', () => {
  it('prices new holds at the new price and leaves holds already placed as they were', () => {
    const s = startShow(showInput(reservedLayout));
    expect(only(s.send(hold('h1', ['A-1', 'A-2'], T0)), 'hold.placed')[0]!.total).toBe(10_000);
    const out = s.send({ type: 'UPDATE_SHOW', prices: [{ category: 'premium', price: 6000 }], now: T0 + MIN });
    expect(out).toEqual([
      {
        type: 'show.updated',
        changes: {
          prices: [
            { category: 'premium', price: 6000 },
            { category: 'regular', price: 3000 },
          ],
        },
      },
    ]);
    expect(s.context().holds.h1!.total).toBe(10_000);
    expect(only(s.send(hold('h2', ['A-3', 'A-4'], T0 + MIN)), 'hold.placed')[0]!.total).toBe(12_000);
    expect(s.context().counts.map((c) => c.held)).toEqual([4, 0]);
  });

  it('refuses a category the show does not have, and changes nothing', () => {
    const s = startShow(showInput(reservedLayout));
    const before = JSON.stringify(s.context());
    expect(s.send({ type: 'UPDATE_SHOW', prices: [{ category: 'vip', price: 1 }], now: T0 })).toEqual([
      { type: 'show.update_rejected', code: 'unknown_category', detail: expect.any(String) },
    ]);
    expect(JSON.stringify(s.context())).toBe(before);
  });

  it('gives new holds the new lifetime; a hold already placed keeps its deadline', () => {
    const s = startShow(showInput(reservedLayout));
    const first = only(s.send(hold('h1', ['C-1'], T0)), 'hold.placed')[0]!;
    s.send({ type: 'UPDATE_SHOW', holdTtlMs: 30 * MIN, now: T0 });
    const second = only(s.send(hold('h2', ['C-2'], T0)), 'hold.placed')[0]!;
    expect(first.expiresAt).toBe(T0 + 5 * MIN);
    expect(second.expiresAt).toBe(T0 + 30 * MIN);
  });

  it('closes sales when salesCloseAt moves into the past, and reopens when it moves out again', () => {
    const s = startShow(showInput(reservedLayout, { salesCloseAt: T0 + 60 * MIN }));
    s.send({ type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u2', quantity: 1, now: T0 });
    expect(s.send({ type: 'UPDATE_SHOW', salesCloseAt: T0, now: T0 + MIN })).toEqual([
      { type: 'show.updated', changes: { salesCloseAt: T0 } },
      { type: 'sales.closed' },
    ]);
    expect(s.state()).toBe('salesClosed');
    expect(only(s.send(hold('h1', ['A-1'], T0 + MIN)), 'hold.rejected')[0]!.code).toBe('sales_closed');

    expect(s.send({ type: 'UPDATE_SHOW', salesCloseAt: T0 + 90 * MIN, now: T0 + 2 * MIN })).toEqual([
      { type: 'show.updated', changes: { salesCloseAt: T0 + 90 * MIN } },
      { type: 'sales.opened' },
    ]);
    expect(s.state()).toBe('onSale.available');
    expect(only(s.send(hold('h2', ['A-1'], T0 + 2 * MIN)), 'hold.placed')).toHaveLength(1);
    expect(nextDeadline(s.context(), { onSale: 'available' })).toBe(T0 + 2 * MIN + 5 * MIN + 5_000);
  });

  it('opens a scheduled show when salesOpenAt moves to now, and keeps a later one waiting', () => {
    const s = startShow(showInput(reservedLayout, { salesOpenAt: T0 + 60 * MIN }));
    expect(s.send({ type: 'UPDATE_SHOW', salesOpenAt: T0 + 30 * MIN, now: T0 })).toEqual([
      { type: 'show.updated', changes: { salesOpenAt: T0 + 30 * MIN } },
    ]);
    expect(s.state()).toBe('scheduled');
    expect(nextDeadline(s.context(), 'scheduled')).toBe(T0 + 30 * MIN);
    expect(s.send({ type: 'UPDATE_SHOW', salesOpenAt: null, now: T0 + MIN })).toEqual([
      { type: 'show.updated', changes: { salesOpenAt: null } },
      { type: 'sales.opened' },
    ]);
    expect(s.state()).toBe('onSale.available');
  });

  it('will not move the opening of a show on sale into the future, nor change a cancelled show', () => {
    const s = startShow(showInput(reservedLayout));
    expect(s.send({ type: 'UPDATE_SHOW', salesOpenAt: T0 + MIN, now: T0 })[0]).toMatchObject({
      type: 'show.update_rejected',
      code: 'sales_already_open',
    });
    expect(s.send({ type: 'UPDATE_SHOW', salesOpenAt: T0 + MIN, salesCloseAt: T0, now: T0 })[0]).toMatchObject({
      code: 'sales_already_open',
    });
    s.send({ type: 'CANCEL_SHOW', now: T0 });
    expect(s.send({ type: 'UPDATE_SHOW', holdTtlMs: MIN, now: T0 })[0]).toMatchObject({ code: 'show_cancelled' });
    expect(s.state()).toBe('cancelled');
  });

  it('survives a JSON round trip of the snapshot: replay after a restart keeps the update', () => {
    const input = showInput(reservedLayout);
    const s = startShow(input);
    s.send({ type: 'UPDATE_SHOW', prices: [{ category: 'regular', price: 1234 }], holdTtlMs: 9 * MIN, now: T0 });
    const restored = restoreShow(input, s.persisted());
    const placed = only(restored.send(hold('h1', ['C-1'], T0)), 'hold.placed')[0]!;
    expect(placed.total).toBe(1234);
    expect(placed.expiresAt).toBe(T0 + 9 * MIN);
  });
});
