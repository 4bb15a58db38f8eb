/**
 * The contract of the show machine: its input, context, commands (events) and outcomes (emitted).
 * Everything here survives JSON.stringify unchanged, because snapshots and journal rows are JSON.
 * Times are epoch milliseconds named `...At`; money is integer minor units.
 */

export type SeatId = string;
export type HoldId = string;
export type BookingId = string;
export type EntryId = string;
export type UserId = string;

/** One reserved row: seats are numbered 1..seats, a seat's id is `<row>-<number>`. */
export interface RowDef {
  row: string;
  seats: number;
  category: string;
}

export type SectionDef =
  | { name: string; kind: 'reserved'; rows: RowDef[] }
  | { name: string; kind: 'general'; capacity: number; category: string };

export interface CategoryDef {
  category: string;
  /** Price per seat in minor units. */
  price: number;
}

/** The static shape of a show: fixed when the show is created, never changed by events. */
export interface ShowLayout {
  sections: SectionDef[];
  /** Ordered best first (the order "best available" tries them in). */
  categories: CategoryDef[];
  currency: string;
  /**
   * Which rows of a category best available tries first: `front` (layout order; also when absent, as
   * in shows created before this existed) or `middle` (the rows nearest the middle of their section,
   * as a cinema's audience prefers).
   */
  bestRows?: BestRows;
}

export type BestRows = 'front' | 'middle';

export interface ShowRules {
  maxSeatsPerOrder: number;
  /**
   * Seats one customer may hold and wait for at once in this show (live holds, offers included,
   * plus a waiting entry's quantity). Absent in shows created before it existed: maxSeatsPerOrder.
   */
  maxSeatsPerCustomer?: number;
  /** What the customer is shown as the hold's lifetime. */
  holdTtlMs: number;
  /** Kept on top of holdTtlMs so the server never expires a hold before the customer's countdown. */
  holdGraceMs: number;
  offerTtlMs: number;
  waitlistMaxWaitMs: number;
  /** A paying hold outlives its deadline by at most this long, so a charge never races the timer. */
  paymentBoundMs: number;
}

export interface ShowInput {
  showId: string;
  layout: ShowLayout;
  rules: ShowRules;
  createdAt: number;
  /** null: on sale at once. */
  salesOpenAt: number | null;
  /** null: sales close only by CLOSE_SALES. */
  salesCloseAt: number | null;
}

/** A quantity of general-admission places in one section. */
export interface GaPart {
  /** Index into layout.sections. */
  section: number;
  quantity: number;
}

export interface Hold {
  holdId: HoldId;
  userId: UserId;
  /** Reserved seat indices (into the flattened seat list, see seat-index.ts). */
  seats: number[];
  ga: GaPart | null;
  total: number;
  createdAt: number;
  /** What the customer sees. */
  expiresAt: number;
  /** When the server really lets go (expiresAt + grace). */
  deadlineAt: number;
  status: 'held' | 'paying';
  paymentId: string | null;
  /** Set while paying: the hold cannot expire before this. */
  paymentDeadlineAt: number | null;
  /** Set when the hold is a waitlist offer. */
  entryId: EntryId | null;
}

export interface Booking {
  bookingId: BookingId;
  holdId: HoldId;
  userId: UserId;
  seats: number[];
  ga: GaPart | null;
  total: number;
  paymentId: string;
  createdAt: number;
}

export interface WaitlistEntry {
  entryId: EntryId;
  userId: UserId;
  quantity: number;
  category: string | null;
  /** Index into layout.sections, or null for any. */
  section: number | null;
  joinedAt: number;
  expiresAt: number;
  status: 'waiting' | 'offered';
  /** Set while offered. */
  holdId: HoldId | null;
}

export interface CategoryCounts {
  category: string;
  capacity: number;
  free: number;
  held: number;
  booked: number;
  earmarked: number;
}

export interface ShowContext {
  showId: string;
  layout: ShowLayout;
  rules: ShowRules;
  salesOpenAt: number | null;
  salesCloseAt: number | null;
  /**
   * One string per reserved row (in layout order, sections flattened), one character per seat:
   * '.' free, 'h' held, 'b' booked, 'e' earmarked for the head of the waitlist.
   * Strings keep updates copy-on-write per row and snapshots compact.
   */
  rows: string[];
  /** Per section index; zeros for reserved sections. */
  ga: { held: number; booked: number; earmarked: number }[];
  holds: Record<HoldId, Hold>;
  bookings: Record<BookingId, Booking>;
  /** Active entries (waiting or offered) in arrival order. */
  waitlist: WaitlistEntry[];
  counts: CategoryCounts[];
}

/** Every command carries the time it happens at; the machine never reads a clock. */
interface At {
  now: number;
}

export type ShowEvent =
  | (At & {
      type: 'HOLD';
      holdId: HoldId;
      userId: UserId;
      /** Exactly one of seats or quantity. */
      seats?: SeatId[];
      quantity?: number;
      category?: string;
      /** Section name. */
      section?: string;
    })
  | (At & { type: 'RELEASE'; holdId: HoldId; userId: UserId })
  | (At & { type: 'BEGIN_PAYMENT'; holdId: HoldId; userId: UserId; paymentId: string })
  | (At & { type: 'CONFIRM'; holdId: HoldId; bookingId: BookingId; paymentId: string })
  | (At & { type: 'PAYMENT_FAILED'; holdId: HoldId; paymentId: string })
  | (At & { type: 'CANCEL_BOOKING'; bookingId: BookingId })
  | (At & {
      type: 'JOIN_WAITLIST';
      entryId: EntryId;
      userId: UserId;
      quantity: number;
      category?: string;
      section?: string;
    })
  | (At & { type: 'LEAVE_WAITLIST'; entryId: EntryId; userId: UserId })
  | (At & { type: 'TICK' })
  | (At & { type: 'OPEN_SALES' })
  | (At & { type: 'CLOSE_SALES' })
  | (At & { type: 'CANCEL_SHOW' })
  | (At & ShowSettingsChange & { type: 'UPDATE_SHOW' });

