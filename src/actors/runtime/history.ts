import { isDeepStrictEqual } from 'node:util';
import { initialShowState, isOutcome, seatIdOf, seatIndex, showMachine, type ShowState } from '../show/index.js';
import type {
  Hold,
  ShowContext,
  ShowEvent,
  ShowInput,
  ShowOutcome,
  WaitlistEndReason,
  WaitlistEntry,
} from '../show/types.js';
import { applyEntry, persistedSnapshotOf, stateFromSnapshot } from './journal-replay.js';
import type { JournalEntry, ShowStorage, StoredSnapshot } from './storage.js';

/*
 * The inspector's time travel. The machine is pure, so the journal replayed on top of the show's
 * latest snapshot gives every state the live actor went through; this module replays it and says,
 * for each of the last steps, what the step changed. It reads the database only, never the live
 * actor, so it works on any node and cannot disturb the show.
 */

/** One reserved seat's character in context.rows: free, held, booked, earmarked for the waitlist. */
export type SeatChar = '.' | 'h' | 'b' | 'e';

export interface HoldFact {
  holdId: string;
  userId: string;
  status: Hold['status'];
  seats: string[];
  ga: { section: string; quantity: number } | null;
  quantity: number;
  total: number;
  createdAt: number;
  expiresAt: number;
  deadlineAt: number;
  paymentDeadlineAt: number | null;
  /** Set when the hold is a waitlist offer. */
  entryId: string | null;
}

export interface EntryFact {
  entryId: string;
  userId: string;
  /** 1 for the head of the queue. */
  position: number;
  quantity: number;
  category: string | null;
  section: string | null;
  status: WaitlistEntry['status'];
  holdId: string | null;
  joinedAt: number;
  expiresAt: number;
}

export interface Totals {
  available: number;
  held: number;
  earmarked: number;
  booked: number;
  waitlist: number;
}

export type HoldEnd = 'released' | 'expired' | 'confirmed' | 'cancelled' | 'ended';
export type EntryEnd = WaitlistEndReason | 'left' | 'ended';

export interface SeatChange {
  seatId: string;
  /** Index into context.rows and the character inside it, so a client can step a grid back. */
  row: number;
  position: number;
  from: SeatChar;
  to: SeatChar;
}

export interface StepChanges {
  /** Differences of the totals, after minus before. */
  counts: Totals;
  holdsAdded: HoldFact[];
  holdsRemoved: { holdId: string; userId: string; reason: HoldEnd }[];
  holdsChanged: { holdId: string; from: Hold['status']; to: Hold['status'] }[];
  bookingsAdded: { bookingId: string; holdId: string; userId: string; quantity: number }[];
  bookingsRemoved: { bookingId: string }[];
  waitlistAdded: EntryFact[];
  waitlistRemoved: { entryId: string; userId: string; reason: EntryEnd }[];
  waitlistChanged: { entryId: string; from: WaitlistEntry['status']; to: WaitlistEntry['status'] }[];
  seats: SeatChange[];
  /** General-admission sections whose places moved, as differences. */
  ga: { section: string; held: number; booked: number; earmarked: number }[];
}

export interface HistoryStep {
  seq: number;
  /** The event's own time (epoch ms). */
  at: number;
  event: ShowEvent;
  stateBefore: string;
  state: string;
  outcomes: ShowOutcome[];
  totals: Totals;
  changes: StepChanges;
}

/** The seats after the last step, so a client can rebuild every earlier step from the seat changes. */
export interface SeatGrid {
  seq: number;
  state: string;
  rows: string[];
  ga: ShowContext['ga'];
}

export interface ShowHistory {
  showId: string;
  machineId: string;
  /** Where the replay started: the stored snapshot, or the show's creation when the snapshot is too recent. */
  base: { kind: 'snapshot' | 'genesis'; seq: number };
  /** Last journal seq in the database; the history ends there. */
  lastSeq: number;
  /** True when older steps exist that the replay could not reach (they are folded into the snapshot). */
  truncated: boolean;
  steps: HistoryStep[];
  end: SeatGrid;
}

export interface HistoryOptions {
  /** How many of the latest journal steps to describe. */
  limit: number;
  /**
   * The longest journal replayed from the show's creation when the latest snapshot is too recent to
   * reach back `limit` steps (it is saved every few hundred events and on passivation). Beyond it
   * only the steps after the snapshot are described.
   */
  maxGenesisReplay?: number;
}

