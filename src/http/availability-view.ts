import type { ShowSummary } from '../actors/runtime/types.js';

/** A show's live counts as the API shows them: prices as money objects, like everywhere else. */
export function availabilityView(summary: ShowSummary, currency: string) {
  return {
    showId: summary.showId,
    state: summary.state,
    capacity: summary.capacity,
    available: summary.available,
    held: summary.held,
    booked: summary.booked,
    waitlistLength: summary.waitlistLength,
    categories: summary.categories.map((k) => ({
      category: k.category,
      price: { amount: k.price, currency },
      available: k.available,
    })),
  };
}
