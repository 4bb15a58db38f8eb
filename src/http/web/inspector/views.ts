import {
  entryFact,
  holdFact,
  totalsOf,
  type EntryFact,
  type HoldFact,
  type ShowHistory,
} from '../../../actors/runtime/history.js';
import type { LiveShowInfo } from '../../../actors/runtime/types.js';
import { nextDeadline, seatIndex, stateString } from '../../../actors/show/index.js';
import type { ShowContext } from '../../../actors/show/types.js';
import type {
  HistoryView,
  InspectorEntry,
  InspectorHold,
  InspectorSnapshot,
  LiveShow,
  Owner,
} from '../../schemas/inspector.js';
import type { JournalPosition, ShowTitle, UserName } from './lookups.js';

/* Turns the machine's context and the replayed history into what an admin reads: names, ISO times, money. */

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export type Users = Map<string, UserName>;

function ownerOf(users: Users, userId: string): Owner {
  const user = users.get(userId);
  return { userId, email: user?.email ?? null, name: user?.name ?? null };
}

function holdView(fact: HoldFact, users: Users, currency: string): InspectorHold {
  return {
    holdId: fact.holdId,
    owner: ownerOf(users, fact.userId),
    status: fact.status,
    seats: fact.seats,
    ga: fact.ga,
    quantity: fact.quantity,
    total: { amount: fact.total, currency },
    createdAt: iso(fact.createdAt),
    expiresAt: iso(fact.expiresAt),
    deadlineAt: iso(fact.deadlineAt),
    paymentDeadlineAt: isoOrNull(fact.paymentDeadlineAt),
    entryId: fact.entryId,
  };
}

function entryView(fact: EntryFact, users: Users): InspectorEntry {
  return { ...fact, owner: ownerOf(users, fact.userId), joinedAt: iso(fact.joinedAt), expiresAt: iso(fact.expiresAt) };
}

/** Every user id a context names: hold owners and waiting customers. */
export function usersInContext(context: ShowContext): string[] {
  return [...Object.values(context.holds).map((h) => h.userId), ...context.waitlist.map((w) => w.userId)];
}

export function usersInHistory(history: ShowHistory): string[] {
  return history.steps.flatMap((s) => [
    ...s.changes.holdsAdded.map((h) => h.userId),
    ...s.changes.holdsRemoved.map((h) => h.userId),
    ...s.changes.bookingsAdded.map((b) => b.userId),
    ...s.changes.waitlistAdded.map((w) => w.userId),
    ...s.changes.waitlistRemoved.map((w) => w.userId),
  ]);
}

function gridOf(context: ShowContext): InspectorSnapshot['grid'] {
  const index = seatIndex(context.layout);
  return index.sections.map((section, i) => {
    if (section.kind === 'general') {
      const ga = context.ga[i]!;
      return {
        section: section.name,
        kind: 'general' as const,
        capacity: section.capacity,
        rows: [],
        ga: { ...ga, free: section.capacity - ga.held - ga.booked - ga.earmarked },
      };
    }
    return {
      section: section.name,
      kind: 'reserved' as const,
      capacity: section.capacity,
      rows: section.rows.map((r) => ({
        row: index.rows[r]!.row,
        index: r,
        category: index.categories[index.rows[r]!.categoryIndex]!.category,
        seats: context.rows[r]!,
      })),
      ga: null,
    };
  });
}

export interface SnapshotInputs {
  persisted: unknown;
  /** The show's title, start and venue zone, or undefined when the catalog has no such show. */
  title: ShowTitle | undefined;
  machineId: string;
  nodeId: string;
  live: LiveShowInfo | undefined;
  position: JournalPosition;
  users: Users;
  now: number;
}

