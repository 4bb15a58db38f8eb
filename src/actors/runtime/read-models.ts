import { randomUUID } from 'node:crypto';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  bookings,
  holds,
  showStats,
  tickets,
  waitlistEntries,
  type HoldStatus,
  type WaitlistStatus,
} from '../../db/schema/index.js';
import type { ShowEvent, ShowOutcome } from '../show/types.js';
import type { ShowSummary } from './types.js';
import { signTicketCode } from './ticket-code.js';

export interface AppliedCommand {
  event: ShowEvent;
  outcomes: ShowOutcome[];
}

type HoldInsert = typeof holds.$inferInsert;
type EntryInsert = typeof waitlistEntries.$inferInsert;
type BookingInsert = typeof bookings.$inferInsert;
interface HoldPatch {
  status?: HoldStatus;
  paymentId?: string;
  bookingId?: string;
}
interface EntryPatch {
  status?: WaitlistStatus;
  holdId?: string;
}

/**
 * Folds a batch of outcomes into the fewest statements: rows created and changed in the same batch
 * are inserted in their final form, and changes to older rows go out as one UPDATE per table. A hot
 * show commits hundreds of outcomes at once, so one statement per outcome would cap throughput.
 */
export async function writeReadModels(
  tx: Tx,
  input: { showId: string; currency: string; ticketSecret: string; applied: AppliedCommand[]; summary: ShowSummary },
): Promise<void> {
  const { showId, currency } = input;
  const newHolds = new Map<string, HoldInsert>();
  const holdPatches = new Map<string, HoldPatch>();
  const newEntries = new Map<string, EntryInsert>();
  const entryPatches = new Map<string, EntryPatch>();
  const newBookings = new Map<string, BookingInsert>();
  const newTickets: (typeof tickets.$inferInsert)[] = [];
  const capturedPayments: { paymentId: string; bookingId: string }[] = [];
  const cancelledBookings = new Set<string>();
  const showCancelledBookings: string[] = [];

  const patchHold = (holdId: string, patch: HoldPatch) => {
    const fresh = newHolds.get(holdId);
    if (fresh) Object.assign(fresh, patch);
    else holdPatches.set(holdId, { ...holdPatches.get(holdId), ...patch });
  };
  const patchEntry = (entryId: string, patch: EntryPatch) => {
    const fresh = newEntries.get(entryId);
    if (fresh) Object.assign(fresh, patch);
    else entryPatches.set(entryId, { ...entryPatches.get(entryId), ...patch });
  };

  for (const { event, outcomes } of input.applied) {
    for (const o of outcomes) {
      switch (o.type) {
        case 'hold.placed':
          newHolds.set(o.holdId, {
            id: o.holdId,
            showId,
            userId: o.userId,
            status: 'held',
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
            total: o.total,
            currency,
            expiresAt: new Date(o.expiresAt),
            deadlineAt: new Date(o.deadlineAt),
            entryId: o.entryId,
            createdAt: new Date(o.createdAt),
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
          newBookings.set(o.bookingId, {
            id: o.bookingId,
            showId,
            userId: o.userId,
            holdId: o.holdId,
            status: 'confirmed',
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
            subtotal: o.total,
            discount: 0,
            total: o.total,
            currency,
            paymentId: o.paymentId,
            createdAt: new Date(o.createdAt),
          });
          const places = o.ga ? Array.from({ length: o.ga.quantity }, (_, i) => `${o.ga!.section}#${i + 1}`) : o.seats;
          for (const seatId of places) {
            const ticketId = randomUUID();
            newTickets.push({
              id: ticketId,
              bookingId: o.bookingId,
              showId,
              seatId,
              code: signTicketCode(input.ticketSecret, { ticketId, showId, seatId }),
            });
          }
          capturedPayments.push({ paymentId: o.paymentId, bookingId: o.bookingId });
          break;
        }
        case 'booking.cancelled': {
          const fresh = newBookings.get(o.bookingId);
          if (fresh) Object.assign(fresh, { status: 'cancelled', cancelledAt: new Date(event.now) });
          else cancelledBookings.add(o.bookingId);
          break;
        }
        case 'waitlist.joined':
          if (event.type === 'JOIN_WAITLIST') {
            newEntries.set(o.entryId, {
              id: o.entryId,
              showId,
              userId: o.userId,
              quantity: o.quantity,
              category: event.category ?? null,
              section: event.section ?? null,
              status: 'waiting',
              joinedAt: new Date(event.now),
              expiresAt: new Date(o.expiresAt),
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
          showCancelledBookings.push(...o.bookingIds);
          break;
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

  if (newHolds.size > 0) await tx.insert(holds).values([...newHolds.values()]);
  if (holdPatches.size > 0) {
    const rows = [...holdPatches].map(
      ([id, p]) =>
        sql`(${id}::text, ${p.status ?? null}::text, ${p.paymentId ?? null}::text, ${p.bookingId ?? null}::text)`,
    );
    await tx.execute(sql`update holds h set
        status = coalesce(v.status, h.status),
        payment_id = coalesce(v.payment_id, h.payment_id),
        booking_id = coalesce(v.booking_id, h.booking_id),
        updated_at = now()
      from (values ${joinSql(rows)}) as v(id, status, payment_id, booking_id)
      where h.id = v.id`);
  }
  if (newBookings.size > 0) await tx.insert(bookings).values([...newBookings.values()]);
  if (newTickets.length > 0) await tx.insert(tickets).values(newTickets);
  if (capturedPayments.length > 0) {
    const rows = capturedPayments.map((p) => sql`(${p.paymentId}::text, ${p.bookingId}::text)`);
    await tx.execute(sql`update payments p set status = 'captured', booking_id = v.booking_id, updated_at = now()
      from (values ${joinSql(rows)}) as v(id, booking_id) where p.id = v.id`);
  }
  if (cancelledBookings.size > 0) {
    await tx
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: sql`coalesce(${bookings.cancelledAt}, now())` })
      .where(inArray(bookings.id, [...cancelledBookings]));
  }
  if (newEntries.size > 0) await tx.insert(waitlistEntries).values([...newEntries.values()]);
  if (entryPatches.size > 0) {
    const rows = [...entryPatches].map(
      ([id, p]) => sql`(${id}::text, ${p.status ?? null}::text, ${p.holdId ?? null}::text)`,
    );
    await tx.execute(sql`update waitlist_entries w set
        status = coalesce(v.status, w.status), hold_id = coalesce(v.hold_id, w.hold_id), updated_at = now()
      from (values ${joinSql(rows)}) as v(id, status, hold_id) where w.id = v.id`);
  }
  if (showCancelledBookings.length > 0) await cancelBookingsOfCancelledShow(tx, showCancelledBookings);
  await upsertStats(tx, input.summary);
}

/**
 * A cancelled show refunds everybody in full. The refund rows are written with the cancellation, so
 * a crash before the gateway is called leaves them pending for the refund retrier, never forgotten.
 */
async function cancelBookingsOfCancelledShow(tx: Tx, bookingIds: string[]): Promise<void> {
  await tx
    .update(bookings)
    .set({ status: 'cancelled', cancelledAt: sql`coalesce(${bookings.cancelledAt}, now())` })
    .where(inArray(bookings.id, bookingIds));
  await tx.execute(sql`insert into refunds (id, payment_id, booking_id, amount, status, reason)
    select gen_random_uuid()::text, b.payment_id, b.id, b.total, 'pending', 'show_cancelled'
    from bookings b where b.id in (${joinSql(bookingIds.map((id) => sql`${id}`))})
      and not exists (select 1 from refunds r where r.booking_id = b.id)`);
}

async function upsertStats(tx: Tx, s: ShowSummary): Promise<void> {
  const row = {
    showId: s.showId,
    state: s.state,
    capacity: s.capacity,
    available: s.available,
    held: s.held,
    booked: s.booked,
    waitlistLength: s.waitlistLength,
    categories: s.categories,
  };
  await tx
    .insert(showStats)
    .values(row)
    .onConflictDoUpdate({ target: showStats.showId, set: { ...row, updatedAt: sql`now()` } });
}

function joinSql(parts: SQL[]): SQL {
  return sql.join(parts, sql`, `);
}

function assertNever(x: never): never {
  throw new Error(`unhandled outcome ${JSON.stringify(x)}`);
}
