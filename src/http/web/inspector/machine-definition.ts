import type { AnyStateMachine } from 'xstate';

/** One state of the chart; `path` is the dotted name the runtime reports (`onSale.allHeld`), '' for the machine. */
export interface StateView {
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Null for the machine itself. */
  parent: string | null;
  /** Path of the initial child of a compound state. */
  initial: string | null;
  /** Events this state answers without leaving it (transitions with no target). */
  handles: string[];
  /** Child paths in the order the machine declares them. */
  children: string[];
}

/** A transition that moves the show; `event` is '' for an eventless (`always`) transition. */
export interface TransitionView {
  source: string;
  event: string;
  targets: string[];
  /** The guard as `name(param, ...)`, or null. */
  guard: string | null;
}

export interface MachineDefinitionView {
  machineId: string;
  /** Every state, parents before their children (the machine first). */
  states: StateView[];
  transitions: TransitionView[];
}

type AnyNode = AnyStateMachine['root'];
type AnyTransition = NonNullable<AnyNode['always']>[number];

function pathOf(node: AnyNode): string {
  return node.path.join('.');
}

function guardText(guard: AnyTransition['guard']): string | null {
  if (guard === undefined) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  const { type, params } = guard as { type: string; params?: unknown };
  if (params === undefined || params === null) return type;
  const values = typeof params === 'object' ? Object.values(params as object) : [params];
  return `${type}(${values.map((v) => String(v)).join(', ')})`;
}

/**
 * The machine's states and transitions as plain JSON, read from the machine itself so the
 * inspector's chart can never drift from the code that runs.
 */
export function describeMachine(machine: AnyStateMachine): MachineDefinitionView {
  const states: StateView[] = [];
  const transitions: TransitionView[] = [];

  function visit(node: AnyNode, parent: string | null): void {
    const source = pathOf(node);
    const handles = new Set<string>();
    const moves = (defs: readonly AnyTransition[], event: string) => {
      for (const t of defs) {
        if (!t.target || t.target.length === 0) {
          if (event !== '') handles.add(event);
          continue;
        }
        transitions.push({ source, event, targets: t.target.map(pathOf), guard: guardText(t.guard) });
      }
    };
    for (const [event, defs] of node.transitions) moves(defs, event);
    moves(node.always ?? [], '');
    const initialTarget = node.type === 'compound' ? node.initial?.target?.[0] : undefined;
    const children = Object.values(node.states) as AnyNode[];
    states.push({
      path: source,
      key: node.key,
      type: node.type,
      parent,
      initial: initialTarget ? pathOf(initialTarget) : null,
      handles: [...handles],
      children: children.map(pathOf),
    });
    for (const child of children) visit(child, source);
  }

  visit(machine.root, null);
  return { machineId: machine.id, states, transitions };
}
