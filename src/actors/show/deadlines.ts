import { phaseOf } from './phase.js';
import { earliestHoldDue } from './record-indexes.js';
import type { ShowContext } from './types.js';

/**
 * The earliest time at which a TICK would change something, or null when no time-based change is
 * pending. The runtime keeps one timer per live show for this instant.
 */
export function nextDeadline(context: ShowContext, stateValue: unknown): number | null {
  const phase = phaseOf(stateValue);
  let next = Infinity;
  const consider = (at: number | null) => {
    if (at !== null && at < next) next = at;
  };
  if (phase === 'scheduled') consider(context.salesOpenAt);
  if (phase === 'onSale') {
    consider(context.salesCloseAt);
    for (const entry of context.waitlist) if (entry.status === 'waiting') consider(entry.expiresAt);
  }
  if (phase === 'onSale' || phase === 'salesClosed') {
    consider(earliestHoldDue(context.holds));
  }
  return next === Infinity ? null : next;
}
