import type { EventCategory } from '../db/schema/index.js';
import type { CancellationPolicy } from '../policies/cancellation.js';
import { plural } from '../format/plural.js';

export const categoryNames: Record<EventCategory, string> = {
  movie: 'films',
  concert: 'concerts',
  theatre: 'theatre',
  sports: 'sports',
  train: 'trains',
  other: 'other events',
};

function hoursBefore(hours: number): string {
  if (hours === 0) return 'until the show starts';
  if (hours % 24 === 0 && hours >= 48) return `until ${hours / 24} days before the show`;
  return `until ${plural(hours, 'hour')} before the show`;
}

/** A cancellation policy in words: "a full refund until 48 hours before the show, 50% until 2 hours before the show". */
export function describePolicy(policy: CancellationPolicy): string {
  const rules = [...policy.rules].sort((a, b) => b.hoursBefore - a.hoursBefore);
  if (rules.length === 0) return 'bookings cannot be cancelled';
  const parts = rules.map((r) => {
    const share =
      r.refundPercent === 100 ? 'a full refund' : r.refundPercent === 0 ? 'no refund' : `${r.refundPercent}% back`;
    return `${share} ${hoursBefore(r.hoursBefore)}`;
  });
  const last = rules[rules.length - 1]!;
  const after = last.hoursBefore === 0 ? '' : '; after that a booking can no longer be cancelled';
  return `${parts.join(', ')}${after}`;
}
