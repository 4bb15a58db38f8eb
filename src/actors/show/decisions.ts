import type { EarmarkDecision, ShowDecision, ShowOutcome } from './types.js';

/** Whether a decision is one of the outcomes a command answers with, rather than an earmark change. */
export function isOutcome(decision: ShowDecision): decision is ShowOutcome {
  return decision.type !== 'seats.earmarked' && decision.type !== 'earmarks.cleared';
}

export function isEarmark(decision: ShowDecision): decision is EarmarkDecision {
  return !isOutcome(decision);
}
