/**
 * A ShowRuntime that answers HOLD and RELEASE at once (on the next turn of the event loop, as a
 * commit would) without an actor or a database, so `npm run bench:http -- --runtime stub` measures
 * the HTTP layer alone. Every hold gets the same two seats: nothing here checks seats.
 */
import type { ShowCommand, ShowRuntime, ShowSummary } from '../../src/actors/runtime/types.js';
import type { ShowOutcome } from '../../src/actors/show/types.js';

const HOLD_MS = 300_000;

export function createStubRuntime(): ShowRuntime {
  const live = new Set<string>();
  // A release is checked against the show's live holds before it is sent (routes/holds.ts).
  const holders = new Map<string, string>();
  const later = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
  const summary = (showId: string): ShowSummary => ({
    showId,
    state: 'onSale.available',
    capacity: 1000,
    available: 1000,
    held: 0,
    booked: 0,
    waitlistLength: 0,
    categories: [],
  });
  return {
    dispatch(showId: string, command: ShowCommand): Promise<ShowOutcome[]> {
      live.add(showId);
      const now = Date.now();
      switch (command.type) {
        case 'HOLD':
          holders.set(command.holdId, command.userId);
          return later<ShowOutcome[]>([
            {
              type: 'hold.placed',
              holdId: command.holdId,
              userId: command.userId,
              total: 9800,
              createdAt: now,
              expiresAt: now + HOLD_MS,
              deadlineAt: now + HOLD_MS + 5000,
              entryId: null,
              seats: ['R1-1', 'R1-2'],
              ga: null,
              quantity: 2,
            },
          ]);
        case 'RELEASE':
          holders.delete(command.holdId);
          return later<ShowOutcome[]>([{ type: 'hold.released', holdId: command.holdId }]);
        default:
          return Promise.reject(new Error(`the stub runtime does not take ${command.type}`));
      }
    },
    summary: async (showId) => summary(showId),
    seatMap: async (showId) => ({ showId, seats: [], sections: [] }),
    subscribe: () => () => {},
    // Nothing is projected: the stub keeps no read models.
    readModelsCaughtUp: async () => {},
    liveHold: async () => null,
    liveHoldStatus: async (_showId, holdId) => {
      const userId = holders.get(holdId);
      return userId === undefined ? null : { userId, status: 'held' };
    },
    liveShows: () => [...live],
    stop: async () => {},
  };
}