const DEFAULT_MAX_GENESIS_REPLAY = 5_000;

/** A show being replayed: the state after the entries applied so far. */
interface Cursor {
  state: ShowState;
}

/** A show's machine input as its context keeps it: layout and rules are frozen there when the show is first created. */
export function inputFromContext(context: ShowContext): ShowInput {
  return {
    showId: context.showId,
    layout: context.layout,
    rules: context.rules,
    // createdAt only decides whether a sales opening is already past; the context kept the answer.
    createdAt: context.salesOpenAt === null ? 0 : context.salesOpenAt - 1,
    salesOpenAt: context.salesOpenAt,
    salesCloseAt: context.salesCloseAt,
  };
}

function startCursor(input: ShowInput, snapshot?: unknown): Cursor {
  return { state: snapshot === undefined ? initialShowState(input) : stateFromSnapshot(snapshot) };
}

function contextOf(snapshot: unknown): ShowContext {
  return (snapshot as { context: ShowContext }).context;
}

export function holdFact(context: ShowContext, hold: Hold): HoldFact {
  const index = seatIndex(context.layout);
  return {
    holdId: hold.holdId,
    userId: hold.userId,
    status: hold.status,
    seats: hold.seats.map((s) => seatIdOf(index, s)),
    ga: hold.ga ? { section: index.sections[hold.ga.section]!.name, quantity: hold.ga.quantity } : null,
    quantity: hold.seats.length + (hold.ga?.quantity ?? 0),
    total: hold.total,
    createdAt: hold.createdAt,
    expiresAt: hold.expiresAt,
    deadlineAt: hold.deadlineAt,
    paymentDeadlineAt: hold.paymentDeadlineAt,
    entryId: hold.entryId,
  };
}

export function entryFact(context: ShowContext, entry: WaitlistEntry, position: number): EntryFact {
  return {
    entryId: entry.entryId,
    userId: entry.userId,
    position,
    quantity: entry.quantity,
    category: entry.category,
    section: entry.section === null ? null : (context.layout.sections[entry.section]?.name ?? null),
    status: entry.status,
    holdId: entry.holdId,
    joinedAt: entry.joinedAt,
    expiresAt: entry.expiresAt,
  };
}

export function totalsOf(context: ShowContext): Totals {
  const t: Totals = { available: 0, held: 0, earmarked: 0, booked: 0, waitlist: context.waitlist.length };
  for (const c of context.counts) {
    t.available += c.free;
    t.held += c.held;
    t.earmarked += c.earmarked;
    t.booked += c.booked;
  }
  return t;
}

/**
 * What one step is compared by. Copied out of the context because the machine updates its holds and
 * bookings records in place: the context object of an earlier step would show the later records.
 */
interface Facts {
  state: string;
  rows: string[];
  ga: ShowContext['ga'];
  holds: Map<string, { userId: string; status: Hold['status'] }>;
  bookings: Set<string>;
  waitlist: Map<string, { userId: string; status: WaitlistEntry['status'] }>;
  totals: Totals;
}

function factsOf(context: ShowContext, state: string): Facts {
  return {
    state,
    rows: [...context.rows],
    ga: context.ga.map((g) => ({ ...g })),
    holds: new Map(Object.values(context.holds).map((h) => [h.holdId, { userId: h.userId, status: h.status }])),
    bookings: new Set(Object.keys(context.bookings)),
    waitlist: new Map(context.waitlist.map((w) => [w.entryId, { userId: w.userId, status: w.status }])),
    totals: totalsOf(context),
  };
}

function holdEnds(outcomes: ShowOutcome[]): Map<string, HoldEnd> {
  const ends = new Map<string, HoldEnd>();
  for (const o of outcomes) {
    if (o.type === 'hold.released') ends.set(o.holdId, 'released');
    else if (o.type === 'hold.expired') ends.set(o.holdId, 'expired');
    else if (o.type === 'booking.confirmed') ends.set(o.holdId, 'confirmed');
    else if (o.type === 'show.cancelled') for (const id of o.holdIds) ends.set(id, 'cancelled');
  }
  return ends;
}

function entryEnds(outcomes: ShowOutcome[]): Map<string, EntryEnd> {
  const ends = new Map<string, EntryEnd>();
  for (const o of outcomes) {
    if (o.type === 'waitlist.left') ends.set(o.entryId, 'left');
    else if (o.type === 'waitlist.ended') ends.set(o.entryId, o.reason);
  }
  return ends;
}

