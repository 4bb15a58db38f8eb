/**
 * The contract of the waiting-room machine: one room per show, in front of its seat map.
 * Like the show machine it is pure: time (`now`, epoch ms) and randomness (`seed`) come in events,
 * so replaying the journal gives the same order and the same admissions.
 * Everything here survives JSON.stringify unchanged (journal rows and snapshots are JSON).
 */

export type AccountId = string;
/** A queue ticket: the customer's place. Its number is its join order (1, 2, ...), stable for life. */
export type TicketNo = number;

/**
 * - `randomThenFifo`: everyone who joined during the pre-queue is shuffled once at sales open
 *   (seeded); later arrivals go to the back in order of arrival. The default.
 * - `fifo`: order of arrival throughout.
 * - `passthrough`: no queue: everyone who joins is admitted at once (no rate, no limit).
 */
export type QueueMethod = 'randomThenFifo' | 'fifo' | 'passthrough';

export interface RoomSettings {
  /** When joining opens (the pre-queue). Before it, joins are refused with `room_not_open`. */
  preQueueAt: number;
  /** When admission starts. */
  salesOpenAt: number;
  method: QueueMethod;
  /** Admitted turns live at once, at most. */
  maxActive: number;
  /** Admissions per minute, at most (a token bucket refilled continuously, burst = ceil(rate / 6)). */
  admitPerMinute: number;
  /** How long an admitted customer's turn lasts. Default 10 minutes. */
  turnMs: number;
}

export type RoomState = 'closed' | 'preQueue' | 'admitting' | 'paused' | 'soldOut' | 'ended';

interface At {
  now: number;
}

export type RoomEvent =
  /** Admin turns the room on (or changes it). Accepted in closed, preQueue, admitting and paused. */
  | (At & { type: 'CONFIGURE'; settings: RoomSettings })
  | (At & { type: 'JOIN'; accountId: AccountId })
  | (At & { type: 'LEAVE'; accountId: AccountId })
  /**
   * Time passes: moves closed -> preQueue -> admitting at their times and admits from the front.
   * `seed` is drawn by the runtime for every tick; the machine uses it only at the shuffle, and the
   * journal keeps it, so a replay shuffles the same way.
   */
  | (At & { type: 'TICK'; seed: number })
  /** The customer's turn ended early: their hold was confirmed or released, or they gave up. */
  | (At & { type: 'TURN_DONE'; accountId: AccountId; reason: 'confirmed' | 'released' | 'left' })
  /** The origin (admin or fraud check) revokes a turn or a place. */
  | (At & { type: 'REVOKE'; accountId: AccountId })
  | (At & { type: 'PAUSE' })
  | (At & { type: 'RESUME' })
  /** The show has no seat left to sell: everyone still queued is told, and offered the waitlist. */
  | (At & { type: 'SOLD_OUT' })
  /** Seats came back (a cancellation or an expired hold) while soldOut: admission resumes, unless paused. */
  | (At & { type: 'SEATS_BACK' })
  /** The room is switched off (or the show ended): every later hold needs no admission. */
  | (At & { type: 'END' });

export type RoomRejectCode =
  | 'room_not_open'
  | 'room_ended'
  /** A JOIN while the show is sold out: no new places (the waitlist is the way in). */
  | 'sold_out'
  | 'not_in_queue'
  | 'invalid_settings'
  | 'invalid_transition';

export type RoomOutcome =
  | { type: 'room.configured'; settings: RoomSettings }
  /** `already`: the account had a place; the same ticket is returned (one place per account). */
  | { type: 'queue.joined'; accountId: AccountId; ticket: TicketNo; already: boolean }
  | { type: 'queue.left'; accountId: AccountId; ticket: TicketNo }
  /** The pre-queue was shuffled with this seed: `count` tickets now have a random order. */
  | { type: 'queue.shuffled'; seed: number; count: number }
  | { type: 'turn.admitted'; accountId: AccountId; ticket: TicketNo; turnEndsAt: number }
  | { type: 'turn.ended'; accountId: AccountId; ticket: TicketNo; reason: 'expired' | 'confirmed' | 'released' | 'left' | 'revoked' }
  | { type: 'room.state'; from: RoomState; to: RoomState }
  /**
   * An admin's PAUSE or RESUME while sold out: whether seats coming back return the room to paused
   * rather than admitting. A sell-out while paused keeps the pause by itself (room.state from paused).
   */
  | { type: 'room.pauseKept'; kept: boolean }
  | { type: 'room.rejected'; event: RoomEvent['type']; code: RoomRejectCode; accountId?: AccountId };

/**
 * What a poll answers, computed from the room's read side without going through its writer.
 * `position` is 1 for the next to be admitted; null once admitted, ended or never queued.
 */
export interface TicketView {
  ticket: TicketNo;
  status: 'queued' | 'admitted' | 'done' | 'soldOut' | 'ended';
  position: number | null;
  /** People ahead in the queue (position - 1), or 0. */
  ahead: number;
  /** Admissions over the last 60 s of room time. */
  admittedLastMinute: number;
  /** ahead / max(observed rate, configured rate when nothing observed yet), in ms; null when not queued. */
  estimatedWaitMs: number | null;
  /** Set while admitted. */
  turnEndsAt: number | null;
}

export interface RoomSummary {
  state: RoomState;
  settings: RoomSettings | null;
  queued: number;
  active: number;
  admittedTotal: number;
  admittedLastMinute: number;
}
