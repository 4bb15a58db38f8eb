import { stateString } from './views.js';

/** The top-level state of a show, which decides what commands are allowed. */
export type Phase = 'scheduled' | 'onSale' | 'salesClosed' | 'cancelled';

const phases: readonly Phase[] = ['scheduled', 'onSale', 'salesClosed', 'cancelled'];

/** The phase of an XState state value (`{ onSale: 'available' }` -> `onSale`). */
export function phaseOf(stateValue: unknown): Phase {
  const top = stateString(stateValue).split('.')[0];
  const phase = phases.find((p) => p === top);
  if (!phase) throw new Error(`not a show state: ${JSON.stringify(stateValue)}`);
  return phase;
}
