// Show details for bookings, fetched once per show.
import { api } from './api.js';
import type { Booking, ShowDetails } from './api-types.js';

const cache = new Map<string, Promise<ShowDetails | null>>();

/** The show's public details, or null if they cannot be read. */
export function showInfo(showId: string): Promise<ShowDetails | null> {
  let info = cache.get(showId);
  if (!info) {
    info = api<ShowDetails>(`/api/shows/${encodeURIComponent(showId)}`).catch(() => null);
    cache.set(showId, info);
  }
  return info;
}

export function seatWords(booking: Pick<Booking, 'seats' | 'quantity' | 'section'>): string[] {
  if (booking.seats.length > 0)
    return booking.seats.map((id) => {
      const [row, number] = splitSeat(id);
      return number ? `Row ${row} seat ${number}` : id;
    });
  return [`${booking.quantity} × ${booking.section ?? 'standing'}`];
}

/** "A-5" -> ["A", "5"]; row labels never contain a dash. */
function splitSeat(seatId: string): [string, string] {
  const dash = seatId.lastIndexOf('-');
  return dash < 0 ? [seatId, ''] : [seatId.slice(0, dash), seatId.slice(dash + 1)];
}
