// Show details for bookings, fetched once per show.
import { api } from './api.js';

const cache = new Map();

/** The show's public details, or null if they cannot be read. */
export function showInfo(showId) {
  if (!cache.has(showId)) {
    cache.set(
      showId,
      api(`/api/shows/${encodeURIComponent(showId)}`).catch(() => null),
    );
  }
  return cache.get(showId);
}

export function seatWords(booking) {
  if (booking.seats.length > 0)
    return booking.seats.map((id) => {
      const [row, number] = splitSeat(id);
      return number ? `Row ${row} seat ${number}` : id;
    });
  return [`${booking.quantity} × ${booking.section ?? 'standing'}`];
}

/** "A-5" -> ["A", "5"]; row labels never contain a dash. */
function splitSeat(seatId) {
  const dash = seatId.lastIndexOf('-');
  return dash < 0 ? [seatId, ''] : [seatId.slice(0, dash), seatId.slice(dash + 1)];
}
