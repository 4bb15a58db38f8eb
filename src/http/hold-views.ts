import type { ShowOutcome } from '../actors/show/types.js';
import type { HoldRow } from '../db/schema/bookings.js';

type Placed = Extract<ShowOutcome, { type: 'hold.placed' }>;

export function holdFromOutcome(showId: string, placed: Placed, currency: string) {
  return {
    holdId: placed.holdId,
    showId,
    seats: placed.seats,
    quantity: placed.quantity,
    ...(placed.ga ? { section: placed.ga.section } : {}),
    expiresAt: new Date(placed.expiresAt).toISOString(),
    total: { amount: placed.total, currency },
    status: 'held' as const,
  };
}

export function holdFromRow(row: HoldRow) {
  return {
    holdId: row.id,
    showId: row.showId,
    status: row.status,
    seats: row.seats,
    quantity: row.quantity,
    ...(row.gaSection ? { section: row.gaSection } : {}),
    expiresAt: row.expiresAt.toISOString(),
    total: { amount: row.total, currency: row.currency },
    ...(row.bookingId ? { bookingId: row.bookingId } : {}),
  };
}
