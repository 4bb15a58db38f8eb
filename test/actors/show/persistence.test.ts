import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../../src/actors/show/types.js';
import { MIN, SEC, T0, mixedLayout, restoreShow, showInput, startShow } from './helpers.js';

const script: ShowEvent[] = [
  { type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 4, category: 'premium', now: T0 },
  { type: 'HOLD', holdId: 'h2', userId: 'u2', quantity: 6, section: 'Pit', now: T0 + SEC },
  { type: 'JOIN_WAITLIST', entryId: 'e1', userId: 'u3', quantity: 2, category: 'premium', now: T0 + 2 * SEC },
  { type: 'BEGIN_PAYMENT', holdId: 'h2', userId: 'u2', paymentId: 'p2', now: T0 + 3 * SEC },
  { type: 'HOLD', holdId: 'h3', userId: 'u4', seats: ['L-1', 'L-2'], now: T0 + 4 * SEC },
  // Snapshot is taken here, in the middle of the story.
  { type: 'CONFIRM', holdId: 'h2', bookingId: 'b2', paymentId: 'p2', now: T0 + 5 * SEC },
  { type: 'RELEASE', holdId: 'h1', userId: 'u1', now: T0 + 6 * SEC },
  { type: 'HOLD', holdId: 'h4', userId: 'u5', quantity: 1, now: T0 + 7 * SEC },
  { type: 'TICK', now: T0 + 20 * MIN },
  { type: 'CANCEL_BOOKING', bookingId: 'b2', now: T0 + 21 * MIN },
  { type: 'CLOSE_SALES', now: T0 + 22 * MIN },
];

describe('persisted snapshots', () => {
  it('restore after a JSON round trip and continue exactly like the live actor', () => {
    const input = showInput(mixedLayout);
    const live = startShow(input);
    const cut = 5;
    const liveHead = script.slice(0, cut).map((e) => live.send(e));
    expect(liveHead.flat().length).toBeGreaterThan(0);
    const restored = restoreShow(input, live.persisted());
    expect(restored.context()).toEqual(live.context());
    expect(restored.state()).toBe(live.state());

    for (const event of script.slice(cut)) {
      expect(restored.send(event)).toEqual(live.send(event));
      expect(restored.context()).toEqual(live.context());
      expect(restored.state()).toBe(live.state());
    }
    expect(live.state()).toBe('salesClosed');
  });

  it('keeps a context that survives JSON unchanged', () => {
    const show = startShow(showInput(mixedLayout));
    for (const event of script) show.send(event);
    expect(JSON.parse(JSON.stringify(show.context()))).toEqual(show.context());
  });

  it('restores a scheduled show that still opens on time', () => {
    const input = showInput(mixedLayout, { salesOpenAt: T0 + MIN });
    const restored = restoreShow(input, startShow(input).persisted());
    expect(restored.state()).toBe('scheduled');
    expect(restored.send({ type: 'TICK', now: T0 + MIN })).toEqual([{ type: 'sales.opened' }]);
    expect(restored.state()).toBe('onSale.available');
  });
});
