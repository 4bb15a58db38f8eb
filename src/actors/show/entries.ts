import type { Draft } from './draft.js';
import { emit, setWaitlist } from './draft.js';
import type { WaitlistEndReason, WaitlistEntry } from './types.js';

export function findEntry(d: Draft, entryId: string): WaitlistEntry | undefined {
  return d.waitlist.find((w) => w.entryId === entryId);
}

/** The entry at the head of the queue: the first one still waiting. */
export function headOf(waitlist: readonly WaitlistEntry[]): WaitlistEntry | undefined {
  return waitlist.find((w) => w.status === 'waiting');
}

export function removeEntries(d: Draft, entryIds: ReadonlySet<string>): void {
  if (entryIds.size > 0)
    setWaitlist(
      d,
      d.waitlist.filter((w) => !entryIds.has(w.entryId)),
    );
}

export function replaceEntry(d: Draft, entry: WaitlistEntry): void {
  setWaitlist(
    d,
    d.waitlist.map((w) => (w.entryId === entry.entryId ? entry : w)),
  );
}

/** Takes an entry out of the queue and says why. */
export function endEntry(d: Draft, entryId: string, reason: WaitlistEndReason): void {
  if (!findEntry(d, entryId)) return;
  removeEntries(d, new Set([entryId]));
  emit(d, { type: 'waitlist.ended', entryId, reason });
}
