import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { HoldStatus, WaitlistStatus } from '../../db/schema/index.js';
import type { ShowEvent, ShowOutcome, ShowSettingsChange } from '../show/types.js';
import type { ShowSummary } from './types.js';
import { signTicketCode } from './ticket-code.js';
import { collectShowFacts, type ShowFact } from '../../outbox/show-facts.js';

export interface AppliedCommand {
  event: ShowEvent;
  outcomes: ShowOutcome[];
}

/** A postgres.js transaction: the batch writer pipelines its statements on one connection. */
export type RawTx = postgres.TransactionSql;

interface HoldInsert {
  id: string;
  userId: string;
  status: HoldStatus;
  seats: string[];
  gaSection: string | null;
  quantity: number;
  total: number;
  expiresAt: number;
  deadlineAt: number;
  paymentId: string | null;
  bookingId: string | null;
  entryId: string | null;
  createdAt: number;
}
interface HoldPatch {
  status?: HoldStatus;
  paymentId?: string;
  bookingId?: string;
}
interface BookingInsert {
  id: string;
  userId: string;
  holdId: string;
  status: 'confirmed' | 'cancelled';
  seats: string[];
  gaSection: string | null;
  quantity: number;
  total: number;
  paymentId: string;
  createdAt: number;
  cancelledAt: number | null;
}
interface EntryInsert {
  id: string;
  userId: string;
  quantity: number;
  category: string | null;
  section: string | null;
  status: WaitlistStatus;
  holdId: string | null;
  joinedAt: number;
  expiresAt: number;
}
interface EntryPatch {
  status?: WaitlistStatus;
  holdId?: string;
}
interface TicketInsert {
  id: string;
  bookingId: string;
  seatId: string;
  code: string;
}

/** What one batch changes in the read models, folded so each table gets at most one insert and one update. */
export interface ReadModelPlan {
  newHolds: Map<string, HoldInsert>;
  holdPatches: Map<string, HoldPatch>;
  newBookings: Map<string, BookingInsert>;
  newTickets: TicketInsert[];
  capturedPayments: { paymentId: string; bookingId: string }[];
  cancelledBookings: Map<string, number>;
  newEntries: Map<string, EntryInsert>;
  entryPatches: Map<string, EntryPatch>;
  showCancelledBookings: string[];
  /** Outbox rows (notifications and the like), written in the batch's transaction. */
  facts: ShowFact[];
  /** What UPDATE_SHOW changed, merged over the batch: the shows row follows what the actor decided. */
  showSettings: ShowSettingsChange | null;
}

/**
 * Folds a batch of outcomes: rows created and changed in the same batch are inserted in their final
 * form, and changes to older rows are merged per row. A hot show commits hundreds of outcomes at
 * once, so one statement per outcome would cap its throughput.
 */
