import type { CategoryCounts } from './types.js';

export type Availability = 'available' | 'allHeld' | 'soldOut';

/**
 * What a buyer would find: something free, nothing free but something that may come back
 * (held or earmarked), or everything booked.
 */
export function availabilityOf(counts: readonly CategoryCounts[]): Availability {
  let free = 0;
  let pending = 0;
  for (const c of counts) {
    free += c.free;
    pending += c.held + c.earmarked;
  }
  if (free > 0) return 'available';
  return pending > 0 ? 'allHeld' : 'soldOut';
}