function seatChanges(context: ShowContext, before: string[], after: string[]): SeatChange[] {
  const index = seatIndex(context.layout);
  const changes: SeatChange[] = [];
  for (let r = 0; r < after.length; r++) {
    const was = before[r]!;
    const now = after[r]!;
    // Rows are rebuilt only when they change, so an unchanged row is usually the same string.
    if (was === now) continue;
    const start = index.rows[r]!.start;
    for (let p = 0; p < now.length; p++) {
      if (was[p] !== now[p]) {
        changes.push({
          seatId: seatIdOf(index, start + p),
          row: r,
          position: p,
          from: was[p] as SeatChar,
          to: now[p] as SeatChar,
        });
      }
    }
  }
  return changes;
}

/** What a step changed, from the facts before it, the facts and context after it, and its outcomes. */
export function diffStep(before: Facts, after: Facts, context: ShowContext, outcomes: ShowOutcome[]): StepChanges {
  const holdEnd = holdEnds(outcomes);
  const entryEnd = entryEnds(outcomes);
  const counts = Object.fromEntries(
    (Object.keys(after.totals) as (keyof Totals)[]).map((k) => [k, after.totals[k] - before.totals[k]]),
  ) as unknown as Totals;
  const changes: StepChanges = {
    counts,
    holdsAdded: [],
    holdsRemoved: [],
    holdsChanged: [],
    bookingsAdded: [],
    bookingsRemoved: [],
    waitlistAdded: [],
    waitlistRemoved: [],
    waitlistChanged: [],
    seats: seatChanges(context, before.rows, after.rows),
    ga: [],
  };
  for (const [holdId, hold] of after.holds) {
    const was = before.holds.get(holdId);
    if (!was) changes.holdsAdded.push(holdFact(context, context.holds[holdId]!));
    else if (was.status !== hold.status) changes.holdsChanged.push({ holdId, from: was.status, to: hold.status });
  }
  for (const [holdId, was] of before.holds) {
    if (!after.holds.has(holdId)) {
      changes.holdsRemoved.push({ holdId, userId: was.userId, reason: holdEnd.get(holdId) ?? 'ended' });
    }
  }
  for (const bookingId of after.bookings) {
    if (!before.bookings.has(bookingId)) {
      const b = context.bookings[bookingId]!;
      const quantity = b.seats.length + (b.ga?.quantity ?? 0);
      changes.bookingsAdded.push({ bookingId, holdId: b.holdId, userId: b.userId, quantity });
    }
  }
  for (const bookingId of before.bookings) {
    if (!after.bookings.has(bookingId)) changes.bookingsRemoved.push({ bookingId });
  }
  context.waitlist.forEach((entry, i) => {
    const was = before.waitlist.get(entry.entryId);
    if (!was) changes.waitlistAdded.push(entryFact(context, entry, i + 1));
    else if (was.status !== entry.status) {
      changes.waitlistChanged.push({ entryId: entry.entryId, from: was.status, to: entry.status });
    }
  });
  for (const [entryId, was] of before.waitlist) {
    if (!after.waitlist.has(entryId)) {
      changes.waitlistRemoved.push({ entryId, userId: was.userId, reason: entryEnd.get(entryId) ?? 'ended' });
    }
  }
  after.ga.forEach((g, i) => {
    const old = before.ga[i]!;
    if (g.held !== old.held || g.booked !== old.booked || g.earmarked !== old.earmarked) {
      changes.ga.push({
        section: context.layout.sections[i]!.name,
        held: g.held - old.held,
        booked: g.booked - old.booked,
        earmarked: g.earmarked - old.earmarked,
      });
    }
  });
  return changes;
}

/**
 * Replays journal entries on a cursor and describes those with seq >= `describeFrom`. Entries with
 * decisions are applied as recorded, so the history shows what happened, whatever today's rules
 * would decide. Pure: the same base and entries always give the same steps.
 */
