import type { Logger } from 'pino';
import type { CommittedChange, SeatMapView, ShowRuntime, ShowSummary } from '../../actors/runtime/types.js';
import type { ShowOutcome } from '../../actors/show/types.js';

export interface SeatChange {
  seats: { seatId: string; status: 'available' | 'held' | 'booked' }[];
  sections: { section: string; available: number }[];
}

export type FeedMessage = { type: 'availability'; summary: ShowSummary } | ({ type: 'seats' } & SeatChange);

export interface SeatFeeds {
  /** Listens to one show's availability and seat changes; returns the unsubscribe function. */
  join(showId: string, listener: (message: FeedMessage) => void): () => void;
}

// Outcomes that cannot move a seat; everything else may (including earmarks the outcomes do not name).
const seatNeutral = new Set<ShowOutcome['type']>([
  'hold.rejected',
  'hold.action_rejected',
  'payment.begun',
  'payment.failed',
  'booking.cancel_rejected',
  'waitlist.joined',
  'waitlist.rejected',
  'waitlist.left',
  'waitlist.leave_rejected',
  'sales.opened',
  'sales.closed',
]);

interface Feed {
  listeners: Set<(m: FeedMessage) => void>;
  unsubscribe: () => void;
  last: SeatMapView | null;
  /** A diff is being computed; further changes only mark it dirty, so a hot show costs one diff at a time. */
  diffing: boolean;
  dirty: boolean;
}

function diff(before: SeatMapView, after: SeatMapView): SeatChange {
  const old = new Map(before.seats.map((s) => [s.seatId, s.status]));
  const oldSections = new Map(before.sections.map((s) => [s.section, s.available]));
  return {
    seats: after.seats
      .filter((s) => old.get(s.seatId) !== s.status)
      .map((s) => ({ seatId: s.seatId, status: s.status })),
    sections: after.sections
      .filter((s) => oldSections.get(s.section) !== s.available)
      .map((s) => ({ section: s.section, available: s.available })),
  };
}

/**
 * One runtime subscription per watched show, shared by all its SSE clients. Seat changes are found by
 * diffing the seat map before and after, because a released hold or an earmark for the waitlist is
 * not spelled out seat by seat in the outcomes.
 */
export function createSeatFeeds(runtime: ShowRuntime, log: Logger): SeatFeeds {
  const feeds = new Map<string, Feed>();

  const broadcast = (feed: Feed, message: FeedMessage) => {
    for (const l of feed.listeners) l(message);
  };

  async function refreshSeats(showId: string, feed: Feed): Promise<void> {
    if (feed.diffing) {
      feed.dirty = true;
      return;
    }
    feed.diffing = true;
    try {
      do {
        feed.dirty = false;
        const now = await runtime.seatMap(showId);
        if (feeds.get(showId) !== feed) return;
        if (feed.last) {
          const change = diff(feed.last, now);
          if (change.seats.length || change.sections.length) broadcast(feed, { type: 'seats', ...change });
        }
        feed.last = now;
      } while (feed.dirty);
    } catch (err) {
      log.warn({ err, showId }, 'seat feed refresh failed');
    } finally {
      feed.diffing = false;
    }
  }

  function onChange(showId: string, change: CommittedChange): void {
    const feed = feeds.get(showId);
    if (!feed) return;
    broadcast(feed, { type: 'availability', summary: change.summary });
    if (change.outcomes.some((o) => !seatNeutral.has(o.type))) void refreshSeats(showId, feed);
  }

  return {
    join(showId, listener) {
      let feed = feeds.get(showId);
      if (!feed) {
        const created: Feed = { listeners: new Set(), unsubscribe: () => {}, last: null, diffing: false, dirty: false };
        created.unsubscribe = runtime.subscribe(showId, (change) => onChange(showId, change));
        feeds.set(showId, created);
        feed = created;
        void refreshSeats(showId, created);
      }
      feed.listeners.add(listener);
      const joined = feed;
      return () => {
        joined.listeners.delete(listener);
        if (joined.listeners.size === 0 && feeds.get(showId) === joined) {
          joined.unsubscribe();
          feeds.delete(showId);
        }
      };
    },
  };
}
