import { isOutcome } from '../../actors/show/decisions.js';
import type { ShowDecision, ShowEvent, ShowOutcome, ShowSettingsChange } from '../../actors/show/types.js';
import { collectShowFacts, type ShowFact } from './show-facts.js';
import { signTicketCode } from '../../tickets/ticket-code.js';
import type { HoldStatus, WaitlistStatus } from '../schema/index.js';
import { ticketIdFor } from './ticket-ids.js';

/*
 * Folds a batch of journaled decisions into rows, so each table gets at most one insert and one
 * update per batch: rows created and changed in the same batch are inserted in their final form. A
 * hot show commits hundreds of decisions at once, so one statement per decision would cap it. Every
 * value comes from the journal entries (ids and times included), so the rows can be rebuilt from the
 * journal alone and come out the same. Times are ISO strings: the rows travel as one JSON document.
 */

export interface JournaledCommand {
  event: ShowEvent;
  decisions: readonly ShowDecision[];
}

interface HoldRow {
  id: string;
  user_id: string;
  status: HoldStatus;
  seats: string[];
  ga_section: string | null;
  quantity: number;
  total: number;
  expires_at: string;
  deadline_at: string;
  payment_id: string | null;
  booking_id: string | null;
  entry_id: string | null;
  created_at: string;
}
interface HoldPatch {
  status?: HoldStatus;
  payment_id?: string;
  booking_id?: string;
}
interface BookingRow {
  id: string;
  user_id: string;
  hold_id: string;
  status: 'confirmed' | 'cancelled';
  seats: string[];
  ga_section: string | null;
  quantity: number;
  total: number;
  payment_id: string;
  created_at: string;
  cancelled_at: string | null;
}
interface EntryRow {
  id: string;
  user_id: string;
  quantity: number;
  category: string | null;
  section: string | null;
  status: WaitlistStatus;
  hold_id: string | null;
  joined_at: string;
  expires_at: string;
}
interface EntryPatch {
  status?: WaitlistStatus;
  hold_id?: string;
}
interface FactRow {
  event_key: string;
  topic: string;
  user_id: string | null;
  booking_id: string | null;
  payload: Record<string, unknown>;
}

/** What must be durable with the journal: bookings, tickets, payments, refunds, the shows row, the outbox. */
export interface CommitRows {
  bookings: BookingRow[];
  tickets: { id: string; booking_id: string; seat_id: string; code: string }[];
  captured: { payment_id: string; booking_id: string }[];
  cancelled: { id: string; at: string }[];
  show_cancelled: string[];
  settings: Record<string, unknown> | null;
  facts: FactRow[];
}

