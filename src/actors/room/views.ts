import type { RoomContext } from './context.js';
import { MINUTE_MS, admittedLastMinute } from './rate.js';
import { ADMITTED, DONE, positionOf, queuedBefore, ticketOf } from './tickets.js';
import type { AccountId, RoomSummary, TicketNo, TicketView } from './types.js';

/*
 * Read-only answers for polls. They run outside the writer's queue on the same in-memory context,
 * so they change nothing and cost O(log n) at most: a Fenwick prefix sum for the position and 60
 * counters for the rate.
 */

export function roomSummary(context: RoomContext, now: number): RoomSummary {
  return {
    state: context.state,
    settings: context.settings ? { ...context.settings } : null,
    queued: context.tickets.queued,
    active: context.active.length,
    admittedTotal: context.admittedTotal,
    admittedLastMinute: admittedLastMinute(context.recent, now),
  };
}

/**
 * Admissions per minute to expect: the rate seen since opening (over at most the last minute), never
 * above the configured one (the burst at opening would otherwise promise ten times the pace); the
 * configured rate until anything has been seen.
 */
function expectedRate(context: RoomContext, admitted: number, now: number): number {
  const configured = context.settings!.admitPerMinute;
  if (admitted === 0 || context.openedAt === null) return configured;
  const window = Math.min(MINUTE_MS, Math.max(1000, now - context.openedAt));
  return Math.min(configured, (admitted * MINUTE_MS) / window);
}

/** The ticket an account or a ticket number points at (an account's latest), or 0. */
function resolve(context: RoomContext, key: AccountId | TicketNo): TicketNo {
  if (typeof key === 'string') return ticketOf(context.tickets, key);
  return Number.isSafeInteger(key) && key >= 1 && key <= context.tickets.size ? key : 0;
}

/** What a poll answers for an account (its latest ticket) or a ticket number; null when unknown. */
export function ticketView(context: RoomContext, key: AccountId | TicketNo, now: number): TicketView | null {
  const ticket = resolve(context, key);
  if (ticket === 0) return null;
  const store = context.tickets;
  const status = store.status[ticket - 1]!;
  const admitted = admittedLastMinute(context.recent, now);
  const base = { ticket, admittedLastMinute: admitted, position: null, ahead: 0, estimatedWaitMs: null, turnEndsAt: null };
  if (context.state === 'ended') return { ...base, status: 'ended' };
  if (status === DONE) return { ...base, status: 'done' };
  if (status === ADMITTED) {
    const turnEndsAt = store.at[ticket - 1]!;
    // Ended by time, though no event has caught up with it yet.
    if (turnEndsAt <= now) return { ...base, status: 'done' };
    return { ...base, status: 'admitted', turnEndsAt };
  }
  if (context.state === 'soldOut') return { ...base, status: 'soldOut' };

  const settings = context.settings!;
  const rate = expectedRate(context, admitted, now);
  const untilOpen = context.openedAt === null ? Math.max(0, settings.salesOpenAt - now) : 0;
  const slot = store.slotOf[ticket - 1]!;
  if (context.openedAt === null && settings.method === 'randomThenFifo' && slot < context.preQueueEnd) {
    // The place is drawn at opening: until then, the wait of the average place in the pre-queue.
    const drawn = queuedBefore(store, context.preQueueEnd);
    const estimatedWaitMs = untilOpen + Math.round((((drawn - 1) / 2) * MINUTE_MS) / rate);
    return { ...base, status: 'queued', estimatedWaitMs };
  }
  const position = positionOf(store, ticket);
  const ahead = position - 1;
  return {
    ...base,
    status: 'queued',
    position,
    ahead,
    estimatedWaitMs: untilOpen + Math.round((ahead * MINUTE_MS) / rate),
  };
}

/**
 * The account's live turn at `now`, or null: what the hold endpoints check (in memory, no database)
 * besides the admission token's signature.
 */
export function liveTurn(
  context: RoomContext,
  accountId: AccountId,
  now: number,
): { ticket: TicketNo; turnEndsAt: number } | null {
  if (context.state === 'ended') return null;
  const ticket = ticketOf(context.tickets, accountId);
  if (ticket === 0 || context.tickets.status[ticket - 1] !== ADMITTED) return null;
  const turnEndsAt = context.tickets.at[ticket - 1]!;
  return turnEndsAt > now ? { ticket, turnEndsAt } : null;
}

