import { seatIndex } from './seat-index.js';
import type { ShowContext, ShowInput } from './types.js';

/** The context a show starts with: every seat and place free, no holds, bookings or waiters. */
export function createInitialContext(input: ShowInput): ShowContext {
  const index = seatIndex(input.layout);
  // A sales opening that is already past when the show is created means "on sale at once", which is what null says.
  const salesOpenAt = input.salesOpenAt !== null && input.salesOpenAt <= input.createdAt ? null : input.salesOpenAt;
  return {
    showId: input.showId,
    layout: input.layout,
    rules: input.rules,
    salesOpenAt,
    salesCloseAt: input.salesCloseAt,
    rows: index.rows.map((r) => '.'.repeat(r.length)),
    ga: input.layout.sections.map(() => ({ held: 0, booked: 0, earmarked: 0 })),
    holds: {},
    bookings: {},
    waitlist: [],
    counts: index.categories.map((c) => ({
      category: c.category,
      capacity: c.capacity,
      free: c.capacity,
      held: 0,
      booked: 0,
      earmarked: 0,
    })),
  };
}