export function replaySteps(
  cursor: Cursor,
  entries: readonly JournalEntry[],
  describeFrom: number,
): { steps: HistoryStep[]; end: SeatGrid | null } {
  const steps: HistoryStep[] = [];
  let facts: Facts | null = null;
  let end: SeatGrid | null = null;
  for (const entry of entries) {
    if (entry.seq >= describeFrom && !facts) facts = factsOf(cursor.state.context, cursor.state.value);
    let applied;
    try {
      applied = applyEntry(cursor.state, entry);
    } catch (cause) {
      throw new Error(`replay failed at seq ${entry.seq} (${entry.event.type})`, { cause });
    }
    cursor.state = applied.state;
    if (!facts) continue;
    const outcomes: ShowOutcome[] = applied.record.decisions.filter(isOutcome);
    const after = factsOf(cursor.state.context, cursor.state.value);
    steps.push({
      seq: entry.seq,
      at: entry.event.now,
      event: entry.event,
      stateBefore: facts.state,
      state: after.state,
      outcomes,
      totals: after.totals,
      changes: diffStep(facts, after, cursor.state.context, outcomes),
    });
    facts = after;
    end = { seq: entry.seq, state: after.state, rows: after.rows, ga: after.ga };
  }
  return { steps, end };
}

function gridOf(cursor: Cursor, seq: number): SeatGrid {
  const { value, context } = cursor.state;
  return { seq, state: value, rows: [...context.rows], ga: context.ga.map((g) => ({ ...g })) };
}

/** Whether a replay stands exactly where a stored snapshot says (JSON compared, as stored). */
function matches(cursor: Cursor, stored: StoredSnapshot): boolean {
  const live = JSON.parse(JSON.stringify(persistedSnapshotOf(cursor.state))) as { value: unknown; context: unknown };
  const kept = stored.snapshot as { value: unknown; context: unknown };
  return isDeepStrictEqual(live.value, kept.value) && isDeepStrictEqual(live.context, kept.context);
}

/**
 * The last `limit` steps of a show's journal, each with the state it left and what it changed,
 * rebuilt by replaying the database's snapshot and journal. Null when the show has no snapshot yet
 * (its actor was never created). When the snapshot is too recent to reach back `limit` steps, the
 * journal is replayed from the show's creation instead (bounded by maxGenesisReplay), and the
 * replay is checked to pass through the snapshot exactly.
 */
export async function loadShowHistory(
  storage: Pick<ShowStorage, 'loadSnapshot' | 'loadJournalAfter'>,
  showId: string,
  opts: HistoryOptions,
): Promise<ShowHistory | null> {
  const stored = await storage.loadSnapshot(showId);
  if (!stored) return null;
  if (stored.machineId !== showMachine.id) {
    throw new Error(`show ${showId}: snapshot of machine ${stored.machineId} cannot be replayed by ${showMachine.id}`);
  }
  const limit = Math.max(0, Math.floor(opts.limit));
  const input = inputFromContext(contextOf(stored.snapshot));
  const afterSnapshot = await storage.loadJournalAfter(showId, stored.seq);
  const lastSeq = afterSnapshot.at(-1)?.seq ?? stored.seq;
  const describeFrom = Math.max(1, lastSeq - limit + 1);
  const maxGenesis = opts.maxGenesisReplay ?? DEFAULT_MAX_GENESIS_REPLAY;

  if (describeFrom <= stored.seq && lastSeq <= maxGenesis) {
    const genesis = startCursor(input);
    const all = stored.seq === 0 ? afterSnapshot : await storage.loadJournalAfter(showId, 0);
    const upToSnapshot = all.filter((e) => e.seq <= stored.seq);
    const { steps: early } = replaySteps(genesis, upToSnapshot, describeFrom);
    // A replay that misses the snapshot means the show was created from other input than its
    // context says; the snapshot is then the only trustworthy base.
    if (matches(genesis, stored)) {
      const { steps: late, end } = replaySteps(genesis, afterSnapshot, describeFrom);
      return {
        showId,
        machineId: showMachine.id,
        base: { kind: 'genesis', seq: 0 },
        lastSeq,
        truncated: false,
        steps: [...early, ...late],
        end: end ?? gridOf(genesis, lastSeq),
      };
    }
  }

  const cursor = startCursor(input, stored.snapshot);
  const { steps, end } = replaySteps(cursor, afterSnapshot, describeFrom);
  return {
    showId,
    machineId: showMachine.id,
    base: { kind: 'snapshot', seq: stored.seq },
    lastSeq,
    truncated: describeFrom <= stored.seq,
    steps,
    end: end ?? gridOf(cursor, lastSeq),
  };
}
