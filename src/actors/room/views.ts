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

function view(
  ticket: TicketNo,
  status: TicketView['status'],
  admittedLastMinute: number,
  position: number | null = null,
  estimatedWaitMs: number | null = null,
  turnEndsAt: number | null = null,
): TicketView {
  // One literal, always the same shape: polls run often enough for V8's object shapes to matter.
  return {
    ticket,
    status,
    position,
    ahead: position === null ? 0 : position - 1,
    admittedLastMinute,
    estimatedWaitMs,
    turnEndsAt,
  };
}

/** What a poll answers for an account (its latest ticket) or a ticket number; null when unknown. */
export function ticketView(context: RoomContext, key: AccountId | TicketNo, now: number): TicketView | null {
  const ticket = resolve(context, key);
  if (ticket === 0) return null;
  const store = context.tickets;
  const status = store.status[ticket - 1]!;
  const admitted = admittedLastMinute(context.recent, now);
  if (context.state === 'ended') return view(ticket, 'ended', admitted);
  if (status === DONE) return view(ticket, 'done', admitted);
  if (status === ADMITTED) {
    const turnEndsAt = store.at[ticket - 1]!;
    // Ended by time, though no event has caught up with it yet.
    if (turnEndsAt <= now) return view(ticket, 'done', admitted);
    return view(ticket, 'admitted', admitted, null, null, turnEndsAt);
  }
  if (context.state === 'soldOut') return view(ticket, 'soldOut', admitted);

  const settings = context.settings!;
  const rate = expectedRate(context, admitted, now);
  const untilOpen = context.openedAt === null ? Math.max(0, settings.salesOpenAt - now) : 0;
  if (
    context.openedAt === null &&
    settings.method === 'randomThenFifo' &&
    store.slotOf[ticket - 1]! < context.preQueueEnd
  ) {
    // The place is drawn at opening: until then, the wait of the average place in the pre-queue.
    const drawn = queuedBefore(store, context.preQueueEnd);
    return view(ticket, 'queued', admitted, null, untilOpen + Math.round((((drawn - 1) / 2) * MINUTE_MS) / rate));
  }
  const position = positionOf(store, ticket);
  return view(ticket, 'queued', admitted, position, untilOpen + Math.round(((position - 1) * MINUTE_MS) / rate));
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
