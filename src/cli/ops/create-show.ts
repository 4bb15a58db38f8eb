import type { ApiClient } from '../api/client.js';
import type { HallLayout } from '../api/types.js';
import type { ShowDate } from '../args.js';
import { UsageError } from '../errors.js';
import { fromLocalInput } from '../../format/show-time.js';

export interface NewShow {
  name: string;
  startsAt: ShowDate;
  capacity: number;
  seating: 'general' | 'reserved';
  city: string;
  category: string;
  price: { amount: number; currency: string };
}

const seatsPerRow = 20;
const seatCategory = 'regular';
const standingCategory = 'standing';

/** A, B, ..., Z, AA, AB, ...: row labels for as many rows as a hall needs. */
export function rowLabel(index: number): string {
  let n = index + 1;
  let label = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    label = String.fromCharCode(65 + r) + label;
    n = Math.floor((n - 1) / 26);
  }
  return label;
}

/** One standing section, or rows of 20 reserved seats (the last row takes the rest), of exactly `capacity`. */
export function layoutFor(seating: NewShow['seating'], capacity: number): HallLayout {
  if (seating === 'general') {
    return { sections: [{ name: 'General Admission', kind: 'general', capacity, category: standingCategory }] };
  }
  const rows = [];
  for (let i = 0, left = capacity; left > 0; i++, left -= seatsPerRow) {
    rows.push({ row: rowLabel(i), seats: Math.min(seatsPerRow, left), category: seatCategory });
  }
  return { sections: [{ name: 'Stalls', kind: 'reserved', rows }] };
}

/** Venue (one hall), event and show through the admin API; needs an admin login. */
export async function createShowWithVenue(api: ApiClient, spec: NewShow) {
  const venue = await api.createVenue({
    name: `${spec.name} venue`,
    city: spec.city,
    halls: [{ name: 'Main hall', layout: layoutFor(spec.seating, spec.capacity) }],
  });
  const hall = venue.halls[0];
  if (!hall) throw new Error('the server created a venue without a hall');
  // A time without a zone is on the venue's clock, as in the admin pages.
  const timeZone = venue.timeZone ?? 'UTC';
  let startsAt: Date;
  if ('at' in spec.startsAt) startsAt = spec.startsAt.at;
  else {
    const local = fromLocalInput(spec.startsAt.local, timeZone);
    if (!local.ok)
      throw new UsageError(`${spec.startsAt.local} does not exist in ${timeZone}: the clocks go forward then`);
    startsAt = local.at;
  }
  const { eventId } = await api.createEvent({ title: spec.name, category: spec.category });
  const { showId } = await api.createShow({
    eventId,
    hallId: hall.hallId,
    startsAt: startsAt.toISOString(),
    prices: { [spec.seating === 'general' ? standingCategory : seatCategory]: spec.price },
  });
  return { showId, eventId, venueId: venue.venueId, hallId: hall.hallId, capacity: hall.capacity, startsAt, timeZone };
}
