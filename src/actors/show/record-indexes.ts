import type { Booking, Hold, WaitlistEntry } from './types.js';

/*
 * Derived lookups over the holds and bookings records. Iterating a record with thousands of keys
 * costs about 100ns a key, so a TICK, nextDeadline or a HOLD's duplicate-id check that scanned them
 * would cost a millisecond on a busy stadium show. These indexes are built once per record object
 * (again after a snapshot is restored, since that makes new records) and then kept in step by
 * draft.ts, the only code that writes the records. They hold nothing the context does not.
 */

export function holdDueAt(hold: Hold): number {
  return hold.status === 'paying' && hold.paymentDeadlineAt !== null ? hold.paymentDeadlineAt : hold.deadlineAt;
}

interface Due {
  at: number;
  holdId: string;
}

/** A binary min-heap by (at, holdId). Entries go stale when a hold ends or changes deadline; they are skipped when met. */
const dueHeaps = new WeakMap<Record<string, Hold>, Due[]>();

function before(a: Due, b: Due): boolean {
  return a.at < b.at || (a.at === b.at && a.holdId < b.holdId);
}

function push(heap: Due[], item: Due): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function pop(heap: Due[]): Due | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return top;
}

function dueHeap(holds: Record<string, Hold>): Due[] {
  let heap = dueHeaps.get(holds);
  if (!heap) {
    heap = [];
    for (const id in holds) push(heap, { at: holdDueAt(holds[id]!), holdId: id });
    dueHeaps.set(holds, heap);
  }
  return heap;
}

function isCurrent(holds: Record<string, Hold>, due: Due): boolean {
  const hold = Object.hasOwn(holds, due.holdId) ? holds[due.holdId] : undefined;
  return hold !== undefined && holdDueAt(hold) === due.at;
}

/** Call after a hold was put into the record (new, or changed from `before`). */
export function noteHold(holds: Record<string, Hold>, hold: Hold, before: Hold | undefined): void {
  // Without a heap or counts yet there is nothing to keep in step: they are built from the record when first needed.
  const heap = dueHeaps.get(holds);
  if (heap) push(heap, { at: holdDueAt(hold), holdId: hold.holdId });
  const held = heldByUser.get(holds);
  if (held) {
    if (before) addTo(held, before.userId, -holdSize(before));
    addTo(held, hold.userId, holdSize(hold));
  }
}

/** Call after a hold was taken out of the record. */
export function noteHoldRemoved(holds: Record<string, Hold>, hold: Hold): void {
  const held = heldByUser.get(holds);
  if (held) addTo(held, hold.userId, -holdSize(hold));
}

/** Seats and general-admission places a hold keeps. */
export function holdSize(hold: Hold): number {
  return hold.seats.length + (hold.ga?.quantity ?? 0);
}

/** Per customer, the seats their live holds keep: the per-customer cap reads it on every HOLD. */
const heldByUser = new WeakMap<Record<string, Hold>, Map<string, number>>();

function addTo(counts: Map<string, number>, userId: string, n: number): void {
  const next = (counts.get(userId) ?? 0) + n;
  if (next === 0) counts.delete(userId);
  else counts.set(userId, next);
}

/** Seats the customer's live holds (offers included) keep in this show. */
export function seatsHeldBy(holds: Record<string, Hold>, userId: string): number {
  let counts = heldByUser.get(holds);
  if (!counts) {
    counts = new Map();
    for (const id in holds) addTo(counts, holds[id]!.userId, holdSize(holds[id]!));
    heldByUser.set(holds, counts);
  }
  return counts.get(userId) ?? 0;
}

/**
 * Per customer, the quantity of their entry still waiting (an offered entry's seats are in its
 * hold). A waitlist array is never changed (every change makes a new one, see entries.ts), so this
 * is built once per array, on the first HOLD after a change, and never kept in step.
 */
const waitingByUser = new WeakMap<readonly WaitlistEntry[], Map<string, number>>();

/** Seats the customer waits for in this show. */
export function seatsWaitedForBy(waitlist: readonly WaitlistEntry[], userId: string): number {
  let counts = waitingByUser.get(waitlist);
  if (!counts) {
    counts = new Map();
    for (const entry of waitlist) if (entry.status === 'waiting') addTo(counts, entry.userId, entry.quantity);
    waitingByUser.set(waitlist, counts);
  }
  return counts.get(userId) ?? 0;
}

/** When the earliest hold in the record is due, or null without holds. */
export function earliestHoldDue(holds: Record<string, Hold>): number | null {
  const heap = dueHeap(holds);
  while (heap.length > 0 && !isCurrent(holds, heap[0]!)) pop(heap);
  return heap.length > 0 ? heap[0]!.at : null;
}

/** The holds due at `now`, earliest first (ties by id), taken off the heap: the caller ends them. */
export function takeDueHolds(holds: Record<string, Hold>, now: number): Hold[] {
  const heap = dueHeap(holds);
  const due: Hold[] = [];
  const seen = new Set<string>();
  while (heap.length > 0 && heap[0]!.at <= now) {
    const item = pop(heap)!;
    if (isCurrent(holds, item) && !seen.has(item.holdId)) {
      seen.add(item.holdId);
      due.push(holds[item.holdId]!);
    }
  }
  return due;
}

const bookedHoldIds = new WeakMap<Record<string, Booking>, Set<string>>();

function holdIdsOf(bookings: Record<string, Booking>): Set<string> {
  let ids = bookedHoldIds.get(bookings);
  if (!ids) {
    ids = new Set();
    for (const id in bookings) ids.add(bookings[id]!.holdId);
    bookedHoldIds.set(bookings, ids);
  }
  return ids;
}

/** Whether some booking in the record came from this hold id. */
export function isBookedHoldId(bookings: Record<string, Booking>, holdId: string): boolean {
  return holdIdsOf(bookings).has(holdId);
}

/** Call after a booking was added to (`added`) or removed from the record. */
export function noteBooking(bookings: Record<string, Booking>, booking: Booking, added: boolean): void {
  const ids = bookedHoldIds.get(bookings);
  if (!ids) return;
  if (added) ids.add(booking.holdId);
  else ids.delete(booking.holdId);
}