/** The asynchronous read models: holds and waitlist entries. */
export interface ProjectionRows {
  holds: HoldRow[];
  hold_patches: ({ id: string } & HoldPatch)[];
  entries: EntryRow[];
  entry_patches: ({ id: string } & EntryPatch)[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function outcomesOf(decisions: readonly ShowDecision[]): ShowOutcome[] {
  return decisions.filter(isOutcome);
}

export function planCommitRows(showId: string, ticketSecret: string, batch: readonly JournaledCommand[]): CommitRows {
  const newBookings = new Map<string, BookingRow>();
  const cancelled = new Map<string, string>();
  const rows: CommitRows = {
    bookings: [],
    tickets: [],
    captured: [],
    cancelled: [],
    show_cancelled: [],
    settings: null,
    facts: [],
  };
  let settings: ShowSettingsChange | null = null;
  const facts: ShowFact[] = [];
  for (const { event, decisions } of batch) {
    const outcomes = outcomesOf(decisions);
    collectShowFacts(showId, outcomes, facts);
    for (const o of outcomes) {
      switch (o.type) {
        case 'booking.confirmed': {
          newBookings.set(o.bookingId, {
            id: o.bookingId,
            user_id: o.userId,
            hold_id: o.holdId,
            status: 'confirmed',
            seats: o.seats,
            ga_section: o.ga?.section ?? null,
            quantity: o.quantity,
            total: o.total,
            payment_id: o.paymentId,
            created_at: iso(o.createdAt),
            cancelled_at: null,
          });
          const ga = o.ga;
          const places = ga ? Array.from({ length: ga.quantity }, (_, i) => `${ga.section}#${i + 1}`) : o.seats;
          for (const seatId of places) {
            const ticketId = ticketIdFor(o.bookingId, seatId);
            rows.tickets.push({
              id: ticketId,
              booking_id: o.bookingId,
              seat_id: seatId,
              code: signTicketCode(ticketSecret, { ticketId, showId, seatId }),
            });
          }
          rows.captured.push({ payment_id: o.paymentId, booking_id: o.bookingId });
          break;
        }
        case 'booking.cancelled': {
          const fresh = newBookings.get(o.bookingId);
          if (fresh) Object.assign(fresh, { status: 'cancelled', cancelled_at: iso(event.now) });
          else cancelled.set(o.bookingId, iso(event.now));
          break;
        }
        case 'show.cancelled':
          rows.show_cancelled.push(...o.bookingIds);
          break;
        case 'show.updated':
          settings = { ...(settings ?? {}), ...o.changes };
          break;
        default:
          break;
      }
    }
  }
  rows.bookings = [...newBookings.values()];
  rows.cancelled = [...cancelled].map(([id, at]) => ({ id, at }));
  rows.facts = facts.map((f) => ({
    event_key: f.eventKey,
    topic: f.topic,
    user_id: f.userId,
    booking_id: f.bookingId,
    payload: f.payload,
  }));
  if (settings) rows.settings = settingsRow(settings);
  return rows;
}

/** What UPDATE_SHOW changed, merged over the batch: the shows row follows what the actor decided. */
function settingsRow(c: ShowSettingsChange): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (c.prices !== undefined) row.prices = c.prices;
  if (c.salesOpenAt !== undefined) row.salesOpenAt = isoOrNull(c.salesOpenAt);
  if (c.salesCloseAt !== undefined) row.salesCloseAt = isoOrNull(c.salesCloseAt);
  if (c.holdTtlMs !== undefined) row.holdTtlSeconds = Math.round(c.holdTtlMs / 1000);
  return row;
}

export function planProjectionRows(batch: readonly JournaledCommand[]): ProjectionRows {
  const newHolds = new Map<string, HoldRow>();
  const holdPatches = new Map<string, HoldPatch>();
  const newEntries = new Map<string, EntryRow>();
  const entryPatches = new Map<string, EntryPatch>();
  const patchHold = (holdId: string, patch: HoldPatch) => {
    const fresh = newHolds.get(holdId);
    if (fresh) Object.assign(fresh, patch);
    // Object.assign, not `{ ...earlier, ...patch }`: on Node 20's V8 that makes a new hidden class per call.
    else holdPatches.set(holdId, Object.assign({}, holdPatches.get(holdId), patch));
  };
  const patchEntry = (entryId: string, patch: EntryPatch) => {
    const fresh = newEntries.get(entryId);
    if (fresh) Object.assign(fresh, patch);
    else entryPatches.set(entryId, Object.assign({}, entryPatches.get(entryId), patch));
  };

  for (const { decisions } of batch) {
    for (const o of decisions) {
      switch (o.type) {
        case 'hold.placed':
          newHolds.set(o.holdId, {
            id: o.holdId,
            user_id: o.userId,
            status: 'held',
            seats: o.seats,
            ga_section: o.ga?.section ?? null,
            quantity: o.quantity,
            total: o.total,
            expires_at: iso(o.expiresAt),
            deadline_at: iso(o.deadlineAt),
            payment_id: null,
            booking_id: null,
            entry_id: o.entryId,
            created_at: iso(o.createdAt),
          });
          break;
        case 'payment.begun':
          patchHold(o.holdId, { status: 'paying', payment_id: o.paymentId });
          break;
        case 'payment.failed':
          patchHold(o.holdId, { status: 'held' });
          break;
        case 'hold.released':
          patchHold(o.holdId, { status: 'released' });
          break;
        case 'hold.expired':
          patchHold(o.holdId, { status: 'expired' });
          break;
        case 'booking.confirmed':
          patchHold(o.holdId, { status: 'confirmed', booking_id: o.bookingId });
          break;
        case 'waitlist.joined':
          newEntries.set(o.entryId, {
            id: o.entryId,
            user_id: o.userId,
            quantity: o.quantity,
            category: o.category,
            section: o.section,
            status: 'waiting',
            hold_id: null,
            joined_at: iso(o.joinedAt),
            expires_at: iso(o.expiresAt),
          });
          break;
        case 'waitlist.offered':
          patchEntry(o.entryId, { status: 'offered', hold_id: o.holdId });
          break;
        case 'waitlist.left':
          patchEntry(o.entryId, { status: 'cancelled' });
          break;
        case 'waitlist.ended':
          patchEntry(o.entryId, { status: o.reason });
          break;
        case 'show.cancelled':
          for (const holdId of o.holdIds) patchHold(holdId, { status: 'cancelled' });
          for (const entryId of o.entryIds) patchEntry(entryId, { status: 'cancelled' });
          break;
        default:
          break;
      }
    }
  }
  return {
    holds: [...newHolds.values()],
    hold_patches: [...holdPatches].map(([id, p]) => ({ id, ...p })),
    entries: [...newEntries.values()],
    entry_patches: [...entryPatches].map(([id, p]) => ({ id, ...p })),
  };
}
