import type { Bucket, RecentAdmissions } from './rate.js';
import { createRecent } from './rate.js';
import type { TicketStore } from './tickets.js';
import { createTicketStore } from './tickets.js';
import type { RoomSettings, RoomState, TicketNo } from './types.js';

export interface RoomInput {
  /** The room's id: one room per show, so consistent hashing places it with its show. */
  showId: string;
}

/**
 * A room's whole state. Unlike the show's, it is changed in place by `applyRoomEvent`: a queue of
 * 100,000 lives in typed arrays (see tickets.ts) that no event could afford to copy. So it does not
 * survive JSON.stringify as it is: `roomToSnapshot` / `roomFromSnapshot` give and take a JSON form.
 */
export interface RoomContext {
  showId: string;
  /** The chart's state, kept here too because the views and the rules read it. */
  state: RoomState;
  /**
   * While soldOut: an admin had paused the room (before the sell-out or during it), so seats coming
   * back return it to paused, not admitting. False in every other state.
   */
  pauseKept: boolean;
  settings: RoomSettings | null;
  /** When admission first started (the TICK that crossed salesOpenAt); null before. */
  openedAt: number | null;
  /** The seed the pre-queue was shuffled with (randomThenFifo), for the inspector and audits. */
  shuffleSeed: number | null;
  /** Slots [0, preQueueEnd) hold those who joined before sales opened: the block shuffled at open. */
  preQueueEnd: number;
  tickets: TicketStore;
  /** Tickets with a live turn, in admission order (their turn's end is `tickets.at`). */
  active: TicketNo[];
  /** The earliest turn end among `active`, so an event with nothing due checks one number. */
  nextTurnEndAt: number | null;
  bucket: Bucket;
  recent: RecentAdmissions;
  admittedTotal: number;
}

export function createRoomContext(input: RoomInput): RoomContext {
  return {
    showId: input.showId,
    state: 'closed',
    pauseKept: false,
    settings: null,
    openedAt: null,
    shuffleSeed: null,
    preQueueEnd: 0,
    tickets: createTicketStore(),
    active: [],
    nextTurnEndAt: null,
    bucket: { tokens: 0, at: 0 },
    recent: createRecent(),
    admittedTotal: 0,
  };
}
