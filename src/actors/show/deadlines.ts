import type { Phase } from './phase.js';
import { phaseOf } from './phase.js';
import { earliestHoldDue } from './record-indexes.js';
import type { ShowContext, WaitlistEntry } from './types.js';

/*
 * The earliest wait that runs out, per waitlist array. Every change to the waitlist makes a new
 * array (draft.ts, entries.ts), so the answer stays right for as long as the array lives, and the
 * check every command makes before it is handled costs one lookup instead of a walk of the queue.
 */
const earliestWaits = new WeakMap<readonly WaitlistEntry[], number | null>();

function earliestWaitDue(waitlist: readonly WaitlistEntry[]): number | null {
  let at = earliestWaits.get(waitlist);
  if (at === undefined) {
    at = null;
    for (const entry of waitlist)
      if (entry.status === 'waiting' && (at === null || entry.expiresAt < at)) at = entry.expiresAt;
    earliestWaits.set(waitlist, at);
  }
  return at;
}

/** The earlier of two deadlines, either of which may be absent. */
function earlier(a: number | null, b: number | null): number | null {
  return a === null || (b !== null && b < a) ? b : a;
}

/**
 * The earliest time at which a TICK would change something in a show in this phase, or null.
 * Every command asks (isDue), so it makes no closure per call.
 */
export function deadlineIn(context: ShowContext, phase: Phase): number | null {
  let next: number | null = null;
  if (phase === 'scheduled') next = context.salesOpenAt;
  if (phase === 'onSale') next = earlier(context.salesCloseAt, earliestWaitDue(context.waitlist));
  if (phase === 'onSale' || phase === 'salesClosed') next = earlier(next, earliestHoldDue(context.holds));
  return next;
}

/** Whether a TICK at `now` would change something: what every command applies first. */
export function isDue(context: ShowContext, phase: Phase, now: number): boolean {
  const at = deadlineIn(context, phase);
  return at !== null && at <= now;
}

/**
 * The earliest time at which a TICK would change something, or null when no time-based change is
 * pending. The runtime keeps one timer per live show for this instant.
 */
export function nextDeadline(context: ShowContext, stateValue: unknown): number | null {
  return deadlineIn(context, phaseOf(stateValue));
}
