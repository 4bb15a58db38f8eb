import { decide, replay, showMachine, stateString, stateValueObject, type ShowState } from '../show/index.js';
import type { JournalEntry, JournalRecord } from './storage.js';

/**
 * Applies one journal entry to a show. An entry with decisions is evolved: nothing is decided
 * again. An entry written before decisions were kept (version 1, the command alone) is upcast by
 * deciding it once more, which is what every rebuild did for it when it was written.
 */
export function applyEntry(state: ShowState, entry: JournalEntry): { state: ShowState; record: JournalRecord } {
  if (entry.decisions !== null && entry.state !== null) {
    const record = entry as JournalRecord;
    return { state: replay(state, record), record };
  }
  const decided = decide(state, entry.event);
  return {
    state: decided.state,
    record: { ...entry, decisions: decided.decisions, state: decided.state.value },
  };
}

/** The snapshot as XState persists it, so stored snapshots keep one shape across releases. */
export function persistedSnapshotOf(state: ShowState): unknown {
  return showMachine.getPersistedSnapshot(
    showMachine.resolveState({ value: stateValueObject(state.value), context: state.context }),
  );
}

/** A show from a stored snapshot (an XState persisted snapshot: its value and context). */
export function stateFromSnapshot(snapshot: unknown): ShowState {
  const { value, context } = snapshot as { value: unknown; context: ShowState['context'] };
  return { value: stateString(value), context };
}
