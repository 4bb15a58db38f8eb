// The show's live feed over Server-Sent Events.
import type { SeatMap, ShowDetails } from '../api-types.js';

/** The feed's availability message: the show's counts, as GET /api/shows/:id has them. */
export type Availability = Pick<
  ShowDetails,
  'showId' | 'state' | 'capacity' | 'available' | 'held' | 'booked' | 'waitlistLength' | 'categories'
>;

/** The feed's seats message: the seats and standing sections that changed. */
export interface SeatChange {
  seats: Pick<SeatMap['seats'][number], 'seatId' | 'status'>[];
  sections: Pick<SeatMap['sections'][number], 'section' | 'available'>[];
}

export interface LiveHandlers {
  onAvailability(summary: Availability): void;
  onSeats(change: SeatChange): void;
  onReconnect?: () => void;
}

/**
 * Listens to /api/shows/:id/stream. `ready` resolves with the first availability message, after which
 * every seat change reaches `onSeats`. EventSource reconnects by itself; changes missed while the
 * connection was down are not replayed, so `onReconnect` is the moment to reload the seat map.
 */
export function connectLive(showId: string, { onAvailability, onSeats, onReconnect }: LiveHandlers) {
  const source = new EventSource(`/api/shows/${encodeURIComponent(showId)}/stream`);
  let opens = 0;
  let resolveReady: (summary: Availability) => void = () => {};
  const ready = new Promise<Availability>((resolve) => (resolveReady = resolve));
  source.addEventListener('open', () => {
    opens += 1;
    if (opens > 1) onReconnect?.();
  });
  source.addEventListener('availability', (e) => {
    const summary: Availability = JSON.parse(e.data);
    resolveReady(summary);
    onAvailability(summary);
  });
  source.addEventListener('seats', (e) => onSeats(JSON.parse(e.data)));
  window.addEventListener('pagehide', () => source.close());
  return { ready, close: () => source.close() };
}
