import type { ShowDecision, ShowOutcome } from './types.js';

/** Whether a decision is one of the outcomes a command answers with, rather than an earmark change. */
export function isOutcome(decision: ShowDecision): decision is ShowOutcome {
  return decision.type !== 'seats.earmarked' && decision.type !== 'earmarks.cleared';
}
