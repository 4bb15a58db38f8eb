import {
  accountOf,
  applyRoomEvent,
  createRoomContext,
  evolveRoom,
  liveTurn,
  roomFromSnapshot,
  roomSummary,
  roomToSnapshot,
  ticketView,
  type RoomContext,
  type RoomSnapshot,
} from '../room/index.js';
import type { AccountId, RoomEvent, RoomOutcome, RoomState, RoomSummary, TicketNo, TicketView } from '../room/types.js';

/**
 * What the room host needs of the room's machine, in one place: the host is written against this,
 * and this is the only file that knows how the machine's module names things.
 */
export interface RoomLogic<S> {
  /** A room with no settings, in `closed`. */
  create(showId: string): S;
  /** Decides one event; the state may be updated in place. */
  apply(state: S, event: RoomEvent): { state: S; outcomes: RoomOutcome[]; changed: boolean };
  /** Applies what a journaled event decided, deciding nothing again (a rebuild). */
  evolve(state: S, entry: { event: RoomEvent; outcomes: RoomOutcome[] }): S;
  serialize(state: S): unknown;
  restore(snapshot: unknown): S;
  stateOf(state: S): RoomState;
  summary(state: S, now: number): RoomSummary;
  /** The account's latest ticket, or null. */
  ticketOf(state: S, accountId: AccountId, now: number): TicketNo | null;
  accountOf(state: S, ticket: TicketNo): AccountId | null;
  ticketView(state: S, ticket: TicketNo, now: number): TicketView | null;
  /** The account's live turn at `now`, or null. */
  liveTurn(state: S, accountId: AccountId, now: number): { ticket: TicketNo; turnEndsAt: number } | null;
}

export const roomLogic: RoomLogic<RoomContext> = {
  create: (showId) => createRoomContext({ showId }),
  apply(context, event) {
    const r = applyRoomEvent(context, event);
    return { state: r.context, outcomes: r.outcomes, changed: r.changed };
  },
  evolve: (context, entry) => evolveRoom(context, entry),
  serialize: (context) => roomToSnapshot(context),
  restore: (snapshot) => roomFromSnapshot(snapshot as RoomSnapshot),
  stateOf: (context) => context.state,
  summary: (context, now) => roomSummary(context, now),
  ticketOf: (context, accountId, now) => ticketView(context, accountId, now)?.ticket ?? null,
  accountOf: (context, ticket) =>
    Number.isSafeInteger(ticket) && ticket >= 1 && ticket <= context.tickets.size
      ? accountOf(context.tickets, ticket)
      : null,
  ticketView: (context, ticket, now) => ticketView(context, ticket, now),
  liveTurn: (context, accountId, now) => liveTurn(context, accountId, now),
};