/** The live actor's snapshot made readable: seat grid, holds with owners and deadlines, the queue in order. */
export function snapshotView({
  persisted,
  title,
  machineId,
  nodeId,
  live,
  position,
  users,
  now,
}: SnapshotInputs): InspectorSnapshot {
  const { context, value } = persisted as { context: ShowContext; value: unknown };
  const index = seatIndex(context.layout);
  const currency = context.layout.currency;
  const holds = Object.values(context.holds)
    .map((h) => holdFact(context, h))
    .sort((a, b) => a.createdAt - b.createdAt || a.holdId.localeCompare(b.holdId));
  const seconds = (ms: number) => ms / 1000;
  return {
    showId: context.showId,
    title: title?.title ?? null,
    startsAt: title?.startsAt.toISOString() ?? null,
    timeZone: title?.timeZone ?? null,
    machineId,
    nodeId,
    state: stateString(value),
    serverNow: iso(now),
    epoch: live?.epoch ?? null,
    queueLength: live?.queueLength ?? null,
    journal: {
      inMemorySeq: live?.lastSeq ?? null,
      committedSeq: position.committedSeq,
      snapshotSeq: position.snapshotSeq,
      snapshotAt: position.snapshotAt?.toISOString() ?? null,
    },
    nextDeadlineAt: isoOrNull(nextDeadline(context, value)),
    salesOpenAt: isoOrNull(context.salesOpenAt),
    salesCloseAt: isoOrNull(context.salesCloseAt),
    rules: {
      maxSeatsPerOrder: context.rules.maxSeatsPerOrder,
      holdTtlSeconds: seconds(context.rules.holdTtlMs),
      holdGraceSeconds: seconds(context.rules.holdGraceMs),
      offerTtlSeconds: seconds(context.rules.offerTtlMs),
      waitlistMaxWaitSeconds: seconds(context.rules.waitlistMaxWaitMs),
      paymentBoundSeconds: seconds(context.rules.paymentBoundMs),
    },
    totals: totalsOf(context),
    categories: context.counts.map((c, i) => ({
      category: c.category,
      price: { amount: index.categories[i]?.price ?? 0, currency },
      capacity: c.capacity,
      free: c.free,
      held: c.held,
      earmarked: c.earmarked,
      booked: c.booked,
    })),
    grid: gridOf(context),
    holds: holds.map((h) => holdView(h, users, currency)),
    waitlist: context.waitlist.map((w, i) => entryView(entryFact(context, w, i + 1), users)),
    bookings: Object.keys(context.bookings).length,
  };
}

/** The replayed history with owners named and times in ISO. */
export function historyView(history: ShowHistory, users: Users, currency: string): HistoryView {
  return {
    showId: history.showId,
    machineId: history.machineId,
    base: history.base,
    lastSeq: history.lastSeq,
    truncated: history.truncated,
    end: { seq: history.end.seq, state: history.end.state, rows: history.end.rows, ga: history.end.ga },
    steps: history.steps.map((s) => ({
      seq: s.seq,
      at: iso(s.at),
      event: { ...s.event },
      stateBefore: s.stateBefore,
      state: s.state,
      outcomes: s.outcomes.map((o) => ({ ...o })),
      totals: s.totals,
      changes: {
        ...s.changes,
        holdsAdded: s.changes.holdsAdded.map((h) => holdView(h, users, currency)),
        holdsRemoved: s.changes.holdsRemoved.map(({ holdId, userId, reason }) => ({
          holdId,
          owner: ownerOf(users, userId),
          reason,
        })),
        bookingsAdded: s.changes.bookingsAdded.map(({ userId, ...b }) => ({ ...b, owner: ownerOf(users, userId) })),
        waitlistAdded: s.changes.waitlistAdded.map((w) => entryView(w, users)),
        waitlistRemoved: s.changes.waitlistRemoved.map(({ entryId, userId, reason }) => ({
          entryId,
          owner: ownerOf(users, userId),
          reason,
        })),
      },
    })),
  };
}

export function liveShowView(info: LiveShowInfo, nodeId: string, title: ShowTitle | undefined): LiveShow {
  const s = info.summary;
  return {
    showId: info.showId,
    title: title?.title ?? null,
    startsAt: title?.startsAt.toISOString() ?? null,
    timeZone: title?.timeZone ?? null,
    nodeId,
    epoch: info.epoch,
    lastSeq: info.lastSeq,
    queueLength: info.queueLength,
    state: s.state,
    capacity: s.capacity,
    available: s.available,
    held: s.held,
    booked: s.booked,
    waitlistLength: s.waitlistLength,
  };
}
