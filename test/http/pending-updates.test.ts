import { describe, expect, it } from 'vitest';
import type { ShowSummary } from '../../src/actors/runtime/types.js';
import { PendingUpdates } from '../../src/http/streams/pending-updates.js';

const summary = (held: number) => ({ showId: 's', held }) as unknown as ShowSummary;

describe('a stream’s pending updates', () => {
  it('hold one entry per seat and section however many changes pile up, with the latest value of each', () => {
    const pending = new PendingUpdates();
    for (let i = 0; i < 10_000; i++) {
      pending.add({ type: 'availability', summary: summary(i) });
      pending.add({
        type: 'seats',
        seats: [{ seatId: `A-${i % 5}`, status: i % 2 === 0 ? 'held' : 'available' }],
        sections: [{ section: 'Stalls', available: i }],
      });
      pending.add({ type: 'heartbeat' });
    }
    expect(pending.size).toBe(1 + 5 + 1 + 1);
    const items = pending.take();
    expect(items).toEqual([
      { type: 'availability', summary: summary(9999) },
      {
        type: 'seats',
        seats: [
          { seatId: 'A-0', status: 'available' },
          { seatId: 'A-1', status: 'held' },
          { seatId: 'A-2', status: 'available' },
          { seatId: 'A-3', status: 'held' },
          { seatId: 'A-4', status: 'available' },
        ],
        sections: [{ section: 'Stalls', available: 9999 }],
      },
    ]);
    expect(pending.isEmpty).toBe(true);
    expect(pending.take()).toEqual([]);
  });

  it('sends a heartbeat only when there is nothing else to send', () => {
    const pending = new PendingUpdates();
    pending.add({ type: 'heartbeat' });
    expect(pending.take()).toEqual([{ type: 'heartbeat' }]);
  });
});