/**
 * What an admin may change on a live show: fields left out stay as they are. Holds already placed
 * keep their total and deadline; only holds placed afterwards see new prices and lifetimes.
 */
export interface ShowSettingsChange {
  /** New prices of existing categories; categories not listed keep theirs. */
  prices?: CategoryDef[];
  /** null: on sale at once. */
  salesOpenAt?: number | null;
  /** null: sales close only by CLOSE_SALES. */
  salesCloseAt?: number | null;
  holdTtlMs?: number;
}

export type ShowUpdateRejectCode = 'validation_failed' | 'unknown_category' | 'sales_already_open' | 'show_cancelled';

export type ShowEventType = ShowEvent['type'];

export type HoldRejectCode =
  | 'validation_failed'
  | 'unknown_seats'
  | 'too_many_seats'
  | 'seats_taken'
  | 'held_by_others'
  | 'sold_out'
  | 'waitlist_active'
  | 'sales_closed'
  | 'duplicate_id'
  | 'seat_limit_reached';

export type HoldActionRejectCode = 'hold_not_found' | 'hold_expired' | 'hold_paying' | 'payment_mismatch';

export type WaitlistRejectCode =
  | 'validation_failed'
  | 'too_many_seats'
  | 'seats_available'
  | 'sold_out'
  | 'sales_closed'
  | 'duplicate_id'
  | 'already_waiting'
  | 'seat_limit_reached';

export type WaitlistEndReason = 'expired' | 'unsatisfiable' | 'cancelled' | 'fulfilled';

/** The seats of a hold or booking as the outside world names them. */
export interface PlacedSeats {
  /** Reserved seat ids, e.g. ["A-1", "A-2"]. */
  seats: SeatId[];
  /** General admission part, by section name. */
  ga: { section: string; quantity: number } | null;
  quantity: number;
}

/**
 * Outcomes are what the machine decided, in past tense. The runtime persists them with the
 * command in one transaction and answers clients from them only after that commits.
 */
export type ShowOutcome =
  | ({
      type: 'hold.placed';
      holdId: HoldId;
      userId: UserId;
      total: number;
      createdAt: number;
      expiresAt: number;
      deadlineAt: number;
      entryId: EntryId | null;
    } & PlacedSeats)
  | { type: 'hold.rejected'; holdId: HoldId; code: HoldRejectCode; detail?: string }
  | { type: 'hold.released'; holdId: HoldId }
  | { type: 'hold.expired'; holdId: HoldId; entryId: EntryId | null }
  | {
      type: 'hold.action_rejected';
      holdId: HoldId;
      action: 'RELEASE' | 'BEGIN_PAYMENT' | 'CONFIRM' | 'PAYMENT_FAILED';
      code: HoldActionRejectCode;
    }
  | { type: 'payment.begun'; holdId: HoldId; paymentId: string; paymentDeadlineAt: number }
  | { type: 'payment.failed'; holdId: HoldId; paymentId: string }
  | ({
      type: 'booking.confirmed';
      bookingId: BookingId;
      holdId: HoldId;
      userId: UserId;
      total: number;
      paymentId: string;
      createdAt: number;
      entryId: EntryId | null;
    } & PlacedSeats)
  | ({ type: 'booking.cancelled'; bookingId: BookingId } & PlacedSeats)
  | { type: 'booking.cancel_rejected'; bookingId: BookingId; code: 'not_found' }
  | {
      type: 'waitlist.joined';
      entryId: EntryId;
      userId: UserId;
      quantity: number;
      /** The entry's criteria as the show resolved them (section by name), so a rebuild needs no rules. */
      category: string | null;
      section: string | null;
      position: number;
      joinedAt: number;
      expiresAt: number;
    }
  | { type: 'waitlist.rejected'; entryId: EntryId; code: WaitlistRejectCode }
  | { type: 'waitlist.left'; entryId: EntryId }
  | { type: 'waitlist.leave_rejected'; entryId: EntryId; code: 'not_found' }
  | ({
      type: 'waitlist.offered';
      entryId: EntryId;
      userId: UserId;
      holdId: HoldId;
      total: number;
      expiresAt: number;
      deadlineAt: number;
    } & PlacedSeats)
  | { type: 'waitlist.ended'; entryId: EntryId; reason: WaitlistEndReason }
  | { type: 'sales.opened' }
  | { type: 'sales.closed' }
  | { type: 'show.cancelled'; bookingIds: BookingId[]; holdIds: HoldId[]; entryIds: EntryId[] }
  /** `changes` holds the fields the command set, as they now are (prices: every category, in layout order). */
  | { type: 'show.updated'; changes: ShowSettingsChange }
  | { type: 'show.update_rejected'; code: ShowUpdateRejectCode; detail: string };

export type ShowOutcomeType = ShowOutcome['type'];

/**
 * Changes the waitlist makes to seats that no outcome names: places set aside for the head of the
 * queue, or given back. Seats are indices into the flattened seat list, general admission by section
 * index: the layout of a show never changes, so the indices are stable for its whole journal.
 */
export type EarmarkDecision =
  | { type: 'seats.earmarked'; seats: number[]; ga: GaPart[] }
  | { type: 'earmarks.cleared'; seats: number[]; ga: GaPart[] };

/** One decision of a command, as the journal keeps it: an outcome, or an earmark change. */
export type ShowDecision = ShowOutcome | EarmarkDecision;
