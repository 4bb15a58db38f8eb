import { applyCommand } from './commands.js';
import { createInitialContext } from './context.js';
import { availabilityOf } from './counts.js';
import { evolve } from './evolve.js';
import { phaseOf, type Phase } from './phase.js';
import { phaseAfter, salesCloseDue, salesOpenDue } from './sales.js';
import type { ShowContext, ShowDecision, ShowEvent, ShowInput, ShowOutcome } from './types.js';

/**
 * A show as the runtime keeps it: the state a person sees in the inspector (a dotted XState state
 * value such as `onSale.allHeld`) and the context. The runtime steps it with `decide`, a plain
 * function, instead of an XState interpreter: the interpreter cost about three times the rules
 * themselves per event. `showMachine` stays the chart the inspector draws and the reference that a
 * property test holds `decide` to, event by event.
 */
export interface ShowState {
  value: string;
  context: ShowContext;
}

export interface Decided {
  state: ShowState;
  /** What the command answers (and what subscribers hear). */
  outcomes: ShowOutcome[];
  /** What the journal keeps: the outcomes plus the earmark changes, in order. */
  decisions: ShowDecision[];
  /** False for a refusal: nothing changed, so nothing needs to be journaled. */
  changed: boolean;
}

/** The state a new show starts in, as the chart's initial transitions leave it. */
export function initialShowState(input: ShowInput): ShowState {
  const context = createInitialContext(input);
  return { value: stateValueOf(context.salesOpenAt === null ? 'onSale' : 'scheduled', context), context };
}

/** Applies one command: the rules decide, and the state follows the chart's transitions. */
export function decide(state: ShowState, event: ShowEvent): Decided {
  const phase = phaseOf(state.value);
  const result = applyCommand(state.context, event, phase);
  const value = stateValueOf(
    settledPhase(phaseAfter(state.context, event, phase), result.context, event.now),
    result.context,
  );
  const changed = result.context !== state.context || value !== state.value;
  return {
    state: changed ? { value, context: result.context } : state,
    outcomes: result.outcomes,
    decisions: result.decisions,
    changed,
  };
}

/** Repeats a journaled command from its decisions and the state it left: nothing is decided again. */
export function replay(
  state: ShowState,
  entry: { event: ShowEvent; decisions: readonly ShowDecision[]; state: string },
): ShowState {
  return { value: entry.state, context: evolve(state.context, entry.decisions, entry.event.now) };
}

/** The chart's eventless transitions: sales open or close when the event's time has reached them. */
function settledPhase(phase: Phase, context: ShowContext, now: number): Phase {
  if (phase === 'scheduled' && salesOpenDue(context, now)) phase = 'onSale';
  if (phase === 'onSale' && salesCloseDue(context, now)) phase = 'salesClosed';
  return phase;
}

function stateValueOf(phase: Phase, context: ShowContext): string {
  return phase === 'onSale' ? `onSale.${availabilityOf(context.counts)}` : phase;
}

/** `onSale.available` -> `{ onSale: 'available' }`, the shape XState snapshots store. */
export function stateValueObject(value: string): string | Record<string, string> {
  const dot = value.indexOf('.');
  return dot < 0 ? value : { [value.slice(0, dot)]: value.slice(dot + 1) };
}
