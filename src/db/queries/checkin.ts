import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { bookings, refunds, tickets } from '../schema/bookings.js';
import { appSecrets } from '../schema/users.js';

export interface TicketFacts {
  ticketId: string;
  bookingId: string;
  showId: string;
  seatId: string;
}

export interface AdmittedTicket extends TicketFacts {
  admittedAt: Date;
}

/** Why a valid ticket was not admitted, read after the conditional update matched nothing. */
export type AdmitResult =
  | { ok: true; ticket: AdmittedTicket }
  | { ok: false; code: 'ticket_cancelled' | 'being_cancelled' }
  | { ok: false; code: 'already_admitted'; admittedAt: Date }
  | { ok: false; code: 'not_found' };

/** What a ticket admits, for checking its code's signature. */
export async function findTicket(db: Executor, ticketId: string): Promise<TicketFacts | null> {
  const [row] = await db
    .select({ ticketId: tickets.id, bookingId: tickets.bookingId, showId: tickets.showId, seatId: tickets.seatId })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  return row ?? null;
}

/**
 * The booking of the ticket row in scope has a cancellation's refund intent recorded (see
 * cancel-booking.ts, which records it before the show is asked to cancel and then looks for
 * admitted tickets): a ticket is not admitted while its booking may be cancelling.
 */
const cancellationUnderWay = sql`select 1 from ${refunds} where ${refunds.bookingId} = ${tickets.bookingId}
  and ${refunds.id} = 'cancel-' || ${tickets.bookingId} and ${refunds.status} = 'pending'`;

/**
 * Admits a ticket of a confirmed booking at most once: one conditional UPDATE decides, so of any
 * number of concurrent scans exactly one sees its row come back. The refusal is explained afterwards.
 */
export async function admitTicket(db: Executor, ticketId: string): Promise<AdmitResult> {
  const [admitted] = await db
    .update(tickets)
    .set({ admittedAt: sql`now()` })
    .from(bookings)
    .where(
      and(
        eq(tickets.id, ticketId),
        isNull(tickets.admittedAt),
        eq(bookings.id, tickets.bookingId),
        eq(bookings.status, 'confirmed'),
        sql`not exists (${cancellationUnderWay})`,
      ),
    )
    .returning({
      ticketId: tickets.id,
      bookingId: tickets.bookingId,
      showId: tickets.showId,
      seatId: tickets.seatId,
      admittedAt: tickets.admittedAt,
    });
  if (admitted?.admittedAt) return { ok: true, ticket: { ...admitted, admittedAt: admitted.admittedAt } };

  const [row] = await db
    .select({ admittedAt: tickets.admittedAt, status: bookings.status })
    .from(tickets)
    .innerJoin(bookings, eq(bookings.id, tickets.bookingId))
    .where(eq(tickets.id, ticketId));
  if (!row) return { ok: false, code: 'not_found' };
  if (row.status === 'cancelled') return { ok: false, code: 'ticket_cancelled' };
  if (row.admittedAt) return { ok: false, code: 'already_admitted', admittedAt: row.admittedAt };
  const [cancelling] = await db
    .select({ one: sql`1` })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), sql`exists (${cancellationUnderWay})`));
  if (cancelling) return { ok: false, code: 'being_cancelled' };
  // The update matched nothing, yet the ticket is neither cancelled nor admitted: nothing else can
  // clear admitted_at or revive a booking, so this cannot happen; say so rather than admit twice.
  throw new Error(`ticket ${ticketId} was neither admitted nor refused`);
}

/** The ticket signing key the server keeps in app_secrets; null before any server created it. */
export async function readTicketSecret(db: Executor): Promise<string | null> {
  const [row] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, 'ticket_secret'));
  return row?.value ?? null;
}