export function planReadModels(input: {
  showId: string;
  ticketSecret: string;
  applied: AppliedCommand[];
}): ReadModelPlan {
  const plan: ReadModelPlan = {
    newHolds: new Map(),
    holdPatches: new Map(),
    newBookings: new Map(),
    newTickets: [],
    capturedPayments: [],
    cancelledBookings: new Map(),
    newEntries: new Map(),
    entryPatches: new Map(),
    showCancelledBookings: [],
    facts: [],
    showSettings: null,
  };
  const patchHold = (holdId: string, patch: HoldPatch) => {
    const fresh = plan.newHolds.get(holdId);
    if (fresh) Object.assign(fresh, patch);
    else plan.holdPatches.set(holdId, { ...plan.holdPatches.get(holdId), ...patch });
  };
  const patchEntry = (entryId: string, patch: EntryPatch) => {
    const fresh = plan.newEntries.get(entryId);
    if (fresh) Object.assign(fresh, patch);
    else plan.entryPatches.set(entryId, { ...plan.entryPatches.get(entryId), ...patch });
  };

  for (const { event, outcomes } of input.applied) {
    collectShowFacts(input.showId, outcomes, plan.facts);
    for (const o of outcomes) {
      switch (o.type) {
        case 'hold.placed':
          plan.newHolds.set(o.holdId, {
            id: o.holdId,
            userId: o.userId,
            status: 'held',
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
            total: o.total,
            expiresAt: o.expiresAt,
            deadlineAt: o.deadlineAt,
            paymentId: null,
            bookingId: null,
            entryId: o.entryId,
            createdAt: o.createdAt,
          });
          break;
        case 'payment.begun':
          patchHold(o.holdId, { status: 'paying', paymentId: o.paymentId });
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
        case 'booking.confirmed': {
          patchHold(o.holdId, { status: 'confirmed', bookingId: o.bookingId });
          plan.newBookings.set(o.bookingId, {
            id: o.bookingId,
            userId: o.userId,
            holdId: o.holdId,
            status: 'confirmed',
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
            total: o.total,
            paymentId: o.paymentId,
            createdAt: o.createdAt,
            cancelledAt: null,
          });
          const ga = o.ga;
          const places = ga ? Array.from({ length: ga.quantity }, (_, i) => `${ga.section}#${i + 1}`) : o.seats;
          for (const seatId of places) {
            const ticketId = randomUUID();
            plan.newTickets.push({
              id: ticketId,
              bookingId: o.bookingId,
              seatId,
              code: signTicketCode(input.ticketSecret, { ticketId, showId: input.showId, seatId }),
            });
          }
          plan.capturedPayments.push({ paymentId: o.paymentId, bookingId: o.bookingId });
          break;
        }
        case 'booking.cancelled': {
          const fresh = plan.newBookings.get(o.bookingId);
          if (fresh) Object.assign(fresh, { status: 'cancelled', cancelledAt: event.now });
          else plan.cancelledBookings.set(o.bookingId, event.now);
          break;
        }
        case 'waitlist.joined':
          if (event.type === 'JOIN_WAITLIST') {
            plan.newEntries.set(o.entryId, {
              id: o.entryId,
              userId: o.userId,
              quantity: o.quantity,
              category: event.category ?? null,
              section: event.section ?? null,
              status: 'waiting',
              holdId: null,
              joinedAt: event.now,
              expiresAt: o.expiresAt,
            });
          }
          break;
        case 'waitlist.offered':
          patchEntry(o.entryId, { status: 'offered', holdId: o.holdId });
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
          plan.showCancelledBookings.push(...o.bookingIds);
          break;
        case 'show.updated':
          plan.showSettings = { ...plan.showSettings, ...o.changes };
          break;
        case 'show.update_rejected':
        case 'hold.rejected':
        case 'hold.action_rejected':
        case 'booking.cancel_rejected':
        case 'waitlist.rejected':
        case 'waitlist.leave_rejected':
        case 'sales.opened':
        case 'sales.closed':
          break;
        default:
          assertNever(o);
      }
    }
  }
  return plan;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Issues the plan's statements on one transaction without waiting between them, so postgres.js
 * pipelines them in one round trip. Bulk rows travel as one array per column (unnest): a few
 * parameters per statement whatever the batch size, which PostgreSQL parses and plans once.
 */
export function writeReadModels(
  tx: RawTx,
  input: { showId: string; currency: string; plan: ReadModelPlan; summary: ShowSummary },
): Promise<unknown>[] {
  const { showId, currency, plan } = input;
  const q: Promise<unknown>[] = [];
  if (plan.newHolds.size > 0) {
    const h = [...plan.newHolds.values()];
    q.push(tx`insert into holds (id, show_id, user_id, status, seats, ga_section, quantity, total, currency,
        expires_at, deadline_at, payment_id, booking_id, entry_id, created_at)
      select id, ${showId}, user_id, status, seats::jsonb, ga_section, quantity, total, ${currency},
        expires_at, deadline_at, payment_id, booking_id, entry_id, created_at
      from unnest(${tx.array(h.map((r) => r.id))}::text[], ${tx.array(h.map((r) => r.userId))}::uuid[], ${tx.array(h.map((r) => r.status))}::text[],
        ${tx.array(h.map((r) => JSON.stringify(r.seats)))}::text[], ${tx.array(h.map((r) => r.gaSection))}::text[],
        ${tx.array(h.map((r) => r.quantity))}::int[], ${tx.array(h.map((r) => r.total))}::int[],
        ${tx.array(h.map((r) => iso(r.expiresAt)))}::timestamptz[], ${tx.array(h.map((r) => iso(r.deadlineAt)))}::timestamptz[],
        ${tx.array(h.map((r) => r.paymentId))}::text[], ${tx.array(h.map((r) => r.bookingId))}::text[], ${tx.array(h.map((r) => r.entryId))}::text[],
        ${tx.array(h.map((r) => iso(r.createdAt)))}::timestamptz[])
        as t(id, user_id, status, seats, ga_section, quantity, total, expires_at, deadline_at, payment_id, booking_id,
          entry_id, created_at)`);
  }
  if (plan.holdPatches.size > 0) {
    const p = [...plan.holdPatches];
    q.push(tx`update holds h set
        status = coalesce(v.status, h.status),
        payment_id = coalesce(v.payment_id, h.payment_id),
        booking_id = coalesce(v.booking_id, h.booking_id),
        updated_at = now()
      from unnest(${tx.array(p.map(([id]) => id))}::text[], ${tx.array(p.map(([, x]) => x.status ?? null))}::text[],
        ${tx.array(p.map(([, x]) => x.paymentId ?? null))}::text[], ${tx.array(p.map(([, x]) => x.bookingId ?? null))}::text[])
        as v(id, status, payment_id, booking_id)
      where h.id = v.id`);
  }
  if (plan.newBookings.size > 0) {
    const b = [...plan.newBookings.values()];
    // The money comes from the payment row, fixed when the customer accepted the quote: the
    // machine knows seat prices only, not promos, points or fees.
    q.push(tx`insert into bookings (id, show_id, user_id, hold_id, status, seats, ga_section, quantity, subtotal,
        discount, fees, total, currency, payment_id, created_at, cancelled_at)
      select t.id, ${showId}, t.user_id, t.hold_id, t.status, t.seats::jsonb, t.ga_section, t.quantity,
        coalesce(p.subtotal, t.total), coalesce(p.discount, 0), coalesce(p.fees, 0), coalesce(p.amount, t.total),
        ${currency}, t.payment_id, t.created_at, t.cancelled_at
      from unnest(${tx.array(b.map((r) => r.id))}::text[], ${tx.array(b.map((r) => r.userId))}::uuid[], ${tx.array(b.map((r) => r.holdId))}::text[],
        ${tx.array(b.map((r) => r.status))}::text[], ${tx.array(b.map((r) => JSON.stringify(r.seats)))}::text[],
        ${tx.array(b.map((r) => r.gaSection))}::text[], ${tx.array(b.map((r) => r.quantity))}::int[], ${tx.array(b.map((r) => r.total))}::int[],
        ${tx.array(b.map((r) => r.paymentId))}::text[], ${tx.array(b.map((r) => iso(r.createdAt)))}::timestamptz[],
        ${tx.array(b.map((r) => iso(r.cancelledAt)))}::timestamptz[])
        as t(id, user_id, hold_id, status, seats, ga_section, quantity, total, payment_id, created_at, cancelled_at)
        left join payments p on p.id = t.payment_id`);
  }
  if (plan.newTickets.length > 0) {
    const t = plan.newTickets;
    q.push(tx`insert into tickets (id, booking_id, show_id, seat_id, code)
      select id, booking_id, ${showId}, seat_id, code
      from unnest(${tx.array(t.map((r) => r.id))}::text[], ${tx.array(t.map((r) => r.bookingId))}::text[], ${tx.array(t.map((r) => r.seatId))}::text[],
        ${tx.array(t.map((r) => r.code))}::text[]) as t(id, booking_id, seat_id, code)`);
  }
  if (plan.capturedPayments.length > 0) {
    const c = plan.capturedPayments;
    q.push(tx`update payments p set status = 'captured', booking_id = v.booking_id, updated_at = now()
      from unnest(${tx.array(c.map((r) => r.paymentId))}::text[], ${tx.array(c.map((r) => r.bookingId))}::text[]) as v(id, booking_id)
      where p.id = v.id`);
  }
  if (plan.cancelledBookings.size > 0) {
    const c = [...plan.cancelledBookings];
    q.push(tx`update bookings b set status = 'cancelled', cancelled_at = coalesce(b.cancelled_at, v.at)
      from unnest(${tx.array(c.map(([id]) => id))}::text[], ${tx.array(c.map(([, at]) => iso(at)))}::timestamptz[]) as v(id, at)
      where b.id = v.id`);
  }
  if (plan.newEntries.size > 0) {
    const e = [...plan.newEntries.values()];
    q.push(tx`insert into waitlist_entries (id, show_id, user_id, quantity, category, section, status, hold_id,
        joined_at, expires_at)
      select id, ${showId}, user_id, quantity, category, section, status, hold_id, joined_at, expires_at
      from unnest(${tx.array(e.map((r) => r.id))}::text[], ${tx.array(e.map((r) => r.userId))}::uuid[], ${tx.array(e.map((r) => r.quantity))}::int[],
        ${tx.array(e.map((r) => r.category))}::text[], ${tx.array(e.map((r) => r.section))}::text[], ${tx.array(e.map((r) => r.status))}::text[],
        ${tx.array(e.map((r) => r.holdId))}::text[], ${tx.array(e.map((r) => iso(r.joinedAt)))}::timestamptz[],
        ${tx.array(e.map((r) => iso(r.expiresAt)))}::timestamptz[])
        as t(id, user_id, quantity, category, section, status, hold_id, joined_at, expires_at)`);
  }
  if (plan.entryPatches.size > 0) {
    const p = [...plan.entryPatches];
    q.push(tx`update waitlist_entries w set
        status = coalesce(v.status, w.status), hold_id = coalesce(v.hold_id, w.hold_id), updated_at = now()
      from unnest(${tx.array(p.map(([id]) => id))}::text[], ${tx.array(p.map(([, x]) => x.status ?? null))}::text[],
        ${tx.array(p.map(([, x]) => x.holdId ?? null))}::text[]) as v(id, status, hold_id)
      where w.id = v.id`);
  }
  if (plan.showCancelledBookings.length > 0) {
    // A cancelled show refunds everybody in full. The refund rows are written with the cancellation,
    // so a crash before the gateway is called leaves them pending for the retrier, never forgotten.
    const ids = plan.showCancelledBookings;
    q.push(tx`update bookings set status = 'cancelled', cancelled_at = coalesce(cancelled_at, now())
      where id = any(${tx.array(ids)}::text[])`);
    q.push(tx`insert into refunds (id, payment_id, booking_id, amount, status, reason)
      select 'cancel-' || b.id, b.payment_id, b.id, b.total, 'pending', 'show_cancelled'
      from bookings b where b.id = any(${tx.array(ids)}::text[])
        and not exists (select 1 from refunds r where r.booking_id = b.id)`);
  }
  if (plan.showSettings) {
    const c = plan.showSettings;
    const has = (key: keyof ShowSettingsChange) => c[key] !== undefined;
    q.push(tx`update shows set
        prices = case when ${has('prices')} then ${JSON.stringify(c.prices ?? null)}::text::jsonb else prices end,
        sales_open_at = case when ${has('salesOpenAt')} then ${iso(c.salesOpenAt ?? null)}::timestamptz else sales_open_at end,
        sales_close_at = case when ${has('salesCloseAt')} then ${iso(c.salesCloseAt ?? null)}::timestamptz else sales_close_at end,
        hold_ttl_seconds = case when ${has('holdTtlMs')} then ${c.holdTtlMs === undefined ? null : Math.round(c.holdTtlMs / 1000)}::int
          else hold_ttl_seconds end
      where id = ${showId}`);
  }
  if (plan.facts.length > 0) {
    // After the bookings statements: a fact about a booking takes its user and the money paid from
    // the booking row as this transaction has just written it.
    const f = plan.facts;
    q.push(tx`insert into outbox (event_key, topic, user_id, show_id, payload)
      select t.event_key, t.topic, coalesce(t.user_id, b.user_id), ${showId},
        t.payload::jsonb || jsonb_build_object('currency', ${currency}::text) || case when b.id is null then '{}'::jsonb
          else jsonb_build_object('userId', b.user_id, 'total', b.total, 'currency', b.currency) end
      from unnest(${tx.array(f.map((r) => r.eventKey))}::text[], ${tx.array(f.map((r) => r.topic))}::text[],
        ${tx.array(f.map((r) => r.userId))}::uuid[], ${tx.array(f.map((r) => r.bookingId))}::text[],
        ${tx.array(f.map((r) => JSON.stringify(r.payload)))}::text[]) as t(event_key, topic, user_id, booking_id, payload)
        left join bookings b on b.id = t.booking_id
      on conflict (event_key) do nothing`);
  }
  const s = input.summary;
  q.push(tx`insert into show_stats (show_id, state, capacity, available, held, booked, waitlist_length, categories, updated_at)
    values (${s.showId}, ${s.state}, ${s.capacity}, ${s.available}, ${s.held}, ${s.booked}, ${s.waitlistLength},
      ${JSON.stringify(s.categories)}::text::jsonb, now())
    on conflict (show_id) do update set state = excluded.state, capacity = excluded.capacity,
      available = excluded.available, held = excluded.held, booked = excluded.booked,
      waitlist_length = excluded.waitlist_length, categories = excluded.categories, updated_at = now()`);
  return q;
}

function assertNever(x: never): never {
  throw new Error(`unhandled outcome ${JSON.stringify(x)}`);
}
